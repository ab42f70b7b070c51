"""Typed fields of a front matter schema.

Each field turns a :class:`~.frontmatter.Node` into a Python value or raises
:class:`~.errors.FieldError` saying, in French, what was expected and what was found.
Nothing here is specific to one site: content types combine these fields in a
:class:`~.schema.Schema`.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FieldError, field_message, quote
from .frontmatter import LIST, MAP, SCALAR, Node
from .placeholders import PATTERN as PLACEHOLDER

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")
MIN_YEAR, MAX_YEAR = 1000, 2999  # years a Date field accepts
TRUE_WORDS = {"oui", "true", "vrai"}
FALSE_WORDS = {"non", "false", "faux"}


@dataclass
class FieldContext:
    """What a field may need beyond its value: where the file is, vocabularies, today."""

    source_path: Path
    content_root: Path
    vocabularies: dict[str, dict[str, dict]] = field(default_factory=dict)
    build_date: datetime.date | None = None


@dataclass
class Field:
    """Base of every field. ``help`` and ``example`` feed the scaffolding and the docs."""

    required: bool = False
    help: str = ""
    example: Any = None
    default: Any = None

    expected = "une valeur"

    def parse(self, node: Node, ctx: FieldContext) -> Any:
        raise NotImplementedError

    def scalar(self, node: Node) -> str:
        if node.kind != SCALAR:
            raise FieldError(self.expected, node.describe(), node.line)
        return str(node.value).strip()


@dataclass
class Text(Field):
    expected = "un texte"

    def parse(self, node, ctx):
        text = self.scalar(node)
        if not text:
            raise FieldError(self.expected, "une valeur vide", node.line)
        return text


@dataclass
class Integer(Field):
    minimum: int | None = None
    maximum: int | None = None

    @property
    def expected(self) -> str:  # type: ignore[override]
        if self.minimum is not None and self.maximum is not None:
            return f"un nombre entier de {self.minimum} à {self.maximum}"
        if self.minimum is not None:
            return f"un nombre entier supérieur ou égal à {self.minimum}"
        return "un nombre entier"

    def parse(self, node, ctx):
        text = self.scalar(node)
        if not re.fullmatch(r"[+-]?\d+", text):
            raise FieldError(self.expected, node.describe(), node.line)
        value = int(text)
        too_low = self.minimum is not None and value < self.minimum
        if too_low or (self.maximum is not None and value > self.maximum):
            raise FieldError(self.expected, quote(text), node.line)
        return value


@dataclass
class Number(Integer):
    """A decimal number (``76``, ``76,5`` or ``76.5``), e.g. a rate in %."""

    @property
    def expected(self) -> str:  # type: ignore[override]
        if self.minimum is not None and self.maximum is not None:
            return f"un nombre de {self.minimum} à {self.maximum}"
        return "un nombre"

    def parse(self, node, ctx):
        text = self.scalar(node).replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise FieldError(self.expected, node.describe(), node.line) from None
        too_low = self.minimum is not None and value < self.minimum
        if too_low or (self.maximum is not None and value > self.maximum):
            raise FieldError(self.expected, node.describe(), node.line)
        return int(value) if value.is_integer() else value


@dataclass
class Boolean(Field):
    expected = "« oui » ou « non »"

    def parse(self, node, ctx):
        word = self.scalar(node).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise FieldError(self.expected, node.describe(), node.line)


@dataclass
class Date(Field):
    """An ISO date ``AAAA-MM-JJ`` (a time ``HH:MM`` may follow)."""

    expected = "une date au format AAAA-MM-JJ"

    def parse(self, node, ctx):
        text = self.scalar(node)
        match = DATE_RE.match(text)
        if not match:
            raise FieldError(self.expected, node.describe(), node.line)
        year, month, day, hour, minute = match.groups()
        try:
            value = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        except ValueError:
            raise FieldError(
                "une date qui existe au format AAAA-MM-JJ",
                f"{quote(text)} (ce jour n'existe pas)",
                node.line,
            ) from None
        # A year of three zeros and a digit is a typo (0226 for 2026); after 9999-12-31 there is
        # no next day, which a session's calendar needs: keep well inside.
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise FieldError(f"une date entre {MIN_YEAR} et {MAX_YEAR}", quote(text), node.line)
        return value


@dataclass
class Choice(Field):
    """One of a fixed set of keys, e.g. a status."""

    choices: tuple[str, ...] = ()

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "une valeur parmi " + ", ".join(self.choices)

    def parse(self, node, ctx):
        value = self.scalar(node)
        if value not in self.choices:
            raise FieldError(self.expected, node.describe(), node.line)
        return value


@dataclass
class Vocabulary(Field):
    """A key of a vocabulary declared in ``content/data/<name>.yml``."""

    name: str = ""

    def parse(self, node, ctx):
        allowed = ctx.vocabularies.get(self.name)
        if allowed is None:
            raise FieldError(
                f"une clé du vocabulaire « {self.name} » (fichier data/{self.name}.yml introuvable)",
                node.describe(),
                node.line,
            )
        value = self.scalar(node)
        if value not in allowed:
            close = difflib.get_close_matches(value, list(allowed), n=1)
            hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
            raise FieldError(
                f"une valeur de data/{self.name}.yml parmi {', '.join(allowed)}",
                node.describe() + hint,
                node.line,
            )
        return value


@dataclass
class Slug(Field):
    expected = "un identifiant en minuscules sans accents, mots séparés par des tirets"

    def parse(self, node, ctx):
        value = self.scalar(node)
        if not SLUG_RE.match(value):
            raise FieldError(self.expected, node.describe(), node.line)
        return value


@dataclass
class Email(Field):
    expected = "une adresse électronique (nom@domaine.fr)"

    def parse(self, node, ctx):
        value = self.scalar(node)
        if not EMAIL_RE.match(value) and not PLACEHOLDER.search(value):
            raise FieldError(self.expected, node.describe(), node.line)
        return value  # a placeholder « [à compléter…] » waits for the production check


@dataclass
class Url(Field):
    expected = "une adresse web complète commençant par https://"

    def parse(self, node, ctx):
        value = self.scalar(node)
        if not URL_RE.match(value):
            raise FieldError(self.expected, node.describe(), node.line)
        return value


@dataclass
class SitePath(Field):
    """An address on this site, e.g. a former URL: ``/2023/trophee/``."""

    expected = "une adresse du site commençant par « / » (par exemple /ancienne-page/)"

    def parse(self, node, ctx):
        value = self.scalar(node)
        if not value.startswith("/") or "//" in value or ".." in value or " " in value:
            raise FieldError(self.expected, node.describe(), node.line)
        return value


@dataclass
class FilePath(Field):
    """A file of the content folder, relative to the content root or to the Markdown file.

    The path must stay inside its base folder: ``..`` that leaves it, absolute paths and
    symbolic links leading outside are refused.
    """

    relative_to: str = "content"  # or "file"
    must_exist: bool = True
    extensions: tuple[str, ...] = ()  # allowed endings, e.g. (".jpg", ".png"); any if empty
    kind: str = "un fichier"  # how the expected file is named in messages, e.g. "une image"

    @property
    def expected(self) -> str:  # type: ignore[override]
        if self.relative_to == "file":
            return "un chemin de fichier relatif au dossier du fichier"
        return "un chemin de fichier relatif au dossier content/ (par exemple images/photo.jpg)"

    def base(self, ctx: FieldContext) -> Path:
        return ctx.source_path.parent if self.relative_to == "file" else ctx.content_root

    def parse(self, node, ctx):
        value = self.scalar(node)
        base = self.base(ctx).resolve()
        if not value:
            raise FieldError(self.expected, "une valeur vide", node.line)
        if os.path.isabs(value) or value.startswith(("/", "\\")):
            raise FieldError(self.expected, f"{node.describe()} (chemin absolu refusé)", node.line)
        target = (base / value).resolve()
        if not target.is_relative_to(base):
            raise FieldError(
                self.expected + " qui reste dans ce dossier",
                f"{node.describe()} (sort du dossier {base.name}/)",
                node.line,
            )
        if self.extensions and target.suffix.lower() not in self.extensions:
            allowed = ", ".join(e.lstrip(".") for e in self.extensions)
            raise FieldError(f"{self.kind} ({allowed})", node.describe(), node.line)
        if self.must_exist:
            if not target.exists():
                raise FieldError("un fichier existant", f"{node.describe()} (introuvable)", node.line)
            if not target.is_file():
                raise FieldError("un fichier ordinaire", f"{node.describe()} (c'est un dossier)", node.line)
        return Path(os.path.normpath(value)).as_posix()


@dataclass
class ListOf(Field):
    """A YAML list whose items are all of one field type."""

    item: Field = field(default_factory=Text)
    min_items: int = 0
    unique: bool = True

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "une liste (un élément par ligne, commençant par « - »)"

    def parse(self, node, ctx):
        if node.kind != LIST:
            raise FieldError(self.expected, node.describe(), node.line)
        items = node.value
        if len(items) < self.min_items:
            raise FieldError(
                f"une liste d'au moins {self.min_items} élément(s)",
                "une liste vide" if not items else f"{len(items)} élément(s)",
                node.line,
            )
        values, seen, problems = [], set(), []
        for number, item in enumerate(items, start=1):
            where = f"[{number}]"  # the item's position, as editors count: 1, 2, 3…
            try:
                value = self.item.parse(item, ctx)
            except RecordErrors as exc:
                problems += [
                    (line, where + (f".{sub}" if sub else ""), msg) for line, sub, msg in exc.problems
                ]
                continue
            except FieldError as exc:
                problems.append((exc.line or item.line, where, field_message(exc.expected, exc.found)))
                continue
            key = repr(value)
            if self.unique and key in seen:
                problems.append(
                    (
                        item.line,
                        where,
                        field_message("des éléments tous différents", f"{quote(value)} deux fois"),
                    )
                )
                continue
            seen.add(key)
            values.append(value)
        if problems:
            raise RecordErrors(problems)
        return values


@dataclass
class Record(Field):
    """A nested group of fields (``nom: valeur`` lines indented under the field)."""

    fields: dict[str, Field] = field(default_factory=dict)

    expected = "des champs « nom: valeur » indentés"

    def parse(self, node, ctx):
        if node.kind != MAP:
            raise FieldError(self.expected, node.describe(), node.line)
        from .schema import check_fields

        values, problems = check_fields(self.fields, node, ctx, prefix="")
        if problems:
            raise RecordErrors(problems)
        return values


class RecordErrors(Exception):
    """Several problems inside one nested record; the schema reports each one."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems
