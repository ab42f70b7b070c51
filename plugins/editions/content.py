"""The issue (« numéro ») content type: its schema, as in the editors' contract, and its
content class."""

from __future__ import annotations

from contentkit.fields import Date, FilePath, Integer, Text
from contentkit.generator import ItemContent
from contentkit.schema import Schema, requires
from contentkit.types import ALIASES, IMAGE_EXTENSIONS, STATUS, ContentType

from .config import DEFAULTS


def issue_paths(settings: dict) -> list[str]:
    return [str((settings.get("EDITIONS") or {}).get("PATH") or DEFAULTS["PATH"])]


def label_of(settings: dict, number) -> str:
    pattern = (settings.get("EDITIONS") or {}).get("LABEL") or DEFAULTS["LABEL"]
    return pattern.format(number=number)


def scaffold(title, content_root, today, options):
    from .scaffold import new_issue  # noqa: PLC0415 — only `invoke new` needs it

    return new_issue(title, content_root, today, options)


SCHEMA = Schema(
    fields={
        "number": Integer(
            required=True, minimum=1, help="numéro du magazine, un entier que nul autre numéro n'a", example=3
        ),
        "title": Text(required=True, help="titre : le thème du numéro", example="À qui se fier ?"),
        "date": Date(required=True, help="date de parution (AAAA-MM-JJ) ; en ligne à partir de ce jour"),
        "summary": Text(help="une ou deux phrases ; par défaut le premier paragraphe de l'édito"),
        "editorial_author": Text(help="signature de l'édito, par exemple La rédaction"),
        "cover": FilePath(
            help="image de couverture, chemin depuis content/",
            example="images/mediations/numero-3.jpg",
            extensions=IMAGE_EXTENSIONS,
            kind="une image",
        ),
        "cover_alt": Text(
            help="description de la couverture pour qui ne la voit pas (obligatoire avec cover)"
        ),
        "status": STATUS,
        "aliases": ALIASES,
    },
    rules=[requires("cover_alt", when="cover")],
)

NUMERO = ContentType(
    name="numero",
    label="Numéros",
    folder=DEFAULTS["PATH"],
    sitemap_order=30,
    paths=issue_paths,
    schema=SCHEMA,
    scaffold=scaffold,
)


class Edition(ItemContent):
    """One issue; the generator adds ``contents`` (its published articles in order),
    ``previous_issue``, ``next_issue`` and ``feed`` (the path of its feed)."""

    default_template = "numero"

    @property
    def label(self) -> str:
        """« N°2 »."""
        return label_of(self.settings, self.number)

    @property
    def heading(self) -> str:
        """« N°2 — À qui se fier ? »."""
        return f"{self.label} — {self.title}"
