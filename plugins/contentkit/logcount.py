"""Pelican's log, for editors: its errors counted (a build that logged one fails), its
English lines put in French or dropped, and a French summary in place of « Done: … ».

Pelican logs through the standard ``logging`` module (``pelican/log.py`` installs a rich
console handler on the root logger). A filter on that handler sees every record: the
lines that our own checks already say better (a duplicate address, the final count) are
dropped, known warnings are translated, and what remains is printed with a French label.
Pelican's last line, printed by its console rather than logged, is skipped there.
A crash (CRITICAL, with its traceback) is left as it is: it is for developers.
"""

from __future__ import annotations

import logging
import sys
import time

# Pelican only warns about a broken intra-site link; for us it is an error.
ERROR_WARNINGS = ("Unable to find",)

# Said better by contentkit itself: the summary (:func:`summary`), and two items at one
# address (contentkit.checks names both files and the field that sets each address).
DROPPED = (
    "Done: Processed",
    "There are %s items",
    "There are %s original (not translated) items",
    'All items ("%s")',
)

# Pelican's message templates (their %s arguments kept, in the same order) → French.
TRANSLATED = {
    "Unable to find '%s', skipping url replacement.": (
        "lien « %s » : attendu un fichier du dossier content/, trouvé aucun fichier "
        "(le lien est laissé tel quel)"
    ),
    "Other resources were not found and their urls not replaced": (
        "d'autres liens mènent nulle part (non listés ici) : corrigez d'abord ceux-ci"
    ),
    "{filename} used for linking to static content %s in %s. Use {static} instead": (
        "lien {filename} vers le fichier %s dans %s : pour une image ou un document, écrivez {static}"
    ),
    "Could not process %s": "impossible de lire %s",
    "Cannot load plugin `%s`\n%s": "impossible de charger le module « %s » :\n%s",
    "Keyboard interrupt received. Exiting.": "Interrompu (Ctrl+C).",
    "Cannot get modification stamp for %s\n\t%s": "impossible de lire la date de modification de %s (%s)",
    "Unable to watch path '%s' as it does not exist.": "impossible de surveiller « %s » : ce chemin n'existe pas",
}
LABELS = {logging.ERROR: "erreur", logging.WARNING: "avertissement"}


class ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0
        self.started = time.monotonic()

    def emit(self, record):
        if record.levelno >= logging.ERROR or str(record.msg).startswith(ERROR_WARNINGS):
            self.count += 1


class FrenchLog(logging.Filter):
    """On the console handler: French lines only (see the module's docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.CRITICAL:
            return True
        template = str(record.msg)
        if template.startswith(DROPPED):
            return False
        french = TRANSLATED.get(template)
        try:
            text = (french or template) % record.args if record.args else (french or template)
        except (TypeError, ValueError):
            text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text += f" ({type(error).__name__} : {error})"
        label = LABELS.get(record.levelno) if record.levelno >= logging.WARNING else None
        if french is None and record.name.startswith("pelican"):
            label = f"{label} (Pelican)" if label else None
        print(f"{label} : {text}" if label else text, file=sys.stderr, flush=True)
        return False


def attach() -> ErrorCounter:
    logger = logging.getLogger("pelican")
    for handler in list(logger.handlers):
        if isinstance(handler, ErrorCounter):
            logger.removeHandler(handler)
    counter = ErrorCounter()
    logger.addHandler(counter)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, FrenchLog) for f in handler.filters):
            handler.addFilter(FrenchLog())
    quiet_console()
    return counter


def quiet_console() -> None:
    """Pelican prints « Done: Processed … » with its rich console, not through logging:
    that console's ``print`` skips the lines we say in French ourselves."""
    from pelican import log  # noqa: PLC0415

    console = log.console
    if getattr(console.print, "contentkit", False):
        return
    original = console.print

    def print_french(*objects, **kwargs):
        if objects and isinstance(objects[0], str) and objects[0].startswith(DROPPED):
            return None
        return original(*objects, **kwargs)

    print_french.contentkit = True
    console.print = print_french


def detach(counter: ErrorCounter | None) -> None:
    if counter is not None:
        logging.getLogger("pelican").removeHandler(counter)


# What the summary calls each content type (contentkit names them in the singular).
PLURALS = {
    "article": ("article", "articles"),
    "page": ("page", "pages"),
    "formation": ("formation", "formations"),
    "ressource": ("ressource", "ressources"),
    "numero": ("numéro", "numéros"),
}
ORDER = list(PLURALS)


def count(number: int, kind: str) -> str:
    one, many = PLURALS.get(kind, (kind, kind if kind.endswith("s") else f"{kind}s"))
    return f"{number} {one if number == 1 else many}"


def summary(items, show_drafts: bool, placeholders: int, started: float | None) -> str:
    """« Site construit en 3,5 s : 22 articles, 5 pages… », the line Pelican says in English."""
    kinds: dict[str, int] = {}
    held = 0
    for item in items:
        if getattr(item, "status", "") == "skip" or not getattr(item, "source_path", None):
            continue
        if getattr(item, "is_draft", False) or getattr(item, "is_scheduled", False):
            held += 1
            if not show_drafts:
                continue
        kind = getattr(item, "content_type", "") or type(item).__name__.lower()
        kinds[kind] = kinds.get(kind, 0) + 1
    ranked = sorted(kinds, key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k))
    listed = ", ".join(count(kinds[k], k) for k in ranked)
    took = f" en {time.monotonic() - started:.1f} s".replace(".", ",") if started is not None else ""
    lines = [f"Site construit{took} : {listed or 'aucun contenu'}."]
    if held:
        what = "montré(s), marqué(s)" if show_drafts else "non publié(s)"
        lines.append(f"Brouillons et contenus programmés : {held}, {what}.")
    if placeholders:
        lines.append(
            f"Textes à compléter « [à compléter…] » ou « [à vérifier…] » : {placeholders} "
            "(invoke check --production les liste)."
        )
    return "\n".join(lines)
