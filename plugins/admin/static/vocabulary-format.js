// Decap reads and writes a vocabulary (content/data/*.yml: key → attributes) as a list of
// entries, each with its key: a form can then add, change or remove an entry. The comment
// lines at the top of the file are kept; comments inside it are not (Decap rewrites it).
(function () {
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
      var data = jsyaml.load(text) || {};
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
      return (value.header || "") + jsyaml.dump(out, { lineWidth: -1, noRefs: true });
    },
  });
})();
