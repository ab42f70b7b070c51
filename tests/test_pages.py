"""What a reader sees on the pages of tiny sites and of the sample site."""

from __future__ import annotations

import re

from minisite import build_tiny

ARTICLE = """
---
title: "Le <script>alert(1)</script> du trophée"
date: 2026-01-14
modified: 2026-02-01
summary: "Un résumé pour les moteurs & les réseaux."
authors:
  - Marion Dupuis
  - Équipe POP
category: Actualités
tags:
  - Lens
  - Inclusion numérique
cover: images/couverture.png
cover_alt: "Illustration : formes bleues"
aliases:
  - /2026/trophee/
---
{body}
"""
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def tiny(tmp_path, words=1200, extra=None, publish=True):
    files = {
        "content/articles/trophee.md": ARTICLE.format(body="## Programme\n\n" + ("mot " * words).strip()),
        "content/images/couverture.png": PNG,
        **(extra or {}),
    }
    site = build_tiny(tmp_path, files, publish=publish)
    assert site.code == 0, site.log
    return site


def test_article_page_shows_what_a_reader_expects(tmp_path):
    site = tiny(tmp_path)
    page = site.soup("actualites/trophee/index.html")
    text = page.get_text(" ", strip=True)
    assert page.html["lang"] == "fr"
    assert page.h1.get_text(strip=True) == "Le <script>alert(1)</script> du trophée"
    assert "<script>alert(1)</script>" not in site.read("actualites/trophee/index.html")
    assert "14 janvier 2026" in text  # French date with LC_ALL=C
    assert page.find("time", attrs={"datetime": "2026-01-14"})
    assert "6 min de lecture" in text  # 1,200 words at 200 words a minute
    assert page.find("a", href=re.compile(r"/auteurs/marion-dupuis/$"))
    assert page.find("a", href=re.compile(r"/mots-cles/inclusion-numerique/$"))
    image = page.find("img", src=re.compile("couverture.png"))
    assert image["alt"] == "Illustration : formes bleues"


def test_head_has_description_canonical_open_graph_and_feeds(tmp_path):
    site = tiny(tmp_path)
    head = site.soup("actualites/trophee/index.html").head
    assert (
        head.find("meta", attrs={"name": "description"})["content"]
        == "Un résumé pour les moteurs & les réseaux."
    )
    assert head.find("link", rel="canonical")["href"] == "https://www.pop.eu.com/actualites/trophee/"
    assert head.find("meta", property="og:url")["content"] == "https://www.pop.eu.com/actualites/trophee/"
    assert head.find("meta", property="og:image")["content"].startswith("https://www.pop.eu.com/")
    feeds = {link["href"] for link in head.find_all("link", rel="alternate")}
    assert "https://www.pop.eu.com/feeds/all.atom.xml" in feeds
    assert "https://www.pop.eu.com/feeds/all.rss.xml" in feeds
    assert "https://www.pop.eu.com/feeds/categories/actualites.atom.xml" in feeds


def test_reading_time_is_computed_not_written(tmp_path):
    site = tiny(tmp_path, words=90)
    assert "1 min de lecture" in site.soup("actualites/trophee/index.html").get_text(" ")
    bad = build_tiny(
        tmp_path / "bad",
        {"content/articles/x.md": "---\ntitle: X\ndate: 2026-01-01\nreading_time: 5\n---\nx\n"},
    )
    assert bad.code == 1
    assert "champ « reading_time » : champ inconnu" in bad.log


def test_alias_redirects_to_the_current_address(tmp_path):
    site = tiny(tmp_path)
    redirect = site.soup("2026/trophee/index.html")
    refresh = redirect.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"].endswith("url=https://www.pop.eu.com/actualites/trophee/")
    assert redirect.find("a", href="https://www.pop.eu.com/actualites/trophee/")


