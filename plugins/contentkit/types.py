"""Content types: which files they cover and their schema.

The foundation declares Pelican's two types, articles and pages, as in the editors'
contract (CONTENT-MODEL.md). Other plugins add theirs with :func:`register`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from .fields import (
    Boolean,
    Choice,
    Date,
    FilePath,
    Integer,
    ListOf,
    SitePath,
    Slug,
    Text,
    Vocabulary,
)
from .schema import Schema, requires


@dataclass
class ContentType:
    name: str
    label: str  # French plural, as a heading of the site map
    schema: Schema
    paths: Callable[[dict], list[str]]  # folders of the type, relative to the content root
    folder: str = ""  # where `invoke new` creates a file, relative to the content root
    sitemap_order: int = 50
    # `invoke new`: (title, content_root, today, options) → path of the created file, for a
    # type whose files are not one `<folder>/<slug>.md` each (see sitetools/scaffold.py)
    scaffold: Callable | None = None

    def covers(self, relative: str, settings: dict) -> bool:
        return any(relative == p or relative.startswith(p.rstrip("/") + "/") for p in self.paths(settings))


REGISTRY: dict[str, ContentType] = {}


def register(content_type: ContentType) -> None:
    REGISTRY[content_type.name] = content_type


def for_path(source_path, settings: dict) -> ContentType | None:
    """The type of a file, from its folder under the content root."""
    relative = os.path.relpath(os.path.abspath(source_path), os.path.abspath(settings["PATH"]))
    if relative.startswith(".."):
        return None
    relative = relative.replace(os.sep, "/")
    # the most specific folder wins
    matches = [t for t in REGISTRY.values() if t.covers(relative, settings)]
    return max(matches, key=lambda t: max(len(p) for p in t.paths(settings)), default=None)


IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".svg", ".gif")

STATUS = Choice(
    choices=("published", "draft"),
    help="« draft » : brouillon, visible seulement en prévisualisation",
    example="draft",
)
SLUG = Slug(help="fin de l'adresse ; par défaut le nom du fichier", example="mon-article")
ALIASES = ListOf(
    item=SitePath(),
    help="anciennes adresses de ce contenu, redirigées vers la nouvelle",
    example=["/ancienne-adresse/"],
)

ARTICLE = ContentType(
    name="article",
    label="Articles",
    folder="articles",
    sitemap_order=20,
    paths=lambda settings: list(settings.get("ARTICLE_PATHS", ["articles"])),
    schema=Schema(
        fields={
            "title": Text(required=True, help="titre de l'article", example="Titre"),
            "date": Date(required=True, help="date de publication (AAAA-MM-JJ)"),
            "modified": Date(help="date de la dernière modification importante"),
            "summary": Text(help="une ou deux phrases ; par défaut le premier paragraphe"),
            "authors": ListOf(item=Text(), help="noms des auteur·rices", example=["Prénom Nom"]),
            "category": Text(help="rubrique, par exemple Actualités", example="Actualités"),
            "tags": ListOf(item=Text(), help="mots-clés", example=["Formation"]),
            "cover": FilePath(
                help="image de couverture, chemin depuis content/",
                example="images/photo.jpg",
                extensions=IMAGE_EXTENSIONS,
                kind="une image",
            ),
            "cover_alt": Text(help="description de l'image pour qui ne la voit pas (obligatoire avec cover)"),
            "edition": Integer(minimum=1, help="numéro du magazine auquel l'article appartient"),
            "edition_order": Integer(minimum=1, help="position dans le sommaire du numéro"),
            "format": Vocabulary(name="formats", help="format éditorial, clé de data/formats.yml"),
            "slug": SLUG,
            "status": STATUS,
            "aliases": ALIASES,
        },
        rules=[requires("cover_alt", when="cover"), requires("edition_order", when="edition")],
    ),
)

PAGE = ContentType(
    name="page",
    label="Pages",
    folder="pages",
    sitemap_order=10,
    paths=lambda settings: list(settings.get("PAGE_PATHS", ["pages"])),
    schema=Schema(
        fields={
            "title": Text(required=True, help="titre de la page", example="Titre"),
            "summary": Text(help="une ou deux phrases qui présentent la page"),
            "slug": SLUG,
            "status": STATUS,
            "order": Integer(minimum=0, default=100, help="position dans les menus", example=10),
            "menu": Boolean(
                default=False, help="« oui » pour l'afficher dans le menu principal", example="non"
            ),
            "aliases": ALIASES,
        }
    ),
)

register(ARTICLE)
register(PAGE)
