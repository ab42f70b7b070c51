"""Placeholders: text the school must still fill in, « [à compléter…] » or « [à vérifier…] ».

One convention everywhere (front matter, bodies, ``content/data/*.yml``, settings):

- pages show each placeholder marked (:func:`mark_html`), so a preview makes them visible;
- public data (LHEO, iCalendar, JSON-LD, JSON catalogues) leaves them out wherever its
  format allows (:func:`public`, :func:`is_placeholder`);
- a production check (``CONTENTKIT["PRODUCTION"]``, ``invoke check --production``) reports
  every one with its file and line as an error (:func:`check`).
"""

from __future__ import annotations

import ast
import json
import re
import sys
import unicodedata
from pathlib import Path

from .frontmatter import LIST, SCALAR, FrontMatterError, Node, parse
from .items import is_published

# « [à compléter] », « [À vérifier : numéro] », « [à compléter : adresse du Cube] »…
PATTERN = re.compile(r"\[\s*à\s+(compléter|vérifier)\b[^\]\n]*\]", re.IGNORECASE)
MESSAGE = "à compléter avant publication"
LABELS = {"compléter": "À compléter", "vérifier": "À vérifier"}


def _normal(text: str) -> str:
    # an editor's « à » may come decomposed (a + accent) from some keyboards and pastes
    return unicodedata.normalize("NFC", text)


def find(text: str) -> list[str]:
    """The placeholders in a text, as written."""
    return [m.group(0) for m in PATTERN.finditer(_normal(text))] if "[" in text else []


def is_placeholder(value) -> bool:
    """Whether a value (a text, or any text inside lists and dicts) holds a placeholder."""
    if isinstance(value, str):
        return bool(find(value))
    if isinstance(value, dict):
        return any(is_placeholder(v) for v in value.values())
    if isinstance(value, (list, tuple, set)):
        return any(is_placeholder(v) for v in value)
    return False


def public(value):
    """``value`` as public data may show it: texts holding a placeholder become None, and
    are left out of lists and dicts (a copy; ``value`` is not changed)."""
    if isinstance(value, str):
        return None if find(value) else value
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if not (isinstance(v, str) and find(v))}
    if isinstance(value, list):
        return [public(v) for v in value if not (isinstance(v, str) and find(v))]
    return value


def nulled(value):
    """Like :func:`public`, for a JSON document with a fixed shape: a text holding a
    placeholder becomes null in an object (the key stays) and leaves a list."""
    if isinstance(value, str):
        return None if find(value) else value
    if isinstance(value, dict):
        return {k: nulled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nulled(v) for v in value if not (isinstance(v, str) and find(v))]
    return value


# --- pages -----------------------------------------------------------------------------

