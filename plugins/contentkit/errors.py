"""Problems found in the content, collected over a whole build and reported at once.

Every message an editor reads is built here, so that all of them look the same:
``fichier:ligne: champ « x » : attendu …, trouvé …``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

ERROR = "erreur"
WARNING = "avertissement"


class FieldError(Exception):
    """A value does not fit its field: ``expected`` and ``found`` are French phrases."""

    def __init__(self, expected: str, found: str | None = None, line: int | None = None):
        super().__init__(expected)
        self.expected = expected
        self.found = found
        self.line = line


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"champ « {self.field} » : " if self.field else ""
        return f"{where}: {what}{self.message}"


def field_message(expected: str, found: str | None) -> str:
    """The « attendu …, trouvé … » part of a message."""
    if found is None:
        return f"attendu {expected}"
    return f"attendu {expected}, trouvé {found}"


QUOTE_LIMIT = 60  # characters of a value quoted in a message
LONG_QUOTE = 200  # a quoted text longer than this in any message is cut to QUOTE_LIMIT
MESSAGE_LIMIT = 1000  # and no message is longer than this
# Shown as \\uXXXX in messages: control characters, lone surrogates, direction marks and
# overrides (they would garble or reverse the rest of the line in a terminal), BOM.
INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
QUOTED = re.compile("« ([^«»]*) »")


def shorten(value: object, limit: int = QUOTE_LIMIT) -> str:
    """Text of an editor's value fit for a message: on one line, invisible characters
    shown as ``\\uXXXX``, cut at ``limit`` characters with « … ». Every quoted value goes
    through here, so that a huge value is never printed whole."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A found value as an editor typed it, shortened and between guillemets."""
    return f"« {shorten(value, limit)} »"


def bounded(message: str) -> str:
    """A whole message made safe to print: long quoted values cut, invisible characters
    shown, and a cap on the length (for messages that quote without :func:`quote`)."""
    message = QUOTED.sub(
        lambda m: f"« {shorten(m.group(1))} »" if len(m.group(1)) > LONG_QUOTE else m.group(), message
    )
    return shorten(message, MESSAGE_LIMIT)


@dataclass
class Report:
    """All problems of one build. Lives in the build's settings, so a rebuild starts afresh."""

    strict: bool = False
    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int | None, field_name: str | None, message: str):
        self.problems.append(Problem(path, line or 0, shorten(field_name or ""), bounded(message), ERROR))

    def warning(self, path: str, line: int | None, field_name: str | None, message: str):
        severity = ERROR if self.strict else WARNING
        self.problems.append(Problem(path, line or 0, shorten(field_name or ""), bounded(message), severity))

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in set(self.problems) if p.severity == ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in set(self.problems) if p.severity == WARNING)

    def render(self) -> str:
        lines = []
        errors, warnings = self.errors, self.warnings
        if errors:
            lines.append(f"{plural(len(errors), 'erreur')} dans le contenu :")
            lines += [f"  {p.format()}" for p in errors]
        if warnings:
            lines.append(f"{plural(len(warnings), 'avertissement')} :")
            lines += [f"  {p.format()}" for p in warnings]
        return "\n".join(lines)

    def print(self, stream=None) -> None:
        text = self.render()
        if text:
            print(text, file=stream or sys.stderr, flush=True)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def stop_on_setting(name: str, problems: list[str]):
    """Stop the build on a plugin's faulty setting dict: every problem, in French, then exit 1
    (no traceback). Plugins check their setting when Pelican is initialised."""
    print(
        f"{len(problems)} erreur(s) dans le réglage {name} :\n"
        + "\n".join(f"  {problem}" for problem in problems)
        + "\nConstruction annulée : corrigez le réglage.",
        file=sys.stderr,
        flush=True,
    )
    raise SystemExit(1)
