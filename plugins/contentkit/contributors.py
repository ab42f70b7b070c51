"""Contributors: the optional vocabulary ``<content>/data/contributors.yml``.

Each entry is ``{name, kind, bio?, url?, image?, image_alt?}``, ``kind`` being ``person`` or
``organisation``. In ``authors``, an editor writes a contributor's key or name; a key is
replaced by the name when the file is read, and a name that is not listed is a person with
no bio. Templates receive ``contributors`` (name → entry) to show a bio and a link, and the
filter ``person_ld`` gives an author's schema.org ``Person`` or ``Organization`` with a
``url``: the contributor's own page on the site when there is one (an author of articles),
else the ``url`` of the vocabulary.
"""

from __future__ import annotations

import re

from jinja2 import pass_context
from pelican import signals

from .frontmatter import MAP, parse
from .state import SETTINGS_KEY, get_run

VOCABULARY = "contributors"
KINDS = {"person": "Person", "organisation": "Organization"}
URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def entries(run) -> dict[str, dict]:
    return (run.vocabularies or {}).get(VOCABULARY) or {}


def by_name(run) -> dict[str, dict]:
    """Each contributor under its name (what Pelican's ``Author`` holds)."""
    return {str(entry["name"]): entry for entry in entries(run).values()}


def name_of(run, value) -> str:
    """What an editor wrote in ``authors``: a key becomes the contributor's name."""
    entry = entries(run).get(str(value))
    return str(entry["name"]) if entry else value


def check(run) -> None:
    """Each entry's ``kind``, ``url`` and ``image_alt``: French errors at the entry's line."""
    data_dir = run.content_root / run.config["DATA_DIR"]
    path = data_dir / f"{VOCABULARY}.yml"
    if not entries(run):
        return
    shown = run.display(path)
    lines = key_lines(path)
    for key, entry in entries(run).items():
        line = lines.get(key)
        kind = entry.get("kind")
        if kind not in KINDS:
            found = f"« {kind} »" if kind not in (None, "") else "rien"
            run.report.error(shown, line, f"{key}.kind", f"attendu person ou organisation, trouvé {found}")
        url = entry.get("url")
        if url not in (None, "") and not URL_RE.match(str(url)):
            run.report.error(
                shown, line, f"{key}.url", f"attendu une adresse qui commence par https://, trouvé « {url} »"
            )
        if entry.get("image") and not str(entry.get("image_alt") or "").strip():
            run.report.error(
                shown,
                line,
                f"{key}.image_alt",
                "champ obligatoire quand « image » est donné (le texte de l'image)",
            )


def key_lines(path) -> dict[str, int]:
    try:
        root = parse(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 — the vocabulary's own reading already reported it
        return {}
    return dict(root.key_lines) if root.kind == MAP else {}


def person_ld(author, settings: dict) -> dict:
    """schema.org ``Person`` or ``Organization`` of an author, with a ``url`` when one is known."""
    run = get_run(settings)
    name = str(author)
    entry = by_name(run).get(name) or {}
    data = {"@type": KINDS.get(entry.get("kind"), "Person"), "name": name}
    page = (run.extras.get(VOCABULARY) or {}).get(name)
    base = (settings.get("SITE_ABSOLUTE_URL") or settings.get("SITEURL") or "").rstrip("/")
    if page is not None:
        data["url"] = f"{base}/{page}"
        if entry.get("url"):
            data["sameAs"] = str(entry["url"])
    elif entry.get("url"):
        data["url"] = str(entry["url"])
    return data


def on_articles_ready(generator) -> None:
    """Authors of articles have a page: remember its address for the other types' JSON-LD."""
    run = get_run(generator.settings)
    run.extras[VOCABULARY] = {str(author): author.url for author, _ in generator.authors}
    generator.context[VOCABULARY] = by_name(run)
    check(run)


def register() -> None:
    signals.article_generator_finalized.connect(on_articles_ready)


@pass_context
def person_ld_filter(context, author) -> dict:
    """Jinja: ``{{ author|person_ld }}``."""
    settings = {key: context.get(key) for key in (SETTINGS_KEY, "SITE_ABSOLUTE_URL", "SITEURL")}
    return person_ld(author, settings)


def install(settings: dict) -> None:
    settings.setdefault("JINJA_FILTERS", {}).setdefault("person_ld", person_ld_filter)
