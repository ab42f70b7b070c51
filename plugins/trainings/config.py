"""The plugin's settings: Pelican-style address settings, and one dict, ``TRAININGS``.

Every default lives here; a site overrides what it needs in its settings file. Nothing
about one school is hard-coded: the organisation's identifiers and the LHEO codes that
are not in the vocabularies come from ``TRAININGS``.
"""

from __future__ import annotations

import copy

# Addresses of the pages (Pelican-style pairs: the link, and the file written).
ADDRESSES = {
    "TRAINING_URL": "formations/{slug}/",
    "TRAINING_SAVE_AS": "formations/{slug}/index.html",
    "TRAININGS_URL": "formations/",
    "TRAININGS_SAVE_AS": "formations/index.html",
    "TRAINING_PLACE_URL": "formations/lieux/{slug}/",
    "TRAINING_PLACE_SAVE_AS": "formations/lieux/{slug}/index.html",
    "TRAINING_DOMAIN_URL": "formations/domaines/{slug}/",
    "TRAINING_DOMAIN_SAVE_AS": "formations/domaines/{slug}/index.html",
    "TRAINING_SESSIONS_URL": "formations/sessions/",
    "TRAINING_SESSIONS_SAVE_AS": "formations/sessions/index.html",
}

DEFAULTS = {
    # Machine-readable outputs, relative to the output folder; "" writes none.
    "CALENDAR": "formations/sessions.ics",  # every session
    "TRAINING_CALENDAR": "formations/{slug}/sessions.ics",  # the sessions of one training
    "CATALOGUE_JSON": "formations/catalogue.json",
    "LHEO": "formations/lheo.xml",
    "FEED_ATOM": "feeds/formations.atom.xml",
    "FEED_MAX_ITEMS": 20,
    "HOME_SESSIONS": 3,  # sessions in the home page block; 0 for no block
    # What a training without a certification leads to (French law requires it).
    "DEFAULT_CREDENTIAL": "Attestation de fin de formation",
    # The training provider: name, legal_name, siret, activity_number (numéro de
    # déclaration d'activité), url, email, phone, address {street, postcode, city}.
    "ORGANISATION": {},
    # LHEO codes that no vocabulary holds (dictionaries of lheo.gouv.fr).
    "LHEO_CODES": {
        "entry_level": "0",  # code-niveau-entree: 0 = information non communiquée
        "public": ["80006"],  # code-public-vise: FORMACODE codes of the public aimed at
        "rhythm": "Temps plein",  # rythme-formation (free text)
        "rhythm_permanent": "À son rythme",  # rythme-formation of an entry at any time
        "language": "fr",
    },
}


def settings_of(settings: dict) -> dict:
    """``TRAININGS`` merged over the defaults (nested dicts one level deep)."""
    merged = copy.deepcopy(DEFAULTS)
    for key, value in (settings.get("TRAININGS") or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def install_defaults(settings: dict) -> None:
    """Address settings a site did not set get the plugin's defaults."""
    for key, value in ADDRESSES.items():
        settings.setdefault(key, value)


def number_fr(value) -> str:
    """« 1 015 »: thousands grouped with a narrow no-break space (Jinja filter ``nombre_fr``)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    whole = int(number)
    text = f"{whole:,}".replace(",", "\u202f")
    cents = round((number - whole) * 100)
    return f"{text},{cents:02d}" if cents else text


def install_filters(settings: dict) -> None:
    settings.setdefault("JINJA_FILTERS", {}).setdefault("nombre_fr", number_fr)


def absolute_base(settings: dict) -> str:
    """The site's absolute root (no trailing slash): the published address, else the
    preview server's (feeds and calendars need absolute links)."""
    return (
        settings.get("SITE_ABSOLUTE_URL") or settings.get("FEED_DOMAIN") or settings.get("SITEURL") or ""
    ).rstrip("/")


def absolute(settings: dict, url: str) -> str:
    base = absolute_base(settings)
    return f"{base}/{url}" if base else f"/{url}"
