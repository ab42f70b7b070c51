"""The training content type: its fields, as in the editors' contract (CONTENT-MODEL.md,
« Training »), and the rules between them that can be checked in one file.

Rules that need the build date or other files (no upcoming session, reserved addresses,
vocabulary codes) are in :mod:`.checks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contentkit.errors import FieldError, field_message, quote
from contentkit.fields import (
    Boolean,
    Choice,
    Date,
    Email,
    Field,
    Integer,
    ListOf,
    Number,
    Record,
    RecordErrors,
    Slug,
    Text,
    Url,
    Vocabulary,
)
from contentkit.frontmatter import LIST, SCALAR
from contentkit.schema import Schema
from contentkit.types import ALIASES, SLUG, STATUS, ContentType

ONLINE = "distanciel"  # a session's location that is no place
MODALITIES = ("presentiel", "distanciel", "hybride")
SESSION_STATUSES = ("full", "cancelled")  # given by the editor; the others are derived
CODE_RE = re.compile(r"^(RNCP|RS)(\d+)$")


@dataclass
class CertificationCode(Field):
    expected = "un code RNCP ou RS (par exemple RNCP37674 ou RS5568)"
    pattern = CODE_RE.pattern  # for forms and JSON Schemas (contentkit.jsonschema)

    def parse(self, node, ctx):
        value = self.scalar(node).replace(" ", "")
        if not CODE_RE.match(value):
            raise FieldError(self.expected, node.describe(), node.line)
        return value


@dataclass
class Certification(Record):
    """``{name, code, level?, certifier}``: a level (3–8) for an RNCP code, none for RS."""

    def parse(self, node, ctx):
        values = super().parse(node, ctx)
        code = values.get("code", "")
        if code.startswith("RNCP") and "level" not in values:
            raise RecordErrors(
                [(node.line, "level", "champ obligatoire pour un code RNCP (un niveau de 3 à 8)")]
            )
        if code.startswith("RS") and "level" in values:
            line = node.key_lines.get("level", node.line)
            message = field_message(
                "aucun niveau pour un code RS (le Répertoire spécifique n'a pas de niveaux)",
                quote(values["level"]),
            )
            raise RecordErrors([(line, "level", message)])
        return values


@dataclass
class Location(Vocabulary):
    """A key of ``data/places.yml``, or ``distanciel``."""

    extra_choices = (ONLINE,)  # for forms and JSON Schemas (contentkit.jsonschema)

    def parse(self, node, ctx):
        if node.kind == SCALAR and str(node.value).strip() == ONLINE:
            return ONLINE
        allowed = ctx.vocabularies.get(self.name)
        if allowed is None:
            raise FieldError(
                f"« {ONLINE} » ou une clé de data/{self.name}.yml (fichier introuvable)",
                node.describe(),
                node.line,
            )
        keys = list(allowed) + ([ONLINE] if ONLINE not in allowed else [])
        value = self.scalar(node)
        if value not in keys:
            raise FieldError(
                f"une valeur de data/{self.name}.yml parmi {', '.join(keys)}", node.describe(), node.line
            )
        return value


@dataclass
class Session(Record):
    """One session; its dates must follow each other."""

    def parse(self, node, ctx):
        values = super().parse(node, ctx)
        start, end = values["start"], values["end"]
        problems = []
        if end < start:
            problems.append(
                (
                    node.key_lines.get("end", node.line),
                    "end",
                    field_message(
                        f"une date de fin qui ne précède pas le début ({start:%Y-%m-%d})",
                        quote(f"{end:%Y-%m-%d}"),
                    ),
                )
            )
        deadline = values.get("registration_deadline")
        if deadline is not None and deadline > start:
            problems.append(
                (
                    node.key_lines.get("registration_deadline", node.line),
                    "registration_deadline",
                    field_message(
                        f"une date limite d'inscription au plus tard le jour du début ({start:%Y-%m-%d})",
                        quote(f"{deadline:%Y-%m-%d}"),
                    ),
                )
            )
        if problems:
            raise RecordErrors(problems)
        return values


def session_key(session: dict) -> str:
    """A session's identity within its training: its ``id``, else its start date."""
    return session.get("id") or f"{session['start']:%Y-%m-%d}"


@dataclass
class Sessions(ListOf):
    """The sessions of a training: each keeps its own identity (calendar UID)."""

    def parse(self, node, ctx):
        values = super().parse(node, ctx)
        seen: dict[str, int] = {}
        problems = []
        for number, (session, item) in enumerate(zip(values, node.value, strict=False), start=1):
            key = session_key(session)
            if key in seen:
                given = "id" in session
                line = item.key_lines.get("id" if given else "start", item.line)
                what = f"l'id « {key} »" if given else f"la date de début {key} sans « id »"
                problems.append(
                    (
                        line,
                        f"[{number}].{'id' if given else 'start'}",
                        f"{what} est déjà celle de la session {seen[key]} : "
                        "donnez à chaque session un « id » différent",
                    )
                )
            else:
                seen[key] = number
        if problems:
            raise RecordErrors(problems)
        return values


@dataclass
class TextOrList(Field):
    """A text, or a list of texts (one per line, « - »)."""

    expected = "un texte ou une liste"
    accepts_list = True  # for forms and JSON Schemas (contentkit.jsonschema)

    def parse(self, node, ctx):
        if node.kind == LIST:
            return ListOf(item=Text()).parse(node, ctx)
        return Text().parse(node, ctx)


RATE = {"minimum": 0, "maximum": 100}


