"""Every content item a build holds, whatever generator read it."""

from __future__ import annotations

# Lists that Pelican's generators keep; custom generators expose ``contentkit_items()``.
ITEM_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def all_items(generators) -> list:
    seen, items = set(), []
    for generator in generators:
        found = []
        for name in ITEM_LISTS:
            value = getattr(generator, name, None)
            if isinstance(value, list):
                found += value
        if hasattr(generator, "contentkit_items"):
            found += list(generator.contentkit_items())
        for item in found:
            if id(item) not in seen and hasattr(item, "source_path"):
                seen.add(id(item))
                items.append(item)
    return items


def is_published(item) -> bool:
    """Written and listed in this build (a preview build publishes drafts, marked)."""
    return getattr(item, "status", "published") not in ("draft", "skip") and bool(
        getattr(item, "save_as", "")
    )


def field_line(item, name: str) -> int:
    return (getattr(item, "field_lines", None) or {}).get(name, 1)
