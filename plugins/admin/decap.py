"""Decap CMS's ``config.yml``, made from the registered content types and the vocabularies.

Nothing here is written by hand for one site: each type of :data:`contentkit.types.REGISTRY`
gets a folder collection (one per folder holding its Markdown files; a type whose items
are folders — ``<slug>/index.md`` and their files — gets one collection whose media stay
beside the entry), each field its widget, and each ``data/*.yml`` vocabulary a form in
one file collection. Labels are French: the ``ADMIN`` setting's ``LABELS``, else the
field's help.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from contentkit import fields as f
from contentkit import types
from contentkit.jsonschema import DATE_PATTERN, pattern_of, vocabulary_values
from contentkit.types import IMAGE_EXTENSIONS, REGISTRY, ContentType

from .config import admin_config

DATE_FORMAT = "YYYY-MM-DD"  # Day.js format: what the reader expects (AAAA-MM-JJ)
VOCABULARY_FORMAT = "vocabulaire"  # custom formats registered by static/formats.js
MARKDOWN_FORMAT = "frontmatter-yaml"
BUNDLE_INDEX = "index"


def label_of(name: str, field: f.Field | None, config: dict) -> str:
    """A short French label: the setting's, else the first words of the field's help."""
    if name in config["LABELS"]:
        return config["LABELS"][name]
    text = (field.help if field is not None else "") or name.replace("_", " ")
    text = re.split(r" ; | \(|: | : |, ", text, maxsplit=1)[0].strip() or text
    return text[:1].upper() + text[1:]


def hint_of(field: f.Field) -> str:
    return field.help[:1].upper() + field.help[1:] if field.help else ""


def widget(name: str, field: f.Field, ctx: dict, required: bool | None = None) -> dict:
    """One Decap field for one schema field."""
    config = ctx["config"]
    spec: dict = {"name": name, "label": label_of(name, field, config)}
    hint = hint_of(field)
    if hint and hint != spec["label"]:
        spec["hint"] = hint
    spec["required"] = field.required if required is None else required
    spec.update(widget_options(name, field, ctx))
    if "fields" in spec:
        spec.pop("hint", None)  # a group's help names its inner fields, which have their own
    return spec


def widget_options(name: str, field: f.Field, ctx: dict) -> dict:  # noqa: PLR0911 — one case per kind
    config, vocabularies = ctx["config"], ctx["vocabularies"]
    if isinstance(field, f.ListOf):
        return list_options(name, field, ctx)
    if isinstance(field, f.Record):
        # an optional group's inner fields are optional in the form: the build still
        # checks them when the group is filled in
        inner = None if field.required or ctx.get("in_list") else False
        return {
            "widget": "object",
            "collapsed": False,
            "fields": [widget(n, sub, {**ctx, "in_list": False}, inner) for n, sub in field.fields.items()],
        }
    if isinstance(field, f.Integer):
        options = {"widget": "number", "value_type": "float" if isinstance(field, f.Number) else "int"}
        if field.minimum is not None:
            options["min"] = field.minimum
        if field.maximum is not None:
            options["max"] = field.maximum
        if isinstance(field, f.Number):
            options["step"] = 0.1
        return options
    if isinstance(field, f.Boolean):
        return {"widget": "boolean"}
    if isinstance(field, f.Date):
        return {
            "widget": "datetime",
            "date_format": DATE_FORMAT,
            "time_format": False,
            "format": DATE_FORMAT,
            "picker_utc": True,
        }
    options = select_options(field, vocabularies, config)
    if options is not None:
        return {"widget": "select", "options": options}
    if isinstance(field, f.FilePath):
        images = bool(field.extensions) and set(field.extensions) <= set(IMAGE_EXTENSIONS)
        spec = {"widget": "image" if images else "file", "choose_url": False}
        if field.relative_to == "file":
            spec.update({"media_folder": "", "public_folder": ""})
        return spec
    if getattr(field, "widget", None) == "file":
        # a file beside the entry (an item that is a folder): its path as written in the list
        return {"widget": "file", "choose_url": False, "media_folder": "", "public_folder": ""}
    if getattr(field, "accepts_list", False):
        return {
            "widget": "list",
            "field": {"name": "item", "label": label_of(name, field, config), "widget": "text"},
        }
    spec = {"widget": "text" if name in config["MULTILINE"] else "string"}
    pattern = pattern_of(field) or (r"^/(?!.*//)(?!.*\.\.)[^ ]*$" if isinstance(field, f.SitePath) else None)
    if pattern:
        spec["pattern"] = [pattern, f"Attendu : {field.expected}"]
    return spec


def select_options(field: f.Field, vocabularies: dict, config: dict) -> list[dict] | None:
    """A select's options: a vocabulary's keys with their names as labels, or fixed choices."""
    if isinstance(field, f.Choice):
        return [{"label": config["CHOICE_LABELS"].get(c, c), "value": c} for c in field.choices]
    values = vocabulary_values(field, vocabularies)
    if values is None:
        return None
    name = field.name if isinstance(field, f.Vocabulary) else field.vocabulary
    entries = vocabularies.get(name) or {}
    by_value = {}
    attribute = getattr(field, "value_attribute", None)
    for key, entry in entries.items():
        by_value[str(entry.get(attribute) or key) if attribute else key] = str(entry.get("name") or key)
    if attribute:  # the key names the entry too, but a form writes one value for each entry
        values = [v for v in values if v not in entries or v in by_value]
    return [{"label": by_value.get(v) or config["CHOICE_LABELS"].get(v, v), "value": v} for v in values]


def list_options(name: str, field: f.ListOf, ctx: dict) -> dict:
    config = ctx["config"]
    item = field.item
    choices = select_options(item, ctx["vocabularies"], config)
    if choices is not None:
        options = {"widget": "select", "multiple": True, "options": choices}
        if field.min_items:
            options["min"] = field.min_items
        return options
    options: dict = {"widget": "list", "collapsed": False}
    if isinstance(item, f.Record):
        options["fields"] = [widget(n, sub, {**ctx, "in_list": True}) for n, sub in item.fields.items()]
        first = next(iter(item.fields), None)
        if first:
            options["summary"] = "{{fields." + first + "}}"
    else:
        inner = widget("item", item, ctx, True)
        inner["label"] = label_of(name, field, config)
        inner.pop("hint", None)
        options["field"] = inner
    if field.min_items:
        options["min"] = field.min_items
    return options


def fields_of(content_type: ContentType, ctx: dict) -> list[dict]:
    specs = [widget(name, field, ctx) for name, field in content_type.schema.fields.items()]
    specs.append({"name": "body", "label": "Texte", "widget": "markdown", "required": False})
    return specs


def repo_path(path: Path, root: Path) -> str:
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    return "" if relative == "." else relative


def type_folders(content_type: ContentType, settings: dict, content_root: Path) -> list[tuple[Path, bool]]:
    """(folder, holds items that are folders) for each folder of the type's Markdown files."""
    found = []
    for relative in content_type.paths(settings):
        base = content_root / relative
        bundles = base.is_dir() and any(base.glob(f"*/{BUNDLE_INDEX}.md")) and not any(base.glob("*.md"))
        if bundles:
            found.append((base, True))
            continue
        found.append((base, False))
        if base.is_dir():
            # folders of Markdown files of this type (not of a type whose folder is inside)
            subfolders = sorted(
                {p.parent for p in base.rglob("*.md") if types.for_path(p, settings) is content_type} - {base}
            )
            found += [(folder, False) for folder in subfolders]
    return found


