"""The open JSON catalogue: every published training with every field of the editors'
contract, and what the build date makes of its sessions. Documented for reusers in
docs/formations.md (« Le catalogue ouvert en JSON »)."""

from __future__ import annotations

import json

from contentkit.placeholders import public

from .config import absolute, absolute_base
from .ical import uid_domain

FORMAT_VERSION = 1


def iso(value) -> str | None:
    if value is None:
        return None
    return value.date().isoformat() if hasattr(value, "date") and callable(value.date) else value.isoformat()


def place(entry: dict) -> dict:
    return {k: public(entry.get(k)) or None for k in ("key", "name", "address", "postcode", "city")}


def session(session, settings: dict) -> dict:
    return {
        "id": session.key,
        "uid": f"{session.uid_key}@{uid_domain(settings)}",
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "location": place(session.place),
        "seats": session.seats,
        "registration_deadline": iso(session.deadline),
        "status": session.status,
        "status_label": session.status_label,
        "past": session.past,
        "apply_url": session.apply_url,
    }


def training(item, settings: dict, config: dict) -> dict:
    cert = item.certification
    nxt = item.next_session
    return {
        "slug": item.slug,
        "url": item.absolute_url,
        "title": str(item.title),
        "summary": item.summary_text,
        "domain": {"key": item.domain_entry["key"], "name": item.domain_entry["name"]},
        "certification": (
            {
                "name": cert["name"],
                "code": cert["code"],
                "level": cert.get("level"),
                "certifier": cert["certifier"],
            }
            if cert
            else None
        ),
        "credential": item.credential,
        "duration": {
            "hours": item.hours,
            "in_company_hours": item.company_hours,
            "total_hours": item.total_hours,
            "weeks": item.weeks,
        },
        "modality": item.modality,
        "audience": item.audience,
        "prerequisites": list(item.prerequisites),
        "objectives": list(item.objectives),
        "access": {"process": item.access["process"], "delay": item.access["delay"]},
        "price": {"amount_eur": item.price_amount, "note": item.price.get("note"), "free": item.is_free},
        "funding": [{"key": f["key"], "name": f["name"]} for f in item.funders],
        "methods": item.methods,
        "evaluation": item.evaluation,
        "accessibility": public(item.accessibility),
        "contact": {k: public(item.contact.get(k)) for k in ("name", "email", "phone")},
        "results": [
            {
                k: r.get(k)
                for k in (
                    "year",
                    "learners",
                    "certification_rate",
                    "satisfaction_rate",
                    "employment_rate",
                    "dropout_rate",
                )
            }
            for r in item.results
        ],
        "outcomes": item.outcome_list,
        "permanent_entry": item.permanent,
        "places": [place(p) for p in item.place_entries],
        "next_session": nxt.key if nxt else None,
        "sessions": [session(s, settings) for s in item.session_list],
        "calendar": absolute(settings, item.calendar_path) if item.calendar_path else None,
        "apply_url": getattr(item, "apply_url", None),
        "programme_html": item.get_content(absolute_base(settings)),
        "date": iso(item.first_day),
        "updated": iso(item.updated_day),
    }


def catalogue(items: list, settings: dict, config: dict, build_date, licence: dict | None) -> str:
    data = {
        "format_version": FORMAT_VERSION,
        "title": f"Catalogue des formations — {settings.get('SITENAME', '')}".strip(" —"),
        "source": absolute(settings, settings.get("TRAININGS_URL", "")),
        "build_date": build_date.isoformat(),
        "licence": licence or None,
        "organisation": {
            k: public((config.get("ORGANISATION") or {}).get(k))
            for k in ("name", "legal_name", "siret", "activity_number", "url", "email", "phone", "address")
        },
        "trainings": [training(item, settings, config) for item in items],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
