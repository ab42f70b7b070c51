"""Split a Markdown file into its YAML front matter and body, keeping each value's line.

Values are kept as the text the editor typed (``1.10`` stays ``"1.10"``): the schema, not
YAML's guesses, decides their type. Lines are those of the Markdown file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .errors import FieldError, shorten

SCALAR, LIST, MAP = "scalar", "list", "map"
MAX_DEPTH = 20  # default of CONTENTKIT["YAML_MAX_DEPTH"]: lists and mappings inside each other
# What YAML reads as « nothing » (the empty value counts as absent).
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# Control characters (but tab and line ends) and lone surrogates, e.g. from escapes
# like "\x07" or "\ud800" between double quotes: they break the HTML and the feeds.
FORBIDDEN_IN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
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
    "found invalid Unicode character escape code": (
        "code de caractère invalide après « \\u » ou « \\U » entre guillemets"
    ),
    "found unknown escape character": (
        "« \\ » inconnu entre guillemets doubles : doublez-le (\\\\) ou utilisez des guillemets simples"
    ),
    "did not find expected hexdecimal number": (
        "« \\x », « \\u » ou « \\U » entre guillemets doubles commence un code de caractère "
        "(un chemin C:\\… ?) : doublez la barre (\\\\) ou utilisez des guillemets simples"
    ),
    "did not find expected ',' or ']'": (
        "crochet « [ » non refermé ou virgule manquante : si la valeur commence par « [ », "
        "mettez-la entre guillemets droits"
    ),
    "did not find expected ',' or '}'": (
        "accolade « { » non refermée ou virgule manquante : si la valeur commence par « { », "
        "mettez-la entre guillemets droits"
    ),
    "block sequence entries are not allowed": (
        "« - » inattendu : un élément de liste va sur sa propre ligne, sous le nom du champ"
    ),
    "did not find expected comment or line break": (
        "texte inattendu à la fin de la valeur : si elle commence par « \" », « ' », « | » ou « > », "
        "mettez toute la valeur entre guillemets droits"
    ),
    "did not find expected <document start>": "un seul bloc de champs est permis dans l'en-tête",
    "did not find expected whitespace or line break": "espace attendue après « - », « : » ou « ? »",
    "did not find expected node content": (
        "valeur attendue à cet endroit ; si elle commence par un caractère spécial, "
        "mettez-la entre guillemets droits"
    ),
    "found a tab character": "tabulation interdite : indentez avec des espaces",
    "found undefined tag handle": "étiquette YAML (!…) refusée : écrivez la valeur seule",
    "found unexpected ':'": "« : » inattendu ; mettez la valeur entre guillemets si elle contient « : »",
}
# Problems that YAML finds at the end of the text, about something begun earlier.
OPENED_EARLIER = {"found unexpected end of stream", "could not find expected ':'"}
# When YAML's own words are not among the hints (they are English and technical).
YAML_UNKNOWN = (
    "valeur ou structure mal formée à cet endroit ; si la valeur contient des caractères spéciaux "
    "([ ] { } : # & * ! % @), mettez-la entre guillemets droits"
)
# What YAML refuses in a stream (control characters, U+FFFE…): found here first, to say
# which character and on which line.
NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
YAML_TAG_PREFIX = "tag:yaml.org,2002:"


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


def parse(source: str, first_line: int = 1, max_depth: int = MAX_DEPTH) -> Node:
    """Parse YAML text whose first line is ``first_line`` of the file into Nodes.

    Nodes are built here from the parser's events, not by PyYAML's composer: an anchor,
    an alias or a tag is refused as soon as the parser meets it, and nesting deeper than
    ``max_depth`` stops the reading there. Nothing ever expands an alias (« billion
    laughs »), so reading stays linear in the size of the text.
    """
    bad = NON_PRINTABLE.search(source)
    if bad:
        raise FrontMatterError(
            first_line + source.count("\n", 0, bad.start()),
            f"caractère interdit dans l'en-tête (U+{ord(bad.group()):04X}, caractère de contrôle) : supprimez-le",
        )
    try:
        root = _compose(yaml.parse(source, Loader=LOADER), first_line, source.splitlines(), max_depth)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "").strip()
        if problem in OPENED_EARLIER and exc.context_mark:
            mark = exc.context_mark  # where the quote, bracket or field name began
        line = first_line + (mark.line if mark else 0)
        hint = exact_advice(source.splitlines(), mark) or YAML_HINTS.get(problem)
        for known, text in YAML_HINTS.items():
            if hint is None and problem.startswith(known):
                hint = text
        raise FrontMatterError(line, f"syntaxe YAML invalide : {hint or YAML_UNKNOWN}") from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts in characters here: the line is the one of that character.
        line = first_line + source[: max(exc.position, 0)].count("\n")
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "inconnu"
        raise FrontMatterError(
            line, f"caractère interdit dans l'en-tête ({character}) : supprimez-le"
        ) from None
    except yaml.YAMLError:
        raise FrontMatterError(first_line, f"syntaxe YAML invalide : {YAML_UNKNOWN}") from None
    if root is None:
        return Node(MAP, {}, first_line)
    return root


@dataclass
class _Open:
    """A list or mapping being filled; for a mapping, the key waiting for its value."""

    node: Node
    key: str | None = None
    key_line: int = 0


def _compose(events, first_line: int, lines: list[str], max_depth: int) -> Node | None:
    root = None
    stack: list[_Open] = []
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent) and root is not None:
            raise FrontMatterError(
                first_line + event.start_mark.line, "un seul bloc de champs est permis dans l'en-tête"
            )
        if not isinstance(event, (yaml.NodeEvent, yaml.CollectionEndEvent)):
            continue  # stream and document boundaries
        line = first_line + event.start_mark.line
        if isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            continue
        _refuse_yaml_features(event, line)
        if isinstance(event, yaml.ScalarEvent):
            node = _scalar(event, line, first_line, lines)
        else:
            if len(stack) >= max_depth:
                raise FrontMatterError(
                    line,
                    f"imbrication trop profonde : plus de {max_depth} niveaux de listes ou de champs "
                    "imbriqués ; simplifiez la valeur",
                )
            kind = LIST if isinstance(event, yaml.SequenceStartEvent) else MAP
            node = Node(kind, [] if kind == LIST else {}, line)
        if not stack:
            root = node
        else:
            _attach(stack[-1], node, line)
        if not isinstance(event, yaml.ScalarEvent):
            stack.append(_Open(node))
    return root


def _refuse_yaml_features(event, line: int) -> None:
    """Anchors, aliases and tags: editors never need them, and aliases can explode."""
    if isinstance(event, yaml.AliasEvent):
        raise FrontMatterError(
            line,
            f"alias YAML « *{shorten(event.anchor)} » refusé : les ancres et alias (&nom, *nom) "
            "ne sont pas permis dans l'en-tête ; recopiez la valeur",
        )
    if event.anchor is not None:
        raise FrontMatterError(
            line,
            f"ancre YAML « &{shorten(event.anchor)} » refusée : les ancres et alias (&nom, *nom) "
            "ne sont pas permis dans l'en-tête ; recopiez la valeur",
        )
    if event.tag is not None:
        tag = (
            "!!" + event.tag.removeprefix(YAML_TAG_PREFIX)
            if event.tag.startswith(YAML_TAG_PREFIX)
            else event.tag
        )
        raise FrontMatterError(
            line,
            f"étiquette YAML « {shorten(tag)} » refusée : écrivez la valeur seule, "
            "entre guillemets si besoin",
        )


def _scalar(event: yaml.ScalarEvent, line: int, first_line: int, lines: list[str]) -> Node:
    plain = not event.style  # None with PyYAML's parser, "" with libyaml's
    null = plain and event.value in NULL_WORDS
    bad = FORBIDDEN_IN_VALUE.search(event.value)
    if bad:
        raise FrontMatterError(
            line,
            f"caractère interdit dans la valeur (U+{ord(bad.group()):04X}, caractère de contrôle "
            "ou demi-caractère isolé) : supprimez-le",
        )
    end = event.end_mark
    if plain and end.line < len(lines) and HIDDEN_COMMENT.match(lines[end.line][end.column :]):
        raise FrontMatterError(
            first_line + end.line,
            "le texte après « # » serait ignoré (YAML y voit un commentaire) : "
            "mettez la valeur entre guillemets",
        )
    return Node(SCALAR, "" if null else event.value, line, null=null)


def _attach(parent: _Open, node: Node, line: int) -> None:
    if parent.node.kind == LIST:
        parent.node.value.append(node)
        return
    mapping, key_lines = parent.node.value, parent.node.key_lines
    if parent.key is None:
        if node.kind != SCALAR:
            raise FrontMatterError(line, "un nom de champ doit être un simple mot")
        key = node.value
        if key == "<<" and not node.null:
            raise FrontMatterError(line, "clé de fusion YAML « << » refusée : écrivez chaque champ lui-même")
        if key in mapping or key in key_lines:
            raise FrontMatterError(
                line,
                f"le champ « {shorten(key)} » est défini deux fois (déjà à la ligne {key_lines[key]})",
            )
        parent.key, parent.key_line = key, line
        key_lines[key] = line
        return
    mapping[parent.key] = node
    parent.key = None
