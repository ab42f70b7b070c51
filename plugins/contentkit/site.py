"""Outputs about the whole site: redirects of former addresses, site map, sitemap.xml, robots.txt."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from pelican.generators import Generator

from . import types
from .checks import alias_save_as
from .items import all_items, is_published


@dataclass
class Group:
    label: str
    items: list = field(default_factory=list)


def sort_key(text: str) -> str:
    """Alphabetical order as a French reader expects it: « À propos » among the A."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def absolute(settings: dict, url: str) -> str:
    base = (settings.get("SITE_ABSOLUTE_URL") or "").rstrip("/")
    return f"{base}/{url}" if base else f"/{url}"


def site_contents(items, settings: dict) -> list[Group]:
    """Every published, listed item grouped by content type, for the site map."""
    groups: dict[str, Group] = {}
    order = {}
    for item in items:
        if not is_published(item) or getattr(item, "status", "") == "hidden":
            continue
        content_type = types.REGISTRY.get(getattr(item, "content_type", ""))
        if content_type is None:
            continue
        group = groups.setdefault(content_type.name, Group(content_type.label))
        order[content_type.name] = content_type.sitemap_order
        group.items.append(item)
    for group in groups.values():
        group.items.sort(key=lambda i: sort_key(str(i.title)))
    return [groups[name] for name in sorted(groups, key=lambda n: (order[n], n))]


def site_feeds(settings: dict) -> list[dict]:
    """The site-wide feeds of Pelican's settings, as open data entries."""
    entries = []
    for key, label, kind in (
        ("FEED_ALL_ATOM", "Toutes les publications", "Atom"),
        ("FEED_ALL_RSS", "Toutes les publications", "RSS 2.0"),
    ):
        if settings.get(key):
            entries.append(
                {
                    "title": label,
                    "url": settings[key],
                    "format": kind,
                    "description": "les derniers articles et pages du site, pour un lecteur de flux",
                }
            )
    if settings.get("SITE_ABSOLUTE_URL"):
        entries.append(
            {
                "title": "Plan du site pour les moteurs de recherche",
                "url": "sitemap.xml",
                "format": "XML Sitemap 0.9",
                "description": "toutes les adresses publiées, avec leur date de mise à jour",
            }
        )
    return entries


def open_data(generators, settings: dict) -> list[dict]:
    """Every machine-readable output of the site: the site's feeds, then what each
    content type's generator declares (``open_data()``), in generator order."""
    entries = site_feeds(settings)
    for generator in generators:
        if hasattr(generator, "open_data"):
            entries += list(generator.open_data())
    return entries


class SiteGenerator(Generator):
    """Writes what no single content type owns. Its context is filled on
    ``all_generators_finalized``, once every item is known."""

    def generate_context(self):
        self.context.setdefault("home_blocks", [])
        self.context.setdefault("site_contents", [])

    def finalize(self, generators) -> None:
        self.items = all_items(generators)
        self.context["site_contents"] = site_contents(self.items, self.settings)
        self.context["open_data"] = open_data(generators, self.settings)
        self.context["list_pages"] = [
            entry
            for generator in generators
            if hasattr(generator, "list_pages")
            for entry in generator.list_pages()
        ]

    def generate_output(self, writer):
        self.write_redirects(writer)
        save_as = self.settings.get("OPEN_DATA_SAVE_AS")
        if save_as:
            writer.write_file(
                save_as,
                self.get_template("open_data"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=self.settings.get("OPEN_DATA_URL", ""),
            )
        if self.settings.get("SITE_ABSOLUTE_URL"):
            self.write_text("sitemap.xml", self.sitemap_xml())
            self.write_text("robots.txt", self.robots_txt())

    def write_redirects(self, writer):
        template = self.get_template("redirect")
        for item in getattr(self, "items", []):
            if not is_published(item):
                continue
            for alias in getattr(item, "aliases", None) or []:
                writer.write_file(
                    alias_save_as(alias),
                    template,
                    self.context,
                    relative_urls=self.settings["RELATIVE_URLS"],
                    target_url=absolute(self.settings, item.url),
                    title=item.title,
                )

    def sitemap_urls(self):
        yield absolute(self.settings, ""), None
        for group in self.context["site_contents"]:
            for item in group.items:
                stamp = getattr(item, "modified", None) or getattr(item, "date", None)
                yield absolute(self.settings, item.url), stamp
        for _, url in self.context.get("list_pages", []):
            yield absolute(self.settings, url), None
        if self.settings.get("OPEN_DATA_SAVE_AS"):
            yield absolute(self.settings, self.settings.get("OPEN_DATA_URL", "")), None
        for template in self.settings.get("DIRECT_TEMPLATES", []):
            url = self.settings.get(f"{template.upper()}_URL")
            if url and template != "index":
                yield absolute(self.settings, url), None

    def sitemap_xml(self) -> str:
        rows = []
        for url, stamp in self.sitemap_urls():
            lastmod = f"<lastmod>{stamp.date().isoformat()}</lastmod>" if stamp else ""
            rows.append(f"<url><loc>{escape(url)}</loc>{lastmod}</url>")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows)
            + "\n</urlset>\n"
        )

    def robots_txt(self) -> str:
        return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(self.settings, 'sitemap.xml')}\n"

    def write_text(self, name: str, text: str) -> None:
        path = os.path.join(self.output_path, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
