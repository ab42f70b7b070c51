"""Compare, on a built site, the search results of Pagefind alone and of the plugin's index.

    .venv/bin/python plugins/search/same_results.py SITE                     # the plugin's settings
    .venv/bin/python plugins/search/same_results.py SITE --chunk-bytes none  # Pagefind's chunks
    .venv/bin/python plugins/search/same_results.py SITE --shard-pages 300

SITE is a publish build (any: the sample, or a corpus of bench/corpus.py built with its
``publish_search.py``). Both indexes are made in copies of SITE (hard links) in a temporary
folder: Pagefind's CLI once over the whole copy, as Pagefind is used without this plugin, and
:func:`.indexer.index_site` (runs of ``SHARD_PAGES`` pages, merged). Headless Chromium then
runs each query with no filter and with each type, through Pagefind's own script, and the
results are compared: every result's page (all of them, in order), and the score, address,
excerpt and sub-results of the first 40. Prints the differences; exit 1 if there are any.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(HERE.parent)]

from search.config import read_config  # noqa: E402
from search.indexer import index_site  # noqa: E402
from sitetools.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

QUERIES = [
    "formation", "mediation", "médiation numérique", "atelier données personnelles", "Lens Roubaix",
    "hameconnage", "zzz", "numérique", "école", "ecole", "année", "confiance", "ressources libres",
    "Valenciennes", "apprenant", "inclusion", "cybersécurité", "portes ouvertes", "promotion", "site",
    "accueil", "développeur web", "les", "la médiation", "accessibilité", "terrain", "territoire",
    "partager", "pédagogie", "données", "sobriété", "outil", "numéro", "pour aller plus loin", "jeunes",
    "emploi", "Lille", "réseau", "fabrique", "mobilisé",
]  # fmt: skip
KINDS = [None, "Article", "Page", "Formation"]
SEARCH = """async ([name, queries, kinds]) => {
    const pagefind = await import(`/${name}/pagefind/pagefind.js`);
    await pagefind.options({ baseUrl: "/", noWorker: true });
    const found = {};
    for (const query of queries) for (const kind of kinds) {
        const search = await pagefind.search(query, kind ? { filters: { type: kind } } : {});
        const first = await Promise.all(search.results.slice(0, 40).map(async (r) => {
            const d = await r.data();
            return [r.score, d.url, d.excerpt, d.sub_results.map((s) => [s.url, s.excerpt])];
        }));
        found[`${query} | ${kind}`] = { pages: search.results.map((r) => r.id), first, filters: search.filters };
    }
    return found;
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def linked_copy(site: Path, copy: Path) -> None:
    """``site`` in ``copy``, every file a hard link (copied across disks), without its index."""
    for folder, names, files in os.walk(site):
        here = Path(folder)
        names[:] = [n for n in names if here / n != site / "pagefind"]
        (copy / here.relative_to(site)).mkdir(parents=True, exist_ok=True)
        for name in files:
            target = copy / here.relative_to(site) / name
            try:
                os.link(here / name, target)
            except OSError:
                shutil.copyfile(here / name, target)


def results(root: Path, names: list[str]) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    (root / "index.html").write_text("<!doctype html><title>.</title>", encoding="utf-8")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    found = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name in names:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
                found[name] = page.evaluate(SEARCH, [name, QUERIES, KINDS])
                page.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--chunk-bytes", help="SEARCH[« CHUNK_BYTES »] (« none » : ceux de Pagefind)")
    parser.add_argument("--shard-pages", help="SEARCH[« SHARD_PAGES »] (« none » : un seul passage)")
    args = parser.parse_args()
    settings = {}
    for key, value in (("CHUNK_BYTES", args.chunk_bytes), ("SHARD_PAGES", args.shard_pages)):
        if value is not None:
            settings[key] = None if value.lower() == "none" else int(value)
    config = read_config({"SEARCH": settings})
    with tempfile.TemporaryDirectory(prefix="search-same-") as folder:
        root = Path(folder)
        for name in ("pagefind-seul", "greffon"):
            linked_copy(args.site.resolve(), root / name / "site")
        # The bundle is served from /<name>/pagefind/, the pages keep their own addresses.
        command = [sys.executable, "-m", "pagefind", "--site", "site", "--output-path", "pagefind"]
        subprocess.run(command, cwd=root / "pagefind-seul", check=True, capture_output=True)
        result = index_site(root / "greffon" / "site", config)
        shutil.move(root / "greffon" / "site" / config.bundle_dir, root / "greffon" / "pagefind")
        own, plugin = results(root, ["pagefind-seul", "greffon"]).values()
    differ = [key for key in own if own[key] != plugin[key]]
    total = sum(len(value["pages"]) for value in own.values())
    print(
        f"{len(own)} recherches, {total} résultats ; index du greffon : {result.pages} pages, "
        f"{result.runs} passage(s), CHUNK_BYTES = {config.chunk_bytes}"
    )
    for key in differ:
        print(f"  différent : « {key} » : {len(own[key]['pages'])} / {len(plugin[key]['pages'])} résultats")
    print("résultats identiques" if not differ else f"{len(differ)} recherche(s) différente(s)")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
