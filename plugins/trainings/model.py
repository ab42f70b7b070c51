"""The training item: Pelican's content class, and what a build derives from its fields
(vocabulary entries, sessions on the build date, links) for the templates and exports."""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

from markupsafe import Markup

from contentkit.generator import ItemContent

from . import sessions as sessions_mod
from .config import absolute, number_fr
from .schema import ONLINE

HEADING_RE = re.compile(r"<(/?)h([1-6])(?=[\s>])")


class Training(ItemContent):
    """A training programme (« formation »); its addresses come from ``TRAINING_URL`` and
    ``TRAINING_SAVE_AS``."""

    default_template = "formations/formation"


def plain(html: str) -> str:
    """Text of a short HTML field (the summary), without tags."""
    return str(Markup(html or "").striptags())


def shift_headings(html: str, top: int = 3) -> str:
    """The programme sits under the page's « Programme » heading (h2): its own headings
    start at h3 whatever level the editor used. Shifting again changes nothing."""
    levels = [int(level) for closing, level in HEADING_RE.findall(html) if not closing]
    if not levels or min(levels) >= top:
        return html
    shift = top - min(levels)
    return HEADING_RE.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)


def entry(vocabulary: dict, key: str) -> dict:
    """A vocabulary entry with its key; a missing one (already reported) keeps its key as name."""
    found = dict(vocabulary.get(key) or {"name": key})
    found["key"] = key
    found["name"] = str(found.get("name", key))
    return found


def as_date(value) -> datetime.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime.datetime) else value


def derive(item, run, config: dict) -> None:
    """Everything a build shows about ``item`` that its fields do not say directly.

    Called at every build (a cached item keeps last build's values: each is set again)."""
    settings = run.settings
    vocabularies = run.vocabularies
    today = run.build_date
    places = vocabularies.get("places", {})

    item._content = shift_headings(item._content or "")
    if getattr(item, "date", None) is None:
        item.date = item.updated
    item.modified = item.updated
    item.updated_day = as_date(item.updated)
    item.first_day = as_date(item.date)
    item.summary_text = plain(item.summary)

    item.domain_entry = entry(vocabularies.get("domains", {}), item.domain)
    item.funders = [
        entry(vocabularies.get("funders", {}), key) for key in getattr(item, "funding", None) or []
    ]
    item.permanent = bool(getattr(item, "permanent_entry", False))
    item.certification = getattr(item, "certification", None)
    item.results = sorted(getattr(item, "results", None) or [], key=lambda r: r["year"], reverse=True)
    outcomes = getattr(item, "outcomes", None)
    item.outcome_list = outcomes if isinstance(outcomes, list) else ([outcomes] if outcomes else [])

    duration = item.duration
    item.hours = duration["hours"]
    item.company_hours = duration.get("in_company_hours") or 0
    item.total_hours = item.hours + item.company_hours
    item.weeks = duration.get("weeks")
    item.modality_label = sessions_mod.MODALITY_LABELS[item.modality]

    amount = item.price["amount_eur"]
    item.price_amount = amount
    item.is_free = amount == 0
    item.price_label = "Gratuit pour l'apprenant·e" if item.is_free else f"{number_fr(amount)} €"
    item.credential = item.certification["name"] if item.certification else config["DEFAULT_CREDENTIAL"]

    item.session_list = sessions_mod.sessions_of(item, getattr(item, "sessions", None) or [], places, today)
    item.current_sessions = sessions_mod.current(item.session_list)
    item.next_session = sessions_mod.next_session(item.session_list, today)
    item.has_upcoming = item.next_session is not None or item.permanent
    item.place_entries = training_places(item, places)
    item.place_keys = [p["key"] for p in item.place_entries]
    item.domain_url = settings["TRAINING_DOMAIN_URL"].format(slug=item.domain)

    item.apply_link = apply_link(item)
    calendar = config.get("TRAINING_CALENDAR") or ""
    item.calendar_path = calendar.format(slug=item.slug) if calendar and item.session_list else ""
    item.absolute_url = absolute(settings, item.url)


def training_places(item, places: dict) -> list[dict]:
    """Where the training is held: the places of its sessions to come (else of all its
    sessions), and « à distance » for a training given at a distance."""
    chosen = [s for s in item.current_sessions if s.status != "cancelled"] or item.session_list
    keys = []
    for session in chosen:
        if session.location not in keys:
            keys.append(session.location)
    if item.modality == "distanciel" and ONLINE not in keys:
        keys.append(ONLINE)
    return [sessions_mod.place_of(key, places) for key in keys]


def apply_link(item) -> str:
    """Where « Candidater » leads: the next open session's form, the training's form, or
    an e-mail to the contact."""
    upcoming = [s for s in item.current_sessions if s.is_open]
    for session in upcoming:
        if session.apply_url:
            return session.apply_url
    if getattr(item, "apply_url", None):
        return item.apply_url
    return f"mailto:{item.contact['email']}?subject={quote('Candidature : ' + str(item.title))}"
