"""`invoke new numero "Thème"`: the file of the next issue, with every field to fill.

The new issue is a draft (« en préparation »): nothing of it, nor of its articles, is
published before an editor removes ``status: draft``.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from pelican.utils import slugify

from .content import NUMERO, issue_paths
from .holds import front_values

SLUG_SUBS = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]
# The body is a placeholder (`invoke check --production` finds it); the advice stays in
# a YAML comment, which is never published.
BODY = """
[à compléter : l'édito du numéro, en Markdown ; son premier paragraphe sert de résumé]
"""
ADVICE = """\
# Les articles du numéro vont dans content/articles/mediations/ : ajoutez à chacun
# « edition: {number} » et « edition_order » (sa place dans le sommaire : 1, 2, 3…).
"""


def existing_numbers(folder: Path) -> dict[int, Path]:
    numbers = {}
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        value = str((front_values(path) or {}).get("number", "")).strip()
        if value.isdigit():
            numbers[int(value)] = path
    return numbers


def wanted_number(options: dict, numbers: dict) -> int:
    given = options.get("numero")
    if given is None:
        return max(numbers, default=0) + 1
    text = str(given).strip()
    if not text.isdigit() or int(text) < 1:
        raise SystemExit(f"--numero : attendu un nombre entier supérieur ou égal à 1, trouvé « {given} »")
    return int(text)


def new_issue(title: str, content_root: Path, today: datetime.date, options: dict) -> Path:
    from sitetools.scaffold import front_matter  # noqa: PLC0415 — the project's scaffolding

    folder = Path(content_root) / issue_paths({})[0]
    numbers = existing_numbers(folder)
    number = wanted_number(options, numbers)
    if number in numbers:
        taken = numbers[number].relative_to(Path(content_root).parent).as_posix()
        raise SystemExit(f"Le numéro {number} existe déjà : {taken}. Choisissez un autre --numero.")
    slug = slugify(title, regex_subs=SLUG_SUBS) or "numero"
    path = folder / f"{number}-{slug}.md"
    if path.exists():
        raise SystemExit(f"{path} existe déjà : choisissez un autre titre.")
    values = {"number": str(number), "date": today.isoformat(), "status": "draft"}
    path.parent.mkdir(parents=True, exist_ok=True)
    text = front_matter(NUMERO, title, today, values).removesuffix("---\n") + ADVICE.format(number=number)
    path.write_text(text + "---\n" + BODY, encoding="utf-8")
    return path
