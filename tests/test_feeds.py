"""Feeds as a feed reader sees them: parsed by feedparser, absolute, stable."""

from __future__ import annotations

import feedparser
import pytest
from minisite import build_sample

SITE = "https://www.pop.eu.com/"


def feeds(site):
    return [f for f in site.files() if f.startswith("feeds/") and f.endswith(".xml")]


def test_site_and_category_feeds_exist(sample_site):
    names = feeds(sample_site)
    assert {"feeds/all.atom.xml", "feeds/all.rss.xml"} <= set(names)
    assert "feeds/categories/actualites.atom.xml" in names
    assert "feeds/categories/actualites.rss.xml" in names


def test_every_feed_parses_with_absolute_links_and_unique_ids(sample_site):
    for name in feeds(sample_site):
        parsed = feedparser.parse(sample_site.read(name))
        assert not parsed.bozo, f"{name}: {parsed.get('bozo_exception')}"
        assert parsed.entries, name
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)), name
        assert parsed.feed.link.startswith(SITE), name
        for entry in parsed.entries:
            assert entry.title, name
            assert entry.get("published") or entry.get("updated"), name
            assert entry.link.startswith(SITE), (name, entry.link)
            assert entry.id.startswith(("tag:www.pop.eu.com,", SITE)), (name, entry.id)
            for link in entry.get("links", []):
                assert link["href"].startswith(SITE), (name, link)


def test_content_links_inside_feeds_are_absolute(sample_site):
    parsed = feedparser.parse(sample_site.read("feeds/all.atom.xml"))
    for entry in parsed.entries:
        for content in entry.get("content", []):
            for attribute in ('href="/', 'src="/', 'href="../', 'src="../'):
                assert attribute not in content.value, entry.link


def test_rss_guids_are_not_taken_for_permalinks(sample_site):
    rss = sample_site.read("feeds/all.rss.xml")
    assert rss.count("<guid") == rss.count('<guid isPermaLink="false">') > 0


def test_feed_ids_are_the_same_in_two_builds(sample_site, tmp_path):
    again = build_sample(tmp_path / "again", "publishconf.py")
    for name in feeds(sample_site):
        first = [e.id for e in feedparser.parse(sample_site.read(name)).entries]
        second = [e.id for e in feedparser.parse(again.read(name)).entries]
        assert first == second, name


@pytest.mark.parametrize("page", ["index.html", "categories/actualites/index.html"])
def test_feeds_are_linked_from_pages(sample_site, page):
    head = sample_site.soup(page).head
    types = {link.get("type") for link in head.find_all("link", rel="alternate")}
    assert {"application/atom+xml", "application/rss+xml"} <= types
