"""The one reader of Markdown files: YAML front matter checked against the file's type.

A file with problems is reported (every problem of it) and skipped, never half-read.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from markdown import Markdown
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import SafeDatetime

from . import types
from .fields import FieldContext
from .frontmatter import FrontMatterError, parse, split
from .state import Run, get_run

SKIP = {"status": "skip"}  # Pelican then makes a SkipStub: nothing written, nothing cached
WRAPPERS = {"tags": Tag, "authors": Author}
FORMATTED = ("summary",)
TAG_RE = re.compile(r"<[^>]+>")
WORD_RE = re.compile(r"\w+")


def markdown_config(settings: dict) -> dict:
    """Pelican's MARKDOWN setting without the ``meta`` extension (front matter is ours)."""
    config = dict(settings.get("MARKDOWN") or {})
    config["extensions"] = [
        ext for ext in config.get("extensions", []) if ext not in ("markdown.extensions.meta", "meta")
    ]
    config["extension_configs"] = {
        name: conf
        for name, conf in (config.get("extension_configs") or {}).items()
        if name not in ("markdown.extensions.meta", "meta")
    }
    config["extensions"] += [e for e in config["extension_configs"] if e not in config["extensions"]]
    return config


def reading_minutes(html: str, words_per_minute: int) -> int:
    words = len(WORD_RE.findall(TAG_RE.sub(" ", html)))
    return max(1, round(words / words_per_minute))


class FrontMatterMarkdownReader(BaseReader):
    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, settings):
        super().__init__(settings)
        self._md = Markdown(**markdown_config(settings))

    def markdown(self, text: str) -> str:
        return self._md.reset().convert(text)

    def read(self, source_path):
        run = get_run(self.settings)
        shown = run.display(source_path)
        data = Path(source_path).read_bytes()
        try:
            text = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            run.report.error(
                shown,
                line,
                None,
                "le fichier n'est pas encodé en UTF-8 "
                f"(octet {data[exc.start]:#04x} illisible) : enregistrez-le en UTF-8",
            )
            return "", dict(SKIP)
        content_type = types.for_path(source_path, self.settings)
        if content_type is None:
            run.report.error(shown, None, None, "ce fichier n'est dans le dossier d'aucun type de contenu")
            return "", dict(SKIP)
        try:
            front, body, _ = split(text)
            node = parse(front, first_line=2)
        except FrontMatterError as exc:
            run.report.error(shown, exc.line, None, exc.message)
            return "", dict(SKIP)
        ctx = FieldContext(
            source_path=Path(source_path),
            content_root=run.content_root,
            vocabularies=run.vocabularies,
            build_date=run.build_date,
        )
        values, lines, issues = content_type.schema.validate(node, ctx)
        for line, field_name, message in issues:
            run.report.error(shown, line, field_name, message)
        if issues:
            return "", dict(SKIP)
        html = self.markdown(body)
        metadata = self.metadata(values, run)
        metadata["field_lines"] = lines
        metadata["content_type"] = content_type.name
        metadata["reading_time"] = reading_minutes(html, int(run.config["WORDS_PER_MINUTE"]))
        return html, metadata

    def metadata(self, values: dict, run: Run) -> dict:
        """Typed values → what Pelican's content classes expect."""
        metadata = {}
        for name, value in values.items():
            if isinstance(value, datetime.datetime):
                value = SafeDatetime(value.year, value.month, value.day, value.hour, value.minute)
            elif name in WRAPPERS:
                value = [WRAPPERS[name](item, self.settings) for item in value]
            elif name == "category":
                value = Category(value, self.settings)
            elif name in FORMATTED:
                value = self.markdown(value)
            metadata[name] = value
        metadata.update(publication(values, run))
        return metadata


def publication(values: dict, run: Run) -> dict:
    """Status from ``status`` and the build date: drafts and future items are held back.

    A preview build shows them, marked; a publish build gives them Pelican's ``draft``
    status (whose ``save_as`` is empty in the settings, so nothing is written).
    """
    draft = values.get("status") == "draft"
    date = values.get("date")
    scheduled = date is not None and date.date() > run.build_date
    held = draft or scheduled
    if held and not run.show_drafts:
        status = "draft"
    else:
        status = "published" if values.get("status") in (None, "draft") else values["status"]
    return {"status": status, "is_draft": draft, "is_scheduled": scheduled}
