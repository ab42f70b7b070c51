"""Every Atom feed of the published sample against RFC 4287, every RSS channel against RSS 2.0.

The RELAX NG schema is the RFC's appendix B (tests/data/atom-rfc4287.rng, converted from
the compact syntax); the Schematron rules it carries as annotations, which RELAX NG does not
check, are written here as XPath, with the two « MUST NOT » of §§ 4.1.1 and 4.1.2 about
alternate links.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

SCHEMA = Path(__file__).parent / "data" / "atom-rfc4287.rng"
NS = {"atom": "http://www.w3.org/2005/Atom"}
SITE = "https://www.pop.eu.com/"


@pytest.fixture(scope="module")
def relaxng():
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def atom_feeds(site) -> list[str]:
    return [f for f in site.files() if f.startswith("feeds/") and f.endswith(".atom.xml")]


def rss_feeds(site) -> list[str]:
    return [f for f in site.files() if f.startswith("feeds/") and f.endswith(".rss.xml")]


def parse(site, name):
    return etree.fromstring((site.output / name).read_bytes())


def schematron_problems(feed) -> list[str]:
    """RFC 4287's Schematron assertions (appendix B) and the alternate-link rule (§ 4.1.1, § 4.1.2)."""
    problems = []
    if not feed.xpath("atom:author or not(atom:entry[not(atom:author)])", namespaces=NS):
        problems.append(
            "An atom:feed must have an atom:author unless all of its atom:entry children have one"
        )
    for element in [feed, *feed.xpath("atom:entry", namespaces=NS)]:
        where = element.findtext("atom:id", namespaces=NS) or "feed"
        if element is not feed:
            if not element.xpath(
                "atom:link[@rel='alternate'] or atom:link[not(@rel)] or atom:content", namespaces=NS
            ):
                problems.append(f"{where}: an atom:entry must have an alternate atom:link or an atom:content")
            if not element.xpath("atom:author or ../atom:author or atom:source/atom:author", namespaces=NS):
                problems.append(f"{where}: an atom:entry must have an atom:author if its feed does not")
        seen = set()
        for link in element.xpath("atom:link[@rel='alternate' or not(@rel)]", namespaces=NS):
            key = (link.get("type"), link.get("hreflang"))
            if key in seen:
                problems.append(f"{where}: two alternate links with type and hreflang {key}")
            seen.add(key)
    return problems


def test_every_atom_feed_is_valid_against_the_schema_of_rfc_4287(sample_site, relaxng):
    names = atom_feeds(sample_site)
    assert {
        "feeds/all.atom.xml",
        "feeds/categories/actualites.atom.xml",
        "feeds/formations.atom.xml",
        "feeds/outillerie.atom.xml",
        "feeds/mediations.atom.xml",
        "feeds/mediations/numero-1.atom.xml",
    } <= set(names)
    problems = []
    for name in names:
        if not relaxng.validate(etree.ElementTree(parse(sample_site, name))):
            problems += [f"{name}:{e.line}: {e.message}" for e in relaxng.error_log]
    assert not problems, "\n".join(problems)


def test_every_atom_feed_follows_the_schematron_rules_of_rfc_4287(sample_site):
    problems = []
    for name in atom_feeds(sample_site):
        problems += [f"{name}: {p}" for p in schematron_problems(parse(sample_site, name))]
    assert not problems, "\n".join(problems)


def test_the_schematron_checks_catch_what_they_are_written_for():
    no_author = etree.fromstring(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id>'
        b'<entry><id>urn:a</id><author><name>A</name></author><link href="/a"/></entry>'
        b'<entry><id>urn:b</id><link href="/b" rel="alternate"/><link href="/b2"/></entry></feed>'
    )
    assert schematron_problems(no_author) == [
        "An atom:feed must have an atom:author unless all of its atom:entry children have one",
        "urn:b: an atom:entry must have an atom:author if its feed does not",
        "urn:b: two alternate links with type and hreflang (None, None)",
    ]


def test_feed_ids_are_unique_across_all_feeds(sample_site):
    ids = {}
    for name in atom_feeds(sample_site):
        feed_id = parse(sample_site, name).findtext("atom:id", namespaces=NS)
        ids.setdefault(feed_id, []).append(name)
        entry_ids = parse(sample_site, name).xpath("atom:entry/atom:id/text()", namespaces=NS)
        assert len(entry_ids) == len(set(entry_ids)), name
    shared = {feed_id: names for feed_id, names in ids.items() if len(names) > 1}
    assert not shared
    # each feed's id is its own address: stable, and nobody else's
    for feed_id, (name,) in ids.items():
        assert feed_id == SITE + name


def test_a_category_feed_links_to_its_category_page(sample_site):
    for kind, link_path in (("atom", "atom:link[@rel='alternate']/@href"), ("rss", "channel/link/text()")):
        feed = parse(sample_site, f"feeds/categories/actualites.{kind}.xml")
        assert feed.xpath(link_path, namespaces=NS) == [SITE + "categories/actualites/"]
    assert "categories/actualites/index.html" in sample_site.files()
    site_feed = parse(sample_site, "feeds/all.atom.xml")
    assert site_feed.xpath("atom:link[@rel='alternate']/@href", namespaces=NS) == [SITE]


def test_every_feed_says_its_language_and_every_rss_channel_has_a_title_a_link_and_a_description(sample_site):
    names = rss_feeds(sample_site)
    assert "feeds/all.rss.xml" in names
    for name in names:
        channel = parse(sample_site, name).find("channel")
        for required in ("title", "link", "description"):
            assert (channel.findtext(required) or "").strip(), (name, required)
        for item in channel.findall("item"):
            assert item.findtext("title") or item.findtext("description"), name
        assert channel.findtext("language") == "fr", name
    for name in atom_feeds(sample_site):
        assert parse(sample_site, name).get("{http://www.w3.org/XML/1998/namespace}lang") == "fr", name
    category = parse(sample_site, "feeds/categories/actualites.rss.xml").find("channel")
    assert category.findtext("description") == "Les articles de la catégorie « Actualités » — POP"


def test_an_article_dated_before_1911_still_gives_valid_feed_dates(tmp_path, relaxng):
    """Paris time was UTC+00:09:21 until 1911: feeds write such dates in UTC (an imported
    archive may hold them)."""
    from minisite import build_tiny  # noqa: PLC0415

    old = "---\ntitle: Exposition universelle\ndate: 1900-04-14 10:00\n---\nUn article ancien.\n"
    site = build_tiny(tmp_path, {"content/articles/exposition.md": old})
    assert site.code == 0, site.log
    feed = parse(site, "feeds/all.atom.xml")
    assert relaxng.validate(etree.ElementTree(feed)), relaxng.error_log
    stamps = feed.xpath(
        "//atom:entry/atom:updated/text() | //atom:entry/atom:published/text()", namespaces=NS
    )
    assert "1900-04-14T09:50:39Z" in stamps or "1900-04-14T09:50:39+00:00" in stamps, stamps
    rss = site.read("feeds/all.rss.xml")
    assert "Sat, 14 Apr 1900 09:50:39" in rss
