"""Feeds as a feed reader sees them: parsed by feedparser, absolute, stable."""

from __future__ import annotations

import re

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


def announced_feeds(site) -> dict[str, set[str]]:
    """For each page, the feeds its <head> announces (paths in the output)."""
    announced = {}
    for name in site.files():
        if name.endswith(".html"):
            head = site.soup(name).head
            links = head.find_all(
                "link", rel="alternate", type=["application/atom+xml", "application/rss+xml"]
            )
            announced[name] = {link["href"].removeprefix(SITE) for link in links}
    return announced


def test_every_feed_is_announced_by_the_pages_it_belongs_to(sample_site):
    """The site's feeds by every page; a category's feeds by the category's page and by
    each of its articles; any other feed (formations, outillerie, an issue…) by a page."""
    announced = announced_feeds(sample_site)
    problems = []
    for name, found in announced.items():
        for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
            if feed not in found:
                problems.append(f"{name} n'annonce pas {feed}")
        for feed in found:
            if feed not in sample_site.files():
                problems.append(f"{name} annonce {feed}, qui n'existe pas")
    for feed in feeds(sample_site):
        slug = re.fullmatch(r"feeds/categories/([^/]+)\.(atom|rss)\.xml", feed)
        if slug:
            category = f"categories/{slug.group(1)}/index.html"
            members = [category] + [
                name
                for name, _ in announced.items()
                if re.fullmatch(rf"{re.escape(slug.group(1))}/[^/]+/index\.html", name)
            ]
            problems += [
                f"{page} n'annonce pas {feed}" for page in members if feed not in announced.get(page, set())
            ]
        elif not any(feed in found for found in announced.values()):
            problems.append(f"aucune page n'annonce {feed}")
    assert not problems, "\n".join(problems)
