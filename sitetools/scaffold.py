"""`invoke new`: a new content file with every field of its type to fill."""

from __future__ import annotations

import datetime
from pathlib import Path

from pelican.utils import slugify

# Names editors type → content type names of contentkit.
ALIASES = {
    "article": "article",
    "page": "page",
    "formation": "formation",
    "ressource": "ressource",
    "numero": "numero",
}


def placeholder(field) -> str:
    """« [à compléter : what the field holds] »: never a value that looks real."""
    what = field.help.split(" (")[0].split(" ; ")[0].strip() or "valeur"
    return f"[à compléter : {what}]"


def render_value(field, title: str, today: datetime.date) -> str:
    from contentkit.fields import Date, ListOf, Text  # noqa: PLC0415

    if field.example is not None and field.required:
        # free text gets a placeholder; a vocabulary key must be one that exists to build
        if isinstance(field, ListOf):
            free = type(field.item) is Text
            values = [placeholder(field)] if free else field.example
            return "\n" + "\n".join(f"  - {quote(v)}" for v in values)
        if field.help.startswith("titre"):
            return " " + quote(title)
        return " " + quote(placeholder(field) if type(field) is Text else field.example)
    if isinstance(field, Date) and field.required:
        return f" {today.isoformat()}"
    return ""


def quote(value) -> str:
    text = str(value).replace('"', '\\"')
    return f'"{text}"'


def front_matter(content_type, title: str, today: datetime.date, values: dict | None = None) -> str:
    values = values or {}
    lines = ["---"]
    for name, field in content_type.schema.fields.items():
        if name in values:
            value = f" {values[name]}"
        elif name == "title":
            value = " " + quote(title)
        else:
            value = render_value(field, title, today)
        need = "obligatoire" if field.required else "facultatif"
        lines.append(f"{name}:{value}  # {need} : {field.help}".rstrip())
    lines.append("---")
    return "\n".join(lines) + "\n"


def new_content(
    kind: str, title: str, content_root: Path, today: datetime.date | None = None, options: dict | None = None
) -> Path:
    """Create the file of a new item; a type may create its own way (``ContentType.scaffold``),
    with ``options`` from the command line (e.g. ``--numero``)."""
    from contentkit import types  # noqa: PLC0415

    name = ALIASES.get(kind, kind)
    content_type = types.REGISTRY.get(name)
    if content_type is None:
        known = ", ".join(sorted(set(types.REGISTRY)))
        raise SystemExit(f"Type de contenu inconnu « {kind} » ; types possibles : {known}")
    if content_type.scaffold is not None:
        return content_type.scaffold(title, content_root, today or datetime.date.today(), options or {})
    slug = slugify(
        title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]
    )
    path = content_root / content_type.folder / f"{slug}.md"
    if path.exists():
        raise SystemExit(f"{path} existe déjà : choisissez un autre titre.")
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n[à compléter : le texte, en Markdown]\n"
    path.write_text(
        front_matter(content_type, title, today or datetime.date.today()) + body, encoding="utf-8"
    )
    return path
