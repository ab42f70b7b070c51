"""Import a WordPress export into ``content/``: articles, pages, images, former addresses.

Each published or draft post becomes ``content/articles/<slug>.md`` and each page
``content/pages/<slug>.md``, with our front matter (CONTENT-MODEL.md). Every old address
of an item (its ``<link>``, ``?p=ID`` / ``?page_id=ID``, its ``<guid>``, the addresses of its
former slugs) goes into its ``aliases``. Images and media are copied from the ``uploads``
folder of the old site into ``content/images/<year>/``; nothing is downloaded.

The same export gives the same files: names, order and text depend only on the export.
"""

from __future__ import annotations

import datetime
import filecmp
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlparse
from zoneinfo import ZoneInfo

from unidecode import unidecode

from . import markdown, wxr

PARIS = ZoneInfo("Europe/Paris")
IMPORTED_TYPES = {"post": "article", "page": "page"}
DRAFT_STATUSES = {"draft", "pending", "private"}
PUBLISHED_STATUSES = {"publish", "future"}  # a future item is published from its date on
# WordPress's "no category" is ours too: such articles get the site's default category
UNCATEGORIZED = {"uncategorized", "non-classe", "sans-categorie"}
# first segments of the site's own addresses (DESIGN.md, pelicanconf.py): a page may not take them
RESERVED = {
    "admin", "archives", "auteurs", "categories", "donnees-ouvertes", "feeds", "formations",
    "images", "index", "mediations", "mots-cles", "outillerie", "plan-du-site", "recherche",
    "theme", "drafts", "pagefind", "static",
}  # fmt: skip
MAX_SLUG = 80
TYPE_NAMES = {
    "post": "articles",
    "page": "pages",
    "attachment": "médias (attachment)",
    "nav_menu_item": "éléments de menu (nav_menu_item)",
    "wp_navigation": "menus du thème (wp_navigation)",
    "wp_block": "blocs réutilisables (wp_block)",
}
PLACEHOLDER_ALT = "[à compléter]"
# why a whole type of items stays behind (the report's counts)
NOT_IMPORTED_WHY = {
    "attachment": "copiés seulement quand un contenu les utilise",
    "nav_menu_item": "le menu du site se règle avec le champ « menu » des pages",
    "wp_navigation": "le menu du site se règle avec le champ « menu » des pages",
    "wp_block": "recopiés dans les contenus qui les utilisent",
}


def slugify(text: str) -> str:
    # unidecode (a dependency of Pelican) spells Greek or Cyrillic in Latin letters, as Pelican does
    text = unidecode(unicodedata.normalize("NFKC", unquote(text))).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:MAX_SLUG].rstrip("-")


