"""Checks across files, once every item is read (contentkit's ``CROSS_CHECKS``).

- a published training with no session to come and no ``permanent_entry`` is a warning
  (an error in strict mode): the catalogue would promise what nobody can join;
- an item at the address of a list page of the catalogue is an error;
- what the pages and the LHEO export need from the vocabularies and the settings: the
  keys still exist (a cached file is not read again when a vocabulary changes), places
  of sessions have a postcode and a city, LHEO codes have the shape LHEO wants, the
  organisation's identifiers are there.
"""

from __future__ import annotations

import re
from pathlib import Path

from contentkit.errors import quote
from contentkit.items import field_line, is_published
from contentkit.placeholders import is_placeholder
from contentkit.templating import date_fr

from . import lheo
from .config import settings_of
from .schema import ONLINE, TRAINING

SETTINGS_PATH = "réglage TRAININGS"
FUNDER_CODES = {str(n) for n in range(21)}  # code-financeur of LHEO 2.3
CODE_SHAPES = {
    "formacode": (re.compile(r"^\d{5}$"), "des codes FORMACODE de 5 chiffres"),
    "nsf": (re.compile(r"^\d{3}[a-z]?$"), "des codes NSF de 3 chiffres"),
    "rome": (re.compile(r"^[A-N]\d{4}$"), "des codes ROME (une lettre et 4 chiffres, par exemple M1805)"),
}


def trainings_of(items) -> list:
    return [
        i for i in items if getattr(i, "content_type", "") == TRAINING.name and hasattr(i, "session_list")
    ]


