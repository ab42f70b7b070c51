"""Helpers of the quality suite.

The published build of the sample content served over HTTP with gzip, the one page that
stands for each template, the external tools (Chromium, the Nu HTML Checker, axe-core,
Lighthouse) with the exact command that installs each one, and ecoindex's formula.
"""

from __future__ import annotations

import gzip
import mimetypes
import re
import shutil
import sys
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitetools.browser import CHROMIUM_ARGS as CHROME_ARGS  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"

# --- tools -----------------------------------------------------------------------------

APT = "apt-get update && apt-get install -y"
SYSTEM_TOOLS = {
    # program → how to install it on Debian (as root; or run `bash .ci/run`)
    "chromium": f"{APT} chromium",
    "java": f"{APT} default-jre-headless",
    "node": f"{APT} nodejs npm",
}
NPM_FILES = {
    "vnu-jar": "vnu-jar/build/dist/vnu.jar",
    "axe-core": "axe-core/axe.min.js",
    "lighthouse": "lighthouse/cli/index.js",
}


def system_tool(name: str) -> str:
    """The path of a program the suite needs, or a failure that says how to install it."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"« {name} » est introuvable : les tests de qualité en ont besoin. Installez-le avec :\n"
            f"  {SYSTEM_TOOLS[name]}",
            pytrace=False,
        )
    return path


def npm_file(package: str) -> Path:
    """A file of an npm package of package.json, or a failure that says how to install it."""
    path = NODE_MODULES / NPM_FILES[package]
    if not path.exists():
        pytest.fail(
            f"Le paquet npm « {package} » est absent ({path.relative_to(ROOT)}). Installez les paquets "
            f"de package.json avec :\n  cd {ROOT} && npm ci --no-audit --no-fund",
            pytrace=False,
        )
    return path


# --- the site over HTTP ----------------------------------------------------------------

TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}


def site_url_of(output: Path) -> str:
    """The site's own address, as the build wrote it in the home's canonical link."""
    match = re.search(r'<link rel="canonical" href="([^"]+?)/?"', (output / "index.html").read_text("utf-8"))
    assert match, 'index.html n\'a pas de <link rel="canonical"> : adresse du site inconnue'
    return match.group(1)


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site like a web server of production: ``/x/`` is ``x/index.html``,
    unknown addresses get 404.html with status 404, text is sent gzipped.

    The build's absolute links name the public site; they are rewritten to this server so
    that the browser stays here (the text changes by one or two characters per link).
    """

    server_version = "pop-quality"
    sys_version = ""

    def __init__(self, *args, site: SiteServer, **kwargs):
        self.site = site
        super().__init__(*args, directory=str(site.folder), **kwargs)

    def log_message(self, format, *args):  # noqa: A002 (the name of the base class)
        pass

    def do_HEAD(self):
        self.respond(head=True)

    def do_GET(self):
        self.respond(head=False)

    def respond(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        folder = self.site.folder
        target = (folder / path.lstrip("/")).resolve()
        if folder not in (target, *target.parents):
            target = folder / "missing"
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, folder / "404.html"
        body = target.read_bytes()
        kind = (
            TEXT_TYPES.get(target.suffix)
            or mimetypes.guess_type(target.name)[0]
            or "application/octet-stream"
        )
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if target.suffix in TEXT_TYPES:
            body = body.replace(self.site.public_url.encode(), self.site.origin.encode())
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, compresslevel=9, mtime=0)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if not head:
            self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that hangs up before the end of a response is no error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """The output folder served on 127.0.0.1 (a free port), in a background thread."""

    def __init__(self, folder: Path, public_url: str):
        self.folder = Path(folder).resolve()
        self.public_url = public_url.rstrip("/")
        self.httpd = QuietServer(("127.0.0.1", 0), partial(SiteHandler, site=self))
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, address: str) -> str:
        return self.origin + address


# --- one page for each template --------------------------------------------------------


@dataclass(frozen=True)
class Template:
    name: str  # what the page stands for (« article », « catégorie »…)
    file: str  # its file in the output
    address: str  # where a reader asks for it
    # a state the page's script reaches after loading (search results): checked for
    # accessibility once the network is quiet, not weighed as a first visit
    scripted: bool = False

    def __str__(self) -> str:
        return f"{self.name} ({self.address})"


