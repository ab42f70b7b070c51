"""Médiation(s): numbered issues, their contents in order, navigation inside an issue,
feeds, and issues held back (draft or future) with all their articles."""

from __future__ import annotations

import datetime
import gzip
import json
import re

import feedparser
import pytest
from bs4 import BeautifulSoup
from minisite import build_sample, build_tiny

from sitetools.scaffold import new_content

SITE = "https://www.pop.eu.com/"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def issue(number, title, date, extra=""):
    return f"---\nnumber: {number}\ntitle: {title}\ndate: {date}\n{extra}---\nL'édito du numéro {number}.\n\nSa suite.\n"


def article(title, date, number, order, fmt="dialogue", authors=("Équipe Médiation",), extra=""):
    names = "".join(f"  - {name}\n" for name in authors)
    return (
        f"---\ntitle: {title}\ndate: {date}\nauthors:\n{names}category: Médiation(s)\n"
        f"format: {fmt}\nedition: {number}\nedition_order: {order}\n{extra}---\nTexte de {title}.\n"
    )


# Two published issues, one draft, one dated after the build date (2026-11-20).
FILES = {
    "content/images/couverture-2.png": PNG,
    # the address comes from the number, never from the file name
    "content/editions/zz-deuxieme.md": issue(
        2, "Deuxième thème", "2026-09-01", "cover: images/couverture-2.png\ncover_alt: Deux cercles bleus\n"
    ),
    "content/editions/premier.md": issue(1, "Premier thème", "2026-03-01"),
    "content/editions/3-brouillon.md": issue(3, "Thème secret brouillon", "2026-10-01", "status: draft\n"),
    "content/editions/4-futur.md": issue(4, "Thème du futur", "2027-01-15"),
    # file names in another order than the contents
    "content/articles/mediations/a.md": article("Troisième du sommaire", "2026-09-01", 2, 3, "entretien"),
    "content/articles/mediations/b.md": article(
        "Premier du sommaire", "2026-09-01", 2, 1, authors=("Marion Dupuis", "Garlann Nizon")
    ),
    "content/articles/mediations/c.md": article("Deuxième du sommaire", "2026-09-01", 2, 2),
    "content/articles/mediations/d.md": article("Seul article du N°1", "2026-03-01", 1, 1),
    # articles of held issues: published on their own, held by their issue
    "content/articles/mediations/e.md": article(
        "Article caché du brouillon",
        "2026-10-01",
        3,
        1,
        "entretien",
        ("Autrice Secrète",),
        "tags:\n  - Secret\n",
    ),
    "content/articles/mediations/f.md": article(
        "Article du futur numéro", "2026-11-01", 4, 1, "entretien", ("Auteur Futur",), "tags:\n  - Futur\n"
    ),
}
CONTENTS = ["Premier du sommaire", "Deuxième du sommaire", "Troisième du sommaire"]
SECRETS = [
    "Thème secret brouillon",
    "Article caché du brouillon",
    "Autrice Secrète",
    "autrice-secrete",
    "Thème du futur",
    "Article du futur numéro",
    "Auteur Futur",
    "auteur-futur",
    "mots-cles/secret",
    "mots-cles/futur",
    "numeros/3/",
    "numeros/4/",
    "numero-3.atom",
    "numero-4.atom",
    "mediations/e/",
    "mediations/f/",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = build_tiny(tmp_path_factory.mktemp("editions"), FILES)
    assert built.code == 0, built.log
    return built


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    built = build_tiny(tmp_path_factory.mktemp("editions-preview"), FILES, publish=False)
    assert built.code == 0, built.log
    return built


def titles(soup, selector=".issue-contents .contents-title"):
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


# --- pages ---------------------------------------------------------------------------------


def test_issue_page_shows_number_theme_date_editorial_and_contents_in_order(site):
    page = site.soup("mediations/numeros/2/index.html")
    assert page.h1.get_text(" ", strip=True) == "N°2 — Deuxième thème"
    assert page.find("time", attrs={"datetime": "2026-09-01"}).get_text() == "1er septembre 2026"
    assert "L'édito du numéro 2." in page.find(class_="editorial").get_text()
    assert titles(page) == CONTENTS
    first = page.select(".issue-contents > li")[0].get_text(" ", strip=True)
    assert first.startswith("Dialogue Premier du sommaire")
    assert "Par Marion Dupuis et Garlann Nizon" in first and "1 min de lecture" in first
    assert page.select(".issue-contents .kicker a")[2]["href"] == SITE + "mediations/formats/entretien/"


def test_the_address_of_an_issue_is_its_number(site):
    assert "mediations/numeros/2/index.html" in site.files()
    assert not [f for f in site.files() if "zz-deuxieme" in f or "premier/" in f]


def test_media_home_puts_the_latest_issue_up_front_then_the_earlier_ones(site):
    home = site.soup("mediations/index.html")
    latest = home.find(class_="latest-issue")
    assert latest.find("h2").get_text(" ", strip=True) == "N°2 — Deuxième thème"
    assert latest.find("img", alt="Deux cercles bleus")
    assert "L'édito du numéro 2." in latest.get_text()  # the editorial's excerpt
    assert titles(home) == CONTENTS
    earlier = home.find(id="numeros-precedents").find_parent("section")
    assert [h.get_text(" ", strip=True) for h in earlier.select(".issue-card-title")] == [
        "N°1 — Premier thème"
    ]


def test_archive_lists_every_published_issue_with_number_theme_and_date(site):
    archive = site.soup("mediations/numeros/index.html")
    cards = archive.select(".issue-card")
    assert [c.find(class_="issue-card-title").get_text(" ", strip=True) for c in cards] == [
        "N°2 — Deuxième thème",
        "N°1 — Premier thème",
    ]
    assert cards[0].find("img")["alt"] == "Deux cercles bleus"
    assert [c.find("time")["datetime"] for c in cards] == ["2026-09-01", "2026-03-01"]


def test_navigation_inside_an_issue(site):
    expected = {
        "b": (None, "Deuxième du sommaire"),
        "c": ("Premier du sommaire", "Troisième du sommaire"),
        "a": ("Deuxième du sommaire", None),
    }
    for slug, (previous, following) in expected.items():
        page = site.soup(f"mediations/{slug}/index.html")
        assert page.find(class_="issue-ref").get_text(" ", strip=True) == "Paru dans le N°2 — Deuxième thème"
        assert page.find(class_="issue-ref").a["href"] == SITE + "mediations/numeros/2/"
        pager = page.find("nav", class_="issue-pager")
        found_previous = pager.find("a", rel="prev")
        found_next = pager.find("a", rel="next")
        assert (found_previous and found_previous.get_text(" ", strip=True).split("précédent ")[1]) == (
            previous or None
        ), slug
        assert (found_next and found_next.get_text(" ", strip=True).split("→ ")[1]) == (following or None), (
            slug
        )
        back = pager.find("a", string=re.compile("Retour au sommaire du N°2"))
        assert back["href"] == SITE + "mediations/numeros/2/#sommaire"
        assert page.find(class_="kicker").find(
            "a", href=SITE + "mediations/formats/" + ("entretien/" if slug == "a" else "dialogue/")
        )


def test_article_of_an_issue_says_so_in_json_ld(site):
    page = site.soup("mediations/b/index.html")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Article"
    assert data["isPartOf"]["issueNumber"] == "2"
    assert data["isPartOf"]["url"] == SITE + "mediations/numeros/2/"
    assert [a["name"] for a in data["author"]] == ["Marion Dupuis", "Garlann Nizon"]


def test_format_page_lists_its_articles_across_issues(site):
    page = site.soup("mediations/formats/dialogue/index.html")
    assert page.h1.get_text(" ", strip=True) == "Format : Dialogue"
    items = page.select(".format-articles > li")
    assert [i.find("h2").get_text(strip=True) for i in items] == [
        "Premier du sommaire",
        "Deuxième du sommaire",
        "Seul article du N°1",
    ]
    assert [i.find(class_="kicker").get_text(strip=True) for i in items] == [
        "N°2 — Deuxième thème",
        "N°2 — Deuxième thème",
        "N°1 — Premier thème",
    ]
    assert "mediations/formats/index.html" in site.files()


def test_contributor_page_names_the_issues(site):
    page = site.soup("auteurs/marion-dupuis/index.html")
    assert page.h1.get_text(strip=True) == "Marion Dupuis"
    assert "1 article dans Médiation(s) (N°2)." in page.find(class_="lead").get_text(" ", strip=True)
    item = page.select(".format-articles > li")[0].get_text(" ", strip=True)
    assert "N°2 — Deuxième thème · Dialogue Premier du sommaire Avec Garlann Nizon" in item


def test_home_shows_the_latest_issue(site):
    block = site.soup("index.html").find(id="accueil-mediations").find_parent("section")
    assert block.find("a", string="N°2 — Deuxième thème")["href"] == SITE + "mediations/numeros/2/"
    assert [a.get_text() for a in block.select(".index-list a")] == CONTENTS


def test_search_indexes_the_issue_page_with_its_type(site):
    body = site.soup("mediations/numeros/2/index.html").find(attrs={"data-pagefind-body": True})
    assert body["data-pagefind-filter"] == "type:Numéro"
    for listing in (
        "mediations/index.html",
        "mediations/numeros/index.html",
        "mediations/formats/dialogue/index.html",
    ):
        assert "data-pagefind-body" not in site.read(listing), listing


# --- feeds -----------------------------------------------------------------------------------


def test_each_issue_feed_holds_exactly_its_articles_with_absolute_links(site):
    for number, expected in ((2, CONTENTS), (1, ["Seul article du N°1"])):
        parsed = feedparser.parse(site.read(f"feeds/mediations/numero-{number}.atom.xml"))
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.feed.title == f"Médiation(s) — N°{number} : " + (
            "Deuxième thème" if number == 2 else "Premier thème"
        )
        assert parsed.feed.link == f"{SITE}mediations/numeros/{number}/"
        assert [e.title for e in parsed.entries] == expected
        for entry in parsed.entries:
            assert entry.link.startswith(SITE + "mediations/"), entry.link
            assert entry.id.startswith("tag:www.pop.eu.com,")
            assert entry.get("published")


def test_the_feed_of_an_issue_without_articles_yet_is_dated_by_the_issue_not_the_clock(tmp_path):
    # an issue announced before its articles: its feed's <updated> once took the build's
    # wall-clock time, so two builds of the same content differed (and were uploaded again)
    files = {
        "content/editions/5-annonce.md": issue(5, "Thème annoncé", "2026-10-15"),
        # its one article comes out after the build date (2026-11-20)
        "content/articles/mediations/g.md": article("Article à paraître", "2026-12-01", 5, 1),
    }
    first = build_tiny(tmp_path / "un", files)
    assert first.code == 0, first.log
    second = build_tiny(tmp_path / "deux", files)
    feed = first.read("feeds/mediations/numero-5.atom.xml")
    assert feed == second.read("feeds/mediations/numero-5.atom.xml")
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries == []
    assert parsed.feed.updated == "2026-10-15T00:00:00+02:00"


def test_media_feed_has_one_entry_per_published_issue_with_its_contents(site):
    parsed = feedparser.parse(site.read("feeds/mediations.atom.xml"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.title for e in parsed.entries] == ["N°2 — Deuxième thème", "N°1 — Premier thème"]
    assert [e.link for e in parsed.entries] == [
        SITE + "mediations/numeros/2/",
        SITE + "mediations/numeros/1/",
    ]
    content = parsed.entries[0].content[0].value
    assert "L'édito du numéro 2." in content
    positions = [content.index(f'href="{SITE}mediations/{slug}/"') for slug in "bca"]
    assert positions == sorted(positions)


def test_feeds_are_announced_by_their_pages_and_listed_as_open_data(site):
    def announced(page):
        return {link["href"] for link in site.soup(page).head.find_all("link", rel="alternate")}

    for page in ("mediations/numeros/2/index.html", "mediations/b/index.html"):
        assert {SITE + "feeds/mediations/numero-2.atom.xml", SITE + "feeds/mediations.atom.xml"} <= announced(
            page
        )
    for page in ("mediations/index.html", "mediations/numeros/index.html"):
        assert SITE + "feeds/mediations.atom.xml" in announced(page)
    data = site.soup("donnees-ouvertes/index.html")
    for feed in (
        "feeds/mediations.atom.xml",
        "feeds/mediations/numero-1.atom.xml",
        "feeds/mediations/numero-2.atom.xml",
    ):
        assert data.find("a", href=SITE + feed), feed


# --- issues held back ------------------------------------------------------------------------


def output_texts(site) -> dict[str, str]:
    """Every output file as text, search index fragments included (gzipped JSON)."""
    texts = {}
    for name in site.files():
        data = (site.output / name).read_bytes()
        if name.endswith((".pf_fragment", ".pf_meta", ".pf_index", ".pf_filter")):
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        texts[name] = data.decode("utf-8", errors="ignore")
    return texts


def test_draft_and_future_issues_and_their_articles_are_in_no_published_output(site):
    texts = output_texts(site)
    index = [text for name, text in texts.items() if name.startswith("pagefind/fragment/")]
    assert any("Deuxième thème" in text for text in index)  # the search index holds published issues
    leaks = [(name, secret) for name, text in texts.items() for secret in SECRETS if secret in name + text]
    assert not leaks, leaks
    for name in (
        "sitemap.xml",
        "plan-du-site/index.html",
        "categories/mediations/index.html",
        "feeds/all.atom.xml",
    ):
        assert name in texts
    # the format stays, with its published articles only
    assert "mediations/formats/entretien/index.html" in texts
    assert "Troisième du sommaire" in texts["mediations/formats/entretien/index.html"]


def test_preview_shows_held_issues_and_their_articles_marked(preview):
    draft = preview.soup("mediations/numeros/3/index.html").get_text(" ", strip=True)
    assert "Brouillon — non publié" in draft and "À paraître le 1er octobre 2026" in draft
    assert "Article caché du brouillon" in draft
    future = preview.soup("mediations/numeros/4/index.html").get_text(" ", strip=True)
    assert "Programmé pour le 15 janvier 2027" in future
    hidden = preview.soup("mediations/e/index.html").get_text(" ", strip=True)
    assert "Numéro en préparation — non publié" in hidden
    assert "À paraître dans le N°3 — Thème secret brouillon" in hidden
    later = preview.soup("mediations/f/index.html").get_text(" ", strip=True)
    assert "Paraîtra avec le N°4, le 15 janvier 2027" in later
    # (never in the search index: previews are not indexed; the published build's index is
    # checked by test_draft_and_future_issues_and_their_articles_are_in_no_published_output)
    assert "Autrice Secrète" in preview.read("auteurs/autrice-secrete/index.html")
    assert "feeds/mediations/numero-3.atom.xml" in preview.files()


def test_an_issue_is_published_on_its_date_with_its_articles(tmp_path):
    files = {
        "content/editions/4-futur.md": issue(4, "Thème du futur", "2027-01-15"),
        "content/articles/mediations/f.md": article("Article du futur numéro", "2026-11-01", 4, 1),
    }
    before = build_tiny(tmp_path / "avant", files)
    assert before.code == 0, before.log
    assert "mediations/f/index.html" not in before.files()
    on_the_day = build_tiny(tmp_path / "jour", files, env={"BUILD_DATE": "2027-01-15"})
    assert on_the_day.code == 0, on_the_day.log
    assert "mediations/f/index.html" in on_the_day.files()
    assert "mediations/numeros/4/index.html" in on_the_day.files()


def test_a_site_without_issues_builds_and_keeps_its_menu_link(tmp_path):
    site = build_tiny(tmp_path, {})
    assert site.code == 0, site.log
    assert "Aucun numéro n'est encore paru" in site.read("mediations/index.html")
    assert not [f for f in site.files() if f.startswith("feeds/mediations")]


# --- scaffolding ---------------------------------------------------------------------------


def test_new_issue_takes_the_next_number_and_is_a_draft(tmp_path):
    import editions  # noqa: F401 — registers the « numero » type

    content = tmp_path / "content"
    (content / "editions").mkdir(parents=True)
    (content / "editions" / "premier.md").write_text(issue(1, "Un", "2026-01-01"), encoding="utf-8")
    path = new_content("numero", "À qui se fier ?", content, datetime.date(2026, 11, 20))
    assert path == content / "editions" / "2-a-qui-se-fier.md"
    text = path.read_text(encoding="utf-8")
    assert "\nnumber: 2  #" in text and "\nstatus: draft  #" in text and "\ndate: 2026-11-20  #" in text
    assert 'title: "À qui se fier ?"' in text
    chosen = new_content("numero", "Plus tard", content, datetime.date(2026, 11, 20), {"numero": "7"})
    assert chosen.name == "7-plus-tard.md"
    with pytest.raises(SystemExit, match="Le numéro 2 existe déjà : content/editions/2-a-qui-se-fier.md"):
        new_content("numero", "Encore", content, datetime.date(2026, 11, 20), {"numero": "2"})
    with pytest.raises(
        SystemExit, match="--numero : attendu un nombre entier supérieur ou égal à 1, trouvé « zéro »"
    ):
        new_content("numero", "Encore", content, datetime.date(2026, 11, 20), {"numero": "zéro"})


def test_a_new_issue_builds_and_stays_unpublished(tmp_path):
    import editions  # noqa: F401

    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    path = new_content("numero", "Numéro en chantier", root / "content", datetime.date(2026, 11, 20))
    files = {
        f"content/editions/{path.name}": path.read_text(encoding="utf-8"),
        "content/articles/mediations/x.md": article("Premier papier", "2026-11-20", 1, 1),
    }
    site = build_tiny(tmp_path / "build", files)
    assert site.code == 0, site.log
    assert not [f for f in site.files() if "numeros/1" in f or "mediations/x" in f]


# --- the sample --------------------------------------------------------------------------------


def test_sample_has_two_published_issues_with_their_contents(sample_site):
    for number, theme in (
        (1, "À quelles conditions le numérique est-il bon pour nous ?"),
        (2, "À qui se fier ?"),
    ):
        page = sample_site.soup(f"mediations/numeros/{number}/index.html")
        assert page.h1.get_text(" ", strip=True) == f"N°{number} — {theme}"
        assert len(page.select(".issue-contents > li")) >= 3
        assert page.find(class_="editorial").find("p")
    dialogue = sample_site.soup("mediations/dialogue-numerique-en-sante/index.html")
    assert dialogue.find(class_="issue-ref").get_text(" ", strip=True) == "Paru dans le N°2 — À qui se fier ?"
    assert "Par Marion Dupuis et Garlann Nizon" in dialogue.find(class_="byline").get_text(" ", strip=True)
    assert dialogue.find("a", href=SITE + "mediations/formats/dialogue/")
    credits = sample_site.soup("a-propos-mediations/index.html").get_text(" ", strip=True)
    for who in (
        "Emmanuel Letourneux",
        "Jacques-François Marchandise",
        "SCIC des Assembleurs",
        "FEDER React-EU",
    ):
        assert who in credits


def test_sample_issue_in_preparation_is_never_published(sample_site, preview_site):
    assert "mediations/numeros/3/index.html" in preview_site.files()
    held = [f for f in preview_site.files() if f.startswith("mediations/") and f not in sample_site.files()]
    assert "mediations/numeros/3/index.html" in held and len(held) >= 4, held
    assert "images/mediations/numero-3.jpg" not in sample_site.files()
    everything = "\n".join(sample_site.read(f) for f in sample_site.files() if f.endswith((".html", ".xml")))
    assert "Où se fabrique le numérique" not in everything


def test_sample_still_builds_years_later(tmp_path):
    """Time passing never breaks the build: in 2031 every session is over (warnings only)."""
    site = build_sample(tmp_path / "output", "publishconf.py", {"BUILD_DATE": "2031-06-01", "STRICT": ""})
    assert "mediations/numeros/2/index.html" in site.files()
    assert "mediations/numeros/3/index.html" not in site.files()  # still a draft


def test_preview_with_cache_follows_an_issue_that_gets_published(tmp_path):
    """Articles read from the preview's cache keep no stale mark of their issue."""
    from minisite import pelican, write_site

    root = tmp_path / "site"
    files = {
        "content/editions/3.md": issue(3, "Bientôt", "2026-10-01", "status: draft\n"),
        "content/articles/mediations/e.md": article("Article en attente", "2026-10-01", 3, 1),
        "content/articles/mediations/g.md": article("Autre article en attente", "2026-10-01", 3, 2),
    }
    write_site(root, files, publish=False)
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text() + "CACHE_PATH = 'cache'\nLOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\n"
    )
    output = tmp_path / "out"
    code, log = pelican(root, output)
    assert code == 0, log
    assert "Numéro en préparation" in (output / "mediations/e/index.html").read_text()
    edition = root / "content/editions/3.md"
    edition.write_text(edition.read_text().replace("status: draft\n", ""))
    code, log = pelican(root, output)
    assert code == 0, log
    page = BeautifulSoup((output / "mediations/e/index.html").read_text(), "html.parser").get_text(
        " ", strip=True
    )
    assert "Numéro en préparation" not in page and "Paru dans le N°3 — Bientôt" in page
    assert "Brouillon" not in (output / "mediations/numeros/3/index.html").read_text()
