"""What readers see, in headless Chromium on the published sample: a training's sessions at
390 px wide stack without any sideways scrolling, the home page's next sessions read as a
sentence, the catalogue fills wide screens, and no issue shows an empty cover box."""

from __future__ import annotations

import http.server
import threading
from functools import partial

import needs
import pytest

from sitetools.browser import CHROMIUM, CHROMIUM_ARGS

SITE = "https://www.pop.eu.com"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def browser(sample_site):
    """A headless Chromium whose requests to the published address get the sample's files."""
    needs.module("playwright.sync_api")
    needs.program("chromium")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(QuietHandler, directory=str(sample_site.output))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    local = f"http://127.0.0.1:{httpd.server_address[1]}"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def open_page(path: str, width: int):
            context = chromium.new_context(viewport={"width": width, "height": 900})

            def answer(route):
                url = route.request.url
                if url.startswith(SITE + "/"):
                    route.fulfill(response=route.fetch(url=local + url.removeprefix(SITE)))
                else:
                    route.abort()  # no request leaves the machine

            context.route("**/*", answer)
            page = context.new_page()
            page.goto(f"{SITE}/{path}", wait_until="load")
            return page

        yield open_page
        chromium.close()
    httpd.shutdown()
    httpd.server_close()


def close(page) -> None:
    # a late request (the favicon) may still be answered: let it go quietly
    page.context.unroute_all(behavior="ignoreErrors")
    page.context.close()


def sideways(page, selector: str) -> list[int]:
    """How far each matching element (and the page) can scroll sideways, in pixels."""
    return page.evaluate(
        """selector => [document.documentElement.scrollWidth - document.documentElement.clientWidth,
            ...[...document.querySelectorAll(selector)].map(e => e.scrollWidth - e.clientWidth)]""",
        selector,
    )


@pytest.mark.parametrize("path", ["formations/developpeur-web-web-mobile/", "formations/sessions/"])
def test_sessions_stack_at_390px_with_no_sideways_scrolling(browser, path):
    page = browser(path, 390)
    try:
        assert page.locator(".sessions-table").count() >= 1
        assert sideways(page, ".table-wrap:has(.sessions-table), .sessions-table") == [0] * (
            1 + page.locator(".table-wrap:has(.sessions-table), .sessions-table").count()
        )
        first = page.locator(".sessions-table tbody tr").first
        # each cell on a line of its own, labelled
        assert page.evaluate(
            "row => [...row.children].every((c, i, all) => i === 0 || c.getBoundingClientRect().top >= all[i - 1].getBoundingClientRect().bottom - 1)",
            first.element_handle(),
        )
        labels = page.evaluate(
            "row => [...row.querySelectorAll('td')].map(c => getComputedStyle(c, '::before').content)",
            first.element_handle(),
        )
        assert '"Places : "' in labels and '"Statut : "' in labels, labels
    finally:
        close(page)


def test_the_sessions_table_is_still_a_table_on_a_wide_screen(browser):
    page = browser("formations/developpeur-web-web-mobile/", 1280)
    try:
        assert page.evaluate("getComputedStyle(document.querySelector('.sessions-table')).display") == "table"
        assert page.locator(".sessions-table thead").is_visible()
    finally:
        close(page)


def test_the_home_pages_next_sessions_read_as_a_sentence(browser):
    page = browser("", 390)
    try:
        items = page.locator("section[aria-labelledby=prochaines-sessions] li")
        texts = [" ".join(t.split()) for t in items.all_inner_texts()]
        assert texts[0] == "Designer web : 7 décembre 2026, Tourcoing — Le Cube — Clôturé"
        assert all(" ," not in t for t in texts)
        # nothing visible between a date and its comma: no blank box after the date
        gaps = page.evaluate(
            """() => [...document.querySelectorAll('section[aria-labelledby=prochaines-sessions] li time')].map(t => {
                const text = document.createRange(); text.selectNodeContents(t);
                const comma = document.createRange(); comma.setStart(t.nextSibling, 0); comma.setEnd(t.nextSibling, 1);
                const a = [...text.getClientRects()].pop(), b = comma.getClientRects()[0];
                return Math.abs(b.top - a.top) < 2 ? b.left - a.right : 0; })"""
        )
        assert gaps and max(gaps) < 2, gaps
    finally:
        close(page)


def test_the_catalogue_puts_domains_with_one_training_side_by_side_at_1280px(browser):
    page = browser("formations/", 1280)
    try:
        columns = page.evaluate("getComputedStyle(document.getElementById('catalogue')).gridTemplateColumns")
        assert len(columns.split()) == 3
        tops = page.evaluate(
            "[...document.querySelectorAll('#catalogue > section')].map(s => Math.round(s.getBoundingClientRect().top))"
        )
        assert tops[0] == tops[1] == tops[2]  # three one-training domains on the first row
        card_widths = page.evaluate(
            "[...document.querySelectorAll('#catalogue .card')].map(c => Math.round(c.getBoundingClientRect().width))"
        )
        assert max(card_widths) - min(card_widths) <= 2  # every card one column wide
    finally:
        close(page)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["mediations/numeros/1/", "mediations/numeros/", "mediations/"])
def test_no_issue_shows_an_empty_cover_box(browser, path, width):
    """Once the page has loaded, before any scrolling, every cover is drawn: none waits as an
    empty box far down the page (what a full-page view of the media's home showed for N°1)."""
    page = browser(path, width)
    try:
        covers = page.evaluate(
            "[...document.querySelectorAll('img.issue-cover')].map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])"
        )
        assert covers
        assert [c for c in covers if not (c[1] and c[2] > 0)] == []
        assert any("numero-1" in c[0] for c in covers)
    finally:
        close(page)
