"""Full-text search (plugins/search): the Pagefind index of the published sample, searched
in headless Chromium like a reader does, and the build's settings and failures."""

from __future__ import annotations

import gzip
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

import needs
import pytest
from minisite import pelican, tree_digest, write_site
from search.config import ConfigError, read_config
from search.indexer import index_site
from search.templating import SearchTemplates

from sitetools.browser import CHROMIUM, CHROMIUM_ARGS
from sitetools.build import ROOT

SITE = "https://www.pop.eu.com"
DRAFT_TITLE = "Portes ouvertes des fabriques numériques POP School"
FUTURE_TITLE = "Bientôt dix ans à Lens : appel à témoignages"
# N°3 of Médiation(s) is a draft: neither it nor its articles are published
DRAFT_ISSUE = "Où se fabrique le numérique ?"
DRAFT_ISSUE_ARTICLE = "Badges, tee-shirts, trophées : la fabrication distribuée à l'essai"
HELD_BACK = (
    "actualites/portes-ouvertes-fabriques-numeriques/",
    "actualites/dix-ans-ecole-lens-appel-temoignages/",
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server(sample_site):
    """The published sample over HTTP on 127.0.0.1 (Pagefind needs http, not file://)."""
    handler = partial(QuietHandler, directory=str(sample_site.output))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class Chromium:
    """Headless Chromium driven from a thread of its own: Playwright's sync API allows one
    instance per thread, and another suite may keep its own open in the main thread."""

    def __init__(self, server: str):
        self.server = server
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self.pool.submit(self.start).result()

    def start(self):
        from playwright.sync_api import sync_playwright  # noqa: PLC0415

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def stop(self):
        self.browser.close()
        self.playwright.stop()

    def tab(self, fn, *args):
        """``fn(page, *args)`` in a fresh tab (empty cache) where the published site's own
        address is answered by the local server; any other host is refused and recorded."""
        context = self.browser.new_context()
        page = context.new_page()
        page.requested, page.foreign = [], []

        def answer(route):
            url = route.request.url
            if url.startswith(SITE + "/"):
                page.requested.append(urlsplit(url).path)
                route.fulfill(response=route.fetch(url=self.server + url.removeprefix(SITE)))
            else:
                page.foreign.append(url)
                route.abort()

        context.route("**/*", answer)
        try:
            result = fn(page, *args)
        finally:
            context.close()
        assert page.foreign == []
        return result


@pytest.fixture(scope="module")
def browse(server):
    """``browse(fn, *args)``: the result of ``fn(page, *args)`` run in a fresh browser tab."""
    needs.module("playwright.sync_api")
    chromium = Chromium(server)
    yield lambda fn, *args: chromium.pool.submit(chromium.tab, fn, *args).result()
    chromium.pool.submit(chromium.stop).result()
    chromium.pool.shutdown()


def search(page, query: str, kind: str = "", **filters: str) -> list[dict]:
    """Open the search page with ?q= (as the header's box does) and read the results;
    ``kind`` and ``filters`` choose in the lists of the page (type, place…)."""
    chosen = {"type": kind, **filters}
    address = f"{SITE}/recherche/?q={quote(query)}" + "".join(
        f"&{name}={quote(value)}" for name, value in chosen.items() if value
    )
    page.goto(address)
    page.wait_for_function(
        "() => { const s = document.getElementById('recherche-etat').textContent;"
        " return s && !s.startsWith('Recherche en cours'); }"
    )
    return page.eval_on_selector_all(
        ".search-result",
        """items => items.map(li => ({
            title: li.querySelector('h2 a').textContent,
            url: li.querySelector('h2 a').getAttribute('href'),
            type: (li.querySelector('.search-result-type') || {}).textContent,
            excerpt: li.querySelector('.search-result-excerpt').innerHTML,
        }))""",
    )


def paths(results) -> list[str]:
    return [r["url"].lstrip("/") for r in results]


# --------------------------------------------------------------------------- in the browser


def test_a_word_of_an_article_finds_it_first_with_its_title_and_type(browse):
    results = browse(search, "Wazemmes")
    assert paths(results)[0] == "actualites/pop-cafe-wazemmes-bilan/"
    first = results[0]
    assert first["title"].startswith("POP Café")  # the page's own <h1>, not « … — POP »
    assert first["type"] == "Article"
    assert "<mark>Wazemmes</mark>" in first["excerpt"]


def test_an_unaccented_query_finds_accented_content(browse):
    results = browse(lambda page: search(page, "mediation", kind="Article"))
    assert "actualites/lancement-mediations/" in paths(results)[:3]
    assert any("<mark>médiation" in r["excerpt"].lower() for r in results)
    assert browse(search, "cybersecurite")  # « cybersécurité » in a published article


def test_inflections_match_both_ways(browse):
    # conseillers-numeriques-formes says « formation », never « formations »; contact the reverse
    # among articles and pages (trainings say both words everywhere)
    assert (
        paths(browse(lambda page: search(page, "formations conseillers", kind="Article")))[0]
        == "actualites/conseillers-numeriques-formes/"
    )
    assert paths(browse(lambda page: search(page, "formation Blanchemaille", kind="Page"))) == ["contact/"]


def test_a_word_of_a_trainings_objectives_finds_that_training_first(browse):
    for query in ("hameçonnage", "hameconnage"):  # an objective of the cybersecurity training
        results = browse(search, query)
        assert paths(results)[0] == "formations/technicien-cybersecurite/", query
        assert results[0]["type"] == "Formation"
        assert results[0]["title"] == "Technicien·ne en cybersécurité"


def test_resources_and_issues_are_found_by_their_themes(browse):
    # a resource's theme (data/themes.yml), shown on its page
    results = browse(search, "collectivités")
    resources = [r for r in results if r["type"] == "Ressource"]
    assert resources and resources[0]["url"].lstrip("/") == "outillerie/guide-de-l-accelerateur/"
    # an issue's theme is its title
    results = browse(search, "à qui se fier")
    issues = [(r["url"].lstrip("/"), r["type"]) for r in results[:3] if r["type"] == "Numéro"]
    assert issues == [("mediations/numeros/2/", "Numéro")]


def trainings_at(page, place: str) -> tuple[list[dict], list[str]]:
    results = search(page, "formation", **{"lieu": place})
    options = page.eval_on_selector_all("#recherche-lieu option", "os => os.map(o => o.value)")
    return results, options


def test_trainings_are_filtered_by_place(browse):
    place = "Roubaix — Blanchemaille by EuraTechnologies"
    results, options = browse(trainings_at, place)
    assert results and {r["type"] for r in results} == {"Formation"}
    assert {"Lens — Louvre Lens Vallée", place, "À distance"} <= set(options)
    for result in results:
        slug = result["url"].strip("/").split("/")[-1]
        training = (ROOT / "content" / "formations" / f"{slug}.md").read_text(encoding="utf-8")
        assert "location: roubaix" in training, slug


def ten_then_more(page) -> tuple[int, int, str]:
    first = len(search(page, "formation"))
    page.get_by_role("button", name="Afficher plus de résultats").click()
    page.wait_for_function("document.querySelectorAll('.search-result').length > 10")
    focused = page.evaluate(
        "document.activeElement.closest('.search-result') === document.querySelectorAll('.search-result')[10]"
    )
    return first, page.locator(".search-result").count(), focused


def test_ten_results_at_a_time_then_more_on_demand(browse):
    first, after, focused = browse(ten_then_more)
    assert first == 10 and after > 10  # 15 pages say « formation » or « formations »
    assert focused  # the keyboard goes on from the first new result


def type_options(page) -> list[str]:
    return page.eval_on_selector_all("#recherche-type option", "os => os.map(o => o.value)")


def test_pages_are_found_with_their_type_and_the_type_filter_narrows(browse):
    assert paths(browse(search, "accessibilité"))[0] == "accessibilite/"
    results = browse(search, "Roubaix")
    assert {"Article", "Page", "Formation"} <= {r["type"] for r in results}
    only_pages, options = browse(lambda page: (search(page, "Roubaix", kind="Page"), type_options(page)))
    assert only_pages and {r["type"] for r in only_pages} == {"Page"}
    assert options[0] == "" and {"Article", "Page"} <= set(options)


def filter_counts(page) -> dict:
    page.goto(SITE + "/recherche/")
    return page.evaluate("async () => (await import('/pagefind/pagefind.js')).filters()")


def test_drafts_and_future_articles_are_never_found(browse, sample_site):
    for title in (DRAFT_TITLE, FUTURE_TITLE, DRAFT_ISSUE, DRAFT_ISSUE_ARTICLE):
        results = browse(search, title)
        assert title not in [r["title"] for r in results]
        assert not set(paths(results)) & set(HELD_BACK)
    # the index holds each published item once: as many as the marked pages, type by type
    counts = {}
    for kind in marked_pages(sample_site).values():
        counts[kind] = counts.get(kind, 0) + 1
    assert browse(filter_counts)["type"] == counts


def through_the_header_box(page) -> tuple[str, str, str]:
    page.goto(SITE + "/a-propos/")
    box = page.get_by_role("searchbox", name="Rechercher dans le site")
    box.fill("Roubaix")
    box.press("Enter")
    page.wait_for_selector(".search-result")
    return (
        page.url,
        page.locator("#recherche-q").input_value(),
        page.locator("#recherche-etat").text_content(),
    )


def test_the_header_box_leads_to_the_results(browse):
    url, query, status = browse(through_the_header_box)
    assert url == SITE + "/recherche/?q=Roubaix"
    assert query == "Roubaix"
    assert re.match(r"\d+ résultats? pour « Roubaix »", status)


def pagefind_requests(page) -> tuple[list[str], list[str]]:
    for address in ("/", "/actualites/trophee-2023/", "/recherche/"):
        page.goto(SITE + address)
    before = [p for p in page.requested if p.startswith("/pagefind/")]
    page.locator("#recherche-q").press_sequentially("lens")
    page.wait_for_selector(".search-result")
    return before, [p for p in page.requested if p.startswith("/pagefind/")]


def test_pagefind_loads_only_on_the_search_page_when_a_reader_searches(browse):
    before, after = browse(pagefind_requests)
    assert before == []
    assert "/pagefind/pagefind.js" in after


def header_box_at_320_px(page) -> tuple[int, str, dict]:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(SITE + "/")
    for _ in range(30):  # Tab from the skip link to the box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    box = page.locator("#site-search-q")
    outline = box.evaluate("e => getComputedStyle(e).outlineStyle")
    return page.evaluate("document.documentElement.scrollWidth"), outline, box.bounding_box()


def test_the_header_box_fits_a_320_px_screen_and_shows_its_focus(browse):
    width, outline, box = browse(header_box_at_320_px)
    assert width <= 320
    assert outline == "solid"  # the site's :focus-visible outline, reached with the keyboard
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320


# --------------------------------------------------------------------------- in the files


def test_no_other_page_references_pagefind_or_the_search_script(sample_site):
    for name in sample_site.files():
        if name.endswith(".html") and name != "recherche/index.html":
            text = sample_site.read(name)
            assert "/pagefind/" not in text and not re.search(r"/search\.([0-9a-f]{10}\.)?js", text), name
    search_page = sample_site.soup("recherche/index.html")
    # the script's name carries a hash of its content (plugins/hosting)
    assert search_page.find("script", src=re.compile(rf"^{SITE}/theme/js/search\.[0-9a-f]{{10}}\.js$"))
    assert search_page.find("form", attrs={"data-search-bundle": f"{SITE}/pagefind/"})
    # Pagefind's ready-made interface is not published: the page has its own small script
    assert not [f for f in sample_site.files() if f.startswith("pagefind/pagefind-ui")]


LIST_PAGES = re.compile(
    r"(formations|outillerie|mediations)/index\.html|formations/(lieux|domaines|sessions)/.*"
    r"|outillerie/(objectifs|themes|publics|licences)/.*|mediations/(numeros|formats)/(index\.html|[a-z-]+/.*)"
)
ITEM_PAGES = re.compile(
    r"(actualites|mediations)/[a-z0-9-]+/index\.html|mediations/numeros/\d+/index\.html"
    r"|(formations|outillerie)/[a-z0-9-]+/index\.html|[a-z-]+/index\.html"
)


def marked_pages(site) -> dict[str, str]:
    """Output file → type label of every page marked for the index."""
    marked = {}
    for name in site.files():
        if name.endswith(".html") and "data-pagefind-body" in site.read(name):
            body = site.soup(name).find(attrs={"data-pagefind-body": True})
            marked[name] = body["data-pagefind-meta"].removeprefix("type:")
    return marked


def test_only_each_items_own_page_is_marked_for_the_index(sample_site):
    marked = marked_pages(sample_site)
    assert not [f for f in marked if LIST_PAGES.fullmatch(f)]  # no list or filter page
    assert all(ITEM_PAGES.fullmatch(f) for f in marked), sorted(marked)
    for kind in ("Article", "Page", "Formation", "Ressource", "Numéro"):
        assert kind in marked.values(), kind
    assert marked["formations/technicien-cybersecurite/index.html"] == "Formation"
    assert marked["mediations/numeros/2/index.html"] == "Numéro"
    article = sample_site.soup("actualites/trophee-2023/index.html")
    body = article.find(attrs={"data-pagefind-body": True})
    assert body.name == "article" and body["data-pagefind-filter"] == "type:Article"
    assert body.find("h1")["data-pagefind-meta"] == "title"
    assert not article.find("header", class_="site-header").find_parent(attrs={"data-pagefind-body": True})


def test_preview_marks_draft_and_future_items(preview_site):
    for address in HELD_BACK:
        page = preview_site.soup(address + "index.html")
        assert page.find(class_="status")  # shown in the preview, marked
    assert not (preview_site.output / "pagefind").exists()  # previews are not indexed (speed)


def indexed(site) -> dict[str, str]:
    """What Pagefind's own index holds: address → indexed text, read from its fragments."""
    fragments = {}
    for path in sorted((site.output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        fragments[data["url"]] = data["meta"].get("title", "") + "\n" + data["content"]
    return fragments


# Exactly the pages a reader can find: each published item's own page, and no list page.
INDEXED = """
/a-propos-mediations/ /a-propos/ /accessibilite/ /contact/ /mentions-legales/
/actualites/conseillers-numeriques-formes/ /actualites/ecole-numerique-lens-paul-bert/
/actualites/ecole-regionale-numerique/ /actualites/ensemble-a-100-bilan/
/actualites/forums-numeriquelles/ /actualites/lancement-mediations/
/actualites/ma-prepa-numerique-500-personnes/ /actualites/outillerie-en-commun-bilan-2023/
/actualites/pop-cafe-wazemmes-bilan/ /actualites/reactiv-maker-octobermake/
/actualites/sept-ans-formation-lens/ /actualites/sprint-camps-saint-quentin-en-yvelines/
/actualites/trophee-2023/ /actualites/visite-jean-noel-barrot/
/formations/conseiller-mediateur-numerique/ /formations/designer-web/
/formations/developpeur-web-web-mobile/ /formations/ma-prepa-numerique/
/formations/mediaplanneur-seo-sea/ /formations/sprint-camp/ /formations/technicien-cybersecurite/
/mediations/communs-pedagogiques-confiance/ /mediations/conseillers-numeriques-rencontres/
/mediations/design-poser-la-bonne-question/ /mediations/dialogue-numerique-en-sante/
/mediations/e-fabrik-gonesse/ /mediations/pop-cafe-renouer-le-dialogue/
/mediations/pop-cafe-wazemmes-comptoir/ /mediations/sprint-camp-lieux-relais/
/mediations/numeros/1/ /mediations/numeros/2/
/outillerie/accueillir-orienter-illectronisme/ /outillerie/catalogue-ensemble-a-100/
/outillerie/culture-numerique-inclusion-numerique/ /outillerie/guide-de-l-accelerateur/
/outillerie/puzzle-mediation-numerique/ /outillerie/sobriete-numerique/
/outillerie/vie-privee-donnees-personnelles/
""".split()


def test_the_search_index_holds_exactly_the_published_items(sample_site):
    assert sorted(indexed(sample_site)) == sorted(INDEXED)


def test_held_back_items_are_nowhere_in_the_search_index(sample_site):
    index = indexed(sample_site)
    assert not {"/" + address for address in HELD_BACK} & set(index)
    for title in (DRAFT_TITLE, FUTURE_TITLE, DRAFT_ISSUE, DRAFT_ISSUE_ARTICLE):
        assert not [url for url, text in index.items() if title in text], title


def test_without_javascript_the_search_page_points_to_the_site_map(sample_site):
    noscript = sample_site.soup("recherche/index.html").find("noscript")
    assert noscript.find("a", href=f"{SITE}/plan-du-site/")


def test_search_page_weighs_little(sample_site):
    files = ["recherche/index.html"] + [
        f
        for f in sample_site.files()
        if re.fullmatch(r"theme/(css/site|js/search)\.[0-9a-f]{10}\.(css|js)", f)
    ]
    assert len(files) == 3
    weight = sum(len(gzip.compress((sample_site.output / f).read_bytes())) for f in files)
    assert weight <= 30_000, weight


# --------------------------------------------------------------------------- several runs, smaller chunks

QUERIES = ["formation", "mediation", "atelier données personnelles", "Lens Roubaix", "hameconnage", "zzz"]
KINDS = [None, "Article", "Formation"]  # no filter, then a type: pages of equal score come in index order


def results_of(page, copy: str) -> dict[str, dict]:
    """Everything a reader gets from the index of the copy ``copy`` (Pagefind's API), for
    each query with each type filter, and for each type filter alone: every result's page,
    score, address, title, excerpt and sub-results, in order, and the filters' counts."""
    page.goto(f"{SITE}/{copy}/recherche/")
    return page.evaluate(
        """async ([copy, queries, kinds]) => {
            const pagefind = await import(`/${copy}/pagefind/pagefind.js`);
            await pagefind.options({ baseUrl: `/${copy}/`, noWorker: true });
            const found = {};
            for (const query of [...queries, null]) for (const kind of kinds) {
                if (query === null && kind === null) continue;
                const search = await pagefind.search(query, kind ? { filters: { type: kind } } : {});
                const results = await Promise.all(search.results.map(async (r) => {
                    const d = await r.data();
                    const sub = d.sub_results.map((s) => [s.url.replace(`/${copy}/`, "/"), s.excerpt]);
                    return [r.id, r.score, d.url.replace(`/${copy}/`, "/"), d.meta.title, d.excerpt, sub];
                }));
                found[`${query} | ${kind}`] = { results, filters: search.filters, total: search.totalFilters };
            }
            return found;
        }""",
        [copy, QUERIES, KINDS],
    )


def pagefind_alone(site):
    """Pagefind's own index of ``site``, one run over the whole folder, as Pagefind makes it."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind"]
    subprocess.run(command, cwd=site, check=True, capture_output=True)


def test_indexing_in_several_runs_finds_exactly_what_one_pagefind_run_finds(sample_site, tmp_path):
    """Pagefind run once on the whole site, and the plugin's index made of Pagefind runs of
    3 pages each, merged (plugins/search/shards.py): the same results, pages, scores, order
    (ties included), excerpts and filter counts. Smaller chunks (CHUNK_BYTES) give the same
    results too on this site, with many more, smaller files (on 5,000 articles they do not:
    bench/README.md)."""
    copies = {"pagefind-seul": None, "passes": {"SHARD_PAGES": 3, "CHUNK_BYTES": None}}
    copies["morceaux"] = {"SHARD_PAGES": 3, "CHUNK_BYTES": 1000}
    runs, sizes = {}, {}
    for copy, settings in copies.items():
        shutil.copytree(sample_site.output, tmp_path / copy)
        shutil.rmtree(tmp_path / copy / "pagefind")
        if settings is None:
            pagefind_alone(tmp_path / copy)
        else:
            runs[copy] = index_site(tmp_path / copy, read_config({"SEARCH": settings})).runs
        sizes[copy] = [p.stat().st_size for p in (tmp_path / copy / "pagefind" / "index").iterdir()]
    assert runs["passes"] > 10  # 3 pages a run
    assert len(sizes["morceaux"]) > 5 * len(sizes["pagefind-seul"])
    assert max(sizes["morceaux"]) < max(sizes["pagefind-seul"]) / 3
    handler = partial(QuietHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    chromium = Chromium(f"http://127.0.0.1:{httpd.server_address[1]}")
    try:
        found = {copy: chromium.pool.submit(chromium.tab, results_of, copy).result() for copy in copies}
    finally:
        chromium.pool.submit(chromium.stop).result()
        chromium.pool.shutdown()
        httpd.shutdown()
        httpd.server_close()
    own = found["pagefind-seul"]
    assert own["formation | null"]["results"] and not own["zzz | null"]["results"]
    assert own["atelier données personnelles | null"]["results"]
    ties = [r[1] for r in own["null | Article"]["results"]]
    assert len(ties) > 10 and len(set(ties)) == 1  # a filter alone: all equal, in index order
    assert found["passes"] == own
    assert found["morceaux"] == own


def test_one_run_or_many_give_the_same_bytes(sample_site, tmp_path):
    """The index does not depend on how many pages each Pagefind run reads: one run over
    every page and runs of 4 pages give byte-identical files."""
    digests, runs = [], []
    for copy, shard_pages in (("une", None), ("plusieurs", 4)):
        shutil.copytree(sample_site.output, tmp_path / copy)
        result = index_site(tmp_path / copy, read_config({"SEARCH": {"SHARD_PAGES": shard_pages}}))
        runs.append(result.runs)
        digests.append(tree_digest(tmp_path / copy / "pagefind"))
    assert runs[0] == 1 and runs[1] == -(-len(INDEXED) // 4)
    assert digests[0] == digests[1]
    assert len([name for name in digests[0] if name.startswith("index/")]) > 5


def test_a_page_that_only_shows_the_attribute_in_its_text_is_not_indexed(tmp_path):
    """A page about the attribute (« data-pagefind-body » in an example) is not indexed, in a
    run of its own as in one run over the site, where Pagefind ignores it: alone, Pagefind
    would index its whole body."""
    page = '<!doctype html><html lang="fr"><head><title>{0}</title></head><body>{1}</body></html>'
    files = {
        "a/index.html": page.format(
            "A", "<article data-pagefind-body><h1>Alpha</h1><p>Vélo rouge.</p></article>"
        ),
        "b/index.html": page.format(
            "B", "<p>Le code : <code>&lt;article data-pagefind-body&gt;</code> vélo.</p>"
        ),
        "c/index.html": page.format("C", "<main data-pagefind-body><h1>Gamma</h1><p>Vélo bleu.</p></main>"),
    }
    digests = []
    for copy, shard_pages in (("une", None), ("par-page", 1)):
        for name, text in files.items():
            (tmp_path / copy / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / copy / name).write_text(text, encoding="utf-8")
        index_site(tmp_path / copy, read_config({"SEARCH": {"SHARD_PAGES": shard_pages}}))
        digests.append(tree_digest(tmp_path / copy / "pagefind"))
    site = SimpleNamespace(output=tmp_path / "par-page")
    assert sorted(indexed(site)) == ["/a/", "/c/"]
    assert digests[0] == digests[1]


# --------------------------------------------------------------------------- settings and failures


def test_any_content_type_gets_its_label_and_its_own_filters():
    helper = SearchTemplates(read_config({"SEARCH": {"TYPE_LABELS": {"formation": "Formation"}}}))
    training = SimpleNamespace(content_type="formation", status="published")
    attributes = helper.attributes(training, filters={"lieu": ["Lens", "Lille"]})
    assert attributes.startswith(" data-pagefind-body ")
    assert (
        'data-pagefind-filter="lieu[data-search-lieu-0], lieu[data-search-lieu-1], type:Formation"'
        in attributes
    )
    assert 'data-search-lieu-1="Lille"' in attributes and 'data-pagefind-meta="type:Formation"' in attributes
    for held_back in ({"is_draft": True}, {"is_scheduled": True}, {"status": "hidden"}):
        assert helper.attributes(SimpleNamespace(content_type="article", **held_back)) == ""


def build_with(tmp_path, extra_settings: str, files: dict | None = None):
    root, output = tmp_path / "site", tmp_path / "output"
    write_site(root, files or {})
    with (root / "conf.py").open("a", encoding="utf-8") as handle:
        handle.write(extra_settings)
    code, log = pelican(root, output)
    return code, log, output


def test_indexing_is_off_when_the_setting_says_so(tmp_path):
    code, log, output = build_with(tmp_path, 'SEARCH = {**SEARCH, "ENABLED": False}\n')
    assert code == 0, log
    assert not (output / "pagefind").exists()
    article = (output / "actualites/bienvenue/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in article and "site-search" not in article
    assert "pas disponible" in (output / "recherche/index.html").read_text(encoding="utf-8")


def test_a_failed_indexing_fails_the_build_in_french(tmp_path):
    code, log, _ = build_with(tmp_path, 'SEARCH = {**SEARCH, "BUNDLE_DIR": "robots.txt"}\n')
    assert code == 1
    assert (
        "Indexation de la recherche impossible : « robots.txt » existe déjà dans le site "
        "et n'est pas un index de recherche"
    ) in log
    assert "Construction annulée" in log
    assert "Traceback" not in log


def test_wrong_settings_are_all_listed(tmp_path):
    code, log, _ = build_with(tmp_path, 'SEARCH = {"ENABLD": True, "TYPE_LABELS": ["Article"]}\n')
    assert code == 1
    assert "2 erreur(s) dans le réglage SEARCH" in log
    assert "clé « ENABLD » inconnue" in log
    assert "SEARCH[« TYPE_LABELS »] : attendu un dictionnaire" in log
    assert "Traceback" not in log


def test_chunk_size_must_be_a_number_of_bytes():
    assert read_config({"SEARCH": {"CHUNK_BYTES": None}}).chunk_bytes is None
    for wrong in (10, "8000", True):
        with pytest.raises(ConfigError) as error:
            read_config({"SEARCH": {"CHUNK_BYTES": wrong}})
        assert "SEARCH[« CHUNK_BYTES »] : attendu None ou un nombre d'octets entier" in str(error.value)


def test_pages_a_run_must_be_a_number_of_pages():
    assert read_config({"SEARCH": {"SHARD_PAGES": None}}).shard_pages is None
    assert read_config({}).shard_pages == 150
    for wrong in (0, "300", False):
        with pytest.raises(ConfigError) as error:
            read_config({"SEARCH": {"SHARD_PAGES": wrong}})
        assert "SEARCH[« SHARD_PAGES »] : attendu None ou un nombre de pages entier" in str(error.value)