def vocabulary_line(path: Path, key: str, attribute: str = "") -> int:
    """The line of ``key:`` in a vocabulary file, or of its ``attribute:`` when given."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    start = next((n for n, line in enumerate(lines, 1) if re.match(rf"^{re.escape(key)}\s*:", line)), 0)
    if not start or not attribute:
        return start
    for number, line in enumerate(lines[start:], start + 1):
        if re.match(r"^\S", line):
            break  # the next entry
        if re.match(rf"^\s+{re.escape(attribute)}\s*:", line):
            return number
    return start


class Checker:
    def __init__(self, run, context):
        self.run = run
        self.context = context
        self.config = settings_of(run.settings)
        self.data = run.content_root / str(run.config.get("DATA_DIR", "data"))

    def vocab_error(self, name: str, key: str, attribute: str, message: str) -> None:
        path = self.data / f"{name}.yml"
        line = vocabulary_line(path, key, attribute)
        self.run.report.error(self.run.display(path), line, f"{key}.{attribute}", message)

    def upcoming(self, training) -> None:
        if training.has_upcoming:
            return
        today = self.run.build_date
        self.run.report.warning(
            self.run.display(training.source_path),
            field_line(training, "sessions") if "sessions" in training.field_lines else 1,
            "sessions",
            f"aucune session à venir au {date_fr(today)} : ajoutez une session, "
            "ou « permanent_entry: oui » pour une formation à entrée permanente",
        )

    def keys(self, training) -> None:
        """Keys read from a cached file may have left their vocabulary since."""
        vocabularies = self.run.vocabularies
        shown = self.run.display(training.source_path)
        checks = [("domain", "domains", [training.domain])]
        checks.append(("funding", "funders", list(getattr(training, "funding", None) or [])))
        checks.append(("sessions", "places", [s.location for s in training.session_list if not s.online]))
        for field_name, name, keys in checks:
            allowed = vocabularies.get(name) or {}
            for key in keys:
                if key not in allowed:
                    self.run.report.error(
                        shown,
                        field_line(training, field_name),
                        field_name,
                        f"attendu une valeur de data/{name}.yml parmi {', '.join(allowed) or '(aucune)'}"
                        + (f" ou {ONLINE}" if name == "places" else "")
                        + f", trouvé {quote(key)}",
                    )

    def places(self, trainings) -> None:
        used = sorted({s.location for t in trainings for s in t.session_list if not s.online})
        places = self.run.vocabularies.get("places") or {}
        for key in used:
            entry = places.get(key)
            if entry is None:
                continue  # reported by keys()
            postcode = str(entry.get("postcode") or "")
            if not re.fullmatch(r"\d{5}", postcode):
                found = quote(postcode) if postcode else "aucune valeur"
                self.vocab_error(
                    "places", key, "postcode", f"attendu un code postal de 5 chiffres, trouvé {found}"
                )
            if not str(entry.get("city") or "").strip():
                self.vocab_error("places", key, "city", "attendu la commune du lieu, trouvé aucune valeur")

    def lheo_codes(self, trainings) -> None:
        domains = self.run.vocabularies.get("domains") or {}
        for key in sorted({t.domain for t in trainings}):
            entry = domains.get(key) or {}
            for attribute, (shape, expected) in CODE_SHAPES.items():
                values = lheo.codes(entry.get(attribute))
                wrong = [v for v in values if not shape.match(v)]
                if wrong:
                    self.vocab_error(
                        "domains", key, attribute, f"attendu {expected}, trouvé {quote(wrong[0])}"
                    )
        funders = self.run.vocabularies.get("funders") or {}
        for key in sorted({f for t in trainings for f in getattr(t, "funding", None) or []}):
            entry = funders.get(key)
            if entry is None:
                continue
            code = str(entry.get("lheo_code", "")).strip()
            if code not in FUNDER_CODES:
                self.vocab_error(
                    "funders",
                    key,
                    "lheo_code",
                    "attendu le code financeur LHEO (un nombre de 0 à 20), "
                    f"trouvé {quote(code) if code else 'aucune valeur'}",
                )

    def organisation(self) -> None:
        org = self.config.get("ORGANISATION") or {}
        address = org.get("address") or {}
        wanted = [
            ("name", org.get("name"), r".+", "le nom de l'organisme"),
            ("siret", org.get("siret"), r"\d{14}", "un numéro SIRET de 14 chiffres"),
            (
                "activity_number",
                org.get("activity_number"),
                r"\d{11}",
                "un numéro de déclaration d'activité de 11 chiffres",
            ),
            ("email", org.get("email"), r"[^@\s]+@[^@\s]+", "une adresse électronique"),
            ("address.postcode", address.get("postcode"), r"\d{5}", "un code postal de 5 chiffres"),
            ("address.city", address.get("city"), r".+", "la commune"),
        ]
        for name, value, shape, expected in wanted:
            if is_placeholder(value):
                continue  # « [à compléter…] »: reported by the production check
            text = str(value or "").strip()
            if not re.fullmatch(shape, text):
                found = quote(text) if text else "aucune valeur"
                self.run.report.error(
                    SETTINGS_PATH,
                    None,
                    f"ORGANISATION.{name}",
                    f"attendu {expected} (pour l'export LHEO), trouvé {found}",
                )

    def addresses(self, items, trainings) -> None:
        """The catalogue's own pages: no item may take their address."""
        settings = self.run.settings
        reserved = {settings["TRAININGS_SAVE_AS"]: "le catalogue des formations"}
        reserved[settings["TRAINING_SESSIONS_SAVE_AS"]] = "la page des prochaines sessions"
        for key in {p for t in trainings for p in t.place_keys}:
            reserved[settings["TRAINING_PLACE_SAVE_AS"].format(slug=key)] = f"la page du lieu « {key} »"
        for key in {t.domain for t in trainings}:
            reserved[settings["TRAINING_DOMAIN_SAVE_AS"].format(slug=key)] = f"la page du domaine « {key} »"
        for item in items:
            if not is_published(item) or item.save_as not in reserved:
                continue
            given = "slug" in (getattr(item, "field_lines", None) or {})
            self.run.report.error(
                self.run.display(item.source_path),
                field_line(item, "slug") if given else 1,
                "slug" if given else None,
                f"l'adresse /{item.save_as.removesuffix('index.html')}"
                + ("" if given else " (tirée du nom du fichier)")
                + f" est réservée à {reserved[item.save_as]} : choisissez un autre « slug »",
            )


def check_trainings(run, items, context) -> None:
    trainings = [t for t in trainings_of(items) if is_published(t)]
    if not trainings_of(items):
        return
    checker = Checker(run, context)
    for training in trainings_of(items):
        checker.keys(training)
    for training in trainings:
        checker.upcoming(training)
    checker.places(trainings)
    checker.addresses(items, trainings)
    if checker.config.get("LHEO") and lheo.exported(trainings):
        checker.lheo_codes(lheo.exported(trainings))
        checker.organisation()
