"""Hostile text typed by an editor never becomes markup, on any page of the site.

Escaping was tested on the article page only; a list template printing ``title|safe`` would
send a raw ``<script>`` to every list page. This build puts the same hostile strings in an
article's title, summary, author and tag, then reads every HTML page as a browser would.
"""

from __future__ import annotations

import json

import pytest
from minisite import build_tiny

SCRIPT = "<script>alert('titre')</script>"
IMAGE = '<img src="x" onerror="alert(1)">'
HOSTILE = {
    "title": f"Atelier {SCRIPT} réussi",
    "summary": f"Résumé {IMAGE} piégé",
    "author": "Camille <b onmouseover=alert(2)>Dupont</b>",
    "tag": "Lens <svg onload=alert(3)>",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    article = f"""
        ---
        title: "{HOSTILE["title"]}"
        date: 2026-02-01
        summary: '{HOSTILE["summary"]}'
        authors:
          - "{HOSTILE["author"]}"
          - Équipe POP
        tags:
          - "{HOSTILE["tag"]}"
        ---
        Le corps de l'article, sans piège.
        """
    site = build_tiny(tmp_path_factory.mktemp("hostile"), {"content/articles/piege.md": article})
    assert site.code == 0, site.log
    return site


def html_pages(site) -> list[str]:
    return [f for f in site.files() if f.endswith(".html")]


def test_hostile_text_reaches_list_pages(hostile_site):
    """The strings are shown (escaped) on the home, archives, tag, author and category pages."""
    pages = html_pages(hostile_site)
    shown = [p for p in pages if "Atelier" in hostile_site.soup(p).get_text()]
    # the article page plus at least the home, archives, category, tag and author pages
    assert len(shown) >= 6, shown
    for page in ("index.html", "archives/index.html"):
        assert f"Atelier {SCRIPT} réussi" in hostile_site.soup(page).get_text(), page


def test_no_page_holds_raw_markup_from_the_content(hostile_site):
    pages = html_pages(hostile_site)
    assert len(pages) > 10
    for name in pages:
        text = hostile_site.read(name)
        for raw in ("<script>alert", '<img src="x" onerror', "<b onmouseover", "<svg onload"):
            assert raw not in text, f"{name}: balise brute {raw!r}"
        soup = hostile_site.soup(name)
        for tag in soup.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            assert not handlers, f"{name}: attribut {handlers} sur <{tag.name}>"
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                data = json.loads(script.string)  # still valid data, the text kept inside it
                assert "</script" not in script.string.lower()
                assert data
            else:
                assert "alert(" not in (script.string or ""), name


def test_feeds_escape_the_hostile_title(hostile_site):
    for name in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        feed = hostile_site.read(name)
        assert "<script>alert" not in feed and "<img src" not in feed, name
        assert "<title>Atelier " in feed, name  # the entry is there, its title as text
