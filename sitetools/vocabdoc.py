"""docs/vocabulaires.md: every allowed value of every vocabulary, generated from
``content/data/*.yml`` (``invoke docs``), so that the editors' guide never lists them in
part. A test fails when the page is out of date."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = Path("docs") / "vocabulaires.md"
# What editors write in a front matter field is the key, except for licences (their SPDX id).
WRITTEN = {"licenses": "spdx"}

HEADER = """\
# Les listes de valeurs (vocabulaires)

<!-- Page générée à partir de content/data/*.yml par « invoke docs » : ne la modifiez pas à
la main, modifiez le fichier .yml puis relancez « invoke docs ». -->

Certains champs n'acceptent qu'une valeur d'une liste déclarée une fois pour toutes dans
`content/data/` (un fichier `.yml` par liste). Une valeur inconnue est une erreur, et le
message donne les valeurs possibles. Voici **toutes** les valeurs permises aujourd'hui,
liste par liste. Pour en ajouter une, ajoutez une entrée au fichier `.yml` (une clé en
minuscules sans accents, mots séparés par des tirets, et au moins `name:`), puis lancez
`invoke docs` pour mettre cette page à jour.

Une valeur « [à compléter : …] » ou « [à vérifier : …] » est à remplacer par la vraie avant
la mise en ligne : `invoke check --production` les liste toutes.
"""


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = ", ".join(f"{k} : {v}" for k, v in value.items())
    return " ".join(str(value).split()).replace("|", "\\|")


def intro(path: Path) -> list[str]:
    """The comment lines at the top of a vocabulary file: what it is for."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return lines


def render(data_dir: Path) -> str:
    """The page, from the vocabularies of ``data_dir``."""
    sys.path[:0] = [p for p in (str(ROOT / "plugins"),) if p not in sys.path]
    from contentkit.errors import Report  # noqa: PLC0415
    from contentkit.vocabularies import load  # noqa: PLC0415

    report = Report()
    vocabularies = load(Path(data_dir), report, Path(data_dir).parent.parent)
    parts = [HEADER]
    for name in sorted(vocabularies):
        entries = vocabularies[name]
        written = WRITTEN.get(name, "key")
        columns = []
        for attrs in entries.values():
            columns += [k for k in attrs if k not in ("key", "name", written) and k not in columns]
        parts.append(f"\n## `{name}.yml`\n")
        described = " ".join(intro(Path(data_dir) / f"{name}.yml"))
        if described:
            parts.append(f"\n{described}\n")
        shown = "valeur à écrire" if written == "key" else f"valeur à écrire ({written})"
        parts.append(f"\n{len(entries)} valeur{'s' if len(entries) > 1 else ''} :\n\n")
        parts.append("| " + " | ".join([shown, "libellé (name)", *columns]) + " |\n")
        parts.append("|" + "---|" * (2 + len(columns)) + "\n")
        for key, attrs in entries.items():
            values = [f"`{cell(attrs.get(written, key))}`", cell(attrs.get("name"))]
            values += [cell(attrs.get(column)) for column in columns]
            parts.append("| " + " | ".join(values) + " |\n")
    return "".join(parts)


def write(root: Path = ROOT) -> Path:
    path = root / DOC
    path.write_text(render(root / "content" / "data"), encoding="utf-8")
    return path