SESSION = Session(
    fields={
        "start": Date(required=True, help="premier jour (AAAA-MM-JJ)", example="2027-01-11"),
        "end": Date(required=True, help="dernier jour (AAAA-MM-JJ)", example="2027-07-09"),
        "location": Location(
            name="places", required=True, help="clé de data/places.yml, ou distanciel", example="lens"
        ),
        "id": Slug(help="identifiant stable de la session (garde son entrée d'agenda si les dates changent)"),
        "seats": Integer(minimum=0, help="nombre de places", example=16),
        "registration_deadline": Date(help="date limite de candidature (au plus tard le jour du début)"),
        "status": Choice(
            choices=SESSION_STATUSES, help="« full » (complet) ou « cancelled » (annulé) ; sinon calculé"
        ),
        "apply_url": Url(help="adresse du formulaire de candidature de cette session"),
    }
)

FIELDS = {
    "title": Text(required=True, help="titre de la formation", example="Titre"),
    "summary": Text(
        required=True,
        help="une ou deux phrases : à quoi mène la formation",
        example="À quoi mène la formation.",
    ),
    "domain": Vocabulary(
        name="domains", required=True, help="clé de data/domains.yml", example="developpement"
    ),
    "certification": Certification(
        help="certification visée : name, code (RNCP… ou RS…), level (3 à 8, pour un RNCP), certifier",
        fields={
            "name": Text(required=True, help="intitulé de la certification"),
            "code": CertificationCode(required=True, help="RNCP suivi de chiffres, ou RS suivi de chiffres"),
            "level": Integer(minimum=3, maximum=8, help="niveau (3 à 8), pour un code RNCP seulement"),
            "certifier": Text(required=True, help="organisme certificateur"),
        },
    ),
    "duration": Record(
        required=True,
        help="hours (heures en centre), in_company_hours (heures en entreprise), weeks (semaines)",
        fields={
            "hours": Integer(minimum=1, required=True, help="heures en centre de formation", example=400),
            "in_company_hours": Integer(minimum=0, help="heures de stage en entreprise"),
            "weeks": Integer(minimum=1, help="durée en semaines"),
        },
    ),
    "modality": Choice(
        choices=MODALITIES, required=True, help="presentiel, distanciel ou hybride", example="presentiel"
    ),
    "audience": Text(required=True, help="à qui elle s'adresse", example="Demandeur·euses d'emploi."),
    "prerequisites": ListOf(
        item=Text(),
        min_items=1,
        required=True,
        help="prérequis, un par ligne",
        example=["Aucun diplôme requis"],
    ),
    "objectives": ListOf(
        item=Text(),
        min_items=1,
        required=True,
        help="ce que l'apprenant·e saura faire, un objectif par ligne",
        example=["Objectif"],
    ),
    "access": Record(
        required=True,
        help="process (comment entrer : réunion, tests, entretien) et delay (délai d'accès)",
        fields={
            "process": Text(required=True, help="étapes pour entrer en formation"),
            "delay": Text(required=True, help="délai entre la candidature et l'entrée"),
        },
    ),
    "price": Record(
        required=True,
        help="amount_eur (0 = gratuit pour l'apprenant·e) et note",
        fields={
            "amount_eur": Number(minimum=0, required=True, help="prix pour l'apprenant·e, en euros"),
            "note": Text(help="précision sur le prix et sa prise en charge"),
        },
    ),
    "funding": ListOf(
        item=Vocabulary(name="funders"), help="clés de data/funders.yml", example=["france-travail"]
    ),
    "methods": Text(required=True, help="méthodes pédagogiques", example="Pédagogie active, en projets."),
    "evaluation": Text(required=True, help="comment les acquis sont évalués", example="Mises en situation."),
    "accessibility": Text(
        required=True,
        help="accessibilité aux personnes handicapées et contact du ou de la référent·e handicap",
        example="Formation accessible ; référente handicap : Prénom Nom.",
    ),
    "contact": Record(
        required=True,
        help="name, email, phone",
        fields={
            "name": Text(help="personne à contacter"),
            "email": Email(required=True, help="adresse électronique"),
            "phone": Text(help="téléphone"),
        },
    ),
    "results": ListOf(
        help="résultats par année : year, learners, certification_rate, satisfaction_rate, employment_rate, dropout_rate (en %)",
        item=Record(
            fields={
                "year": Integer(minimum=2000, maximum=2100, required=True, help="année"),
                "learners": Integer(minimum=0, required=True, help="nombre d'apprenant·es"),
                "certification_rate": Number(**RATE, help="taux de certification, en %"),
                "satisfaction_rate": Number(**RATE, help="taux de satisfaction, en %"),
                "employment_rate": Number(**RATE, help="taux d'insertion dans l'emploi, en %"),
                "dropout_rate": Number(**RATE, help="taux d'abandon, en %"),
            }
        ),
    ),
    "outcomes": TextOrList(help="métiers visés, poursuites d'études (texte ou liste)"),
    "sessions": Sessions(
        item=SESSION,
        help="sessions : start, end, location, id, seats, registration_deadline, status, apply_url",
    ),
    "permanent_entry": Boolean(help="« oui » : entrée à tout moment, sans session (e-learning)"),
    "apply_url": Url(help="formulaire de candidature, si les sessions n'en ont pas"),
    "date": Date(help="première publication ; par défaut la date de mise à jour"),
    "updated": Date(required=True, help="date de la dernière vérification des informations"),
    "slug": SLUG,
    "status": STATUS,
    "aliases": ALIASES,
}

TRAINING = ContentType(
    name="formation",
    label="Formations",
    folder="formations",
    sitemap_order=30,
    paths=lambda settings: list(settings.get("TRAINING_PATHS", ["formations"])),
    schema=Schema(fields=FIELDS),
)
