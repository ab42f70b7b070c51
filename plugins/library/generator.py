"""The library's generator: resources read by contentkit, their files checked, hashed,
archived, then every page, download, catalogue and feed written.

Everything that needs the files' bytes (checksums, archives) is done while the context is
gathered, once, before a parallel build shares the writing out; writing then only copies
files (the source files, and the archives from the cache folder).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from pelican.utils import slugify

from contentkit.generator import ItemContent, ItemGenerator
from contentkit.state import get_run, truthy

from . import archive as archives
from . import checks
from .catalogue import catalogue_json, json_ld
from .config import FACET_LABELS, library_config
from .feed import atom_feed
from .files import Checksums, copy_file, format_label, link_or_copy, media_type
from .schema import DESCRIPTION, IN_PROGRESS, RESOURCE, spdx_id
from .units import duration


@dataclass
class Download:
    """One published file of a resource."""

    path: str  # as listed, relative to the resource's folder
    title: str
    url: str  # relative to the site
    save_as: str
    size: int
    mime: str
    format: str
    sha256: str
    source: str


@dataclass
class Archive:
    url: str
    save_as: str
    size: int
    sha256: str
    source: str  # in the cache folder


@dataclass
class Term:
    """One value of a facet (« Sensibiliser »), with its static page and its resources."""

    key: str
    name: str
    description: str
    url: str
    save_as: str
    resources: list = field(default_factory=list)


@dataclass
class Facet:
    name: str  # the resource's field: objectives, themes, audiences, license
    label: str  # « Objectif »
    plural: str  # « Objectifs »
    param: str  # name of the select and of the cards' data-* attribute
    everything: str  # the select's first option: « Tous les objectifs »
    terms: list[Term] = field(default_factory=list)


@dataclass
class Library:
    """What the library's templates see as ``library``."""

    title: str
    description: str
    publisher: str
    url: str
    save_as: str
    feed: str
    feed_title: str
    catalogue: str
    resources: list = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    home_items: int = 3


class Resource(ItemContent):
    """A resource: ``index.md`` of its folder. Its slug defaults to the folder's name, its
    ``date`` to ``updated``; « en cours » is a published resource without downloads."""

    default_template = "outillerie/resource"

    def __init__(self, content, metadata=None, settings=None, source_path=None, context=None):
        metadata = dict(metadata or {})
        if settings is not None and source_path is not None and "title" in metadata:
            defaults(metadata, settings, source_path)
        super().__init__(content, metadata, settings, source_path, context)


