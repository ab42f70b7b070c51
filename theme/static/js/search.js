// Search page: Pagefind's index is loaded only when a reader searches (first key typed,
// or ?q= in the address, as the header's box sends it). No other page loads this script.
const form = document.querySelector("form[data-search-bundle]");

if (form) {
  const input = form.elements.q;
  // one list per filter: the type, then the site's own (SEARCH["FILTERS"]), e.g. a place
  const selects = [...form.querySelectorAll("select[data-search-facet]")];
  const status = document.getElementById(form.dataset.searchStatus);
  const list = document.getElementById(form.dataset.searchResults);
  const filter = form.dataset.searchFilter;
  const more = document.getElementById(form.dataset.searchMore);
  const step = 10; // results whose excerpt is downloaded at a time
  const here = (path) => new URL(path, document.baseURI);
  let loading = null;
  let latest = 0;
  let timer = 0;
  let pending = []; // results of the current search not shown yet

  const load = () => {
    loading ||= import(here(form.dataset.searchBundle).href + "pagefind.js").then(
      async (pagefind) => {
        // search in the page: no worker script to download
        await pagefind.options({ baseUrl: here(form.dataset.searchRoot).pathname, noWorker: true });
        return pagefind;
      },
      (error) => {
        loading = null; // offline for a moment: the next search tries again
        throw error;
      },
    );
    return loading;
  };

  const say = (text) => {
    status.textContent = text;
  };

  const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  const item = (data) => {
    const li = element("li", "search-result");
    const title = element("h2", "search-result-title");
    const link = element("a", "", data.meta.title || data.url);
    link.href = data.url;
    title.append(link);
    li.append(title);
    if (data.meta[filter]) li.append(element("p", "search-result-type", data.meta[filter]));
    const excerpt = element("p", "search-result-excerpt");
    excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark>
    li.append(excerpt);
    return li;
  };

  // each list offers the values found for the query, with their counts
  const offer = (totals) => {
    for (const select of selects) {
      const counts = totals && totals[select.dataset.searchFacet];
      const chosen = select.value;
      const options = [new Option(select.options[0].text, "")];
      for (const [label, count] of Object.entries(counts || {})) {
        if (count || label === chosen) options.push(new Option(`${label} (${count})`, label));
      }
      select.replaceChildren(...options);
      select.value = chosen;
      select.parentElement.hidden = options.length < 2 && !chosen;
    }
  };

  const active = () =>
    Object.fromEntries(selects.filter((s) => s.value).map((s) => [s.dataset.searchFacet, s.value]));

  const remember = (query) => {
    const url = new URL(location.href);
    url.searchParams.delete("q");
    for (const select of selects) url.searchParams.delete(select.name);
    if (query) url.searchParams.set("q", query);
    for (const select of selects) if (select.value) url.searchParams.set(select.name, select.value);
    history.replaceState(null, "", url);
  };

  const run = async () => {
    const query = input.value.trim();
    const filters = active();
    const ticket = ++latest;
    remember(query);
    pending = [];
    more.hidden = true;
    if (!query) {
      list.replaceChildren();
      say("");
      return;
    }
    say("Recherche en cours…");
    try {
      const pagefind = await load();
      const search = await pagefind.search(query, Object.keys(filters).length ? { filters } : {});
      if (ticket !== latest) return;
      const found = await Promise.all(search.results.slice(0, step).map((result) => result.data()));
      if (ticket !== latest) return;
      offer(search.totalFilters);
      list.replaceChildren(...found.map(item));
      pending = search.results.slice(step);
      more.hidden = !pending.length;
      const total = search.results.length;
      say(
        total
          ? `${plural(total, "résultat", "résultats")} pour « ${query} », du plus au moins pertinent.`
          : `Aucun résultat pour « ${query} ». Essayez un autre mot, ou consultez le plan du site.`,
      );
    } catch (error) {
      if (ticket !== latest) return;
      list.replaceChildren();
      say("La recherche n'a pas pu se charger. Le plan du site liste toutes les pages.");
      console.error(error);
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", () => {
    load().catch(() => {});
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  for (const select of selects) select.addEventListener("change", run);
  more.querySelector("button").addEventListener("click", async () => {
    const ticket = latest;
    const next = await Promise.all(pending.slice(0, step).map((result) => result.data()));
    if (ticket !== latest) return;
    pending = pending.slice(step);
    const items = next.map(item);
    list.append(...items);
    more.hidden = !pending.length;
    items[0]?.querySelector("a").focus(); // keyboard and screen reader users go on from there
  });

  const params = new URLSearchParams(location.search);
  for (const select of selects) {
    const value = params.get(select.name);
    if (value) {
      select.append(new Option(value, value));
      select.value = value;
    }
  }
  if (params.get("q")) {
    input.value = params.get("q");
    run();
  }
}
