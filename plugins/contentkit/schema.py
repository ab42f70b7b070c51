"""A content type's schema: its fields and the rules between them.

``Schema.validate`` returns the typed values and *every* problem of the file, so that an
editor sees all of them at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import FieldError, field_message
from .fields import Field, FieldContext, RecordErrors
from .frontmatter import Node

# (line, field name, message)
Issue = tuple[int, str, str]
# (typed values, fields given in the file, their lines) → problems
Rule = Callable[[dict, set[str], dict[str, int]], list[Issue]]


def check_fields(
    fields: dict[str, Field], node: Node, ctx: FieldContext, prefix: str = ""
) -> tuple[dict, list[Issue]]:
    """Type every field of a mapping node; unknown and missing fields are problems too."""
    values: dict = {}
    issues: list[Issue] = []
    try:
        given = node.as_map()
    except FieldError as exc:
        return values, [(exc.line or node.line, prefix.rstrip("."), field_message(exc.expected, exc.found))]
    for name, value_node in given.items():
        spec = fields.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(fields), n=1)
            hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
            issues.append(
                (
                    node.key_lines.get(name, node.line),
                    prefix + name,
                    f"champ inconnu{hint} ; champs possibles : {', '.join(fields)}",
                )
            )
            continue
        if value_node.null:
            continue  # an empty value counts as absent
        try:
            values[name] = spec.parse(value_node, ctx)
        except RecordErrors as exc:
            issues += [(line, join_path(prefix + name, sub), msg) for line, sub, msg in exc.problems]
        except FieldError as exc:
            issues.append(
                (exc.line or value_node.line, prefix + name, field_message(exc.expected, exc.found))
            )
    for name, spec in fields.items():
        # a faulty value (or an item of it: `name[2]`, `name.sub`) is reported already
        if name in values or any(
            issue[1] == prefix + name or str(issue[1]).startswith((prefix + name + "[", prefix + name + "."))
            for issue in issues
        ):
            continue
        if spec.required:
            issues.append((node.line, prefix + name, "champ obligatoire manquant"))
        elif spec.default is not None:
            values[name] = spec.default
    return values, issues


def join_path(name: str, sub: str) -> str:
    """« sessions » + « [2].start » → « sessions[2].start »; « duration » + « hours » → « duration.hours »."""
    if not sub:
        return name
    return f"{name}{sub}" if sub.startswith("[") else f"{name}.{sub}"


@dataclass
class Schema:
    """Fields of a content type, in the order editors see them, and cross-field rules."""

    fields: dict[str, Field]
    rules: list[Rule] = field(default_factory=list)

    def validate(self, node: Node, ctx: FieldContext) -> tuple[dict, dict[str, int], list[Issue]]:
        values, issues = check_fields(self.fields, node, ctx)
        lines = dict(node.key_lines) if isinstance(node.value, dict) else {}
        given = {k for k, v in node.value.items() if not v.null} if lines else set()
        for rule in self.rules:
            issues += rule(values, given, lines)
        return values, lines, issues


def requires(needed: str, when: str) -> Rule:
    """Rule: ``needed`` must be given whenever ``when`` is."""

    def rule(values: dict, given: set[str], lines: dict[str, int]) -> list[Issue]:
        if when in given and needed not in given:
            return [
                (
                    lines.get(when, 1),
                    needed,
                    f"champ obligatoire quand « {when} » est renseigné",
                )
            ]
        return []

    return rule
