"""The rules of a training's sessions on one build date, as readers see them (CONTENT-MODEL.md).

Fast, in-process: each rule at its boundary (the deadline day itself, the last day of a
session, a cancelled next session), so that any slip of a comparison shows.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from trainings.sessions import (
    MODALITY_LABELS,
    STATUS_LABELS,
    current,
    next_session,
    place_of,
    sessions_of,
    status_on,
)

D = datetime.date
TRAINING = SimpleNamespace(slug="designer-web")
PLACES = {
    "lens": {"name": "Lens — Louvre Lens Vallée", "address": "rue X", "postcode": 62300, "city": "Lens"},
    "roubaix": {"name": "Roubaix"},
}


def raw(start, end, location="lens", **extra):
    return {"start": start, "end": end, "location": location, **extra}


def test_status_follows_the_deadline_day_included():
    deadline = D(2026, 3, 10)
    assert status_on(None, deadline, D(2026, 3, 9)) == "open"
    assert status_on(None, deadline, D(2026, 3, 10)) == "open"  # the last day still counts
    assert status_on(None, deadline, D(2026, 3, 11)) == "closed"
    assert status_on("full", deadline, D(2026, 1, 1)) == "full"
    assert status_on("cancelled", deadline, D(2026, 1, 1)) == "cancelled"
    assert status_on("open", deadline, D(2026, 4, 1)) == "closed"  # only full/cancelled are given


def test_sessions_are_sorted_and_computed_for_the_build_date():
    today = D(2026, 5, 1)
    sessions = sessions_of(
        TRAINING,
        [
            raw(D(2026, 9, 1), D(2027, 1, 31), "roubaix", registration_deadline=D(2026, 4, 30), seats=12),
            raw(D(2026, 1, 5), D(2026, 5, 1), id="hiver", apply_url="https://pop.eu.com/hiver"),  # ends today
            raw(datetime.datetime(2026, 9, 1, 9, 0), D(2026, 12, 1), "distanciel", status="full"),
            raw(D(2026, 2, 1), D(2026, 4, 30)),  # ended yesterday
        ],
        PLACES,
        today,
    )
    assert [(s.start, s.end) for s in sessions] == [
        (D(2026, 1, 5), D(2026, 5, 1)),
        (D(2026, 2, 1), D(2026, 4, 30)),
        (D(2026, 9, 1), D(2026, 12, 1)),
        (D(2026, 9, 1), D(2027, 1, 31)),
    ]
    hiver, ended, online, roubaix = sessions
    assert (hiver.past, ended.past) == (False, True)
    assert hiver.key == "hiver" and hiver.has_id and hiver.uid_key == "designer-web-hiver"
    assert hiver.apply_url == "https://pop.eu.com/hiver" and ended.apply_url is None
    assert ended.key == "2026-02-01" and not ended.has_id and ended.uid_key == "designer-web-2026-02-01"
    assert roubaix.status == "closed" and roubaix.status_label == "Clôturé" and roubaix.seats == 12
    assert roubaix.last_registration_day == D(2026, 4, 30) and not roubaix.is_open
    assert online.status == "full" and online.online and online.start == D(2026, 9, 1)
    assert online.place["name"] == "À distance" and not roubaix.online
    assert hiver.last_registration_day == D(2026, 1, 5) and hiver.deadline is None
    assert roubaix.place == {"key": "roubaix", "name": "Roubaix", "address": "", "postcode": "", "city": ""}


def test_a_session_is_open_until_its_start_without_deadline():
    (session,) = sessions_of(TRAINING, [raw(D(2026, 6, 1), D(2026, 6, 30))], PLACES, D(2026, 6, 1))
    assert session.status == "open" and session.is_open and session.status_label == "Inscriptions ouvertes"
    (late,) = sessions_of(TRAINING, [raw(D(2026, 6, 1), D(2026, 6, 30))], PLACES, D(2026, 6, 2))
    assert late.status == "closed" and not late.is_open and not late.past
    (gone,) = sessions_of(TRAINING, [raw(D(2026, 6, 1), D(2026, 6, 30))], PLACES, D(2026, 7, 1))
    assert gone.past and not gone.is_open


def test_next_session_skips_cancelled_and_past_ones_but_shows_a_full_one():
    today = D(2026, 5, 1)
    sessions = sessions_of(
        TRAINING,
        [
            raw(D(2026, 4, 1), D(2026, 6, 1)),  # under way: not « next »
            raw(D(2026, 5, 1), D(2026, 6, 1), status="cancelled"),
            raw(D(2026, 5, 2), D(2026, 6, 1), status="full"),
            raw(D(2026, 6, 1), D(2026, 7, 1)),
        ],
        PLACES,
        today,
    )
    assert next_session(sessions, today).start == D(2026, 5, 2)
    assert next_session(sessions, D(2026, 5, 2)).start == D(2026, 5, 2)  # starting today counts
    assert next_session(sessions[:2], today) is None
    assert next_session([], today) is None
    assert [s.start for s in current(sessions)] == [
        D(2026, 4, 1),
        D(2026, 5, 1),
        D(2026, 5, 2),
        D(2026, 6, 1),
    ]
    assert current(sessions_of(TRAINING, [raw(D(2026, 1, 1), D(2026, 4, 30))], PLACES, today)) == []


def test_places_come_from_the_vocabulary_as_text():
    assert place_of("lens", PLACES) == {
        "key": "lens",
        "name": "Lens — Louvre Lens Vallée",
        "address": "rue X",
        "postcode": "62300",
        "city": "Lens",
    }
    assert place_of("distanciel", PLACES)["key"] == "distanciel"
    assert place_of("tourcoing", {"tourcoing": {"city": "Tourcoing"}})["name"] == "tourcoing"
    assert place_of("ailleurs", PLACES) == {
        "key": "ailleurs",
        "name": "ailleurs",
        "address": "",
        "postcode": "",
        "city": "",
    }
    # the online place is a copy: a page changing it does not change the next one
    place_of("distanciel", PLACES)["name"] = "changé"
    assert place_of("distanciel", PLACES)["name"] == "À distance"


def test_labels_are_french():
    assert set(STATUS_LABELS) == {"open", "full", "closed", "cancelled"}
    assert STATUS_LABELS["cancelled"] == "Annulé" and STATUS_LABELS["full"] == "Complet"
    assert MODALITY_LABELS == {"presentiel": "Présentiel", "distanciel": "À distance", "hybride": "Hybride"}
