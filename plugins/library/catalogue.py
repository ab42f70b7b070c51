"""Machine-readable descriptions of resources: the open JSON catalogue and schema.org JSON-LD.

The catalogue follows data.gouv.fr's resource fields for each file (``title``, ``url``,
``filesize``, ``mime``, ``format``, ``checksum: {type, value}``, ``last_modified``), so
that another hub can harvest it with the tools it already has. docs/outillerie.md
describes it field by field.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from contentkit.contributors import person_ld
from contentkit.placeholders import nulled

from .units import iso_duration

CATALOGUE_VERSION = 1


def plain(html) -> str:
    """A formatted field (summary) as plain text."""
    return Markup(str(html or "")).striptags()


def day(value) -> str | None:
    return value.date().isoformat() if value is not None else None


def file_entry(download, resource, absolute) -> dict:
    return {
        "title": download.title,
        "path": download.path,
        "url": absolute(download.url),
        "filesize": download.size,
        "mime": download.mime,
        "format": download.format.lower(),
        "checksum": {"type": "sha256", "value": download.sha256},
        "last_modified": day(resource.updated),
        "type": "main",
    }


def archive_entry(archive, resource, absolute) -> dict | None:
    if archive is None:
        return None
    return {
        "title": f"Archive ZIP de « {resource.title} » (fichiers et LICENCE.txt)",
        "url": absolute(archive.url),
        "filesize": archive.size,
        "mime": "application/zip",
        "format": "zip",
        "checksum": {"type": "sha256", "value": archive.sha256},
        "last_modified": day(resource.updated),
        "type": "archive",
    }


def terms(values) -> list[dict]:
    return [{"id": term["key"], "title": term["name"]} for term in values]


def resource_entry(resource, absolute) -> dict:
    licence = resource.license_info
    return {
        "id": resource.slug,
        "title": str(resource.title),
        "description": plain(resource.summary),
        "page": absolute(resource.url),
        "status": "in-progress" if resource.in_progress else "published",
        "version": resource.version,
        "created_at": day(resource.date),
        "last_modified": day(resource.updated),
        "license": {"id": licence["spdx"], "title": licence["name"], "url": licence.get("url")},
        "authors": [str(author) for author in resource.authors],
        "objectives": terms(resource.objective_terms),
        "themes": terms(resource.theme_terms),
        "audiences": terms(resource.audience_terms),
        "duration_minutes": getattr(resource, "duration_minutes", None),
        "participants": getattr(resource, "participants", None),
        "total_filesize": resource.total_size,
        "archive": archive_entry(resource.archive, resource, absolute),
        "files": [file_entry(d, resource, absolute) for d in resource.downloads],
        "changelog": [
            {"version": entry["version"], "date": day(entry["date"]), "note": entry["note"]}
            for entry in getattr(resource, "changelog", None) or []
        ],
    }


def catalogue_json(library, resources, absolute, licence: dict | None) -> str:
    updated = [r.updated for r in resources]
    document = {
        "catalogue_version": CATALOGUE_VERSION,
        "title": library.title,
        "description": library.description,
        "publisher": library.publisher,
        "page": absolute(library.url),
        "license": licence,
        "last_modified": day(max(updated)) if updated else None,
        "resources": [resource_entry(r, absolute) for r in resources],
    }
    # a placeholder « [à compléter…] » is public data nobody should reuse: null
    return json.dumps(nulled(document), ensure_ascii=False, indent=2) + "\n"


def json_ld(resource, absolute) -> str:
    """schema.org ``LearningResource``; its files (and archive) as ``DataDownload``."""
    licence = resource.license_info
    downloads = [
        {
            "@type": "DataDownload",
            "name": d.title,
            "contentUrl": absolute(d.url),
            "encodingFormat": d.mime,
            "contentSize": f"{d.size} B",
            "sha256": d.sha256,
        }
        for d in resource.downloads
    ]
    if resource.archive is not None:
        downloads.append(
            {
                "@type": "DataDownload",
                "name": "Archive ZIP de tous les fichiers",
                "contentUrl": absolute(resource.archive.url),
                "encodingFormat": "application/zip",
                "contentSize": f"{resource.archive.size} B",
                "sha256": resource.archive.sha256,
            }
        )
    data = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "name": str(resource.title),
        "description": plain(resource.summary),
        "url": absolute(resource.url),
        "inLanguage": "fr",
        "version": resource.version,
        "datePublished": day(resource.date),
        "dateModified": day(resource.updated),
        "license": licence.get("url") or licence["spdx"],
        "isAccessibleForFree": True,
        "creativeWorkStatus": "en cours" if resource.in_progress else "publié",
        "author": [person_ld(author, resource.settings) for author in resource.authors],
        "teaches": [term["name"] for term in resource.objective_terms],
        "keywords": [term["name"] for term in resource.theme_terms],
        "audience": [{"@type": "Audience", "audienceType": term["name"]} for term in resource.audience_terms],
    }
    if getattr(resource, "duration_minutes", None):
        data["timeRequired"] = iso_duration(resource.duration_minutes)
    if downloads:
        data["encoding"] = downloads
    # inside <script>: no « </script> » may close it early
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
