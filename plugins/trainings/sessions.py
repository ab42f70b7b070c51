"""Sessions as readers see them on one build date: status, past or not, the next one.

The rules (CONTENT-MODEL.md): ``full`` and ``cancelled`` are given by the editor;
otherwise a session is ``open`` until its registration deadline (or, without one, its
start), both days included, and ``closed`` after. A session whose end has passed is
past. The « next session » of a training is its earliest session starting on or after
the build date that is not cancelled (a full one is shown, as full).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .schema import ONLINE, session_key

STATUS_LABELS = {
    "open": "Inscriptions ouvertes",
    "full": "Complet",
    "closed": "Clôturé",
    "cancelled": "Annulé",
}
MODALITY_LABELS = {"presentiel": "Présentiel", "distanciel": "À distance", "hybride": "Hybride"}
ONLINE_PLACE = {"key": ONLINE, "name": "À distance", "address": "", "postcode": "", "city": ""}


def as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


@dataclass
class Session:
    """One session of a training, with what the build date makes of it."""

    training: object  # the Training it belongs to
    key: str  # identity within the training: its id, else its start date
    start: datetime.date
    end: datetime.date
    location: str
    place: dict  # the location's entry of data/places.yml (name, address, postcode, city)
    seats: int | None = None
    deadline: datetime.date | None = None
    given_status: str | None = None
    apply_url: str | None = None
    status: str = "open"
    past: bool = False
    has_id: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status == "open" and not self.past

    @property
    def online(self) -> bool:
        return self.location == ONLINE

    @property
    def uid_key(self) -> str:
        """What makes the session's calendar UID: training and id (or start date)."""
        return f"{self.training.slug}-{self.key}"

    @property
    def last_registration_day(self) -> datetime.date:
        return self.deadline or self.start


def place_of(location: str, places: dict) -> dict:
    if location in places:
        entry = places[location]
        return {
            "key": location,
            "name": str(entry.get("name", location)),
            "address": str(entry.get("address") or ""),
            "postcode": str(entry.get("postcode") or ""),
            "city": str(entry.get("city") or ""),
        }
    if location == ONLINE:
        return dict(ONLINE_PLACE)
    return {"key": location, "name": location, "address": "", "postcode": "", "city": ""}


def status_on(given: str | None, last_registration_day: datetime.date, today: datetime.date) -> str:
    if given in ("full", "cancelled"):
        return given
    return "open" if today <= last_registration_day else "closed"


def sessions_of(training, raw: list[dict], places: dict, today: datetime.date) -> list[Session]:
    """The training's sessions in date order, their status computed for ``today``."""
    sessions = []
    for entry in raw or []:
        start, end = as_date(entry["start"]), as_date(entry["end"])
        deadline = as_date(entry["registration_deadline"]) if entry.get("registration_deadline") else None
        session = Session(
            training=training,
            key=session_key(entry),
            start=start,
            end=end,
            location=entry["location"],
            place=place_of(entry["location"], places),
            seats=entry.get("seats"),
            deadline=deadline,
            given_status=entry.get("status"),
            apply_url=entry.get("apply_url"),
            has_id="id" in entry,
        )
        session.status = status_on(session.given_status, session.last_registration_day, today)
        session.past = end < today
        sessions.append(session)
    sessions.sort(key=lambda s: (s.start, s.end, s.key))
    return sessions


def next_session(sessions: list[Session], today: datetime.date) -> Session | None:
    return next((s for s in sessions if s.start >= today and s.status != "cancelled"), None)


def current(sessions: list[Session]) -> list[Session]:
    """Sessions not past (upcoming or under way), cancelled ones included."""
    return [s for s in sessions if not s.past]
