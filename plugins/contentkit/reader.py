"""The one reader of Markdown files: YAML front matter checked against the file's type.

A file with problems is reported (every problem of it) and skipped, never half-read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown import Markdown
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import SafeDatetime

from . import contributors, limits, mdcache, prefetch, types
from .fields import FieldContext
from .frontmatter import FrontMatterError, parse, split
from .state import Run, get_run

SKIP = {"status": "skip"}  # Pelican then makes a SkipStub: nothing written, nothing cached
WRAPPERS = {"tags": Tag, "authors": Author}
FORMATTED = ("summary",)
TAG_RE = re.compile(r"<[^>]+>")
# A summary without any of these is plain text: no need for a whole Markdown pass.
MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>&#!\\|~]|^\s*([-+]|\d+\.)\s|\n\s*\n")
WORD_RE = re.compile(r"\w+")


@dataclass
class Prepared:
    """One file read and checked on its own, before Pelican makes a content object of it."""

    problems: list = field(default_factory=list)  # (line, field, message)
    warnings: list = field(default_factory=list)  # (line, field, message)
    values: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    content_type: str = ""
    html: str = ""
    reading_time: int = 1


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
        self._config = markdown_config(settings)
        self._md = Markdown(**self._config)
        # Summaries reach cards, feeds and meta tags: Markdown there, but raw HTML is shown
        # as text, never passed through (the body may hold HTML, a one-line field may not).
        self._md_text = Markdown(**self._config)
        self._md_text.preprocessors.deregister("html_block")
        self._md_text.inlinePatterns.deregister("html")

    def markdown_cache(self) -> mdcache.MarkdownCache:
        """This build's Markdown results, for this reader's Markdown settings."""
        return mdcache.cache_for(get_run(self.settings), self._config)

    def markdown(self, text: str) -> str:
        return self.markdown_cache().convert("body", text, lambda: self._md.reset().convert(text))

    def inline_markdown(self, text: str) -> str:
        """A short formatted field (summary): one paragraph of HTML, raw HTML escaped."""
        if MARKDOWN_SYNTAX.search(text):
            return self.markdown_cache().convert("inline", text, lambda: self._md_text.reset().convert(text))
        return f"<p>{text}</p>"

    def prepare(self, source_path) -> Prepared:
        """Everything about one file that needs no other file: decoding, front matter,
        schema, Markdown. Runs in worker processes when reading in parallel.

        Whatever goes wrong becomes a problem of the file, in French: never an exception
        that Pelican would log as its bare « Could not process »."""
        try:
            return self._prepare(source_path)
        except Exception as exc:  # noqa: BLE001 - any failure is reported as the file's problem
            self.restart()
            return Prepared(problems=[(1, None, limits.unexpected(exc))])

    def restart(self) -> None:
        """Fresh Markdown converters: one interrupted mid-conversion (too deep, too slow)
        keeps a broken state, and every later file would come out garbled, silently."""
        self.__init__(self.settings)

    def _prepare(self, source_path) -> Prepared:
        run = get_run(self.settings)
        too_big = limits.file_too_big(Path(source_path), run.config)
        if too_big:
            return Prepared(problems=[(1, None, too_big)])
        data = Path(source_path).read_bytes()
        try:
            text = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            message = (
                "le fichier n'est pas encodé en UTF-8 "
                f"(octet {data[exc.start]:#04x} illisible) : enregistrez-le en UTF-8"
            )
            return Prepared(problems=[(line, None, message)])
        content_type = types.for_path(source_path, self.settings)
        if content_type is None:
            return Prepared(
                problems=[(None, None, "ce fichier n'est dans le dossier d'aucun type de contenu")]
            )
        try:
            limits.check_text(text)
            front, body, body_line = split(text)
            limits.check_front_matter(front, run.config)
            limits.check_body(body, body_line)
            node = parse(front, first_line=2, max_depth=int(run.config["YAML_MAX_DEPTH"]))
        except FrontMatterError as exc:
            return Prepared(problems=[(exc.line, None, exc.message)])
        warnings = limits.body_warnings(body, body_line, run.config)
        ctx = FieldContext(
            source_path=Path(source_path),
            content_root=run.content_root,
            vocabularies=run.vocabularies,
            build_date=run.build_date,
        )
        values, lines, issues = content_type.schema.validate(node, ctx)
        if issues:
            return Prepared(problems=issues)
        seconds = float(run.config["MARKDOWN_MAX_SECONDS"])
        try:
            with limits.time_limit(seconds):
                for name in FORMATTED:
                    if name in values:
                        values[name] = self.inline_markdown(values[name])
                html = self.markdown(body)
        except (limits.TooSlow, RecursionError) as exc:
            self.restart()
            message = limits.too_slow(seconds) if isinstance(exc, limits.TooSlow) else limits.unexpected(exc)
            return Prepared(problems=[(body_line, None, message)])
        return Prepared(
            warnings=warnings,
            values=values,
            lines=lines,
            content_type=content_type.name,
            html=html,
            reading_time=reading_minutes(html, int(run.config["WORDS_PER_MINUTE"])),
        )

    def read(self, source_path):
        run = get_run(self.settings)
        prefetched = prefetch.take(run, self, source_path)
        prepared = prefetched or self.prepare(source_path)
        for line, field_name, message in prepared.problems:
            run.report.error(run.display(source_path), line, field_name, message)
        for line, field_name, message in prepared.warnings:
            run.report.warning(run.display(source_path), line, field_name, message)
        if prepared.problems:
            return "", dict(SKIP)
        try:
            metadata = self.metadata(prepared.values, run)
        except Exception as exc:  # noqa: BLE001 - reported as the file's problem, like in prepare
            run.report.error(run.display(source_path), 1, None, limits.unexpected(exc))
            return "", dict(SKIP)
        metadata["field_lines"] = prepared.lines
        metadata["content_type"] = prepared.content_type
        metadata["reading_time"] = prepared.reading_time
        return prepared.html, metadata

    def metadata(self, values: dict, run: Run) -> dict:
        """Typed values → what Pelican's content classes expect."""
        metadata = {}
        for name, value in values.items():
            if isinstance(value, datetime.datetime):
                value = SafeDatetime(value.year, value.month, value.day, value.hour, value.minute)
            elif name == "authors":  # a contributor's key (data/contributors.yml) stands for its name
                value = [Author(contributors.name_of(run, item), self.settings) for item in value]
            elif name in WRAPPERS:
                value = [WRAPPERS[name](item, self.settings) for item in value]
            elif name == "category":
                value = Category(value, self.settings)
            metadata[name] = value
        metadata.update(publication(values, run))
        return metadata


# Callables (values, run) → "draft", "scheduled" or None, added by plugins: an item may be
# held back by another one (an article by its issue, while the issue is a draft or future).
HOLDS: list = []


def publication(values: dict, run: Run) -> dict:
    """Status from ``status`` and the build date: drafts and future items are held back.

    A preview build shows them, marked; a publish build gives them Pelican's ``draft``
    status (whose ``save_as`` is empty in the settings, so nothing is written).
    """
    draft = values.get("status") == "draft"
    date = values.get("date")
    scheduled = date is not None and date.date() > run.build_date
    for hold in HOLDS:
        reason = hold(values, run)
        draft = draft or reason == "draft"
        scheduled = scheduled or reason == "scheduled"
    held = draft or scheduled
    if held and not run.show_drafts:
        status = "draft"
    else:
        status = "published" if values.get("status") in (None, "draft") else values["status"]
    return {"status": status, "is_draft": draft, "is_scheduled": scheduled}
