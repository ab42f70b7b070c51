"""Contributors (data/contributors.yml): their pages show a bio and a link, JSON-LD says
Person or Organization with a url, and every page has a sharing image and a twitter:card."""

from __future__ import annotations

import json
import struct

from minisite import build_tiny

SITE = "https://www.pop.eu.com/"


def ld_blocks(site, page):
    return [json.loads(s.string) for s in site.soup(page).find_all("script", type="application/ld+json")]


def article_authors(site, page):
    (article,) = [b for b in ld_blocks(site, page) if b.get("@type") == "Article"]
    return article["author"]


def test_a_contributor_page_shows_the_bio(sample_site):
    page = sample_site.soup("auteurs/redaction-pop/index.html")
    header = page.find("header", class_="contributor-header")
    assert header.find("p", class_="kicker").get_text(strip=True) == "Organisation"
    assert header.find("p", class_="contributor-bio").get_text(strip=True) == (
        "Les actualités de POP, racontées par son équipe."
    )
    person = sample_site.soup("auteurs/marion-dupuis/index.html").find("p", class_="contributor-bio")
    assert "chargée d'inclusion numérique en santé" in person.get_text().lower()
    (profile,) = ld_blocks(sample_site, "auteurs/redaction-pop/index.html")
    assert profile["mainEntity"] == {
        "@type": "Organization",
        "name": "Rédaction POP",
        "url": SITE + "auteurs/redaction-pop/",
        "description": "Les actualités de POP, racontées par son équipe.",
    }


def test_teams_are_organizations_and_people_persons_with_a_url_in_articles(sample_site):
    assert article_authors(sample_site, "mediations/dialogue-numerique-en-sante/index.html") == [
        {"@type": "Person", "name": "Marion Dupuis", "url": SITE + "auteurs/marion-dupuis/"},
        {"@type": "Person", "name": "Garlann Nizon", "url": SITE + "auteurs/garlann-nizon/"},
    ]
    seen = {}
    for name in sample_site.files():
        if name.endswith("index.html") and not name.startswith(("auteurs/", "categories/", "tags/")):
            for block in ld_blocks(sample_site, name):
                if block.get("@type") == "Article":
                    for author in block["author"]:
                        seen[author["name"]] = author["@type"]
                        assert author["url"].startswith(SITE), (name, author)
    assert seen["Rédaction de Médiation(s)"] == "Organization"
    assert seen["Équipe POP Café"] == "Organization"
    assert seen["Marion Dupuis"] == "Person"


def test_resource_authors_are_typed_with_a_url(sample_site):
    resources = [n for n in sample_site.files() if n.startswith("outillerie/") and n.endswith("/index.html")]
    assert resources
    for name in resources:
        for block in ld_blocks(sample_site, name):
            if block.get("@type") == "LearningResource":
                for author in block["author"]:
                    assert author["@type"] in ("Person", "Organization"), (name, author)
                    assert author["url"].startswith("https://"), (name, author)
    (resource,) = ld_blocks(sample_site, "outillerie/catalogue-ensemble-a-100/index.html")
    assert resource["author"] == [{"@type": "Organization", "name": "POP", "url": SITE}]


def test_every_page_has_a_twitter_card_and_a_sharing_image_that_exists(sample_site):
    pages = [n for n in sample_site.files() if n.endswith(".html")]
    for name in pages:
        head = sample_site.soup(name).head
        if head.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect from a former address
        assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image", name
        image = head.find("meta", property="og:image")["content"]
        assert image.startswith(SITE), name
        assert image.removeprefix(SITE) in sample_site.files(), (name, image)
        assert head.find("meta", property="og:image:alt")["content"], name
    cover = sample_site.soup("mediations/numeros/2/index.html").head.find("meta", property="og:image")
    assert cover["content"] == SITE + "images/mediations/numero-2.jpg"
    default = sample_site.soup("index.html").head.find("meta", property="og:image")
    assert default["content"] == SITE + "images/partage-pop.png"


def test_the_default_sharing_image_is_small_and_1200_by_630(sample_site):
    data = (sample_site.output / "images/partage-pop.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 630)
    assert len(data) < 30_000


CONTRIBUTORS = """
    equipe-pop:
      name: "Équipe POP"
      kind: organisation
      bio: "L'équipe."
    camille:
      name: "Camille Martin"
      kind: person
      bio: "Médiatrice numérique."
      url: "https://camille.example.org/"
"""


def test_an_editor_may_write_a_key_in_authors(tmp_path):
    article = """
        ---
        title: Bienvenue
        date: 2026-01-14
        authors:
          - camille
          - Inconnue Dupont
        ---
        Premier paragraphe.
        """
    site = build_tiny(
        tmp_path,
        {"content/data/contributors.yml": CONTRIBUTORS, "content/articles/bienvenue.md": article},
    )
    assert site.code == 0, site.log
    authors = article_authors(site, "actualites/bienvenue/index.html")
    assert authors == [
        {
            "@type": "Person",
            "name": "Camille Martin",
            "url": SITE + "auteurs/camille-martin/",
            "sameAs": "https://camille.example.org/",
        },
        {"@type": "Person", "name": "Inconnue Dupont", "url": SITE + "auteurs/inconnue-dupont/"},
    ]
    header = site.soup("auteurs/camille-martin/index.html").find("header", class_="contributor-header")
    assert header.h1.get_text(strip=True) == "Camille Martin"
    assert header.find("p", class_="contributor-bio").get_text(strip=True) == "Médiatrice numérique."
    link = header.find("p", class_="contributor-link").a
    assert (link["href"], link.get_text(strip=True)) == (
        "https://camille.example.org/",
        "Sa page : camille.example.org",
    )
    unknown = site.soup("auteurs/inconnue-dupont/index.html").find("header", class_="contributor-header")
    assert unknown.find("p", class_="contributor-bio") is None  # not listed: a person with no bio


def test_a_wrong_kind_or_url_is_a_french_error_at_its_line(tmp_path):
    wrong = CONTRIBUTORS.replace("kind: person", "kind: personne").replace(
        "https://camille.example.org/", "www.exemple.fr"
    )
    site = build_tiny(tmp_path, {"content/data/contributors.yml": wrong})
    assert site.code == 1
    assert (
        "content/data/contributors.yml:5: champ « camille.kind » : attendu person ou organisation, trouvé « personne »"
        in site.log
    )
    assert (
        "content/data/contributors.yml:5: champ « camille.url » : attendu une adresse qui commence par https://, "
        "trouvé « www.exemple.fr »" in site.log
    )
    assert "Traceback" not in site.log
