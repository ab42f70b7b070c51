"""The published sample served by a real nginx (Debian's, without root) with the configuration
the build wrote (plugins/hosting): statuses, redirects, the 404 page, compression, each file
type's headers; in Chromium, no Content-Security-Policy violation on any template and search
still working; the MDN HTTP Observatory's grade."""

from __future__ import annotations

import gzip
import http.client
import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlsplit

import needs
import pytest

from sitetools.browser import CHROMIUM, CHROMIUM_ARGS
from sitetools.nginx import Nginx

SITE = "https://www.pop.eu.com"
REVALIDATE = "public, max-age=300, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"
DAY = "public, max-age=86400"
SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",  # SITEURL is https
}


@pytest.fixture(scope="module")
def server(sample_site):
    needs.program("nginx")
    with Nginx(sample_site.output) as nginx:
        yield nginx


def get(server, path: str, **headers):
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def address_of(relative: str) -> str:
    return "/" + relative.removesuffix("index.html")


def refresh_targets(site) -> dict[str, str]:
    """The former addresses the sample keeps as meta-refresh pages, with their targets."""
    found = {}
    for path in site.output.rglob("*.html"):
        match = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', path.read_text(encoding="utf-8"))
        if match:
            found[address_of(path.relative_to(site.output).as_posix())] = match.group(1)
    return found


def assert_security_headers(headers, where: str) -> None:
    for name, value in SECURITY.items():
        assert headers[name] == value, (where, name, headers[name])
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp, where
    assert "unsafe-inline" not in csp and "'unsafe-eval'" not in csp, where
    assert headers["Permissions-Policy"], where


# --------------------------------------------------------------------------- statuses


