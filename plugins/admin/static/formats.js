// Formats of the files Decap reads and writes, with js-yaml (npm, copied beside this file).
//
// « vocabulaire »: a vocabulary (content/data/*.yml: key → attributes) is edited as a list
// of entries, each with its key, so that a form can add, change or remove one. The comment
// lines at the top of the file are kept; comments inside it are not (Decap rewrites it).
//
// « frontmatter-yaml »: a Markdown file with its YAML front matter. Values are read with
// YAML's core schema (a date stays the text « 2026-01-14 », as the site's reader reads it),
// and a field that takes a text or a list of texts (window.ADMIN_TEXT_OR_LIST) is always
// given to its list widget as a list: Decap's list widget cannot show a lone text.
(function () {
  var CORE = { schema: jsyaml.CORE_SCHEMA };
  var DUMP = { schema: jsyaml.CORE_SCHEMA, lineWidth: -1, noRefs: true };

  function clean(value) {
    if (Array.isArray(value)) {
      var items = value.map(clean).filter(function (v) { return v !== undefined; });
      return items.length ? items : undefined;
    }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) {
        var v = clean(value[k]);
        if (v !== undefined) out[k] = v;
      });
      return out;
    }
    return value === null || value === "" ? undefined : value;
  }

  CMS.registerCustomFormat("vocabulaire", "yml", {
    fromFile: function (text) {
      var header = (text.match(/^(?:#.*\r?\n)+/) || [""])[0];
      var data = jsyaml.load(text, CORE) || {};
      var entries = Object.keys(data).map(function (key) {
        return Object.assign({ key: key }, data[key]);
      });
      return { header: header, entries: entries };
    },
    toFile: function (value) {
      var out = {};
      (value.entries || []).forEach(function (entry) {
        var attributes = Object.assign({}, entry);
        delete attributes.key;
        out[entry.key] = clean(attributes) || {};
      });
      return (value.header || "") + jsyaml.dump(out, DUMP);
    },
  });

  var FRONT = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
  CMS.registerCustomFormat("frontmatter-yaml", "md", {
    fromFile: function (text) {
      var match = text.match(FRONT);
      if (!match) return { body: text };
      var data = jsyaml.load(match[1], CORE) || {};
      (window.ADMIN_TEXT_OR_LIST || []).forEach(function (name) {
        if (typeof data[name] === "string") data[name] = [data[name]];
      });
      data.body = text.slice(match[0].length).replace(/^\r?\n/, "");
      return data;
    },
    // Decap gives the collection's field names in the form's order: the file follows it
    toFile: function (value, fieldsOrder) {
      var data = clean(Object.assign({}, value, { body: undefined })) || {};
      var ordered = {};
      (fieldsOrder || []).concat(Object.keys(data)).forEach(function (name) {
        if (name in data && !(name in ordered)) ordered[name] = data[name];
      });
      return "---\n" + jsyaml.dump(ordered, DUMP) + "---\n" + (value.body || "");
    },
  });
})();
