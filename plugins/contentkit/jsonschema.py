"""JSON Schemas (draft 2020-12) of the registered content types, made from their fields.

The schema that validates the build also describes the front matter for editors' tools
(completion and checks while typing). It walks the field objects of each type's
:class:`~.schema.Schema`, so a type added with :func:`~.types.register` gets its schema
with no other change.

Where YAML's own typing differs from ours, the schema accepts both: ``version: 1.10`` is a
number for YAML and a text for us, ``seats: "16"`` a text for YAML and a number for us.

A field class outside :mod:`.fields` may tell more about itself with plain attributes,
read here and by the admin's form generator:

- ``pattern``: a regular expression (Python and ECMA-262 alike) its value matches;
- ``extra_choices``: values accepted beside the keys of its vocabulary (``distanciel``);
- ``vocabulary`` and ``value_attribute``: the value is an attribute of the entries of a
  vocabulary rather than their key (a licence's SPDX id);
- ``widget = "file"``: a path of a file beside the Markdown file;
- ``accepts_list = True``: a text, or a list of texts.

Rules that need other files or the build date (a session's place exists, an issue
exists) and rules written as code inside a field's ``parse`` are not in the schema; the
``requires`` rules between fields are (``dependentRequired``).
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

from . import fields as f
from .types import REGISTRY, ContentType

DIALECT = "https://json-schema.org/draft/2020-12/schema"
INTEGER_TEXT = r"^\s*[+-]?\d+\s*$"
NUMBER_TEXT = r"^\s*[+-]?\d+([.,]\d+)?\s*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2})?$"
# a relative path that stays in its folder: no leading « / », no « .. » segment, « / » only
INSIDE_PATTERN = r"^(?![/\\])(?!(.*/)?\.\.(/|$))[^\\]+$"
SITE_PATH_PATTERN = r"^/(?!.*//)(?!.*\.\.)[^ ]*$"
PATTERNS = {f.Slug: f.SLUG_RE.pattern, f.Email: f.EMAIL_RE.pattern, f.Url: f.URL_RE.pattern}


def any_case(word: str) -> str:
    """``oui`` → ``[oO][uU][iI]``: ECMA-262 patterns have no case-insensitive flag."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


BOOLEAN_TEXT = "^\\s*(" + "|".join(any_case(w) for w in sorted(f.TRUE_WORDS | f.FALSE_WORDS)) + ")\\s*$"


def pattern_of(field: f.Field) -> str | None:
    """The regular expression a field's value matches, when it declares one."""
    declared = getattr(field, "pattern", None)
    if isinstance(declared, str):
        return declared
    for cls, pattern in PATTERNS.items():
        if isinstance(field, cls):
            return pattern
    return None


def vocabulary_values(field: f.Field, vocabularies: dict) -> list[str] | None:
    """The values a vocabulary-backed field accepts, or None if it is not one."""
    extra = list(getattr(field, "extra_choices", ()) or ())
    if isinstance(field, f.Vocabulary):
        entries = vocabularies.get(field.name) or {}
        return list(entries) + [e for e in extra if e not in entries]
    name = getattr(field, "vocabulary", None)
    if isinstance(name, str):
        entries = vocabularies.get(name) or {}
        attribute = getattr(field, "value_attribute", None)
        values = [str(e.get(attribute) or key) if attribute else key for key, e in entries.items()]
        # the key names the entry too (the reader accepts it)
        return values + [k for k in entries if k not in values] + extra
    return None


def text_schema(pattern: str | None = None) -> dict:
    """A text: YAML may read it as a number or a boolean (``1.10``, ``yes``); we keep its text."""
    string = {"type": "string", "minLength": 1, "pattern": pattern or r"\S"}
    return {"anyOf": [string, {"type": ["number", "boolean"]}]} if pattern is None else string


def field_schema(field: f.Field, vocabularies: dict) -> dict:
    """The JSON Schema of one field's value (null, « absent », is handled by the caller)."""
    schema = describe(field, vocabularies)
    if field.help:
        schema = {"description": field.help, **schema}
    return schema


