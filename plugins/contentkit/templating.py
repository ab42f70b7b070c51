"""Jinja filters for French readers, independent of the machine's locale."""

from __future__ import annotations

import datetime
from functools import lru_cache, partial

from babel.dates import format_date


def date_fr(value, locale: str = "fr") -> str:
    """« 14 janvier 2026 »; « 1er mai 2026 » for the first of a month."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return long_date(value, locale)


@lru_cache(maxsize=4096)  # list pages format the same dates again and again
def long_date(value: datetime.date, locale: str) -> str:
    text = format_date(value, format="long", locale=locale)
    if locale.startswith("fr") and value.day == 1:
        text = "1er" + text[1:]
    return text


def date_iso(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat() if value else ""


def install(settings: dict) -> None:
    lang = settings.get("DEFAULT_LANG") or "fr"
    filters = settings.setdefault("JINJA_FILTERS", {})
    # a partial, not a lambda: Pelican's content cache pickles the settings
    filters.setdefault("date_fr", partial(date_fr, locale=lang))
    filters.setdefault("date_iso", date_iso)
