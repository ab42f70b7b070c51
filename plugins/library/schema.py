"""The resource content type: one folder per resource, ``index.md`` and its files.

Fields as in the editors' contract (CONTENT-MODEL.md, « Resource »). What the front matter
alone tells is checked here, when the file is read: paths that leave the folder, licences,
vocabularies, a published resource without files. What depends on the files on disk
(present, regular, not a link leading outside, unlisted files) is checked at each build
by :mod:`.checks`, even when the front matter comes from Pelican's cache.
"""

from __future__ import annotations

import difflib
import os
import posixpath
from dataclasses import dataclass

from contentkit.errors import FieldError, field_message, quote
from contentkit.fields import Choice, Date, Integer, ListOf, Record, Slug, Text, Vocabulary
from contentkit.schema import Schema
from contentkit.types import ALIASES, ContentType

from .config import library_config

ARCHIVE_LICENCE = "LICENCE.txt"  # the generated file every archive holds
DESCRIPTION = "index.md"  # the resource's own description, in its folder
PUBLISHED, IN_PROGRESS, DRAFT = "published", "in-progress", "draft"


@dataclass
class ResourcePath(Text):
    """A file of the resource, relative to its folder: no absolute path, no ``..``.

    Whether it exists on disk is checked at each build (:mod:`.checks`)."""

    expected = "un chemin relatif au dossier de la ressource (par exemple guide.pdf ou annexes/fiche.odt)"
    widget = "file"  # a file beside index.md, for forms (contentkit.jsonschema)

    def parse(self, node, ctx):
        value = super().parse(node, ctx)
        if value.startswith(("/", "\\")) or os.path.isabs(value) or (len(value) > 1 and value[1] == ":"):
            raise FieldError(self.expected, f"{node.describe()} (chemin absolu refusé)", node.line)
        if "\\" in value:
            raise FieldError(self.expected, f"{node.describe()} (séparez les dossiers par « / »)", node.line)
        if ".." in value.split("/"):
            raise FieldError(
                "un chemin qui reste dans le dossier de la ressource",
                f"{node.describe()} (« .. » sort du dossier)",
                node.line,
            )
        path = posixpath.normpath(value)
        if path == DESCRIPTION:
            raise FieldError(
                "un fichier à télécharger",
                f"{node.describe()} (c'est la description de la ressource)",
                node.line,
            )
        if path.lower() == ARCHIVE_LICENCE.lower():
            raise FieldError(
                f"un autre nom que {ARCHIVE_LICENCE} (réservé à la licence que le site ajoute à l'archive)",
                node.describe(),
                node.line,
            )
        return path


@dataclass
class FileEntry(Record):
    """``{path, title}``; keeps the line of ``path`` for the checks made on disk."""

    def parse(self, node, ctx):
        values = super().parse(node, ctx)
        values["line"] = node.value["path"].line
        return values


@dataclass
class License(Text):
    """An SPDX identifier declared in ``data/licenses.yml`` (attribute ``spdx``, or the key).

    Vocabulary keys are lowercase slugs (``cc-by-sa-4-0``), SPDX ids are not
    (``CC-BY-SA-4.0``): each entry gives its id as ``spdx``; the key is accepted too."""

    vocabulary: str = "licenses"
    value_attribute = "spdx"  # for forms and JSON Schemas (contentkit.jsonschema)

    def parse(self, node, ctx):
        value = super().parse(node, ctx)
        entries = ctx.vocabularies.get(self.vocabulary)
        if entries is None:
            raise FieldError(
                f"un identifiant SPDX de data/{self.vocabulary}.yml (fichier introuvable)",
                node.describe(),
                node.line,
            )
        known = {spdx_id(entry): entry for entry in entries.values()}
        if value in known:
            return value
        if value in entries:  # the vocabulary's key (cc-by-sa-4-0) names the licence too
            return spdx_id(entries[value])
        by_case = {k.lower(): k for k in known}
        close = by_case.get(value.lower()) or next(
            iter(difflib.get_close_matches(value, list(known), n=1)), None
        )
        hint = f" (vouliez-vous dire « {close} » ?)" if close else ""
        raise FieldError(
            f"un identifiant SPDX de data/{self.vocabulary}.yml parmi {', '.join(known)}",
            node.describe() + hint,
            node.line,
        )


