"""iCalendar (RFC 5545) files of the sessions, written with the ``icalendar`` library.

One all-day event per session. Its UID stays the same from build to build (from the
session's ``id``, else from the training and the start date) and DTSTAMP comes from the
date the training's information was last updated: two builds of the same content give
the same bytes, and a calendar application sees a change only when there is one.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from contentkit.placeholders import public

from .config import absolute_base


def uid_domain(settings: dict) -> str:
    host = urlsplit(absolute_base(settings)).hostname
    return host or "formations.invalid"


def stamp(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def where(session) -> str:
    place = public(session.place)  # placeholders « [à compléter…] » left out
    parts = [
        place.get("name"),
        place.get("address"),
        " ".join(p for p in (place.get("postcode"), place.get("city")) if p),
    ]
    return ", ".join(p for p in parts if p)


def event(session, settings: dict) -> Event:
    training = session.training
    item = Event()
    item.add("uid", f"{session.uid_key}@{uid_domain(settings)}")
    item.add("dtstamp", stamp(training.updated_day))
    item.add("last-modified", stamp(training.updated_day))
    item.add("dtstart", session.start)
    # all-day events end the day after their last day (DTEND is exclusive)
    item.add("dtend", session.end + datetime.timedelta(days=1))
    item.add("summary", str(training.title))
    item.add("location", where(session))
    lines = [training.summary_text] if public(training.summary_text) else []  # no placeholder
    if session.deadline:
        lines.append(f"Candidatures jusqu'au {session.deadline:%d/%m/%Y}.")
    if session.seats is not None:
        lines.append(f"Places : {session.seats}.")
    lines.append(training.absolute_url)
    item.add("description", "\n".join(lines))
    item.add("url", training.absolute_url)
    item.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
    item.add("transp", "TRANSPARENT")  # a training's days do not make its readers busy
    item.add("categories", [training.domain_entry["name"]])
    return item


def calendar(sessions: list, name: str, settings: dict) -> str:
    """The calendar of ``sessions`` as text (CRLF line ends, as RFC 5545 wants)."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.get('SITENAME', 'Site')}//Formations//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.get("TIMEZONE") or "Europe/Paris")
    for session in sorted(sessions, key=lambda s: (s.start, s.training.slug, s.key)):
        cal.add_component(event(session, settings))
    return cal.to_ical().decode("utf-8")
