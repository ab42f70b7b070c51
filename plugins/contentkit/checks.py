"""Checks across items, once every generator has read its content.

Two items at one address, and internal links (``{filename}``, ``{static}``…) that lead
nowhere or to an unpublished item, are errors. Content types add their own checks
(an article's issue exists, a session's place exists…) through :data:`CROSS_CHECKS`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from . import placeholders
from .items import field_line, is_published
from .state import Run

# Callables (run, items, context) added by other plugins.
CROSS_CHECKS: list = []


def alias_save_as(alias: str) -> str:
    """Where the redirect page of a former address is written."""
    path = alias.strip("/")
    if path.endswith((".html", ".htm")):
        return path
    return f"{path}/index.html" if path else "index.html"


def reserved_outputs(settings: dict, generators) -> dict[str, str]:
    """Outputs that are not items: listing pages, direct templates. save_as → description."""
    outputs = {}
    for template in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if save_as:
            outputs[save_as] = f"la page « {template} » du site"
    if settings.get("OPEN_DATA_SAVE_AS"):
        outputs[settings["OPEN_DATA_SAVE_AS"]] = "la page des données ouvertes"
    for generator in generators:
        for category, _ in getattr(generator, "categories", []) or []:
            outputs.setdefault(category.save_as, f"la page de la catégorie « {category} »")
        for tag in getattr(generator, "tags", None) or {}:
            outputs.setdefault(tag.save_as, f"la page du mot-clé « {tag} »")
        for author, _ in getattr(generator, "authors", []) or []:
            outputs.setdefault(author.save_as, f"la page de l'auteur·rice « {author} »")
        # the list pages of custom content types (catalogue, filters…)
        for title, url in generator.list_pages() if hasattr(generator, "list_pages") else []:
            save_as = url + "index.html" if url.endswith("/") or not url else url
            outputs.setdefault(save_as, f"la page « {title} »")
    return outputs


def address_origin(item, field: str, shown: str) -> str:
    """Which field of which file gives an item its address: « content/a.md (champ « slug »,
    ligne 4) », or « content/a.md (adresse tirée du nom du fichier) »."""
    lines = getattr(item, "field_lines", None) or {}
    if field in lines:
        return f"{shown} (champ « {field} », ligne {lines[field]})"
    return f"{shown} (adresse tirée du nom du fichier)"


def check_addresses(run: Run, items, generators) -> None:
    """Two items (or an item and a list page) at one address: one error naming both files
    and the field that gives each its address, on the file whose field asked for it."""
    owners: dict[str, tuple[str, object, str]] = {}
    for save_as, what in reserved_outputs(run.settings, generators).items():
        owners[save_as] = (what, None, "")
    published = sorted((i for i in items if is_published(i)), key=lambda i: i.source_path)
    # Items' own addresses first, former addresses (aliases) after: an alias never
    # takes an address away from an item.
    claims = [(item, item.save_as, "slug") for item in published]
    claims += [
        (item, alias_save_as(alias), "aliases")
        for item in published
        for alias in getattr(item, "aliases", None) or []
    ]
    for item, save_as, field in claims:
        shown = run.display(item.source_path)
        if save_as not in owners:
            owners[save_as] = (shown, item, field)
            continue
        what, other, other_field = owners[save_as]
        if other is item:
            continue
        given = field in (getattr(item, "field_lines", None) or {})
        if other is not None and not given and other_field in (getattr(other, "field_lines", None) or {}):
            # the other file's field asked for an address that this file has by its name:
            # the error belongs to the file that was edited
            item, field, other, other_field = other, other_field, item, field
            shown, what, given = run.display(item.source_path), shown, True
        other_name = address_origin(other, other_field, what) if other is not None else what
        address = "/" + save_as.removesuffix("index.html")
        origin = "" if given else " (tirée du nom du fichier)"
        advice = f"changez le « {field} »" if given else "ajoutez un « slug » à l'un des deux"
        run.report.error(
            shown,
            field_line(item, field),
            field if given else None,
            f"l'adresse {address}{origin} est déjà celle de {other_name} : deux contenus ne "
            f"peuvent pas avoir la même adresse ; {advice}",
        )


def find_line(source_path: str, needle: str) -> int:
    try:
        for number, line in enumerate(Path(source_path).read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 0


# not ``data-id=`` nor ``data-href=``: the browser neither scrolls to nor follows those
ID_RE = re.compile(r"""(?<![\w-])id=["']([^"']+)["']""")
SAME_PAGE_ANCHOR_RE = re.compile(r"""(?<![\w-])href=["']#([^"']+)["']""")


def anchors(item) -> set[str]:
    """The ids a link can aim at in an item's text (headings get theirs from Markdown)."""
    return set(ID_RE.findall(getattr(item, "_content", "") or ""))