def defaults(metadata: dict, settings: dict, source_path: str) -> None:
    run = get_run(settings)
    metadata["in_progress"] = metadata.get("status") == IN_PROGRESS
    if metadata["in_progress"]:
        metadata["status"] = "published"
    if "slug" not in metadata:
        folder = os.path.basename(os.path.dirname(source_path))
        metadata["slug"] = slugify(folder, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    updated = metadata.get("updated")
    if updated is not None:
        metadata.setdefault("modified", updated)
        if "date" not in metadata:
            metadata["date"] = updated
            # dated by its version only: a future version is scheduled like a future date
            if updated.date() > run.build_date and not metadata.get("is_draft"):
                metadata["is_scheduled"] = True
                if not run.show_drafts:
                    metadata["status"] = "draft"


class LibraryGenerator(ItemGenerator):
    content_type = RESOURCE
    content_class = Resource
    context_name = "resources"

    # --- reading ---------------------------------------------------------------------

    def source_files(self) -> list[str]:
        """Only ``<folder>/<resource>/index.md``: other files of a resource's folder (even
        Markdown ones) are its downloads."""
        root = library_config(self.settings)["FOLDER"].strip("/")
        depth = len(root.split("/")) + 2
        found = self.get_files([root], extensions=("md",))
        return [
            path
            for path in found
            if len(parts := path.replace(os.sep, "/").split("/")) == depth and parts[-1] == DESCRIPTION
        ]

    def generate_context(self):
        super().generate_context()
        if self.library.resources and self.library.home_items:
            blocks = self.context.setdefault("home_blocks", [])
            if "outillerie/home.html" not in blocks:
                blocks.append("outillerie/home.html")

    def prepare(self) -> None:
        run = self.run
        self.config = config = library_config(self.settings)
        self.site_base = (
            self.settings.get("SITE_ABSOLUTE_URL") or self.settings.get("FEED_DOMAIN") or ""
        ).rstrip("/")
        check_only = truthy(run.config.get("CHECK_ONLY"))
        cache_dir = Path(self.settings.get("CACHE_PATH") or ".cache") / config["CACHE_DIR"]
        checksums = Checksums.load(cache_dir)
        self.library = self.make_library()
        self.archives_built = 0
        # folders of the filter pages (outillerie/themes): no resource may be published there
        reserved = {
            posixpath.dirname(config["FACET_URL"].format(facet=segment, key="x").rstrip("/")): (
                f"la liste des ressources par {FACET_LABELS[name][0].lower()}"
            )
            for name, segment in config["FACETS"].items()
            if segment and name in FACET_LABELS
        }
        checks.check_folders(run, run.content_root / config["FOLDER"])
        for item in self.contentkit_items():
            self.describe(item)
            checks.check_reserved(run, item, reserved)
            item.files_ok = checks.check_files(run, item)
            checks.check_unlisted(run, item)
        for item in self.items:
            if item.in_progress or not item.files_ok or check_only:
                continue
            self.publish_files(item, checksums, cache_dir)
        for item in self.contentkit_items():
            item.json_ld = json_ld(item, self.absolute)
            mark_inputs(item)
        if not check_only:
            checksums.save()
        run.extras["library"] = {"hashed": checksums.hashed, "archives_built": self.archives_built}
        if self.items and not check_only:
            # what a rebuild with nothing changed must show as 0 and 0
            print(
                f"Outillerie : {len(self.items)} ressource(s), fichiers lus pour leur empreinte : "
                f"{checksums.hashed}, archives construites : {self.archives_built}",
                flush=True,
            )
        self.items.sort(key=lambda r: (r.in_progress, -r.updated.toordinal(), str(r.title)))
        self.library.resources = self.items
        self.library.facets = self.make_facets()
        self.context["library"] = self.library

    def make_library(self) -> Library:
        config = self.config
        site = self.settings.get("SITENAME", "")
        return Library(
            title=config["TITLE"],
            description=config["DESCRIPTION"],
            publisher=config["PUBLISHER"] or site,
            url=config["URL"],
            save_as=config["SAVE_AS"],
            feed=config["FEED_ATOM"] or "",
            feed_title=f"{site} — {config['TITLE']}" if site else config["TITLE"],
            catalogue=config["CATALOGUE"] or "",
            home_items=int(config["HOME_ITEMS"] or 0),
        )

    def absolute(self, url: str) -> str:
        return f"{self.site_base}/{url}"

    def vocabulary(self, name: str) -> dict:
        return self.run.vocabularies.get(name) or {}

    def describe(self, item) -> None:
        """What the pages show beyond the front matter: terms, licence, attribution."""
        licences = {spdx_id(entry): entry for entry in self.vocabulary("licenses").values()}
        entry = licences.get(getattr(item, "license", ""), {})
        item.license_info = {
            "key": entry.get("key", ""),
            "spdx": getattr(item, "license", ""),
            "name": entry.get("name", getattr(item, "license", "")),
            "short": entry.get("short") or getattr(item, "license", ""),
            "url": entry.get("url"),
        }
        for name, attribute in (
            ("objectives", "objective_terms"),
            ("themes", "theme_terms"),
            ("audiences", "audience_terms"),
        ):
            terms = self.vocabulary(name)
            setattr(item, attribute, [terms[key] for key in getattr(item, name, None) or [] if key in terms])
        item.duration_label = duration(getattr(item, "duration_minutes", None))
        item.files_dir = posixpath.dirname(item.save_as)
        authors = ", ".join(str(a) for a in item.authors)
        item.attribution = (
            f"« {item.title} », {authors}, version {item.version}, "
            f"licence {item.license_info['short']}, {self.absolute(item.url)}"
        )
        item.planned = [
            {"title": f["title"], "format": format_label(f["path"])}
            for f in getattr(item, "files", None) or []
        ]
        item.downloads = []
        item.archive = None
        item.total_size = 0
        item.formats = sorted({p["format"] for p in item.planned})

    def publish_files(self, item, checksums: Checksums, cache_dir: Path) -> None:
        """Checksums of the files (read only when changed) and the archive (built only
        when an input changed)."""
        folder = Path(item.source_path).parent
        files = getattr(item, "files", None) or []  # a draft may have none yet
        if not files:
            return
        for entry in files:
            source = folder / entry["path"]
            size, digest = checksums.sha256(source)
            item.downloads.append(
                Download(
                    path=entry["path"],
                    title=entry["title"],
                    url=f"{item.files_dir}/{quote(entry['path'])}",
                    save_as=f"{item.files_dir}/{entry['path']}",
                    size=size,
                    mime=media_type(entry["path"]),
                    format=format_label(entry["path"]),
                    sha256=digest,
                    source=str(source),
                )
            )
        item.total_size = sum(d.size for d in item.downloads)
        members = [
            archives.Member(f"{item.slug}/{d.path}", Path(d.source), d.sha256, d.size) for d in item.downloads
        ]
        licence = archives.licence_text(item, self.absolute(item.url)).encode("utf-8")
        updated = item.updated
        stamp = (max(updated.year, 1980), updated.month, updated.day, 0, 0, 0)
        path, digest, built = archives.cached_archive(cache_dir, item.slug, members, licence, stamp)
        self.archives_built += int(built)
        name = f"{item.files_dir}/{item.slug}.zip"
        item.archive = Archive(
            url=name, save_as=name, size=path.stat().st_size, sha256=digest, source=str(path)
        )

    def make_facets(self) -> list[Facet]:
        config = self.config
        facets = []
        for name, segment in config["FACETS"].items():
            if not segment or name not in FACET_LABELS:
                continue
            label, plural, param, everything = FACET_LABELS[name]
            vocabulary = self.vocabulary("licenses" if name == "license" else name)
            facet = Facet(name=name, label=label, plural=plural, param=param, everything=everything)
            for key, entry in vocabulary.items():
                members = [r for r in self.items if key in facet_keys(r, name)]
                if not members:
                    continue
                facet.terms.append(
                    Term(
                        key=key,
                        name=entry["name"] if name != "license" else entry.get("short") or entry["name"],
                        description=str(
                            entry.get("description") or (entry["name"] if name == "license" else "")
                        ),
                        url=config["FACET_URL"].format(facet=segment, key=key),
                        save_as=config["FACET_SAVE_AS"].format(facet=segment, key=key),
                        resources=members,
                    )
                )
            if facet.terms:
                facets.append(facet)
        return facets

    # --- writing ---------------------------------------------------------------------

    def write_lists(self, writer) -> None:
        config = self.config
        self.write_page(
            writer,
            config["SAVE_AS"],
            "outillerie/library",
            depends=self.items,
            library=self.library,
            url=config["URL"],
            facet=None,
            term=None,
        )
        for facet in self.library.facets:
            for term in facet.terms:
                self.write_page(
                    writer,
                    term.save_as,
                    "outillerie/library",
                    depends=self.items,
                    library=self.library,
                    url=term.url,
                    facet=facet,
                    term=term,
                )
        output = Path(self.output_path)
        for item in self.items:
            for download in item.downloads:
                if self.owns(download.save_as):
                    copy_file(Path(download.source), output / download.save_as)
            if item.archive is not None and self.owns(item.archive.save_as):
                link_or_copy(Path(item.archive.source), output / item.archive.save_as)
        if not self.items:
            return
        if config["CATALOGUE"]:
            self.write_text(
                config["CATALOGUE"],
                lambda: catalogue_json(
                    self.library, self.items, self.absolute, self.settings.get("OPEN_DATA_LICENCE")
                ),
                depends=self.items,
            )
        if config["FEED_ATOM"]:
            limit = config["FEED_MAX_ITEMS"] or self.settings.get("FEED_MAX_ITEMS")
            self.write_text(
                config["FEED_ATOM"],
                lambda: atom_feed(
                    self.library,
                    self.items,
                    self.absolute,
                    config["FEED_ATOM"],
                    self.run.build_date,
                    self.settings.get("TIMEZONE"),
                    limit,
                ),
                depends=self.items,
            )

    def list_pages(self) -> list[tuple[str, str]]:
        library = getattr(self, "library", None)
        if library is None:
            return []
        pages = [(library.title, library.url)]
        for facet in library.facets:
            pages += [(f"{library.title} : {facet.label.lower()} « {t.name} »", t.url) for t in facet.terms]
        return pages

    def open_data(self) -> list[dict]:
        if not self.items:
            return []
        config, entries = self.config, []
        if config["CATALOGUE"]:
            entries.append(
                {
                    "title": f"Catalogue des ressources ({config['TITLE']})",
                    "url": config["CATALOGUE"],
                    "format": "JSON",
                    "description": "chaque ressource avec ses fichiers : adresse, taille, type, "
                    "empreinte SHA-256, licence, version et dates",
                }
            )
        if config["FEED_ATOM"]:
            entries.append(
                {
                    "title": f"Nouvelles ressources ({config['TITLE']})",
                    "url": config["FEED_ATOM"],
                    "format": "Atom",
                    "description": "les ressources nouvelles et mises à jour, chaque fichier en pièce jointe",
                }
            )
        return entries


def facet_keys(resource, name: str) -> list[str]:
    if name == "license":
        return [resource.license_info["key"]]
    return list(getattr(resource, name, None) or [])


def mark_inputs(item) -> None:
    """Previews render a page again when what it shows changes (contentkit.incremental):
    a resource's page shows its files too, so their sizes and checksums count."""
    item.contentkit_depends = (
        [(d.path, d.size, d.sha256) for d in item.downloads],
        item.archive.sha256 if item.archive else None,
        [p["title"] for p in item.planned],
    )