def collections(settings: dict, config: dict, vocabularies: dict, repo_root: Path) -> list[dict]:
    content_root = Path(settings["PATH"]).resolve()
    ctx = {"config": config, "vocabularies": vocabularies}
    result = []
    for name, content_type in REGISTRY.items():
        fields = fields_of(content_type, ctx)
        identifier = "title" if "title" in content_type.schema.fields else None
        for folder, bundles in type_folders(content_type, settings, content_root):
            main = content_root / content_type.paths(settings)[0]
            sub = (
                ""
                if folder == main
                else folder.relative_to(main).as_posix()
                if folder.is_relative_to(main)
                else folder.name
            )
            collection = {
                "name": name + ("-" + re.sub(r"[^a-z0-9]+", "-", sub.lower()) if sub else ""),
                "label": content_type.label + (f" — {sub}" if sub else ""),
                "label_singular": config["SINGULAR"].get(name) or name.capitalize(),
                "folder": repo_path(folder, repo_root),
                "create": True,
                "extension": "md",
                "format": MARKDOWN_FORMAT,
                "slug": config["SLUGS"].get(name) or "{{slug}}",
                "editor": {"preview": False},  # the site's own preview shows the real page
                "fields": fields,
            }
            if identifier is None:
                first = next((n for n, fl in content_type.schema.fields.items() if fl.required), None)
                collection["identifier_field"] = first or next(iter(content_type.schema.fields))
            if bundles:
                collection.update(
                    {"path": "{{slug}}/" + BUNDLE_INDEX, "media_folder": "", "public_folder": ""}
                )
            result.append(collection)
    vocabulary_files = vocabulary_collection(settings, config, vocabularies, repo_root)
    if vocabulary_files:
        result.append(vocabulary_files)
    return result