def check_anchor(run: Run, item, link: str, fragment: str, target, line: int) -> None:
    known = anchors(target)
    if fragment in known:
        return
    where = "cette page" if target is item else run.display(target.source_path)
    listed = ", ".join(sorted(known)) or "aucun"
    run.report.error(
        run.display(item.source_path),
        line,
        None,
        f"lien « {link} » : attendu une ancre #{fragment} existante dans {where}, "
        f"trouvé aucun intertitre avec cet identifiant (identifiants : {listed})",
    )


def check_links(run: Run, items, context: dict) -> None:
    generated = context.get("generated_content", {})
    for item in items:
        raw = getattr(item, "_content", "") or ""
        if "#" in raw:
            for fragment in SAME_PAGE_ANCHOR_RE.findall(raw):
                line = find_line(item.source_path, f"#{fragment}")
                check_anchor(run, item, f"#{fragment}", unquote(fragment), item, line)
        if "{" not in raw or not hasattr(item, "_get_intrasite_link_regex"):
            continue
        for match in item._get_intrasite_link_regex().finditer(raw):
            what = match.group("what")
            if what not in ("filename", "static", "attach"):
                continue
            value = match.group("value")
            parsed = urlparse(value)
            path = unquote(parsed.path)
            if not path:
                continue  # an anchor in the same page
            if path.startswith("/"):
                path = path[1:]
            else:
                path = os.path.join(os.path.dirname(item.relative_source_path), path)
            path = os.path.normpath(path).replace("\\", "/")
            on_disk = (run.content_root / path).is_file()
            # Pelican registers every {static} link as static content, found or not.
            target = generated.get(path) if what == "filename" else None
            exists = target is not None or on_disk
            link = f"{{{what}}}{value}"
            line = find_line(item.source_path, value)
            if not exists:
                run.report.error(
                    run.display(item.source_path),
                    line,
                    None,
                    f"lien « {link} » : attendu un fichier du dossier content/, "
                    f"trouvé aucun fichier content/{path}",
                )
            elif (
                is_published(item)
                and target is not None
                and hasattr(target, "status")
                and not is_published(target)
            ):
                run.report.error(
                    run.display(item.source_path),
                    line,
                    None,
                    f"lien « {link} » : attendu un contenu publié, trouvé un brouillon "
                    "ou un contenu programmé, qui ne sera pas en ligne",
                )
            elif parsed.fragment and target is not None:
                check_anchor(run, item, link, unquote(parsed.fragment), target, line)


# A plain path in a link or an image, as Markdown writes it (``[x](/formations/a/)``,
# ``![x](../images/a.jpg)``); ``{static}``/``{filename}`` links are checked above.
PLAIN_LINK_RE = re.compile(r"""\b(href|src)=["']([^"'{}<>\s]+)["']""")
EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
FEED_SETTINGS = ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS")


def site_outputs(run: Run, items, generators, context: dict) -> set[str]:
    """Every file the build will write that a plain link may aim at, as ``save_as`` paths."""
    outputs = set(reserved_outputs(run.settings, generators))
    for item in items:
        if is_published(item):
            outputs.add(item.save_as)
            outputs.update(alias_save_as(a) for a in getattr(item, "aliases", None) or [])
    for static in context.get("staticfiles", []) or []:
        # Pelican lists the target of every {static} link, found or not: a missing one (an
        # error of its own) must not hide a plain link to the same missing file
        if os.path.isfile(static.source_path):
            outputs.add(static.save_as)
    for name in FEED_SETTINGS:
        if run.settings.get(name):
            outputs.add(run.settings[name])
    for generator in generators:
        for entry in generator.open_data() if hasattr(generator, "open_data") else []:
            outputs.add(str(entry.get("url", "")).lstrip("/"))
    return outputs


def output_of(url_path: str) -> str:
    """``/formations/a/`` → ``formations/a/index.html``."""
    path = unquote(url_path).lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


# Files that only content/ provides (an image, a document): when absent there, no build
# step makes them, so the link is known broken before anything is written.
STATIC_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".pdf", ".odt", ".ods", ".odp",
    ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".mp3", ".mp4", ".webm",
}  # fmt: skip
WIDTH_VARIANT = re.compile(r"-\d+w(?=\.[^.]+$)")  # photo-480w.jpg, made by the images plugin


