"""The Atom feed of new and updated resources: one entry per version, each file an enclosure.

A new version is a new entry (its id names the version), so that feed readers show an
update as news. Resources « en cours » have no entry: there is nothing to download yet.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote, urlparse
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed, Enclosure
from markupsafe import escape

from .units import file_size


class LibraryFeed(Atom1Feed):
    """Atom whose « updated » never depends on the clock: the newest entry, or the build date."""

    def __init__(self, *args, fallback: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback = fallback

    def latest_post_date(self):
        dates = [item["updateddate"] or item["pubdate"] for item in self.items]
        return max((d for d in dates if d), default=self.fallback)


def entry_id(absolute_url: str, resource) -> str:
    """``tag:host,date:/path/version/1.2``: stable, and new for each version."""
    host = urlparse(absolute_url).hostname or "localhost"
    path = urlparse(absolute_url).path
    first = resource.date.date().isoformat()
    return f"tag:{host},{first}:{path}version/{quote(resource.version, safe='.-_')}"


def entry_html(resource, absolute) -> str:
    parts = [str(resource.summary or "")]
    changes = [c for c in getattr(resource, "changelog", None) or [] if c["version"] == resource.version]
    if resource.updated.date() != resource.date.date():
        note = f" : {escape(changes[0]['note'])}" if changes else ""
        parts.append(f"<p>Mise à jour, version {escape(resource.version)}{note}</p>")
    else:
        parts.append(f"<p>Nouvelle ressource, version {escape(resource.version)}.</p>")
    items = "".join(
        f'<li><a href="{escape(absolute(d.url))}">{escape(d.title)}</a> ({escape(d.format)}, {file_size(d.size)})</li>'
        for d in resource.downloads
    )
    parts.append(f"<ul>{items}</ul>")
    if resource.archive is not None:
        parts.append(
            f'<p><a href="{escape(absolute(resource.archive.url))}">Tout télécharger '
            f"(ZIP, {file_size(resource.archive.size)})</a> — licence {escape(resource.license_info['name'])}</p>"
        )
    return "\n".join(parts)


def atom_feed(
    library, resources, absolute, feed_path: str, build_date: datetime.date, timezone: str, limit
) -> str:
    zone = ZoneInfo(timezone or "Europe/Paris")
    feed = LibraryFeed(
        title=library.feed_title,
        link=absolute(library.url),
        description=library.description,
        feed_url=absolute(feed_path),
        feed_guid=absolute(feed_path),  # the feed's own address: no other feed has it
        author_name=library.publisher or None,  # RFC 4287 § 4.1.1: for entries that name no author
        language="fr",
        fallback=datetime.datetime.combine(build_date, datetime.time(), zone),
    )
    entries = [r for r in resources if not r.in_progress]
    entries.sort(key=lambda r: (r.updated, r.slug), reverse=True)
    for resource in entries[:limit] if limit else entries:
        url = absolute(resource.url)
        stamp = resource.updated
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=zone)
        feed.add_item(
            title=f"{resource.title} (version {resource.version})",
            link=url,
            description=entry_html(resource, absolute),
            author_name=", ".join(str(a) for a in resource.authors) or None,
            pubdate=stamp,
            updateddate=stamp,
            unique_id=entry_id(url, resource),
            categories=[t["name"] for t in resource.objective_terms + resource.theme_terms],
            item_copyright=resource.license_info["name"],
            enclosures=[Enclosure(absolute(d.url), str(d.size), d.mime) for d in resource.downloads],
        )
    return feed.writeString("utf-8")