# (name, pattern of the output file[, pattern its HTML must contain]): each template is
# represented by its most demanding file for the checks and the weight: the biggest of
# those that show images, else the biggest.
ALWAYS = [
    ("accueil", r"index\.html"),
    ("article", r"[^/]+/[^/]+/index\.html", '<meta property="og:type" content="article">'),
    ("page", r"[^/]+/index\.html", r'<article class="page"[\s>]'),
    ("archives", r"archives/index\.html"),
    ("rubriques", r"categories/index\.html"),
    ("rubrique", r"categories/[^/]+/index\.html"),
    ("mots-clés", r"mots-cles/index\.html"),
    ("mot-clé", r"mots-cles/[^/]+/index\.html"),
    ("auteurs", r"auteurs/index\.html"),
    ("auteur", r"auteurs/[^/]+/index\.html"),
    ("plan du site", r"plan-du-site/index\.html"),
]
# Templates of the content types and pages that come with them, checked once they exist.
WHEN_PRESENT = [
    ("catalogue", r"formations/index\.html"),
    ("formation", r"formations/(?!lieux/|domaines/|sessions/)[^/]+/index\.html"),
    ("sessions", r"formations/sessions/index\.html"),
    ("lieu", r"formations/lieux/[^/]+/index\.html"),
    ("domaine", r"formations/domaines/[^/]+/index\.html"),
    ("outillerie", r"outillerie/index\.html"),
    ("ressource", r"outillerie/[^/]+/index\.html"),
    ("médiations", r"mediations/index\.html"),
    ("numéros", r"mediations/numeros/index\.html"),
    ("numéro", r"mediations/numeros/[^/]+/index\.html"),
    ("recherche", r"recherche/index\.html"),
    ("données ouvertes", r"donnees-ouvertes/index\.html"),
]
MISSING_ADDRESS = "/cette-adresse-n-existe-pas/"  # served with 404.html, as in production
SEARCH_ADDRESS = "/recherche/?q=formation"  # the search page showing results
# Pages Lighthouse audits (what exists of them), then standing pages to make five.
LIGHTHOUSE = ["accueil", "formation", "ressource", "numéro", "article"]
LIGHTHOUSE_SPARE = ["page", "recherche", "rubrique"]


def address_of(file: str) -> str:
    return "/" + file.removesuffix("index.html")


def find_template(site, name: str, pattern: str, marker: str | None = None) -> Template | None:
    candidates = [f for f in site.files() if re.fullmatch(pattern, f)]
    if marker:
        candidates = [f for f in candidates if re.search(marker, site.read(f))]
    if not candidates:
        return None
    chosen = max(candidates, key=lambda f: ("<img" in site.read(f), (site.output / f).stat().st_size, f))
    return Template(name, chosen, address_of(chosen))


def template_pages(site) -> list[Template]:
    """The page that stands for each template of the site, in a fixed order."""
    templates = []
    for name, pattern, *marker in ALWAYS:
        template = find_template(site, name, pattern, *marker)
        assert template, f"aucune page du gabarit « {name} » ({pattern}) dans le site construit"
        templates.append(template)
    templates.append(Template("404", "404.html", MISSING_ADDRESS))
    for name, pattern in WHEN_PRESENT:
        template = find_template(site, name, pattern)
        if template:
            templates.append(template)
    if any(t.name == "recherche" for t in templates):
        templates.append(
            Template("résultats de recherche", "recherche/index.html", SEARCH_ADDRESS, scripted=True)
        )
    return templates


def lighthouse_pages(templates: list[Template]) -> list[Template]:
    by_name = {t.name: t for t in templates}
    chosen = [by_name[name] for name in LIGHTHOUSE if name in by_name]
    for name in LIGHTHOUSE_SPARE:
        if len(chosen) < len(LIGHTHOUSE) and name in by_name:
            chosen.append(by_name[name])
    return chosen


# --- the report printed at the end of the run (conftest.pytest_terminal_summary) -------


def note(report: dict, template, column: str, value: str) -> None:
    """Record one measure of a template for the end-of-run table."""
    report.setdefault(str(template), {})[column] = value


# --- ecoindex ---------------------------------------------------------------------------
# The reference implementation's quantiles (cnumr/ecoindex_python, ecoindex/compute), from
# the HTTP Archive: DOM elements, requests, transferred size in KB.
QUANTILES_DOM = [0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459, 1801, 2479, 594601]  # fmt: skip
QUANTILES_REQ = [0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920]  # fmt: skip
QUANTILES_SIZE = [0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27, 1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26]  # fmt: skip
GRADES = [("A", 80), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 10)]  # grade if score > bound


def quantile(quantiles: list[float], value: float) -> float:
    for i in range(1, len(quantiles)):
        if value < quantiles[i]:
            return i - 1 + (value - quantiles[i - 1]) / (quantiles[i] - quantiles[i - 1])
    return len(quantiles) - 1


def ecoindex(dom: int, requests: int, size_kb: float) -> float:
    q_dom = quantile(QUANTILES_DOM, dom)
    q_req = quantile(QUANTILES_REQ, requests)
    q_size = quantile(QUANTILES_SIZE, size_kb)
    return 100 - 5 * (3 * q_dom + 2 * q_req + q_size) / 6


def ecoindex_grade(score: float) -> str:
    for grade, bound in GRADES:
        if score > bound:
            return grade
    return "G"
