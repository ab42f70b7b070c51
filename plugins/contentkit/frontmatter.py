"""Split a Markdown file into its YAML front matter and body, keeping each value's line.

Values are kept as the text the editor typed (``1.10`` stays ``"1.10"``): the schema, not
YAML's guesses, decides their type. Lines are those of the Markdown file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .errors import FieldError

SCALAR, LIST, MAP = "scalar", "list", "map"
# libyaml's parser when PyYAML has it (the wheels do): same nodes and marks, much faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML's own messages are English; an editor gets these instead, with a hint.
YAML_HINTS = {
    "mapping values are not allowed in this context": (
        "« : » inattendu ; mettez la valeur entre guillemets si elle contient « : »"
    ),
    "found character that cannot start any token": (
        "caractère interdit à cet endroit (une tabulation ? indentez avec des espaces)"
    ),
    "mapping values are not allowed here": (
        "« : » inattendu ; mettez la valeur entre guillemets si elle contient « : »"
    ),
    "could not find expected ':'": "« : » attendu après le nom du champ",
    "found character '\\t' that cannot start any token": ("tabulation interdite : indentez avec des espaces"),
    "found undefined alias": "alias YAML (*nom) inconnu",
    "did not find expected key": "indentation incohérente ou champ mal formé",
    "found unexpected end of stream": "guillemet ou crochet non refermé",
    "expected <block end>, but found '-'": "élément de liste « - » mal indenté",
    "did not find expected '-' indicator": "élément de liste « - » attendu",
    "found duplicate anchor": "ancre YAML (&nom) définie deux fois",
}


# « key: value » (or « - key: value » in a list), to quote the value the way YAML wants.
KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?[\w.-]+:\s+)(.+?)\s*$")


def exact_advice(lines: list[str], mark) -> str | None:
    """Advice for the faulty line itself, where a generic hint would mislead: a tab, a
    value in « » guillemets (which YAML does not take for quotes), a value that begins
    with a straight quote but goes on after the closing one."""
    if mark is None or not 0 <= mark.line < len(lines):
        return None
    text = lines[mark.line]
    if "\t" in text:
        column = text.index("\t") + 1
        return (
            f"tabulation en colonne {column} : l'en-tête n'accepte que des espaces ; remplacez "
            "la tabulation par des espaces (et réglez votre éditeur pour que la touche Tab écrive des espaces)"
        )
    match = KEY_VALUE.match(text)
    if match is None:
        return None
    start, value = match.groups()
    if "«" in value and ":" in value:
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        return (
            "les guillemets « » font partie du texte, ils ne le protègent pas : YAML s'arrête au « : ». "
            f'Entourez toute la valeur de guillemets droits, ainsi : {start.strip()} "{quoted}"'
        )
    inner = value[1:-1]
    if value[0] == value[-1] == "'" and "'" in inner.replace("''", ""):
        doubled = inner.replace('"', '\\"')
        return (
            "une apostrophe dans une valeur entre guillemets simples la ferme : entourez la valeur de "
            f'guillemets droits doubles, ainsi : {start.strip()} "{doubled}"'
        )
    if value[0] in "\"'" and value.count(value[0]) >= 2 and not value.endswith(value[0]):
        other = "'" if value[0] == '"' else '"'
        return (
            f"la valeur commence par le guillemet {value[0]} et continue après le guillemet qui la "
            f"ferme : entourez toute la valeur de guillemets {other}, ainsi : {start.strip()} {other}{value}{other}"
        )
    return None


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Node:
    """A front matter value with the line (1-based, in the Markdown file) it starts on."""

    kind: str
    value: object
    line: int
    null: bool = False
    key_lines: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        """How the value is named in « trouvé … »."""
        if self.kind == LIST:
            return "une liste"
        if self.kind == MAP:
            return "un ensemble de champs (nom: valeur)"
        if self.null:
            return "une valeur vide"
        from .errors import quote

        return quote(self.value)

    def as_map(self) -> dict[str, Node]:
        if self.kind != MAP:
            raise FieldError("des champs « nom: valeur »", self.describe(), self.line)
        return self.value  # type: ignore[return-value]


def split(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line of the body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(
            1,
            "le fichier doit commencer par un en-tête YAML : une ligne « --- », "
            "les champs, puis une autre ligne « --- »",
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise FrontMatterError(1, "l'en-tête YAML n'est jamais refermé par une ligne « --- »")


# After a plain value, « #mot » starts a YAML comment: the rest of the line is lost.
HIDDEN_COMMENT = re.compile(r"^[ \t]+#\S")


def parse(source: str, first_line: int = 1) -> Node:
    """Parse YAML text whose first line is ``first_line`` of the file into Nodes."""
    try:
        root = yaml.compose(source, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = (exc.problem or exc.context or "").strip()
        hint = exact_advice(source.splitlines(), mark) or YAML_HINTS.get(problem)
        for known, text in YAML_HINTS.items():
            if hint is None and problem.startswith(known):
                hint = text
        raise FrontMatterError(line, f"syntaxe YAML invalide : {hint or problem}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(first_line, f"syntaxe YAML invalide : {exc}") from None
    if root is None:
        return Node(MAP, {}, first_line)
    return _convert(root, first_line, source.splitlines())


def _convert(node: yaml.Node, first_line: int, lines: list[str]) -> Node:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style  # None with PyYAML's parser, "" with libyaml's
        null = node.tag == "tag:yaml.org,2002:null" and plain
        end = node.end_mark
        if plain and end.line < len(lines) and HIDDEN_COMMENT.match(lines[end.line][end.column :]):
            raise FrontMatterError(
                first_line + end.line,
                "le texte après « # » serait ignoré (YAML y voit un commentaire) : "
                "mettez la valeur entre guillemets",
            )
        return Node(SCALAR, "" if null else node.value, line, null=null)
    if isinstance(node, yaml.SequenceNode):
        return Node(LIST, [_convert(item, first_line, lines) for item in node.value], line)
    mapping: dict[str, Node] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            raise FrontMatterError(key_line, "un nom de champ doit être un simple mot")
        key = key_node.value
        if key in mapping:
            raise FrontMatterError(
                key_line,
                f"le champ « {key} » est défini deux fois (déjà à la ligne {key_lines[key]})",
            )
        mapping[key] = _convert(value_node, first_line, lines)
        key_lines[key] = key_line
    return Node(MAP, mapping, line, key_lines=key_lines)