def spdx_id(entry: dict) -> str:
    return str(entry.get("spdx") or entry["key"])


def files_rule(values: dict, given: set[str], lines: dict[str, int]) -> list:
    """A published resource has files, each path listed once."""
    problems = []
    files = values.get("files") or []
    status = values.get("status", PUBLISHED)
    if status == PUBLISHED and not files and not any_problem_on("files", values, given):
        problems.append(
            (
                lines.get("files") or lines.get("status") or min(lines.values(), default=1),
                "files",
                field_message(
                    "au moins un fichier pour une ressource publiée",
                    "aucun (une ressource en préparation prend « status: in-progress »)",
                ),
            )
        )
    seen = {}
    for number, entry in enumerate(files, start=1):
        path = entry["path"]
        if path in seen:
            problems.append(
                (
                    entry["line"],
                    f"files[{number}].path",
                    field_message(
                        "des fichiers tous différents", f"{quote(path)} déjà listé en files[{seen[path]}]"
                    ),
                )
            )
        else:
            seen[path] = number
    return problems


def any_problem_on(name: str, values: dict, given: set[str]) -> bool:
    """A field given but not in the typed values had its own problem, already reported."""
    return name in given and name not in values


def resource_type() -> ContentType:
    from .scaffold import scaffold  # noqa: PLC0415 — scaffold imports this module

    return ContentType(
        name="ressource",
        label="Ressources",
        folder=library_config({})["FOLDER"],
        sitemap_order=40,
        paths=lambda settings: [library_config(settings)["FOLDER"]],
        scaffold=scaffold,
        schema=Schema(
            fields={
                "title": Text(required=True, help="titre de la ressource", example="Titre"),
                "summary": Text(
                    required=True,
                    help="une ou deux phrases : ce que la ressource permet de faire",
                    example="Un atelier pour…",
                ),
                "objectives": ListOf(
                    item=Vocabulary(name="objectives"),
                    min_items=1,
                    required=True,
                    help="objectifs, clés de data/objectives.yml",
                    example=["sensibiliser"],
                ),
                "themes": ListOf(item=Vocabulary(name="themes"), help="thèmes, clés de data/themes.yml"),
                "audiences": ListOf(
                    item=Vocabulary(name="audiences"),
                    min_items=1,
                    required=True,
                    help="à qui elle sert (qui l'anime, pour qui), clés de data/audiences.yml",
                    example=["mediateurs"],
                ),
                "duration_minutes": Integer(minimum=1, help="durée de l'atelier, en minutes", example=90),
                "participants": Text(help="nombre de participant·es, par exemple « 8 à 15 »"),
                "license": License(
                    required=True,
                    help="licence : identifiant SPDX de data/licenses.yml",
                    example="CC-BY-SA-4.0",
                ),
                "authors": ListOf(
                    item=Text(),
                    min_items=1,
                    required=True,
                    help="personnes ou organisations autrices",
                    example=["Prénom Nom"],
                ),
                "version": Text(required=True, help="numéro de version, par exemple 1.2", example="1.0"),
                "date": Date(help="date de première publication (par défaut : updated)"),
                "updated": Date(required=True, help="date de cette version (AAAA-MM-JJ)"),
                "status": Choice(
                    choices=(PUBLISHED, IN_PROGRESS, DRAFT),
                    help="« in-progress » : en cours, listée sans téléchargement ; « draft » : brouillon",
                    example=DRAFT,
                ),
                "files": ListOf(
                    item=FileEntry(
                        fields={
                            "path": ResourcePath(
                                required=True, help="chemin depuis le dossier de la ressource"
                            ),
                            "title": Text(required=True, help="ce que contient le fichier"),
                        }
                    ),
                    help="fichiers à télécharger, {path, title} (obligatoire pour publier)",
                ),
                "changelog": ListOf(
                    item=Record(
                        fields={
                            "version": Text(required=True),
                            "date": Date(required=True),
                            "note": Text(required=True),
                        }
                    ),
                    help="historique : {version, date, note} par version",
                ),
                "slug": Slug(help="fin de l'adresse ; par défaut le nom du dossier", example="mon-atelier"),
                "aliases": ALIASES,
            },
            rules=[files_rule],
        ),
    )


RESOURCE = resource_type()