def vocabulary_label(path: Path, name: str) -> str:
    """The vocabulary's own description: its first comment line (« # Lieux de formation : … »)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            text = re.split(r" : | \(|\. ", line.lstrip("# ").strip(), maxsplit=1)[0].strip()
            if text:
                return text
        elif line.strip():
            break
    return name.capitalize()


def vocabulary_collection(settings: dict, config: dict, vocabularies: dict, repo_root: Path) -> dict | None:
    data_dir = Path(settings["PATH"]).resolve() / (
        (settings.get("CONTENTKIT") or {}).get("DATA_DIR") or "data"
    )
    files = []
    for name in sorted(vocabularies):
        path = data_dir / f"{name}.yml"
        if not path.is_file():
            continue
        attributes: dict[str, bool] = {}  # attribute → holds a list
        for entry in vocabularies[name].values():
            for key, value in entry.items():
                if key not in ("key", "name"):
                    attributes[key] = attributes.get(key, False) or isinstance(value, list)
        entry_fields = [
            {
                "name": "key",
                "label": config["LABELS"].get("key", "Clé"),
                "hint": "minuscules sans accents, mots séparés par des tirets (ne la changez plus une fois utilisée)",
                "widget": "string",
                "pattern": [
                    f.SLUG_RE.pattern,
                    "Attendu : minuscules sans accents, mots séparés par des tirets",
                ],
            },
            {"name": "name", "label": config["LABELS"].get("name", "Nom"), "widget": "string"},
        ]
        for attribute, is_list in attributes.items():
            spec = {"name": attribute, "label": label_of(attribute, None, config), "required": False}
            spec.update(
                {"widget": "list", "field": {"name": "item", "label": spec["label"], "widget": "string"}}
                if is_list
                else {"widget": "string"}
            )
            entry_fields.append(spec)
        files.append(
            {
                "name": name,
                "label": vocabulary_label(path, name),
                "file": repo_path(path, repo_root),
                "fields": [
                    {"name": "header", "widget": "hidden", "required": False},
                    {
                        "name": "entries",
                        "label": "Entrées",
                        "widget": "list",
                        "collapsed": True,
                        "summary": "{{fields.key}} — {{fields.name}}",
                        "fields": entry_fields,
                    },
                ],
            }
        )
    if not files:
        return None
    return {
        "name": "vocabulaires",
        "label": "Vocabulaires",
        "format": VOCABULARY_FORMAT,
        "extension": "yml",
        "editor": {"preview": False},
        "files": files,
    }


def decap_config(settings: dict, vocabularies: dict) -> dict:
    """The whole of Decap's configuration, as a dict (see :func:`dump`)."""
    config = admin_config(settings)
    repo_root = Path(config["REPO_ROOT"] or os.getcwd()).resolve()
    content_root = Path(settings["PATH"]).resolve()
    result: dict = {"locale": config["LOCALE"]}
    if config["BACKEND"]:
        result["backend"] = dict(config["BACKEND"])
    else:
        # Decap needs a backend even when it talks only to decap-server
        result["backend"] = {"name": "git-gateway"}
    local = config["LOCAL_BACKEND"]
    if local and not config["BACKEND"]:
        result["local_backend"] = {"url": local} if isinstance(local, str) else True
    if config["PUBLISH_MODE"]:
        result["publish_mode"] = config["PUBLISH_MODE"]
    if config["SITE_URL"]:
        result["site_url"] = result["display_url"] = config["SITE_URL"]
    result.update(
        {
            "media_folder": repo_path(content_root / config["MEDIA_FOLDER"], repo_root),
            "public_folder": config["MEDIA_FOLDER"],
            "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
            "omit_empty_optional_fields": True,
            "collections": collections(settings, config, vocabularies, repo_root),
        }
    )
    return result


class Dumper(yaml.SafeDumper):
    """Collections share their field lists: written out in full, not as YAML aliases."""

    def ignore_aliases(self, data):
        return True


def dump(config: dict) -> str:
    header = "# Généré à chaque construction depuis les schémas des types de contenu : ne pas modifier.\n"
    return header + yaml.dump(config, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=110)


__all__ = ["DATE_PATTERN", "decap_config", "dump"]
