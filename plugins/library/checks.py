"""Checks made on disk at every build: the files of each resource, the folders.

They run on every item read, held back or not, even when its front matter comes from
Pelican's cache (a file may have gone since the last build). Lines and field names are
those of the front matter: ``files[2].path``.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from contentkit.errors import field_message, quote
from contentkit.items import field_line

from .files import disk_problem, folder_files
from .schema import DESCRIPTION


def check_files(run, item) -> bool:
    """Report every listed file that cannot be published; True when all of them can.

    A resource « en cours » may list files that are not there yet."""
    folder = Path(item.source_path).parent
    shown = run.display(item.source_path)
    good = True
    # the page and the archive are published beside the files: no file may take their name
    taken = {
        posixpath.basename(item.save_as): "l'adresse de la page de la ressource",
        f"{item.slug}.zip": "le nom de l'archive de la ressource",
    }
    for number, entry in enumerate(getattr(item, "files", None) or [], start=1):
        if entry["path"] in taken:
            good = False
            run.report.error(
                shown,
                entry.get("line"),
                f"files[{number}].path",
                field_message("un autre nom de fichier", f"{quote(entry['path'])} ({taken[entry['path']]})"),
            )
            continue
        problem = disk_problem(folder, entry["path"])
        if problem is None:
            continue
        if problem.missing and item.in_progress:
            continue
        good = False
        run.report.error(
            shown, entry.get("line"), f"files[{number}].path", field_message(problem.expected, problem.found)
        )
    return good


def check_unlisted(run, item) -> None:
    """A file in the folder that no entry lists is not published: say so."""
    folder = Path(item.source_path).parent
    listed = {entry["path"] for entry in getattr(item, "files", None) or []}
    for relative in folder_files(folder):
        if relative == DESCRIPTION or relative in listed:
            continue
        run.report.warning(
            run.display(item.source_path),
            field_line(item, "files") if "files" in (item.field_lines or {}) else None,
            "files",
            f"le fichier {quote(relative)} est dans le dossier mais dans aucune entrée : "
            "il ne sera pas publié (ajoutez-le à « files » ou retirez-le du dossier)",
        )


def check_folders(run, root: Path) -> None:
    """Every folder of the library holds one resource; nothing else is read there."""
    if not root.is_dir():
        return
    for path in sorted(root.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir() and not (path / DESCRIPTION).is_file():
            run.report.warning(
                run.display(path),
                None,
                None,
                f"dossier ignoré : une ressource est un dossier avec un fichier {DESCRIPTION} "
                '(créez-le avec invoke new ressource "Titre")',
            )
        elif path.is_file():
            run.report.warning(
                run.display(path),
                None,
                None,
                f"fichier ignoré : chaque ressource a son propre dossier, avec son {DESCRIPTION} et ses fichiers",
            )


def check_reserved(run, item, reserved: dict[str, str]) -> None:
    """A resource named like a facet (« themes ») would share its folder of addresses."""
    folder = posixpath.dirname(item.save_as)
    if folder not in reserved:
        return
    given = "slug" in (item.field_lines or {})
    origin = "" if given else " (tirée du nom du dossier)"
    run.report.error(
        run.display(item.source_path),
        field_line(item, "slug") if given else None,
        "slug" if given else None,
        f"l'adresse /{folder}/{origin} est réservée à {reserved[folder]} : "
        "choisissez un autre « slug » ou renommez le dossier",
    )


def check_list_pages(run, items, context) -> None:
    """No other item may take the address of the library or of one of its filter pages."""
    library = context.get("library")
    if library is None:
        return
    from contentkit.checks import alias_save_as  # noqa: PLC0415
    from contentkit.items import is_published  # noqa: PLC0415

    pages = {library.save_as: f"la page {library.title}"}
    for facet in library.facets:
        for term in facet.terms:
            pages[term.save_as] = f"la page des ressources « {facet.label} : {term.name} »"
    for item in items:
        if not is_published(item):
            continue
        claims = [(item.save_as, "slug")]
        claims += [(alias_save_as(alias), "aliases") for alias in getattr(item, "aliases", None) or []]
        for save_as, name in claims:
            if save_as in pages:
                given = name in (getattr(item, "field_lines", None) or {})
                run.report.error(
                    run.display(item.source_path),
                    field_line(item, name) if given else None,
                    name if given else None,
                    f"l'adresse /{save_as.removesuffix('index.html')} est déjà celle de {pages[save_as]} : "
                    "deux contenus ne peuvent pas avoir la même adresse",
                )
