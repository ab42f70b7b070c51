"""The ``LIBRARY`` setting: where resources live and where the library's outputs go.

Defaults are constants here; a site overrides any of them in its settings. The state of
one build never lives here (see ``contentkit.state.Run.extras``).
"""

from __future__ import annotations

DEFAULTS = {
    # content folder of the resources, relative to the content root: one folder each
    "FOLDER": "outillerie",
    # the library (list of every resource)
    "URL": "outillerie/",
    "SAVE_AS": "outillerie/index.html",
    # one page per term of a facet (static filters, without JavaScript)
    "FACET_URL": "outillerie/{facet}/{key}/",
    "FACET_SAVE_AS": "outillerie/{facet}/{key}/index.html",
    # field of the resource → address segment of its facet pages
    "FACETS": {
        "objectives": "objectifs",
        "themes": "themes",
        "audiences": "publics",
        "license": "licences",
    },
    "CATALOGUE": "outillerie/catalogue.json",  # open JSON catalogue; "" for none
    "FEED_ATOM": "feeds/outillerie.atom.xml",  # feed of new and updated resources; "" for none
    "FEED_MAX_ITEMS": None,  # None: the site's FEED_MAX_ITEMS
    "TITLE": "Ressources",
    "DESCRIPTION": "Des ressources libres à télécharger.",
    "PUBLISHER": None,  # None: the site's SITENAME
    "HOME_ITEMS": 3,  # resources shown on the home page (0: none)
    "CACHE_DIR": "library",  # below the settings' CACHE_PATH: checksums and archives
}

# Facets in the order readers see them, with the words of the pages: label, plural, name
# of the filter (select and data-* attribute), first option of the filter.
FACET_LABELS = {
    "objectives": ("Objectif", "Objectifs", "objectif", "Tous les objectifs"),
    "themes": ("Thème", "Thèmes", "theme", "Tous les thèmes"),
    "audiences": ("Public", "Publics", "public", "Tous les publics"),
    "license": ("Licence", "Licences", "licence", "Toutes les licences"),
}


def library_config(settings: dict) -> dict:
    config = {**DEFAULTS, **(settings.get("LIBRARY") or {})}
    config["FACETS"] = {**DEFAULTS["FACETS"], **(config.get("FACETS") or {})}
    return config
