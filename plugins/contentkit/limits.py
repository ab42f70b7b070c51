"""Bounds on what one content file may make a build do, and the French words for when a
file cannot be read at all.

A pasted or received file may be hostile or broken: a YAML alias bomb, brackets nested
thousands deep, a binary file renamed ``.md``, a front matter of megabytes. The reader
refuses each of these with a ``fichier:ligne:`` message, in milliseconds and with little
memory (the YAML side lives in :mod:`.frontmatter`), instead of growing until the machine
kills it or ending in Pelican's bare « Could not process ». The bounds are settings of
``CONTENTKIT`` (see :data:`.state.DEFAULTS`).
"""

from __future__ import annotations

import errno
import logging
import math
import re
import signal
import sys
import threading
from contextlib import contextmanager

from .errors import shorten
from .frontmatter import FrontMatterError

OS_REASONS = {
    errno.EACCES: "permission refusée",
    errno.ENOENT: "fichier introuvable (supprimé pendant la construction ?)",
    errno.EISDIR: "c'est un dossier",
    errno.ELOOP: "lien symbolique qui tourne en rond",
}


def size(count: int) -> str:
    """A size in bytes as editors read it: « 300 Ko », « 1,5 Mo »."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} Mo".replace(".", ",")
    return f"{math.ceil(count / 1024)} Ko"


def file_too_big(path, config: dict) -> str | None:
    """Why a file above ``FILE_MAX_BYTES`` is not read at all (it would take memory
    several times its size), or None."""
    limit = int(config["FILE_MAX_BYTES"])
    weight = path.stat().st_size
    if weight <= limit:
        return None
    return (
        f"le fichier fait {size(weight)}, plus que la limite de {size(limit)} : il n'a pas été lu ; "
        "un texte du site n'est jamais aussi long, vérifiez que c'est le bon fichier"
    )


def check_text(text: str) -> None:
    """Refuse a NUL character anywhere: the file is binary, or was copied from one."""
    at = text.find("\x00")
    if at >= 0:
        raise FrontMatterError(
            text.count("\n", 0, at) + 1,
            "caractère nul (U+0000) dans le fichier : ce n'est pas du texte, ou il a été copié "
            "d'un fichier binaire ; supprimez ce caractère",
        )


# Invisible characters that XML 1.0 forbids: the feeds could not be written. NUL is
# refused with its own words, in the whole file; these in the body (the front matter's
# parser names them itself).
BODY_FORBIDDEN = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def check_body(body: str, body_line: int) -> None:
    """Refuse a control character in the body (an ANSI colour code pasted from a
    terminal, a form feed from a PDF…): it would break the feeds."""
    bad = BODY_FORBIDDEN.search(body)
    if bad:
        raise FrontMatterError(
            body_line + body.count("\n", 0, bad.start()),
            f"caractère de contrôle invisible (U+{ord(bad.group()):04X}) dans le texte : supprimez-le ; "
            "il vient souvent d'un copier-coller (terminal, PDF, traitement de texte)",
        )


def check_front_matter(front: str, config: dict) -> None:
    """Refuse a front matter above ``FRONT_MATTER_MAX_BYTES`` before YAML reads it."""
    limit = int(config["FRONT_MATTER_MAX_BYTES"])
    # Characters take 1 to 4 bytes: count the bytes only when it may matter.
    if len(front) * 4 > limit and len(front.encode("utf-8")) > limit:
        raise FrontMatterError(
            2,
            f"l'en-tête YAML fait {size(len(front.encode('utf-8')))}, plus que la limite de "
            f"{size(limit)} : gardez le texte long dans le corps, après la ligne « --- »",
        )


def body_warnings(body: str, body_line: int, config: dict) -> list[tuple[int, None, str]]:
    """A warning for a body above ``BODY_WARN_BYTES``: slow to build, heavy to read."""
    limit = int(config["BODY_WARN_BYTES"])
    if len(body) * 4 <= limit:
        return []
    weight = len(body.encode("utf-8"))
    if weight <= limit:
        return []
    return [
        (
            body_line,
            None,
            f"le texte fait {size(weight)}, plus que {size(limit)} : découpez-le en plusieurs "
            "pages ou allégez-le (page lente à construire et lourde à charger)",
        )
    ]


class TooSlow(BaseException):
    """The Markdown of one file took longer than ``MARKDOWN_MAX_SECONDS``. Not an
    ``Exception``: Python-Markdown catches those in places, and would go on."""


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`TooSlow` in the block after ``seconds``. Python-Markdown takes time
    growing with the square (or worse) of some texts: 8 Ko of « ![ » take 20 s, 50 Ko
    hours. The time counted is the process's own (CPU), so that a busy machine does not
    refuse a sound text. Only where a timer can be set: the main thread, no other running."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise TooSlow()

    previous = signal.signal(signal.SIGVTALRM, expire)
    # Then again every 0.1 s, in case some ``except BaseException`` swallowed it.
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds, 0.1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def too_slow(seconds: float) -> str:
    return (
        f"la mise en forme du texte dépasse {seconds:g} s : le texte contient sans doute des "
        "milliers de « [ », « ![ » ou de caractères spéciaux à la suite ; supprimez-les ou "
        "mettez-les dans un bloc de code"
    )


def unexpected(exc: BaseException) -> str:
    """What went wrong, in French, when reading a file failed in an unforeseen way."""
    if isinstance(exc, RecursionError):
        return (
            "texte trop imbriqué pour être lu (listes ou citations les unes dans les autres, "
            "sur des milliers de niveaux) : simplifiez-le"
        )
    if isinstance(exc, MemoryError):
        return "fichier trop gros pour être lu en mémoire : découpez-le"
    if isinstance(exc, OSError):
        reason = OS_REASONS.get(exc.errno, exc.strerror or type(exc).__name__)
        return f"lecture du fichier impossible : {reason}"
    detail = shorten(str(exc)) if str(exc) else ""
    return (
        f"lecture du fichier impossible, erreur inattendue ({type(exc).__name__}"
        + (f" : {detail}" if detail else "")
        + ") ; signalez-la à l'équipe technique avec ce fichier"
    )


class UnprocessedFilter(logging.Filter):
    """Pelican logs an exception raised while reading a file as a bare « Could not
    process … », without saying why (its own code, after our reader, can still fail).
    This turns that record into one of our errors, with the reason, and drops it."""

    def __init__(self, run):
        super().__init__()
        self.run = run

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("Could not process") or not record.args:
            return True
        path = self.run.content_root / str(record.args[0])
        # Pelican logs from inside its ``except`` block: the exception is the current one.
        exc = sys.exc_info()[1]
        message = unexpected(exc) if exc is not None else "lecture du fichier impossible"
        self.run.report.error(self.run.display(path), 1, None, message)
        return False


def attach(run) -> None:
    """Install the filter for this build (replacing the one of a previous build)."""
    logger = logging.getLogger("pelican.generators")
    for old in [f for f in logger.filters if isinstance(f, UnprocessedFilter)]:
        logger.removeFilter(old)
    logger.addFilter(UnprocessedFilter(run))