def test_every_page_answers_200_and_each_former_address_301(server, sample_site):
    redirects = refresh_targets(sample_site)
    assert redirects  # the sample has at least one alias
    pages = [
        address_of(p.relative_to(sample_site.output).as_posix())
        for p in sample_site.output.rglob("*.html")
        if ".hosting" not in p.parts
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = dict(zip(pages, pool.map(lambda path: get(server, path)[:2], pages), strict=True))
    wrong = {
        path: status for path, (status, _) in answers.items() if status != (301 if path in redirects else 200)
    }
    assert wrong == {}
    for path, target in redirects.items():
        for asked in (path, path.rstrip("/")):
            status, headers, _ = get(server, asked)
            assert (status, headers["Location"]) == (301, target), asked
            assert_security_headers(headers, asked)


def test_an_unknown_address_answers_404_with_the_sites_404_page(server, sample_site):
    for path in ("/nexiste-pas/", "/formations/nexiste-pas", "/theme/css/"):
        status, headers, body = get(server, path)
        assert status == 404, path
        assert body == (sample_site.output / "404.html").read_bytes(), path
        assert "Page introuvable" in body.decode("utf-8")
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert_security_headers(headers, path)


def test_the_server_configuration_is_not_served(server):
    for path in ("/.hosting/nginx.conf", "/.hosting/s3-sync.sh", "/.htaccess", "/_headers", "/_redirects"):
        status, _, body = get(server, path)
        assert status == 404 and b"Page introuvable" in body, path


# --------------------------------------------------------------------------- compression, types, cache


def test_gzip_is_sent_to_who_accepts_it_with_vary(server, sample_site):
    original = (sample_site.output / "index.html").read_bytes()
    status, headers, body = get(server, "/", **{"Accept-Encoding": "gzip, deflate"})
    assert (status, headers["Content-Encoding"], headers["Vary"]) == (200, "gzip", "Accept-Encoding")
    assert gzip.decompress(body) == original
    assert len(body) < len(original) / 2
    status, headers, body = get(server, "/")
    assert headers["Content-Encoding"] is None and body == original
    assert headers["Vary"] == "Accept-Encoding"  # a cache between must keep both


def first(sample_site, pattern: str) -> str:
    """The first file of the sample whose path matches ``pattern``."""
    files = sorted(
        p.relative_to(sample_site.output).as_posix() for p in sample_site.output.rglob("*") if p.is_file()
    )
    return next(f for f in files if re.fullmatch(pattern, f))


EXPECTED = [
    # pattern of a file of the sample, its Content-Type, its Cache-Control
    (r"index\.html", "text/html; charset=utf-8", REVALIDATE),
    (r"theme/css/site\.[0-9a-f]{10}\.css", "text/css; charset=utf-8", IMMUTABLE),
    (r"theme/js/search\.[0-9a-f]{10}\.js", "text/javascript; charset=utf-8", IMMUTABLE),
    (r"theme/favicon\.[0-9a-f]{10}\.svg", "image/svg+xml", IMMUTABLE),
    (r"feeds/all\.atom\.xml", "application/atom+xml; charset=utf-8", REVALIDATE),
    (r"feeds/all\.rss\.xml", "application/rss+xml; charset=utf-8", REVALIDATE),
    (r"formations/sessions\.ics", "text/calendar; charset=utf-8", REVALIDATE),
    (r"formations/catalogue\.json", "application/json", REVALIDATE),
    (r"formations/lheo\.xml", "application/xml; charset=utf-8", REVALIDATE),
    (r"sitemap\.xml", "application/xml; charset=utf-8", REVALIDATE),
    (r"robots\.txt", "text/plain; charset=utf-8", REVALIDATE),
    (r"outillerie/[^/]+/[^/]+\.zip", "application/zip", DAY),
    (r"outillerie/[^/]+/[^/]+\.pdf", "application/pdf", DAY),
    (r"outillerie/[^/]+/[^/]+\.csv", "text/csv; charset=utf-8", DAY),
    (r"images/[^/]+\.jpg", "image/jpeg", DAY),
    (r"pagefind/pagefind\.js", "text/javascript; charset=utf-8", REVALIDATE),
    (r"pagefind/pagefind-entry\.json", "application/json", REVALIDATE),
    (r"pagefind/fragment/[^/]+\.pf_fragment", "application/octet-stream", IMMUTABLE),
]


@pytest.mark.parametrize(("pattern", "content_type", "cache"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_file_type_has_its_exact_type_cache_and_security_headers(
    server, sample_site, pattern, content_type, cache
):
    path = first(sample_site, pattern)
    for accept in ("", "gzip"):
        status, headers, body = get(server, "/" + path, **({"Accept-Encoding": accept} if accept else {}))
        assert status == 200, path
        assert headers["Content-Type"] == content_type, path
        assert headers["Cache-Control"] == cache, path
        assert_security_headers(headers, path)
        if headers["Content-Encoding"] == "gzip":
            body = gzip.decompress(body)
        assert body == (sample_site.output / path).read_bytes()


def test_a_folder_with_its_own_policy_gets_it_from_nginx_and_the_rest_keeps_the_sites(tmp_path):
    """HOSTING CSP_PATHS (the admin's Decap CMS needs eval and inline styles): below the
    folder only, pages and files alike."""
    needs.program("nginx")
    from hosting.config import read_config  # noqa: PLC0415
    from hosting.servers import write_server_files  # noqa: PLC0415

    for name in ("index.html", "404.html", "admin/index.html", "admin/decap-cms.js", "admin/.cle"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    policy = {"admin/": {"script-src": "'self' 'unsafe-eval'", "style-src": "'self' 'unsafe-inline'"}}
    config = read_config({"SITEURL": SITE, "HOSTING": {"CSP_PATHS": policy}})
    write_server_files(tmp_path, config, [], "404.html")
    with Nginx(tmp_path) as nginx:
        for path, prefix in (
            ("/", None),
            ("/index.html", None),
            ("/admin/", "admin/"),
            ("/admin/decap-cms.js", "admin/"),
        ):
            status, headers, _ = get(nginx, path)
            assert (status, headers["Content-Security-Policy"]) == (200, config.csp(prefix)), path
        assert get(nginx, "/admin/decap-cms.js")[1]["Content-Type"] == "text/javascript; charset=utf-8"
        status, headers, body = get(nginx, "/admin/.cle")
        assert (status, body) == (404, b"404.html")
        assert headers["Content-Security-Policy"] == config.csp()


# --------------------------------------------------------------------------- invoke serve --production


def test_invoke_serve_production_builds_for_its_address_serves_and_stops_with_nginx(tmp_path):
    needs.program("nginx")
    from project import make_project, start_invoke  # noqa: PLC0415

    from sitetools.nginx import free_port, port_is_free  # noqa: PLC0415

    project = make_project(tmp_path / "projet")
    port = free_port()
    process = start_invoke(project, "serve", "--production", "--port", str(port))
    lines = []
    try:
        for line in process.stdout:
            lines.append(line)
            if "servi par nginx" in line:
                break
        assert f"Site de production servi par nginx sur http://127.0.0.1:{port}/" in lines[-1], lines
        local = type("Server", (), {"host": "127.0.0.1", "port": port})
        status, headers, body = get(local, "/", **{"Accept-Encoding": "gzip"})
        assert (status, headers["Content-Encoding"]) == (200, "gzip")
        assert "Strict-Transport-Security" not in headers  # http: no HSTS
        home = gzip.decompress(body).decode("utf-8")
        # built for this address: the page's links and style sheet lead to the local server
        assert re.search(rf'href="http://127\.0\.0\.1:{port}/theme/css/site\.[0-9a-f]{{10}}\.css"', home)
        assert get(local, "/nexiste-pas/")[0] == 404
    finally:
        process.terminate()  # as a service manager would; Ctrl+C ends it the same way
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Arrêt de nginx" in out
    assert port_is_free("127.0.0.1", port)  # nginx did not outlive the command
    assert not (project / "output").exists()  # the published output/ is left alone


def test_a_busy_port_or_a_site_built_without_hosting_is_said_in_french(tmp_path):
    needs.program("nginx")
    import socket  # noqa: PLC0415

    from sitetools.nginx import NginxError  # noqa: PLC0415

    with pytest.raises(NginxError, match=r"manque : le site n'a pas été construit avec le plugin hosting"):
        Nginx(tmp_path).start()
    (tmp_path / ".hosting").mkdir()
    (tmp_path / ".hosting" / "nginx.conf").write_text("", encoding="utf-8")
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(
            NginxError, match=rf"^Le port {port} est déjà utilisé : choisissez-en un autre avec --port\.$"
        ):
            Nginx(tmp_path, port).start()


# --------------------------------------------------------------------------- in Chromium

# One page of each template of the theme (404 at an unknown address). The « redirect »
# template's pages are never served here: nginx answers their addresses with a 301.
TEMPLATES = {
    "index": "/",
    "article": "/actualites/trophee-2023/",
    "page": "/contact/",
    "category": "/categories/actualites/",
    "categories": "/categories/",
    "tag": "/mots-cles/lens/",
    "tags": "/mots-cles/",
    "author": "/auteurs/redaction-pop/",
    "authors": "/auteurs/",
    "archives": "/archives/",
    "sitemap_page": "/plan-du-site/",
    "open_data": "/donnees-ouvertes/",
    "search": "/recherche/",
    "404": "/nexiste-pas/",
    "formations/catalogue": "/formations/",
    "formations/formation": "/formations/designer-web/",
    "formations/place": "/formations/lieux/lens/",
    "formations/domain": "/formations/domaines/design/",
    "formations/sessions": "/formations/sessions/",
    "outillerie/library": "/outillerie/",
    "outillerie/resource": "/outillerie/puzzle-mediation-numerique/",
    "outillerie/home (facet)": "/outillerie/themes/sobriete/",
    "mediations/index": "/mediations/",
    "mediations/numeros": "/mediations/numeros/",
    "mediations/numero": "/mediations/numeros/1/",
    "mediations/formats": "/mediations/formats/",
    "mediations/format": "/mediations/formats/dialogue/",
}

WATCH_CSP = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


class Browser:
    """Chromium in a thread of its own (Playwright's sync API: one instance per thread), where
    the published site's host name leads to nginx over https (a certificate made for the
    test, accepted by this browser alone): the real exchange, compression and headers."""

    def __init__(self, server):
        self.server = server
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium-nginx")
        self.pool.submit(self.start).result()

    def start(self):
        from playwright.sync_api import sync_playwright  # noqa: PLC0415

        self.playwright = sync_playwright().start()
        host = urlsplit(SITE).hostname
        mapping = f"--host-resolver-rules=MAP {host}:443 {self.server.host}:{self.server.port}"
        self.browser = self.playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, mapping]
        )

    def stop(self):
        self.browser.close()
        self.playwright.stop()

    def visit(self, fn, *args):
        context = self.browser.new_context(ignore_https_errors=True)
        page = context.new_page()
        page.foreign, page.console = [], []
        page.on("console", lambda message: page.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: page.console.append(f"pageerror: {error}"))
        page.on(
            "request", lambda request: request.url.startswith(SITE + "/") or page.foreign.append(request.url)
        )
        context.add_init_script(WATCH_CSP)
        try:
            return fn(page, *args)
        finally:
            context.close()

    def run(self, fn, *args):
        return self.pool.submit(self.visit, fn, *args).result()


@pytest.fixture(scope="module")
def browser(sample_site, tmp_path_factory):
    needs.program("nginx")
    needs.program("openssl")
    needs.module("playwright.sync_api")
    needs.program("chromium")
    from sitetools.observatory import make_certificate  # noqa: PLC0415

    tls = make_certificate(tmp_path_factory.mktemp("certificat"))
    with Nginx(sample_site.output, tls=tls) as server:
        chromium = Browser(server)
        yield chromium
        chromium.pool.submit(chromium.stop).result()
        chromium.pool.shutdown()


def violations_on(page, addresses: dict[str, str]) -> dict[str, dict]:
    """Each address visited in turn in one tab: what the policy blocked there."""
    found = {}
    for name, address in addresses.items():
        page.console.clear()
        page.foreign.clear()
        page.goto(SITE + address, wait_until="load")
        page.wait_for_timeout(50)  # violations are reported in a task after the load
        found[name] = {
            "violations": page.evaluate("window.__violations"),
            "console": [
                line for line in page.console if "Content Security Policy" in line or "pageerror" in line
            ],
            "foreign": list(page.foreign),
            "stylesheets": page.evaluate(
                "[...document.styleSheets].filter(s => { try { return s.cssRules.length; } catch { return false; } }).length"
            ),
        }
    return found


def test_no_page_template_breaks_the_content_security_policy(browser):
    found = browser.run(violations_on, TEMPLATES)
    assert set(found) == set(TEMPLATES)
    for name, result in found.items():
        assert result["violations"] == [] and result["console"] == [], (name, result)
        assert result["foreign"] == [], (name, result)
        assert result["stylesheets"] >= 1, name  # the hashed style sheet loaded under the policy


def search(page, query: str) -> dict:
    page.goto(f"{SITE}/recherche/?q={quote(query)}")
    page.wait_for_function(
        "() => { const s = document.getElementById('recherche-etat').textContent;"
        " return s && !s.startsWith('Recherche en cours'); }"
    )
    return {
        "results": page.eval_on_selector_all(".search-result h2 a", "links => links.map(a => a.textContent)"),
        "violations": page.evaluate("window.__violations"),
        "console": [
            line for line in page.console if "Content Security Policy" in line or "pageerror" in line
        ],
    }


def test_search_still_finds_results_under_the_policy(browser):
    found = browser.run(search, "mediation")
    assert found["violations"] == [] and found["console"] == [], found
    assert len(found["results"]) >= 3, found


# --------------------------------------------------------------------------- the Observatory


def test_the_mdn_http_observatory_grades_the_site_a_plus(sample_site, capsys):
    needs.program("nginx")
    needs.program("node")
    needs.program("openssl")
    from sitetools import observatory  # noqa: PLC0415

    result = observatory.scan(sample_site.output)
    with capsys.disabled():
        print("\n" + observatory.summary(result))
    assert result["scan"]["grade"] == "A+", observatory.summary(result)