def test_pagination_lives_below_its_list_and_cannot_collide(tmp_path):
    extra = {
        f"content/articles/a{n}.md": f"---\ntitle: Article {n}\ndate: 2025-01-{n:02d}\ntags:\n  - u1\n---\nTexte {n}\n"
        for n in range(1, 13)
    }
    extra["content/articles/b.md"] = "---\ntitle: B\ndate: 2025-02-01\ntags:\n  - u12\n---\nB\n"
    site = tiny(tmp_path, extra=extra)
    files = site.files()
    assert "mots-cles/u1/page/2/index.html" in files
    assert "mots-cles/u12/index.html" in files
    assert "categories/actualites/page/2/index.html" in files
    page2 = site.soup("mots-cles/u1/page/2/index.html")
    assert page2.find("a", href=re.compile(r"/mots-cles/u1/$"))


def test_drafts_and_future_items_are_not_published_anywhere(tmp_path):
    extra = {
        "content/articles/brouillon.md": "---\ntitle: Brouillon secret\ndate: 2026-01-01\nstatus: draft\n---\nx\n",
        "content/articles/futur.md": "---\ntitle: Annonce future\ndate: 2027-03-01\n---\nx\n",
        "content/pages/cachee.md": "---\ntitle: Page en travaux\nstatus: draft\n---\nx\n",
    }
    site = tiny(tmp_path, extra=extra)
    everything = "\n".join(
        (site.output / f).read_text(encoding="utf-8", errors="replace") for f in site.files()
    )
    for title in ("Brouillon secret", "Annonce future", "Page en travaux"):
        assert title not in everything
    assert not [f for f in site.files() if "brouillon" in f or "futur" in f or "drafts" in f or "cachee" in f]


def test_preview_shows_drafts_and_future_items_marked(tmp_path):
    extra = {
        "content/articles/brouillon.md": "---\ntitle: Brouillon secret\ndate: 2026-01-01\nstatus: draft\n---\nx\n",
        "content/articles/futur.md": "---\ntitle: Annonce future\ndate: 2027-03-01\n---\nx\n",
    }
    site = tiny(tmp_path, extra=extra, publish=False)
    assert "Brouillon — non publié" in site.soup("actualites/brouillon/index.html").get_text(" ")
    assert "Programmé pour le 1er mars 2027" in site.soup("actualites/futur/index.html").get_text(" ")
    assert not [f for f in site.files() if f.startswith("drafts/")]


def test_site_map_page_lists_every_published_content_by_type(tmp_path):
    site = tiny(tmp_path)
    page = site.soup("plan-du-site/index.html")
    headings = [h.get_text(strip=True) for h in page.find_all("h2")]
    assert headings[:2] == ["Pages", "Articles"]
    links = {a.get_text(strip=True) for a in page.find_all("a")}
    assert {"Contact", "Bienvenue", "Le <script>alert(1)</script> du trophée"} <= links


def test_sitemap_and_robots(tmp_path):
    site = tiny(tmp_path)
    sitemap = site.read("sitemap.xml")
    assert "<loc>https://www.pop.eu.com/actualites/trophee/</loc><lastmod>2026-02-01</lastmod>" in sitemap
    assert "2026/trophee" not in sitemap
    assert "Sitemap: https://www.pop.eu.com/sitemap.xml" in site.read("robots.txt")


def test_footer_carries_accessibility_status_legal_notice_and_feeds(tmp_path):
    site = tiny(tmp_path)
    footer = site.soup("index.html").find("footer")
    text = footer.get_text(" ", strip=True)
    assert "Accessibilité : non conforme" in text
    hrefs = [a["href"] for a in footer.find_all("a")]
    assert any(h.endswith("/accessibilite/") for h in hrefs)
    assert any(h.endswith("/mentions-legales/") for h in hrefs)
    assert any(h.endswith("/feeds/all.atom.xml") for h in hrefs)
    assert any(h.endswith("/plan-du-site/") for h in hrefs)


def test_links_to_existing_anchors_build(tmp_path):
    site = tiny(
        tmp_path,
        extra={
            "content/articles/suite.md": "---\ntitle: Suite\ndate: 2026-01-02\n---\n## Le déroulé\n\n"
            "Voir [plus bas](#acces) et [le trophée]({filename}trophee.md#programme).\n\n## Accès\n\nTexte.\n",
        },
        words=10,
    )
    page = site.soup("actualites/suite/index.html")
    assert page.find(id="acces") and page.find("a", href="#acces")