def describe(field: f.Field, vocabularies: dict) -> dict:  # noqa: PLR0911 — one case per field kind
    if isinstance(field, f.ListOf):
        schema = {"type": "array", "items": field_schema(field.item, vocabularies)}
        if field.min_items:
            schema["minItems"] = field.min_items
        if field.unique:
            schema["uniqueItems"] = True
        return schema
    if isinstance(field, f.Record):
        return record_schema(field.fields, vocabularies)
    if isinstance(field, f.Number):
        return {"anyOf": [{"type": "number", **bounds(field)}, {"type": "string", "pattern": NUMBER_TEXT}]}
    if isinstance(field, f.Integer):
        return {"anyOf": [{"type": "integer", **bounds(field)}, {"type": "string", "pattern": INTEGER_TEXT}]}
    if isinstance(field, f.Boolean):
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": BOOLEAN_TEXT}]}
    if isinstance(field, f.Date):
        return {"type": "string", "pattern": DATE_PATTERN}
    if isinstance(field, f.Choice):
        return {"enum": list(field.choices)}
    values = vocabulary_values(field, vocabularies)
    if values is not None:
        return {"enum": values}
    if isinstance(field, f.SitePath):
        return {"type": "string", "pattern": SITE_PATH_PATTERN}
    if isinstance(field, f.FilePath):
        return {"type": "string", "pattern": file_pattern(field.extensions)}
    if getattr(field, "widget", None) == "file":
        return {"type": "string", "pattern": INSIDE_PATTERN}
    if getattr(field, "accepts_list", False):
        return {"anyOf": [text_schema(), {"type": "array", "items": text_schema(), "uniqueItems": True}]}
    pattern = pattern_of(field)
    if pattern or isinstance(field, f.Text):
        return text_schema(pattern)
    return {}  # a field kind this module does not know: any value


def bounds(field: f.Integer) -> dict:
    limits = {}
    if field.minimum is not None:
        limits["minimum"] = field.minimum
    if field.maximum is not None:
        limits["maximum"] = field.maximum
    return limits


def file_pattern(extensions: tuple[str, ...]) -> str:
    """A relative path (no leading « / »), ending with one of ``extensions`` in any case."""
    if not extensions:
        return r"^(?![/\\])\S"
    endings = "|".join(any_case(e.lstrip(".")) for e in extensions)
    return rf"^(?![/\\]).*\.({endings})$"


def record_schema(fields: dict[str, f.Field], vocabularies: dict, rules=()) -> dict:
    """An object with exactly these fields; an optional field may be empty (null)."""
    properties = {}
    for name, field in fields.items():
        schema = field_schema(field, vocabularies)
        if not field.required:
            schema = {"anyOf": [schema, {"type": "null"}]}
            if field.help:
                schema["description"] = field.help
        properties[name] = schema
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    required = [name for name, field in fields.items() if field.required]
    if required:
        schema["required"] = required
    dependent = dependent_required(rules)
    if dependent:
        schema["dependentRequired"] = dependent
    return schema


def dependent_required(rules) -> dict[str, list[str]]:
    """The ``requires(needed, when)`` rules of a schema, as ``{when: [needed]}``."""
    dependent: dict[str, list[str]] = {}
    for rule in rules:
        if not rule.__qualname__.startswith("requires."):
            continue  # a rule written as code: the build checks it
        names = inspect.getclosurevars(rule).nonlocals
        dependent.setdefault(names["when"], []).append(names["needed"])
    return dependent


def type_schema(content_type: ContentType, vocabularies: dict) -> dict:
    """The JSON Schema of one content type's front matter."""
    schema = record_schema(content_type.schema.fields, vocabularies, content_type.schema.rules)
    return {
        "$schema": DIALECT,
        "$id": f"{content_type.name}.json",
        "title": f"{content_type.label} : en-tête YAML",
        **schema,
    }


def vocabulary_schema(name: str, entries: dict[str, dict]) -> dict:
    """A vocabulary file (``data/<name>.yml``): slug keys, each with at least ``name``;
    the attributes its entries have today are described (texts, or lists of texts)."""
    attributes: dict[str, dict] = {"name": text_schema()}
    for entry in entries.values():
        for key, value in entry.items():
            if key == "key" or key in attributes:
                continue
            if isinstance(value, list):
                attributes[key] = {"type": "array", "items": text_schema()}
            elif isinstance(value, dict):
                attributes[key] = {"type": "object"}
            else:
                attributes[key] = text_schema()
    entry_schema = {"type": "object", "required": ["name"], "properties": attributes}
    return {
        "$schema": DIALECT,
        "$id": f"data-{name}.json",
        "title": f"Vocabulaire {name} (content/data/{name}.yml)",
        "type": "object",
        "propertyNames": {"pattern": f.SLUG_RE.pattern},
        "additionalProperties": entry_schema,
    }


def all_schemas(vocabularies: dict) -> dict[str, dict]:
    """File name → schema: one per registered content type, one per vocabulary."""
    schemas = {f"{name}.json": type_schema(t, vocabularies) for name, t in sorted(REGISTRY.items())}
    for name, entries in sorted(vocabularies.items()):
        schemas[f"data-{name}.json"] = vocabulary_schema(name, entries)
    return schemas


def write_schemas(folder: Path, vocabularies: dict) -> list[Path]:
    """Write every schema into ``folder`` (stale ones of this module removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    schemas = all_schemas(vocabularies)
    for old in folder.glob("*.json"):
        if old.name not in schemas:
            old.unlink()
    written = []
    for name, schema in schemas.items():
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
