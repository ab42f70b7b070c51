"""Vocabularies declared once in ``<content>/data/*.yml``: key → attributes (at least ``name``)."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Report
from .fields import SLUG_RE
from .frontmatter import MAP, SCALAR, FrontMatterError, Node, parse


def plain(node: Node):
    """A Node tree as plain Python values (strings, lists, dicts)."""
    if node.kind == SCALAR:
        return node.value
    if node.kind == MAP:
        return {key: plain(value) for key, value in node.value.items()}
    return [plain(item) for item in node.value]


def load(data_dir: Path, report: Report, display_root: Path) -> dict[str, dict[str, dict]]:
    """Read every vocabulary; problems go to ``report`` with their file and line."""
    vocabularies: dict[str, dict[str, dict]] = {}
    if not data_dir.is_dir():
        return vocabularies
    for path in sorted(data_dir.glob("*.yml")):
        shown = display(path, display_root)
        try:
            root = parse(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            report.error(shown, None, None, "le fichier n'est pas encodé en UTF-8")
            continue
        except FrontMatterError as exc:
            report.error(shown, exc.line, None, exc.message)
            continue
        if root.kind != MAP:
            report.error(shown, root.line, None, "attendu des entrées « clé: » en début de ligne")
            continue
        entries = {}
        for key, node in root.value.items():
            line = root.key_lines[key]
            if not SLUG_RE.match(key):
                report.error(
                    shown, line, key, "clé attendue en minuscules sans accents, mots séparés par des tirets"
                )
                continue
            attrs = plain(node)
            if not isinstance(attrs, dict) or not str(attrs.get("name") or "").strip():
                report.error(shown, line, key, "attendu au moins « name: » (le libellé affiché)")
                continue
            attrs["key"] = key
            entries[key] = attrs
        vocabularies[path.stem] = entries
    return vocabularies


def display(path: Path, root: Path) -> str:
    """A path as shown in messages: relative to the project when possible."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if relative.startswith(".."):
        return Path(path).as_posix()
    return relative.replace(os.sep, "/")
