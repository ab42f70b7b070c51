"""Fixtures of the quality suite: the sample site over HTTP, a headless Chromium, the page
of each template, and the report of measures printed at the end of the run."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from qualitykit import CHROME_ARGS, SiteServer, site_url_of, system_tool, template_pages

REPORT = pytest.StashKey[dict]()
COLUMNS = [
    ("poids", "Ko gz"),
    ("requêtes", "req."),
    ("ecoindex", "ecoindex"),
    ("axe", "axe"),
    ("lighthouse", "LH a11y/bp/seo/perf"),
]


def pytest_configure(config):
    config.stash[REPORT] = {}


@pytest.fixture(scope="session")
def quality_report(pytestconfig):
    """Measures by template, printed at the end of the run (see pytest_terminal_summary)."""
    return pytestconfig.stash[REPORT]


def pytest_terminal_summary(terminalreporter, config):
    report = config.stash.get(REPORT, {})
    if not report:
        return
    terminalreporter.section("qualité du site publié, par gabarit")
    width = max(len(name) for name in report) + 2
    header = "gabarit".ljust(width) + "".join(title.rjust(len(title) + 3) for _, title in COLUMNS)
    terminalreporter.write_line(header.rstrip())
    for name, row in report.items():
        cells = "".join(row.get(key, "—").rjust(len(title) + 3) for key, title in COLUMNS)
        terminalreporter.write_line((name.ljust(width) + cells).rstrip())


@pytest.fixture(scope="session")
def templates(sample_site):
    return template_pages(sample_site)


@pytest.fixture(scope="session")
def site_server(sample_site):
    with SiteServer(sample_site.output, site_url_of(sample_site.output)) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's); any host but this machine is unknown to it, so that a
    page asking another site for something fails at once, and the tests say which."""
    executable = system_tool("chromium")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    isolated = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=[*CHROME_ARGS, isolated])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def visit(browser, site_server):
    """``visit(template, width=…, height=…, scale=…)``: the template's page loaded from the
    local server in a tab kept for that viewport."""
    tabs = {}

    def visitor(template, width: int = 1280, height: int = 800, scale: float = 1):
        key = (width, height, scale)
        if key not in tabs:
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=scale, locale="fr-FR"
            )
            tabs[key] = context.new_page()
        page = tabs[key]
        page.goto(site_server.url(template.address), wait_until="load")
        if template.scripted:
            page.wait_for_load_state("networkidle")
        return page

    yield visitor
    for page in tabs.values():
        page.context.close()


@pytest.fixture(scope="session")
def first_visit(browser, site_server):
    """``with first_visit(template) as (page, requests):`` the page loaded in a fresh browser
    context (empty cache, like a first visit), with every request it made."""

    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # noqa: PLC0415

    @contextmanager
    def opener(template, width: int = 1920, height: int = 1080, scale: float = 1):
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale, locale="fr-FR"
        )
        requests = []

        def record(request):
            requests.append(request)

        context.on("request", record)
        try:
            page = context.new_page()
            page.goto(site_server.url(template.address), wait_until="load")
            # browsers ask for the icon after the load event: wait for it, to count it
            icons = page.evaluate(
                "() => [...document.querySelectorAll('link[rel~=icon]')].map((l) => l.href)"
            )
            for icon in icons:
                if all(request.url != icon for request in requests):
                    try:
                        page.wait_for_event(
                            "request", lambda request, icon=icon: request.url == icon, timeout=3000
                        )
                    except PlaywrightTimeoutError:
                        pass  # this browser does not ask for it: nothing to count
            yield page, requests
        finally:
            context.close()

    return opener
