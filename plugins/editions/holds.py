"""An article shares the fate of its issue: while the issue is a draft or dated after the
build date, the article is held back too (whatever its own status and date).

Articles are read before (or while) the issues are, so the hold reads the issues' front
matter itself, once per build, and keeps the result in the build's state. Problems in
those files are ignored here: reading them for real reports them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from contentkit.fields import DATE_RE
from contentkit.frontmatter import FrontMatterError, parse, split
from contentkit.vocabularies import plain

from .content import issue_paths

EXTRAS_KEY = "editions"


def reason_of(values: dict, build_date: datetime.date) -> str | None:
    """Why an issue is held (``"draft"``, ``"scheduled"``) or None, from its raw values."""
    if str(values.get("status", "")).strip() == "draft":
        return "draft"
    match = DATE_RE.match(str(values.get("date", "")).strip())
    if match:
        year, month, day = (int(part) for part in match.groups()[:3])
        try:
            if datetime.date(year, month, day) > build_date:
                return "scheduled"
        except ValueError:
            return None
    return None


def front_values(path) -> dict | None:
    """A file's front matter as plain text values; None if it cannot be read."""
    try:
        front, _, _ = split(Path(path).read_text(encoding="utf-8"))
        values = plain(parse(front, first_line=2))
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return None
    return values if isinstance(values, dict) else None


def scan(run) -> dict[int, str | None]:
    """Issue number → why its articles are held (None: published), from the files."""
    found: dict[int, str | None] = {}
    for folder in issue_paths(run.settings):
        base = run.content_root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.md")):
            values = front_values(path)
            if values is None:
                continue
            number = str(values.get("number", "")).strip()
            if not number.isdigit():
                continue
            reason = reason_of(values, run.build_date)
            previous = found.get(int(number))
            # two files with one number (an error reported later): the stricter wins
            found[int(number)] = "draft" if "draft" in (reason, previous) else (reason or previous)
    return found


def issue_holds(run) -> dict[int, str | None]:
    state = run.extras.setdefault(EXTRAS_KEY, {})
    if "holds" not in state:
        state["holds"] = scan(run)
    return state["holds"]


def hold(values: dict, run) -> str | None:
    """For contentkit's ``HOLDS``: why an article is held by its issue, if it is."""
    number = values.get("edition")
    if number is None:
        return None
    return issue_holds(run).get(number)
