"""Read a WordPress export (WXR 1.0–1.2) into plain records.

WXR is RSS with ``wp:``, ``content:``, ``excerpt:`` and ``dc:`` elements. The namespace
URIs vary between exports (``http://`` or ``https://wordpress.org/export/1.2/``), so
elements are matched by the end of their namespace and their local name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree


def _prefix(namespace: str) -> str:
    if "wordpress.org/export" in namespace:
        return "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    if "purl.org/rss/1.0/modules/content" in namespace:
        return "content"
    if "purl.org/dc/elements" in namespace:
        return "dc"
    return ""


def _name(element) -> str:
    """``wp:post_id`` for any WordPress namespace URI, ``title`` for plain RSS."""
    qname = etree.QName(element)
    prefix = _prefix(qname.namespace or "")
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def _children(element) -> dict[str, list]:
    found: dict[str, list] = {}
    for child in element:
        if isinstance(child.tag, str):
            found.setdefault(_name(child), []).append(child)
    return found


def _text(children: dict, name: str) -> str:
    elements = children.get(name)
    return _all_text(elements[0]).strip() if elements else ""


def _all_text(element) -> str:
    """The text of an element; an entity left unresolved (``&nom;``) is dropped, not the text
    after it (lxml keeps such an entity as a child node, the text after it as its tail)."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child, etree._Entity):
            parts.append(_all_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class Item:
    """One ``<item>`` of the export: a post, page, attachment, menu entry…"""

    id: int
    type: str
    status: str
    title: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    date: str  # wp:post_date, local time of the old site, "YYYY-MM-DD HH:MM:SS"
    date_gmt: str
    modified_gmt: str
    slug: str
    parent: int
    menu_order: int
    password: str
    attachment_url: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (nicename, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    old_slugs: list[str] = field(default_factory=list)  # _wp_old_slug: former slugs
    comments: int = 0
    line: int = 0  # line of <item> in the export


@dataclass
class Export:
    title: str
    link: str  # the blog's address, e.g. https://example.org or https://example.org/blog
    base_url: str  # wp:base_site_url
    authors: dict[str, str]  # login → display name
    items: list[Item]

    def by_id(self) -> dict[int, Item]:
        return {item.id: item for item in self.items}


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def read(path: Path) -> Export:
    """Parse an export; entities are not resolved and no network is used."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    root = etree.parse(str(path), parser).getroot()
    channel = root.find("channel")
    if channel is None:
        raise ValueError("pas d'élément <channel> : ce n'est pas un export WordPress (WXR)")
    top = _children(channel)
    authors = {}
    for author in top.get("wp:author", []):
        fields = _children(author)
        login = _text(fields, "wp:author_login")
        authors[login] = _text(fields, "wp:author_display_name") or login
    items = []
    for element in top.get("item", []):
        fields = _children(element)
        meta, old_slugs = {}, []
        for entry in fields.get("wp:postmeta", []):
            pair = _children(entry)
            key, value = _text(pair, "wp:meta_key"), _text(pair, "wp:meta_value")
            meta[key] = value
            if key == "_wp_old_slug" and value and value not in old_slugs:
                old_slugs.append(value)
        categories, tags = [], []
        for term in fields.get("category", []):
            value = (term.get("nicename") or "", _all_text(term).strip())
            if term.get("domain") == "category" and value not in categories:
                categories.append(value)
            elif term.get("domain") == "post_tag" and value not in tags:
                tags.append(value)
        content = fields.get("content:encoded")
        excerpt = fields.get("excerpt:encoded")
        items.append(
            Item(
                id=_int(_text(fields, "wp:post_id")),
                type=_text(fields, "wp:post_type"),
                status=_text(fields, "wp:status"),
                title=_text(fields, "title"),
                link=_text(fields, "link"),
                guid=_text(fields, "guid"),
                creator=_text(fields, "dc:creator"),
                content=_all_text(content[0]) if content else "",
                excerpt=_all_text(excerpt[0]).strip() if excerpt else "",
                date=_text(fields, "wp:post_date"),
                date_gmt=_text(fields, "wp:post_date_gmt"),
                modified_gmt=_text(fields, "wp:post_modified_gmt"),
                slug=_text(fields, "wp:post_name"),
                parent=_int(_text(fields, "wp:post_parent")),
                menu_order=_int(_text(fields, "wp:menu_order")),
                password=_text(fields, "wp:post_password"),
                attachment_url=_text(fields, "wp:attachment_url"),
                categories=categories,
                tags=tags,
                meta=meta,
                old_slugs=old_slugs,
                comments=len(fields.get("wp:comment", [])),
                line=element.sourceline or 0,
            )
        )
    return Export(
        title=_text(top, "title"),
        link=_text(top, "wp:base_blog_url") or _text(top, "link"),
        base_url=_text(top, "wp:base_site_url"),
        authors=authors,
        items=items,
    )


def footnotes(item: Item) -> dict[str, str]:
    """The block editor's footnotes (``footnotes`` post meta, JSON): id → HTML text."""
    try:
        notes = json.loads(item.meta.get("footnotes") or "[]")
    except ValueError:
        return {}
    return {n["id"]: n.get("content", "") for n in notes if isinstance(n, dict) and "id" in n}
