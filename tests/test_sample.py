"""The sample site, built from the content in content/, as readers get it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

FRENCH_DATE = re.compile(
    r"\b(1er|\d{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\b"
)


def article_pages(site):
    return [f for f in site.files() if re.fullmatch(r"actualites/[a-z0-9-]+/index\.html", f)]


def test_sample_has_news_and_standing_pages(sample_site):
    assert len(article_pages(sample_site)) >= 10
    for page in ("a-propos", "accessibilite", "mentions-legales", "contact"):
        assert f"{page}/index.html" in sample_site.files(), page
    for page in (
        "index.html",
        "404.html",
        "archives/index.html",
        "plan-du-site/index.html",
        "categories/index.html",
        "mots-cles/index.html",
        "auteurs/index.html",
        "sitemap.xml",
        "robots.txt",
    ):
        assert page in sample_site.files(), page


def test_every_article_page_has_french_date_and_reading_time(sample_site):
    for name in article_pages(sample_site):
        page = sample_site.soup(name)
        text = page.get_text(" ", strip=True)
        assert FRENCH_DATE.search(text), name
        assert re.search(r"\b\d+ min de lecture\b", text), name
        assert page.html["lang"] == "fr"
        assert len(page.find_all("h1")) == 1, name


def test_home_lists_latest_news_newest_first(sample_site):
    home = sample_site.soup("index.html")
    dates = [
        t["datetime"] for t in home.find(id="dernieres-actualites").find_parent("section").find_all("time")
    ]
    assert len(dates) >= 3
    assert dates == sorted(dates, reverse=True)


def test_navigation_skip_link_and_landmarks(sample_site):
    page = sample_site.soup("a-propos/index.html")
    first_link = page.body.find("a")
    assert first_link["href"] == "#contenu"
    assert page.find("main", id="contenu")
    assert page.find("nav")
    assert page.find("footer")
    nav_links = [a.get_text(strip=True) for a in page.find("nav").find_all("a")]
    assert "Actualités" in nav_links
    current = page.find("nav").find("a", attrs={"aria-current": "page"})
    assert current is not None and current["href"].endswith("/a-propos/")


def test_all_images_have_alt_text_and_exist(sample_site):
    for name in sample_site.files():
        if not name.endswith(".html"):
            continue
        for image in sample_site.soup(name).find_all("img"):
            assert image.get("alt"), (name, image)
            src = image["src"].replace("https://www.pop.eu.com/", "")
            assert src in sample_site.files(), (name, src)


def test_no_request_to_another_host(sample_site):
    """Nothing a page loads by itself (styles, scripts, images, media, frames, inline
    styles' url()) comes from another host; links to other sites are fine."""
    problems = []
    for name in sample_site.files():
        if not name.endswith(".html"):
            continue
        page = sample_site.soup(name)
        for element, url in references(page):
            if element.name in ("a", "area", "form"):
                continue
            if element.name == "link" and set(element.get("rel") or []) & {"alternate", "canonical"}:
                continue
            if urljoin(SITE + name, url).startswith(SITE):
                continue
            problems.append(f"{name} : <{element.name}> charge {url}")
        for style in page.find_all("style") + page.find_all(style=True):
            text = (style.string or "") if style.name == "style" else style["style"]
            for url in re.findall(r"""url\(\s*['"]?([^'")]+)""", text or ""):
                if not urljoin(SITE + name, url).startswith(SITE):
                    problems.append(f"{name} : <{style.name}> charge {url}")
    assert not problems, "Des pages chargent des ressources d'un autre site :\n" + "\n".join(problems)


SITE = "https://www.pop.eu.com/"
# Where a page points to other files: links, styles, icons, scripts, images, media.
REFERENCES = (
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("iframe", "src"),
    ("form", "action"),
)


def references(page):
    """(element, address) of every address a page points to (srcset gives several)."""
    for tag, attribute in REFERENCES:
        for element in page.find_all(tag, attrs={attribute: True}):
            values = element[attribute].split(",") if attribute == "srcset" else [element[attribute]]
            for value in values:
                if value.strip():
                    yield element, value.strip().split()[0]


def anchors_of(page) -> set[str]:
    return {e["id"] for e in page.find_all(id=True)} | {
        a["name"] for a in page.find_all("a", attrs={"name": True})
    }


def broken_links(output: Path) -> list[str]:
    """Every internal address of every page of ``output`` that leads to no file, or to a
    page without the element its #anchor names."""
    files = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
    soups, problems = {}, []

    def soup(name):
        if name not in soups:
            soups[name] = BeautifulSoup((output / name).read_text(encoding="utf-8"), "html.parser")
        return soups[name]

    for name in sorted(f for f in files if f.endswith(".html")):
        for element, address in references(soup(name)):
            url = urljoin(SITE + name, address)
            if not url.startswith(SITE):
                continue  # another site (pages load nothing from one: see above)
            parts = urlsplit(url)
            path = unquote(parts.path).removeprefix("/")
            target = path + "index.html" if path.endswith("/") or not path else path
            what = f"{name} : <{element.name}> → {address}"
            if target not in files:
                problems.append(f"{what} : aucun fichier {target}")
            elif (
                parts.fragment and target.endswith(".html") and parts.fragment not in anchors_of(soup(target))
            ):
                problems.append(f"{what} : aucun élément id=« {parts.fragment} » dans {target}")
    return problems


def test_internal_links_and_anchors_lead_somewhere(sample_site):
    """Links, styles, scripts, images… of every page, 404 included, and their #anchors."""
    problems = broken_links(sample_site.output)
    assert not problems, f"{len(problems)} lien(s) cassé(s) :\n" + "\n".join(problems)


def test_broken_links_and_anchors_are_found(tmp_path):
    (tmp_path / "a-propos").mkdir()
    (tmp_path / "a-propos/index.html").write_text('<h2 id="equipe">Équipe</h2><a name="vieux">', "utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="#contenu">ok</a><main id="contenu"></main>'
        '<a href="https://www.pop.eu.com/a-propos/#equipe">ok</a><a href="a-propos/#vieux">ok</a>'
        '<a href="/a-propos/#rien">anchor</a><a href="#nulle-part">anchor</a>'
        '<img src="/images/x.jpg" srcset="/a-propos/ 1w, /images/y.jpg 2w" alt="">'
        '<a href="https://example.org/#x">other site</a>',
        "utf-8",
    )
    assert broken_links(tmp_path) == [
        "index.html : <a> → /a-propos/#rien : aucun élément id=« rien » dans a-propos/index.html",
        "index.html : <a> → #nulle-part : aucun élément id=« nulle-part » dans index.html",
        "index.html : <img> → /images/x.jpg : aucun fichier images/x.jpg",
        "index.html : <img> → /images/y.jpg : aucun fichier images/y.jpg",
    ]


def test_future_and_draft_sample_articles_stay_out(sample_site, preview_site):
    published = set(article_pages(sample_site))
    previewed = set(article_pages(preview_site))
    held_back = previewed - published
    assert len(held_back) >= 2  # the sample has a draft and an article scheduled for 2027
    sitemap = sample_site.read("sitemap.xml")
    feed = sample_site.read("feeds/all.atom.xml")
    for name in held_back:
        url = "https://www.pop.eu.com/" + name.removesuffix("index.html")
        assert url not in sitemap
        assert url not in feed
