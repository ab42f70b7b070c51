"""The ``SEARCH`` setting: defaults, and a check that lists every problem at once, in French."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

ENABLED = True  # False: no index is built, the search box is hidden (the search page says so)
TYPE_LABELS = {"article": "Article", "page": "Page"}  # content_type → label shown and filtered on
TYPE_FILTER = "type"  # name of the filter (and of the metadata) holding the label
BUNDLE_DIR = "pagefind"  # folder of the index, inside OUTPUT_PATH
LANGUAGE = None  # None: Pagefind reads <html lang>; "fr": every page indexed as French
# Other filters offered on the search page, beside the type: filter name → label of its
# list (the filter is set by the templates, e.g. {"lieu": "Lieu de formation"})
FILTERS: dict = {}
# Size in bytes (before compression) of the word chunks a query downloads; None keeps
# Pagefind's own chunks (about 20,000 word positions each, 20–36 KB at 1,000 articles).
CHUNK_BYTES = 5000
# Pages Pagefind reads in one run: it holds about 150 KB of memory a page until it writes, so
# the pages are indexed 150 at a time (≈ 35 MB a run) and the runs merged (plugins/search/shards.py)
# into the index one run would write, byte for byte. None: one run over every page.
SHARD_PAGES = 150

DEFAULTS = {
    "ENABLED": ENABLED,
    "TYPE_LABELS": TYPE_LABELS,
    "TYPE_FILTER": TYPE_FILTER,
    "BUNDLE_DIR": BUNDLE_DIR,
    "LANGUAGE": LANGUAGE,
    "FILTERS": FILTERS,
    "CHUNK_BYTES": CHUNK_BYTES,
    "SHARD_PAGES": SHARD_PAGES,
}

# Filter keys Pagefind keeps for itself.
RESERVED_FILTERS = {"any", "all", "none", "not"}
TRUE_WORDS = {"1", "true", "oui", "yes", "on"}
FALSE_WORDS = {"", "0", "false", "non", "no", "off"}


class ConfigError(Exception):
    """The ``SEARCH`` setting is wrong: ``problems`` lists every mistake."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class SearchConfig:
    enabled: bool = ENABLED
    type_labels: dict = field(default_factory=lambda: dict(TYPE_LABELS))
    type_filter: str = TYPE_FILTER
    bundle_dir: str = BUNDLE_DIR
    language: str | None = LANGUAGE
    filters: dict = field(default_factory=dict)
    chunk_bytes: int | None = CHUNK_BYTES
    shard_pages: int | None = SHARD_PAGES


def found(value) -> str:
    return f"« {value!r} » ({type(value).__name__})"


def read_config(settings: dict) -> SearchConfig:
    """``settings["SEARCH"]`` merged over the defaults; raises :class:`ConfigError`."""
    given = settings.get("SEARCH") or {}
    if not isinstance(given, dict):
        raise ConfigError([f"SEARCH : attendu un dictionnaire, trouvé {found(given)}"])
    problems = [
        f"SEARCH : clé « {key} » inconnue (clés possibles : {', '.join(DEFAULTS)})"
        for key in given
        if key not in DEFAULTS
    ]
    values = {**DEFAULTS, **given}

    enabled = values["ENABLED"]
    if isinstance(enabled, str) and enabled.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        enabled = enabled.strip().lower() in TRUE_WORDS
    if not isinstance(enabled, bool):
        problems.append(f"SEARCH[« ENABLED »] : attendu True ou False, trouvé {found(values['ENABLED'])}")

    labels = values["TYPE_LABELS"]
    if not isinstance(labels, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in labels.items()
    ):
        problems.append(
            "SEARCH[« TYPE_LABELS »] : attendu un dictionnaire type de contenu → libellé non vide, "
            f"trouvé {found(labels)}"
        )

    name = values["TYPE_FILTER"]
    if not isinstance(name, str) or not name.isidentifier() or name in RESERVED_FILTERS:
        problems.append(
            "SEARCH[« TYPE_FILTER »] : attendu un nom de filtre en lettres, chiffres et _ "
            f"(sauf {', '.join(sorted(RESERVED_FILTERS))}), trouvé {found(name)}"
        )

    bundle = values["BUNDLE_DIR"]
    path = PurePosixPath(bundle) if isinstance(bundle, str) else None
    if path is None or not bundle or path.is_absolute() or ".." in path.parts:
        problems.append(
            "SEARCH[« BUNDLE_DIR »] : attendu un dossier relatif, dans le dossier de sortie, "
            f"trouvé {found(bundle)}"
        )

    language = values["LANGUAGE"]
    if language is not None and not (isinstance(language, str) and language.isalpha() and len(language) == 2):
        problems.append(
            f"SEARCH[« LANGUAGE »] : attendu None ou un code ISO 639-1 (« fr »), trouvé {found(language)}"
        )

    filters = values["FILTERS"]
    if not isinstance(filters, dict) or not all(
        isinstance(k, str)
        and k.isidentifier()
        and k not in RESERVED_FILTERS
        and k != name
        and isinstance(v, str)
        and v.strip()
        for k, v in filters.items()
    ):
        problems.append(
            "SEARCH[« FILTERS »] : attendu un dictionnaire nom de filtre (lettres, chiffres et _, "
            f"autre que le type) → libellé non vide, trouvé {found(filters)}"
        )

    for key, unit, minimum in (("CHUNK_BYTES", "d'octets", 1000), ("SHARD_PAGES", "de pages", 1)):
        value = values[key]
        if value is not None and not (
            isinstance(value, int) and not isinstance(value, bool) and value >= minimum
        ):
            problems.append(
                f"SEARCH[« {key} »] : attendu None ou un nombre {unit} entier d'au moins {minimum}, "
                f"trouvé {found(value)}"
            )

    if problems:
        raise ConfigError(problems)
    return SearchConfig(
        enabled=enabled,
        type_labels=dict(labels),
        type_filter=name,
        bundle_dir=str(path),
        language=language.lower() if language else None,
        filters=dict(filters),
        chunk_bytes=values["CHUNK_BYTES"],
        shard_pages=values["SHARD_PAGES"],
    )
