"""Measure the search: index size, bytes a browser downloads for a first query, indexing time.

    .venv/bin/python plugins/search/measure.py                 # sample content + 1,000 articles
    .venv/bin/python plugins/search/measure.py --articles 0    # sample content only

Each site is built with the project's publish settings, its address set to a local HTTP
server, then headless Chromium (Playwright) opens /recherche/?q=… in a fresh browser (empty
cache) and sums the bodies of the /pagefind/ responses. The server does not compress, like
the worst host: « gzip » gives what a host compressing JavaScript and JSON would send
(Pagefind's own .pagefind files are gzip already).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import os
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the project using the plugin
sys.path[:0] = [str(ROOT), str(HERE.parent)]

from search.config import read_config  # noqa: E402
from search.indexer import folder_size, index_site  # noqa: E402
from sitetools.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BUILD_DATE = "2026-11-20"
QUERIES = ["mediation", "formation Lens", "atelier données personnelles", "cybersécurité"]
COMPRESSIBLE = (".js", ".json", ".html", ".css")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def first_query(browser, base: str, query: str) -> dict:
    """Bytes of /pagefind/ files fetched by a fresh browser for one query, and the results."""
    context = browser.new_context()
    page = context.new_page()
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request))
    page.goto(f"{base}/recherche/?q={query}")
    page.wait_for_function(
        "() => { const s = document.getElementById('recherche-etat').textContent;"
        " return s && !s.startsWith('Recherche en cours'); }"
    )
    raw = gz = count = 0
    for request in fetched:
        if "/pagefind/" not in request.url:
            continue
        body = request.response().body()
        count += 1
        raw += len(body)
        gz += len(gzip.compress(body)) if request.url.endswith(COMPRESSIBLE) else len(body)
    status = page.text_content("#recherche-etat")
    context.close()
    return {"query": query, "files": count, "raw": raw, "gzip": gz, "status": status}


def build(settings: str, output: Path, siteurl: str, cwd: Path) -> float:
    from sitetools.build import run_pelican  # noqa: PLC0415

    started = time.perf_counter()
    result = run_pelican(settings, output, {"BUILD_DATE": BUILD_DATE, "SITEURL": siteurl}, cwd=cwd)
    if not result.ok:
        raise SystemExit(result.output)
    return time.perf_counter() - started


def measure(browser, name: str, settings: str, cwd: Path, scratch: Path) -> None:
    output = scratch / f"out-{name}"
    httpd, base = serve(output)
    try:
        seconds = build(settings, output, base, cwd)
        bundle = output / "pagefind"
        config = read_config({"SEARCH": {}})
        again = index_site(output, config)  # the indexing step alone, on the same output
        files = [p for p in bundle.rglob("*") if p.is_file()]
        print(
            f"\n{name} : {again.pages} pages indexées ; construction complète {seconds:.2f} s, "
            f"dont indexation {again.seconds:.2f} s"
        )
        chunks = len(list((bundle / "index").glob("*.pf_index")))
        print(
            f"  index : {folder_size(bundle) / 1024:.0f} Ko en {len(files)} fichiers, "
            f"dont {chunks} morceaux de mots (SEARCH[« CHUNK_BYTES »] = {config.chunk_bytes})"
        )
        page = sum(
            len(gzip.compress((output / f).read_bytes()))
            for f in ("recherche/index.html", "theme/css/site.css", "theme/js/search.js")
        )
        print(f"  page /recherche/ (HTML+CSS+JS, gzip) : {page / 1024:.1f} Ko")
        for query in QUERIES:
            r = first_query(browser, base, query)
            print(
                f"  1re requête « {r['query']} » : {r['files']} fichiers, {r['raw'] / 1024:.0f} Ko "
                f"(gzip : {r['gzip'] / 1024:.0f} Ko) — {r['status']}"
            )
    finally:
        httpd.shutdown()
        httpd.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="taille du corpus généré (0 : aucun)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="search-measure-") as folder, sync_playwright() as p:
        scratch = Path(folder)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        os.environ.setdefault("LC_ALL", "C.UTF-8")
        measure(browser, "site d'exemple", "publishconf.py", ROOT, scratch)
        if args.articles:
            from bench import corpus as corpora  # noqa: PLC0415

            corpus = corpora.generate(scratch / "corpus", args.articles, types={"article", "page"})
            label = f"{args.articles} articles générés (+ {len(corpus.pages)} pages)"
            measure(browser, label, "publish_search.py", corpus.project, scratch)
        browser.close()


if __name__ == "__main__":
    main()