def check_plain_links(run: Run, items, generators, context: dict) -> None:
    """Plain paths are checked like ``{static}`` ones: a missing page or file is an error.
    A relative path is read from the page's address, as a browser does: the advice says
    how to write it when it was meant from the Markdown file's folder.

    A path that no list of this build knows and that is no static file (a calendar, an
    archive, a page written by a plugin) is checked in the written site instead
    (:func:`check_written_links`)."""
    outputs = None
    deferred = run.extras.setdefault("plain_links", [])
    for item in items:
        raw = getattr(item, "_content", "") or ""
        if "=" not in raw or not is_published(item):
            continue
        for attribute, value in PLAIN_LINK_RE.findall(raw):
            if EXTERNAL.match(value):
                continue
            if outputs is None:
                outputs = site_outputs(run, items, generators, context)
            path = urlparse(value).path
            if not path:
                continue
            page = urlparse("/" + item.url.lstrip("/")).path
            absolute = path if path.startswith("/") else urljoin(page, path)
            target = output_of(absolute)
            if target in outputs or (run.content_root / WIDTH_VARIANT.sub("", target)).is_file():
                continue
            link = PlainLink(item, attribute, value, path, absolute)
            if os.path.splitext(target)[1].lower() in STATIC_SUFFIXES or not path.startswith("/"):
                link.report(run)
            else:
                deferred.append(link)


@dataclass
class PlainLink:
    item: object
    attribute: str
    value: str
    path: str
    absolute: str

    def report(self, run: Run, warning: bool = False) -> None:
        what = "image" if self.attribute == "src" else "lien"
        folder = os.path.dirname(self.item.relative_source_path)
        in_content = os.path.normpath(os.path.join(folder, self.path)).replace(os.sep, "/")
        if not self.path.startswith("/") and (run.content_root / in_content).is_file():
            found = (
                "trouvé un chemin relatif, que le navigateur lit depuis l'adresse de la page "
                f"({self.absolute}, qui n'existe pas) : écrivez {{static}}/{in_content}"
            )
        else:
            found = f"trouvé aucune page ni aucun fichier {self.absolute}"
        (run.report.warning if warning else run.report.error)(
            run.display(self.item.source_path),
            find_line(self.item.source_path, self.value),
            None,
            f"{what} « {self.value} » : attendu une page ou un fichier du site, {found}",
        )


def check_written_links(run: Run, output_path) -> list:
    """The plain links left for later: each must lead to a file of the written site.
    Returns the new problems. A preview writes less than a publish build (no sitemap.xml,
    no robots.txt…): there, a link that leads nowhere is only a warning."""
    before = len(run.report.problems)
    for link in run.extras.pop("plain_links", []):
        if not (Path(output_path) / output_of(link.absolute)).is_file():
            link.report(run, warning=run.show_drafts)
    return run.report.problems[before:]


def check_stray_files(run: Run) -> None:
    """Markdown files outside every content type's folder would be silently ignored."""
    from . import types  # noqa: PLC0415

    for path in sorted(run.content_root.rglob("*.md")):
        if types.for_path(path, run.settings) is None:
            run.report.warning(
                run.display(path),
                None,
                None,
                "fichier ignoré : il n'est dans le dossier d'aucun type de contenu "
                "(par exemple content/articles/ ou content/pages/)",
            )


def run_checks(run: Run, items, generators, context: dict) -> None:
    check_stray_files(run)
    placeholders.check(run, items)
    check_addresses(run, items, generators)
    check_links(run, items, context)
    check_plain_links(run, items, generators, context)
    for check in CROSS_CHECKS:
        check(run, items, context)


def reference(source_type: str, field_name: str, target_type: str, key: str, label: str):
    """A cross-check: ``field_name`` of every ``source_type`` item names an existing
    ``target_type`` item by its ``key`` attribute (drafts count: they exist).

    Returns a callable for :data:`CROSS_CHECKS`; the error lists the existing keys.
    """

    def check(run: Run, items, context: dict) -> None:
        targets = [i for i in items if getattr(i, "content_type", "") == target_type]
        known = sorted({str(getattr(t, key)) for t in targets if getattr(t, key, None) is not None})
        for item in items:
            if getattr(item, "content_type", "") != source_type:
                continue
            value = getattr(item, field_name, None)
            if value is None or str(value) in known:
                continue
            run.report.error(
                run.display(item.source_path),
                field_line(item, field_name),
                field_name,
                f"attendu {label} existant parmi {', '.join(known) or '(aucun)'}, trouvé « {value} »",
            )

    return check
