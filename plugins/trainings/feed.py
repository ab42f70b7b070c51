"""Atom feed of new and updated trainings: one entry per training, newest update first.

An entry's id never changes (the training's address and first publication date); its
``updated`` date is the training's ``updated``, so a feed reader shows the training
again when its information changes.
"""

from __future__ import annotations

import datetime

from feedgenerator import Atom1Feed, get_tag_uri
from markupsafe import escape
from pelican.utils import set_date_tzinfo

from .config import absolute


def moment(day: datetime.date, timezone: str | None) -> datetime.datetime:
    return set_date_tzinfo(datetime.datetime(day.year, day.month, day.day), timezone)


def facts(training) -> str:
    """The entry's content: summary, then what a reader decides on."""
    rows = []
    if training.certification:
        cert = training.certification
        level = f", niveau {cert['level']}" if cert.get("level") else ""
        rows.append(f"Certification : {cert['name']} ({cert['code']}{level})")
    rows.append(f"Durée : {training.total_hours} heures")
    rows.append(f"Modalité : {training.modality_label}")
    nxt = training.next_session
    if nxt:
        rows.append(f"Prochaine session : du {nxt.start:%d/%m/%Y} au {nxt.end:%d/%m/%Y}, {nxt.place['name']}")
    elif training.permanent:
        rows.append("Entrée permanente")
    rows.append(f"Prix : {training.price_label}")
    items = "".join(f"<li>{escape(row)}</li>" for row in rows)
    return f"<p>{escape(training.summary_text)}</p><ul>{items}</ul>"


def atom(trainings: list, settings: dict, config: dict, path: str) -> str:
    timezone = settings.get("TIMEZONE")
    ordered = sorted(trainings, key=lambda t: (t.updated_day, t.first_day, t.slug), reverse=True)
    ordered = ordered[: int(config.get("FEED_MAX_ITEMS") or 20)]
    feed = Atom1Feed(
        title=f"{settings.get('SITENAME', '')} — Formations nouvelles et mises à jour",
        link=absolute(settings, settings.get("TRAININGS_URL", "")),
        description="Les formations du catalogue, à chaque nouvelle formation ou mise à jour.",
        feed_url=absolute(settings, path),
        feed_guid=absolute(settings, path),  # the feed's own address: no other feed has it
        author_name=settings.get("AUTHOR") or settings.get("SITENAME") or None,  # RFC 4287 § 4.1.1
        language=settings.get("DEFAULT_LANG") or "fr",
    )
    for training in ordered:
        link = training.absolute_url
        feed.add_item(
            title=str(training.title),
            link=link,
            description=training.summary_text,
            content=facts(training),
            unique_id=get_tag_uri(link, moment(training.first_day, timezone)),
            pubdate=moment(training.first_day, timezone),
            updateddate=moment(training.updated_day, timezone),
            categories=[training.domain_entry["name"]],
        )
    return feed.writeString("utf-8")
