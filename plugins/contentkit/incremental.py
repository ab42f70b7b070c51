"""Incremental rendering for previews: a page whose inputs did not change is not rendered
again, so that saving one article rewrites a handful of pages, not the whole site.

A page's fingerprint is made of the « shell » every page shares (settings, theme,
plugins, menu) and of what the page itself shows: its item (source file and status), or
the items of its slice of a list, or, for site-wide pages, every published item. The
fingerprints of the last build are kept in the cache folder. Publish builds never use
this: they render everything, from scratch.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pelican.contents import Content

from .items import is_published
from .state import get_run

CACHE_FILE = "contentkit-pages.json"
# Pages whose template shows a single item; every other page shows lists.
SINGLE_KEYS = ("article", "page", "item")  # "item": custom types (generator.py)
LIST_KEYS = ("articles_page", "dates_page")


def digest(*parts) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def tree_digest(*folders: Path) -> str:
    stamps = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    stat = path.stat()
                    stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return digest(stamps)


def item_key(item) -> tuple:
    """What changes when an item changes: its source file, its status, its address.

    Computed once per build and kept on the item."""
    cached = item.__dict__.get("_contentkit_key")
    if cached is not None:
        return cached
    try:
        stat = os.stat(item.source_path)
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    key = (
        item.source_path,
        stamp,
        getattr(item, "status", ""),
        getattr(item, "is_draft", False),
        getattr(item, "is_scheduled", False),
        getattr(item, "url", ""),
        # what else the item's page shows, set by its type's plugin (its issue's title,
        # the previous and next articles…): a change there renders the page again
        repr(getattr(item, "contentkit_depends", None)),
    )
    item.__dict__["_contentkit_key"] = key
    return key


class PageCache:
    """Fingerprints of the pages of the last preview build, by output file."""

    def __init__(self, settings: dict, output_path: str):
        self.output = Path(output_path)
        self.path = Path(settings.get("CACHE_PATH") or ".cache") / CACHE_FILE
        try:
            self.previous = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, str] = {}
        self.unchanged: set[str] = set()  # output files left as they are on disk
        self.skipped = 0
        self.rendered = 0
        self._base: str | None = None
        self._shell: str | None = None
        self._site: str | None = None
        self.settings = settings

    def base(self) -> str:
        """What every output depends on: settings, theme, plugins, vocabularies, build date."""
        if self._base is None:
            # objects (filters, plugins, this build's state) by type only: their repr
            # holds addresses that change at every run
            settings = json.dumps(
                {k: v for k, v in self.settings.items() if k.isupper() and not k.startswith("_")},
                sort_keys=True,
                default=lambda value: type(value).__name__,
            )
            theme = Path(self.settings["THEME"])
            plugins = [Path(p) for p in self.settings.get("PLUGIN_PATHS", [])]
            # vocabularies (content/data/) are shown on many pages: place names, formats…
            data = Path(self.settings["PATH"]) / str(
                (self.settings.get("CONTENTKIT") or {}).get("DATA_DIR", "data")
            )
            # and the build date: statuses (« Complet », « Clôturé »…) change at midnight
            build_date = str(get_run(self.settings).build_date)
            self._base = digest(settings, tree_digest(theme, *plugins, data), build_date)
        return self._base

    def shell(self, context: dict) -> str:
        """What every page shows or depends on: the base, and the menu."""
        if self._shell is None:
            menu = [
                (p.title, p.url, getattr(p, "order", 0), getattr(p, "menu", False))
                for p in context.get("pages", [])
            ]
            self._shell = digest(self.base(), menu)
        return self._shell

    def site(self, context: dict) -> str:
        """Every published item and every list name: what site-wide pages show."""
        if self._site is None:
            keys = []
            for name in ("articles", "pages", "hidden_articles"):
                keys += [item_key(i) for i in context.get(name, []) if is_published(i)]
            for group in context.get("site_contents", []):
                keys += [item_key(i) for i in group.items]
            # tags, categories, authors: (name, items) pairs in the context
            lists = [
                [str(entry[0] if isinstance(entry, tuple) else entry) for entry in context.get(name, [])]
                for name in ("tags", "categories", "authors")
            ]
            self._site = digest(sorted(set(keys), key=repr), lists, context.get("home_blocks", []))
        return self._site

    def fingerprint(self, template_name: str, localcontext: dict) -> str:
        parts = [
            template_name,
            localcontext.get("output_file"),
            localcontext.get("SITEURL"),
            self.shell(localcontext),
        ]
        own = localcontext.get("page_items")
        if own is not None:  # a page that says which items it shows (generator.write_page)
            return digest(*parts, [item_key(item) for item in own])
        single = [localcontext[k] for k in SINGLE_KEYS if isinstance(localcontext.get(k), Content)]
        if single:
            parts += [item_key(item) for item in single]
            return digest(*parts)
        page = next((localcontext[k] for k in LIST_KEYS if localcontext.get(k) is not None), None)
        if page is not None:
            parts += [item_key(i) for i in page.object_list]
            parts += [page.number, page.paginator.num_pages]
            for name in ("category", "tag", "author"):
                if localcontext.get(name) is not None:
                    parts.append((name, str(localcontext[name])))
            if template_name == "index":
                parts.append(self.site(localcontext))
            return digest(*parts)
        parts.append(self.site(localcontext))
        parts += sorted((k, repr(v)) for k, v in localcontext.items() if k in ("target_url", "title"))
        return digest(*parts)

    def unchanged_data(self, name: str, items) -> bool:
        """Whether the output file ``name`` (no page: a calendar, a feed…) made from
        ``items`` is up to date; records its fingerprint for the next build."""
        key = digest("data", name, self.base(), [item_key(item) for item in items])
        self.current[name] = key
        return self.previous.get(name) == key and (self.output / name).is_file()

    def save(self) -> None:
        """Keep this build's fingerprints; remove pages this build no longer produces."""
        for name in set(self.previous) - set(self.current):
            (self.output / name).unlink(missing_ok=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.current), encoding="utf-8")


class CachedTemplate:
    """Stands for a Jinja template: renders only when the page's fingerprint changed;
    otherwise the writer leaves the page on disk as it is (see ``FeedWriter._open_w``)."""

    def __init__(self, template, cache: PageCache):
        self.template = template
        self.cache = cache
        self.name = os.path.splitext(os.path.basename(template.name or ""))[0]

    def render(self, localcontext: dict) -> str:
        output_file = localcontext.get("output_file", "")
        key = self.cache.fingerprint(self.name, localcontext)
        self.cache.current[output_file] = key
        target = self.cache.output / output_file
        if self.cache.previous.get(output_file) == key and target.is_file():
            self.cache.skipped += 1
            self.cache.unchanged.add(output_file)
            return ""
        self.cache.rendered += 1
        return self.template.render(localcontext)