def category_slug(name: str) -> str:
    """The address part of a category, as Pelican makes it (pelicanconf.py keeps its defaults)."""
    from pelican.settings import DEFAULT_CONFIG  # noqa: PLC0415
    from pelican.utils import slugify as pelican_slugify  # noqa: PLC0415

    return pelican_slugify(name, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


@dataclass
class Planned:
    """An item to write, and what the other items need to know of it."""

    item: wxr.Item
    kind: str  # "article" or "page"
    slug: str
    path: Path  # relative to the content root
    published: bool
    url: str = ""
    category: str = ""
    aliases: list[str] = field(default_factory=list)


@dataclass
class Report:
    export: str
    counts: dict[str, int] = field(default_factory=dict)  # "articles publiés" → n
    skipped: list[str] = field(default_factory=list)
    missing_media: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # existing and different, no --force
    images: list[str] = field(default_factory=list)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def text(self) -> str:
        lines = [f"# Import WordPress : {self.export}", "", "## Contenus"]
        lines += [f"- {what} : {n}" for what, n in self.counts.items()]
        lines += [
            f"- fichiers écrits : {len(self.written)}, inchangés : {len(self.unchanged)}, "
            f"conservés sans --force : {len(self.kept)}",
            f"- images et médias copiés : {len(self.images)}",
        ]
        sections = [
            ("Non importés", self.skipped),
            ("Médias manquants (à ajouter dans --uploads puis relancer)", self.missing_media),
            ("Codes courts (shortcodes) et blocs inconnus, laissés en texte (fichier:lignes)", self.unknown),
            ("Fichiers existants conservés (relancez avec --force pour les remplacer)", self.kept),
            ("Remarques", self.notes),
        ]
        for title, entries in sections:
            lines += ["", f"## {title} ({len(entries)})"]
            lines += [f"- {entry}" for entry in entries] or ["- aucun"]
        return "\n".join(lines) + "\n"


class Importer(markdown.Resolver):
    """One import: :meth:`plan` names every item and its addresses, then each is written."""

    def __init__(self, export_path: Path, content: Path, uploads: Path | None = None, force: bool = False):
        self.export_path = Path(export_path)
        self.content = Path(content)
        self.uploads = Path(uploads) if uploads else None
        self.force = force
        self.export = wxr.read(self.export_path)
        self.report = Report(self.export_path.name)
        self.items = self.export.by_id()
        site = urlparse(self.export.link or self.export.base_url)
        self.host = site.netloc.lower()
        # a blog in a folder (https://example.org/blog) has its ?p=ID there: /blog/?p=ID
        self.blog_path = unquote(site.path).rstrip("/")
        self.planned: dict[int, Planned] = {}
        self.by_address: dict[str, Planned] = {}
        self.media: dict[str, str | None] = {}  # source url → {static} address or None
        self.media_sources: dict[str, Path] = {}  # destination (relative) → source file
        self.current: Planned | None = None
        self.current_file = ""

    # --- addresses -----------------------------------------------------------------
    def site_address(self, url: str) -> str | None:
        """``/path/`` or ``/?p=12`` for an address of the old site, None for another site."""
        parsed = urlparse(urljoin(self.export.link + "/", url.strip()))
        if parsed.netloc.lower() != self.host:
            return None
        path = re.sub(r"/{2,}", "/", unquote(parsed.path)) or "/"
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            path += "/"  # /about and /about/ are one address, one redirect page
        query = "&".join(sorted(q for q in parsed.query.split("&") if q)) if parsed.query else ""
        return path + (f"?{query}" if query else "")

    def old_addresses(self, item: wxr.Item) -> list[str]:
        found = []
        link = self.site_address(item.link) if item.link else None
        if link:
            found.append(link)
        found.append(f"{self.blog_path}/?{'page_id' if item.type == 'page' else 'p'}={item.id}")
        guid = self.site_address(item.guid) if item.guid else None
        if guid:
            found.append(guid)
        if link and "?" not in link and item.slug:
            for old in item.old_slugs:
                former = re.sub(rf"/{re.escape(item.slug)}/?$", f"/{old}/", link)
                if former != link:
                    found.append(former)
        return list(dict.fromkeys(found))

    # --- planning ----------------------------------------------------------------------
    def plan(self) -> None:
        taken: dict[str, set[str]] = {"article": set(), "page": set(RESERVED)}
        candidates = []
        for order, item in enumerate(self.export.items):
            kind = IMPORTED_TYPES.get(item.type)
            label = f"{item.type} {item.id} « {markdown.plain_text(item.title)[:80] or 'sans titre'} »"
            if kind is None:
                why = NOT_IMPORTED_WHY.get(item.type, "type de contenu sans équivalent ici")
                self.report.add(f"non importés : {TYPE_NAMES.get(item.type, item.type)} ({why})")
                continue
            if item.password:
                self.report.skipped.append(
                    f"{label} : protégé par un mot de passe (ligne {item.line} de l'export)"
                )
                self.report.add(f"non importés : {TYPE_NAMES[item.type]} protégés par mot de passe")
                continue
            if item.status not in PUBLISHED_STATUSES | DRAFT_STATUSES:
                why = {"trash": "dans la corbeille", "auto-draft": "brouillon automatique"}.get(
                    item.status, f"statut « {item.status} »"
                )
                self.report.skipped.append(f"{label} : {why} (ligne {item.line} de l'export)")
                self.report.add(f"non importés : {TYPE_NAMES[item.type]} ({why})")
                continue
            candidates.append((item.status not in PUBLISHED_STATUSES, order, item, kind))
        # published items choose their slug first: a draft never pushes one aside
        for _, _, item, kind in sorted(candidates, key=lambda c: (c[0], c[1])):
            base = slugify(item.slug) or slugify(markdown.plain_text(item.title)) or f"{item.type}-{item.id}"
            slug, n = base, 1
            while slug in taken[kind]:
                n += 1
                slug = f"{base}-{n}"
            if slug != base:
                self.report.notes.append(
                    f"{item.type} {item.id} : l'adresse « {base} » est déjà prise, nommé « {slug} »"
                )
            taken[kind].add(slug)
            folder = "articles" if kind == "article" else "pages"
            planned = Planned(
                item, kind, slug, Path(folder) / f"{slug}.md", item.status in PUBLISHED_STATUSES
            )
            if kind == "article":
                planned.category = self.category(item)[0]
                planned.url = f"/{category_slug(planned.category or 'Actualités')}/{slug}/"
            else:
                planned.url = f"/{slug}/"
            self.planned[item.id] = planned
            published = {"article": "articles publiés", "page": "pages publiées"}[kind]
            if item.status == "future":
                published = f"{TYPE_NAMES[item.type]} programmés (en ligne à leur date)"
            self.report.add(published if planned.published else f"{TYPE_NAMES[item.type]} en brouillon")
        new_urls = {p.url for p in self.planned.values()} | {"/"}  # "/" is the new home page
        for planned in sorted(self.planned.values(), key=lambda p: (not p.published, p.item.id)):
            for address in self.old_addresses(planned.item):
                if address in self.by_address:
                    continue
                self.by_address[address] = planned
                if address == planned.url:
                    continue
                if address in new_urls or address.strip("/").split("/")[0] in RESERVED - {""}:
                    self.report.notes.append(
                        f"content/{planned.path.as_posix()} : l'ancienne adresse {address} est une adresse du "
                        "nouveau site, pas de redirection"
                    )
                    continue
                if " " in address or "//" in address or ".." in address:
                    self.report.notes.append(
                        f"content/{planned.path.as_posix()} : ancienne adresse {address} impossible à rediriger"
                    )
                    continue
                planned.aliases.append(address)

    def category(self, item: wxr.Item) -> tuple[str, list[str]]:
        """(category, extra tags): our articles have one category; the others become tags."""
        names = [name for nicename, name in item.categories if nicename.lower() not in UNCATEGORIZED and name]
        names = [markdown.plain_text(n) for n in names]
        return (names[0], names[1:]) if names else ("", [])

    # --- the Resolver used while converting bodies ------------------------------------
    def upload_path(self, url: str) -> tuple[str, str] | None:
        """(relative path in uploads, year) of a media address of the old site."""
        path = unquote(urlparse(url).path)
        for marker in ("/wp-content/uploads/", "/files/"):
            if marker in path:
                relative = path.split(marker, 1)[1]
                break
        else:
            match = re.search(r"(\d{4}/\d{2}/[^/]+)$", path)
            if not match:
                return None
            relative = match.group(1)
        year = relative.split("/", 1)[0] if re.match(r"\d{4}/", relative) else ""
        return relative, year

    def find_upload(self, relative: str) -> Path | None:
        if self.uploads is None:
            return None
        candidates = [relative]
        # WordPress's resized copies (photo-300x200.jpg, photo-scaled.jpg): the original will do
        original = re.sub(r"-(\d+x\d+|scaled)(\.\w+)$", r"\2", relative)
        if original != relative:
            candidates.append(original)
        for candidate in candidates:
            path = self.uploads / candidate
            if path.is_file() and path.resolve().is_relative_to(self.uploads.resolve()):
                return path
        return None

    def copy_media(self, source: Path, year: str) -> str:
        """Copy into content/images/<year>/ (a new name if another file has it); the path in content."""
        stem, suffix = slugify(source.stem) or "media", source.suffix.lower()
        n = 1
        while True:
            name = f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}"
            relative = (PurePosixPath("images") / year / name) if year else PurePosixPath("images") / name
            destination = self.content / relative
            known = self.media_sources.get(relative.as_posix())
            if known == source or (
                known is None
                and (not destination.exists() or filecmp.cmp(source, destination, shallow=False))
            ):
                break
            n += 1
        self.media_sources[relative.as_posix()] = source
        if not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            self.report.images.append(relative.as_posix())
        return relative.as_posix()

    def media_path(self, url: str) -> str | None:
        """The content path of a media file of the old site, copied from uploads; None if missing."""
        absolute = urljoin(self.export.link + "/", url.strip())
        if absolute in self.media:
            return self.media[absolute]
        found = self.upload_path(absolute)
        source = self.find_upload(found[0]) if found else None
        result = None
        if source is not None:
            year = found[1] or (self.current.item.date[:4] if self.current else "")
            result = self.copy_media(source, year)
        self.media[absolute] = result
        return result

    def is_media(self, url: str) -> bool:
        return self.upload_path(url) is not None

    def image(self, url: str) -> str | None:
        path = self.media_path(url) if url else None
        if path is None and url and self.upload_path(url):
            self.report.missing_media.append(f"{self.current_file} : {url}")
        elif path is None and url.startswith(("http://", "https://", "//")):
            # the site loads nothing from another site
            self.report.notes.append(
                f"{self.current_file} : image d'un autre site remplacée par un lien : {url}"
            )
        return f"{{static}}/{path}" if path else None

    def link(self, url: str) -> str:
        if (
            url.startswith("#")
            or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I)
            and not url.lower().startswith("http")
        ):
            return url  # a note, an anchor of the page, mailto:, tel:…
        address = self.site_address(url)
        if address is None or address == "/":
            return url  # another site, or the old home page (even when a page stood there)
        fragment = urlparse(url).fragment
        key = address if address in self.by_address else address.rstrip("/") + "/"
        target = self.by_address.get(key)
        if target is not None:
            if target.published:
                return f"{{filename}}/{target.path.as_posix()}" + (f"#{fragment}" if fragment else "")
            self.report.notes.append(
                f"{self.current_file} : lien vers un brouillon ({target.path.as_posix()}), laissé vers {url}"
            )
            return url
        if self.upload_path(url) and re.search(r"\.\w{2,4}$", urlparse(url).path):
            path = self.media_path(url)
            if path:
                return f"{{static}}/{path}"
            self.report.missing_media.append(f"{self.current_file} : {url}")
            return url
        self.report.notes.append(
            f"{self.current_file} : lien vers une page de l'ancien site non importée : {url}"
        )
        return url

    def attachment(self, attachment_id: int):
        item = self.items.get(attachment_id)
        if item is None or item.type != "attachment":
            return None
        alt = item.meta.get("_wp_attachment_image_alt", "")
        return item.attachment_url or item.guid, alt, markdown.plain_text(item.excerpt)

    def children_images(self) -> list[int]:
        parent = self.current.item.id if self.current else 0
        return [
            i.id
            for i in self.export.items
            if i.type == "attachment"
            and i.parent == parent
            and re.search(r"\.(jpe?g|png|gif|webp)$", i.attachment_url, re.I)
        ]

    def footnotes(self) -> dict[str, str]:
        return wxr.footnotes(self.current.item) if self.current else {}

    def reusable(self, ref: int) -> str | None:
        item = self.items.get(ref)
        return item.content if item is not None and item.type == "wp_block" else None

    # --- writing -----------------------------------------------------------------------
    def dates(self, item: wxr.Item) -> tuple[str, str]:
        """Publication and modification dates in Europe/Paris, ``YYYY-MM-DD HH:MM``."""

        def paris(gmt: str, local: str) -> datetime.datetime | None:
            try:
                if gmt and not gmt.startswith("0000"):
                    utc = datetime.datetime.fromisoformat(gmt).replace(tzinfo=datetime.UTC)
                    moment = utc.astimezone(PARIS)
                else:
                    # a draft has no GMT date: its local date is the best we have
                    moment = (
                        datetime.datetime.fromisoformat(local)
                        if local and not local.startswith("0000")
                        else None
                    )
            except (ValueError, OverflowError):
                return None
            # our Date fields take years 1000 to 2999 (contentkit.fields)
            return moment if moment is None or 1000 <= moment.year <= 2999 else None

        published = paris(item.date_gmt, item.date)
        if published is None:
            published = datetime.datetime(2000, 1, 1)
            self.report.notes.append(
                f"{item.type} {item.id} : date absente, invalide ou hors des années 1000 à 2999 "
                f"(« {item.date_gmt or item.date} »), mise au 2000-01-01"
            )
        modified = paris(item.modified_gmt, "")
        later = modified and modified.date() > published.date()
        return stamp(published), stamp(modified) if later else ""

    def front_matter(self, planned: Planned, body_cover: list[str]) -> list[str]:
        item = planned.item
        fields: list[tuple[str, object]] = [
            ("title", markdown.plain_text(item.title) or f"Sans titre ({item.id})")
        ]
        if planned.kind == "article":
            date, modified = self.dates(item)
            fields.append(("date", date))
            if modified:
                fields.append(("modified", modified))
        summary = markdown.plain_text(item.excerpt)
        if summary:
            fields.append(("summary", summary))
        if planned.kind == "article":
            author = self.export.authors.get(item.creator, item.creator)
            if author:
                fields.append(("authors", [author]))
            category, extra = self.category(item)
            if category:
                fields.append(("category", category))
            # "Markup" and "markup" are one tag page: keep the first spelling
            names = [markdown.plain_text(name) for _, name in item.tags] + extra
            tags = list({slugify(t): t for t in reversed(names) if slugify(t)}.values())[::-1]
            if tags:
                fields.append(("tags", tags))
        thumbnail = self.attachment(int(item.meta.get("_thumbnail_id") or 0) or -1)
        if thumbnail:
            url, alt, _ = thumbnail
            path = self.media_path(url)
            if path is None:
                self.report.missing_media.append(f"content/{planned.path.as_posix()} (couverture) : {url}")
            elif planned.kind == "article":
                fields += [("cover", path), ("cover_alt", alt.strip() or PLACEHOLDER_ALT)]
                if not alt.strip():
                    self.report.notes.append(
                        f"content/{planned.path.as_posix()} : image de couverture sans texte alternatif, "
                        f"cover_alt « {PLACEHOLDER_ALT} » à remplir"
                    )
            else:
                # pages have no cover in our model: the image opens the body
                body_cover.append(f"![{alt.strip() or PLACEHOLDER_ALT}]({{static}}/{path})")
        if planned.kind == "page" and item.menu_order:
            fields.append(("order", str(max(item.menu_order, 0))))
        if not planned.published:
            fields.append(("status", "draft"))
        if planned.aliases:
            fields.append(("aliases", planned.aliases))
        lines = ["---"]
        for key, value in fields:
            if isinstance(value, list):
                lines.append(f"{key}:")
                lines += [f"  - {quote(v)}" for v in value]
            elif key in ("date", "modified", "order"):
                lines.append(f"{key}: {value}")
            else:
                lines.append(f"{key}: {quote(value)}")
        lines.append("---")
        return lines

    def render(self, planned: Planned) -> str:
        self.current, self.current_file = planned, f"content/{planned.path.as_posix()}"
        body_cover: list[str] = []
        head = self.front_matter(planned, body_cover)
        result = markdown.convert(planned.item.content, self)
        body = result.markdown
        if body_cover:
            body = body_cover[0] + "\n\n" + body
        if planned.item.comments:
            self.report.add(
                "commentaires non importés (le site n'a pas de commentaires)", planned.item.comments
            )
        text = "\n".join(head) + "\n\n" + body
        lines = text.splitlines()
        after: dict[str, int] = {}  # the same shortcode twice: the second is found after the first
        found: dict[str, list[str]] = {}  # "bloc search" → its lines, one report line per name
        for unknown in result.unknown:
            start = after.get(unknown.needle, 0)
            number = next((n for n, line in enumerate(lines, 1) if n > start and unknown.needle in line), 0)
            after[unknown.needle] = number
            label = "code court" if unknown.kind == "shortcode" else "bloc"
            shown = f"[{unknown.name}]" if unknown.kind == "shortcode" else unknown.name
            found.setdefault(f"{label} {shown}", []).append(str(number) if number else "?")
        for what, numbers in found.items():
            self.report.unknown.append(f"{self.current_file}:{', '.join(numbers)} : {what}")
        return text

    def write(self, planned: Planned, text: str) -> None:
        target = self.content / planned.path
        shown = f"content/{planned.path.as_posix()}"
        if target.exists():
            if target.read_text(encoding="utf-8") == text:
                self.report.unchanged.append(shown)
                return
            if not self.force:
                self.report.kept.append(shown)
                return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.report.written.append(shown)

    def run(self) -> Report:
        self.plan()
        for planned in sorted(self.planned.values(), key=lambda p: p.path.as_posix()):
            self.write(planned, self.render(planned))
        self.report.missing_media = list(dict.fromkeys(self.report.missing_media))
        self.report.unknown = list(dict.fromkeys(self.report.unknown))
        self.report.notes = list(dict.fromkeys(self.report.notes))
        return self.report


def stamp(moment: datetime.datetime) -> str:
    # strftime("%Y") writes year 5 as "5": a date far in the past must stay AAAA-MM-JJ
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"


def quote(value: object) -> str:
    """A YAML double-quoted scalar: typed as text whatever it holds."""
    text = str(value)
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", " ")
        .replace("\r", " ")
        .replace("\t", " ")
    )
    escaped = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def import_wordpress(export: Path, content: Path, uploads: Path | None = None, force: bool = False) -> Report:
    """Import ``export`` into the ``content`` folder; see the module's docstring."""
    return Importer(export, content, uploads, force).run()
