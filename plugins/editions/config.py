"""The plugin's settings: ``EDITIONS`` (a dict) and Pelican-style address settings.

Defaults are constants here; a site sets its own in its settings file. Nothing in them is
read at import time: each build reads them afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

# Site specifics, in the ``EDITIONS`` dict.
DEFAULTS = {
    "NAME": "Le magazine",  # the media's name, as readers see it
    "DESCRIPTION": "",  # one sentence under the name on the media's home
    "PATH": "editions",  # folder of the issues, relative to the content folder
    "CATEGORY": None,  # category every article of an issue belongs to (None: not checked)
    "FORMATS": "formats",  # vocabulary of the editorial formats (content/data/<FORMATS>.yml)
    "TEMPLATES": "editions",  # folder of the plugin's templates in the theme
    "LABEL": "N°{number}",  # how an issue is named before its theme
    "FEED_TITLE": "{name} — tous les numéros",
    "ISSUE_FEED_TITLE": "{name} — {label} : {title}",
    "ABOUT_URL": "",  # the media's credits page (publisher, editor, funding), if any
    "HOME_BLOCK": True,  # the site's home shows the latest issue
}

# Addresses, as Pelican names them (``EDITION_URL`` is read by the ``Edition`` class).
ADDRESSES = {
    "EDITION_URL": "magazine/numeros/{number}/",
    "EDITION_SAVE_AS": "magazine/numeros/{number}/index.html",
    "EDITIONS_URL": "magazine/",
    "EDITIONS_SAVE_AS": "magazine/index.html",
    "EDITIONS_ARCHIVE_URL": "magazine/numeros/",
    "EDITIONS_ARCHIVE_SAVE_AS": "magazine/numeros/index.html",
    "EDITION_FORMATS_URL": "magazine/formats/",
    "EDITION_FORMATS_SAVE_AS": "magazine/formats/index.html",
    "EDITION_FORMAT_URL": "magazine/formats/{key}/",
    "EDITION_FORMAT_SAVE_AS": "magazine/formats/{key}/index.html",
    "EDITIONS_FEED_ATOM": "feeds/magazine.atom.xml",
    "EDITION_FEED_ATOM": "feeds/magazine/numero-{number}.atom.xml",
}


class ConfigError(Exception):
    """The ``EDITIONS`` setting is wrong: ``problems`` lists every mistake, in French."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Config:
    values: dict
    addresses: dict

    def __getitem__(self, key: str):
        return self.values[key] if key in self.values else self.addresses[key]

    def template(self, name: str) -> str:
        return f"{self.values['TEMPLATES'].rstrip('/')}/{name}"


def read_config(settings: dict) -> Config:
    """``EDITIONS`` over the defaults, and the address settings; raises :class:`ConfigError`."""
    given = settings.get("EDITIONS") or {}
    if not isinstance(given, dict):
        raise ConfigError([f"EDITIONS : attendu un dictionnaire, trouvé « {given!r} »"])
    problems = [
        f"EDITIONS : clé « {key} » inconnue (clés possibles : {', '.join(DEFAULTS)})"
        for key in given
        if key not in DEFAULTS
    ]
    for key in ("NAME", "PATH", "FORMATS", "TEMPLATES", "LABEL"):
        if key in given and (not isinstance(given[key], str) or not given[key].strip()):
            problems.append(f"EDITIONS : « {key} » : attendu un texte, trouvé « {given[key]!r} »")
    if problems:
        raise ConfigError(problems)
    addresses = {key: settings.get(key) or default for key, default in ADDRESSES.items()}
    return Config({**DEFAULTS, **given}, addresses)


def install_addresses(settings: dict) -> None:
    """Pelican's content classes read ``EDITION_URL`` from the settings: set the defaults."""
    for key, default in ADDRESSES.items():
        settings.setdefault(key, default)