# Parts of a page where a mark would change meaning or break the page: the head (title,
# meta, JSON-LD), scripts, styles, form fields, and the tags themselves (attributes).
UNTOUCHED = re.compile(
    r"<head\b.*?</head>|<script\b.*?</script>|<style\b.*?</style>|<textarea\b.*?</textarea>"
    r"|<mark class=\"a-completer\".*?</mark>|<!--.*?-->|<[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def _mark(match: re.Match) -> str:
    label = LABELS[match.group(1).lower()]
    return (
        f'<mark class="a-completer"><span class="a-completer-label">{label} :</span> {match.group(0)}</mark>'
    )


JSON_LD = re.compile(r'(<script type="application/ld\+json">)(.*?)(</script>)', re.DOTALL)


def _public_json_ld(match: re.Match) -> str:
    text = match.group(2)
    if not find(text):
        return match.group(0)
    try:
        data = json.loads(text)
    except ValueError:
        return match.group(0)
    # the same escaping as Jinja's tojson: no « </script> » can close the block early
    clean = json.dumps(public(data), ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return match.group(1) + clean.replace("&", "\\u0026") + match.group(3)


def mark_html(html: str) -> str:
    """Wrap every placeholder in a page's text in a visible, labelled ``<mark>``; leave
    placeholders out of the page's JSON-LD, which search engines read as public data."""
    # most pages hold none: a substring test is far cheaper than the regular expressions
    # (« compl » and « rifier » survive a decomposed « é »)
    if "[" not in html or ("compl" not in html and "rifier" not in html) or not PATTERN.search(_normal(html)):
        return html
    html = JSON_LD.sub(_public_json_ld, html)
    parts, last = [], 0
    for match in UNTOUCHED.finditer(html):
        parts.append(PATTERN.sub(_mark, _normal(html[last : match.start()])))
        parts.append(match.group(0))
        last = match.end()
    parts.append(PATTERN.sub(_mark, _normal(html[last:])))
    return "".join(parts)


class MarkedTemplate:
    """Stands for a Jinja template: the page it renders has its placeholders marked."""

    def __init__(self, template):
        self.template = template
        self.name = getattr(template, "name", None)

    def render(self, *args, **kwargs) -> str:
        return mark_html(self.template.render(*args, **kwargs))


# --- finding them, with lines ----------------------------------------------------------


def find_in_yaml(text: str, first_line: int = 1) -> list[tuple[int, str, str]]:
    """(line, field, placeholder) for each value of a YAML text that holds one; fields
    are named as in every message (``contact.phone``, ``sessions[2].location``). Comments
    do not count. Read with the front matter's own parser, which refuses anchors and
    aliases: a hostile file cannot make this walk explode."""
    if "[" not in text:
        return []
    try:
        root = parse(text, first_line)
    except FrontMatterError:
        return []  # the reader reports the syntax error itself
    lines = text.splitlines()
    found: list[tuple[int, str, str]] = []

    def line_of(node: Node, placeholder: str) -> int:
        # a folded text spans lines: the first one, from the value's, that shows it
        for number in range(node.line, first_line + len(lines)):
            if placeholder in _normal(lines[number - first_line]):
                return number
        return node.line

    def walk(node: Node, name: str) -> None:
        if node.kind == SCALAR:
            for placeholder in find(str(node.value))[:1]:
                found.append((line_of(node, placeholder), name, placeholder))
        elif node.kind == LIST:
            for number, child in enumerate(node.value, 1):
                walk(child, f"{name}[{number}]")  # the item's position, as editors count
        else:
            for key, child in node.value.items():
                walk(child, f"{name}.{key}" if name else key)

    walk(root, "")
    return found


FENCE = re.compile(r"^\s*(```|~~~)")


def find_in_markdown(text: str) -> list[tuple[int, str | None, str]]:
    """(line, field or None for the body, placeholder) in a Markdown file with front matter."""
    lines = text.splitlines()
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), 0)
    if not lines or lines[0].strip() != "---" or not end:
        return []
    found: list[tuple[int, str | None, str]] = list(find_in_yaml("\n".join(lines[1:end]), 2))
    fenced = False
    for number, line in enumerate(lines[end + 1 :], end + 2):
        if FENCE.match(line):
            fenced = not fenced  # a code example may show the convention itself
        elif not fenced:
            found += [(number, None, text_found) for text_found in find(line)]
    return found


def settings_values(value, name: str):
    """(dotted name, text) of every text inside a setting's value."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from settings_values(child, f"{name}.{key}")
    elif isinstance(value, (list, tuple)):
        for child in value:
            yield from settings_values(child, name)


def settings_files() -> list[Path]:
    """The settings files of this build, the publishing ones first (they import the rest)."""
    files = []
    for name in ("conf", "publishconf", "pelicanconf"):
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if path and path.endswith(".py"):
            files.append(Path(path))
    return files


def string_lines(path: Path) -> dict[str, int]:
    """Each string literal of a settings file → the line it is on (the last one wins)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return {}
    return {
        node.value: node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def find_in_settings(settings: dict) -> list[tuple[str, int, str]]:
    """(file, line, setting) of each setting whose text holds a placeholder."""
    sources = [(path, string_lines(path)) for path in settings_files()]
    found = []
    for key in sorted(k for k in settings if k.isupper() and not k.startswith("_")):
        for name, text in settings_values(settings[key], key):
            if not find(text):
                continue
            where = next(((p, lines[text]) for p, lines in sources if text in lines), (None, 0))
            found.append((where[0], where[1], name))
    return found


def check(run, items) -> int:
    """Report every placeholder that a publish build would show. Returns how many there are.

    With ``PRODUCTION`` set, each one is an error; otherwise only the count is kept (the
    build's summary says it), so that the sample keeps building."""
    from .state import truthy  # noqa: PLC0415

    production = truthy(run.config.get("PRODUCTION"))
    count = 0
    for item in sorted((i for i in items if is_published(i)), key=lambda i: i.source_path):
        try:
            text = Path(item.source_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for line, field_name, text_found in find_in_markdown(text):
            count += 1
            if production:
                what = MESSAGE if field_name else f"texte « {text_found} » {MESSAGE}"
                run.report.error(run.display(item.source_path), line, field_name, what)
    data_dir = run.content_root / run.config["DATA_DIR"]
    for path in sorted(data_dir.glob("*.yml")) if data_dir.is_dir() else []:
        for line, field_name, _ in find_in_yaml(path.read_text(encoding="utf-8")):
            count += 1
            if production:
                run.report.error(run.display(path), line, field_name, MESSAGE)
    for path, line, name in find_in_settings(run.settings):
        count += 1
        if production:
            shown = run.display(path) if path else "réglages"
            run.report.error(shown, line, None, f"réglage « {name} » : {MESSAGE}")
    run.extras["placeholders"] = count
    return count
