"""The state of one build: settings of the plugin, build date, vocabularies, problems.

It is kept in the build's settings dict (created on Pelican's ``initialized`` signal),
never in module globals, so that a rebuild in the same process starts afresh.
"""

from __future__ import annotations

import datetime
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from . import vocabularies
from .errors import Report

SETTINGS_KEY = "_CONTENTKIT_RUN"

DEFAULTS = {
    "DATA_DIR": "data",  # vocabularies, relative to the content folder
    "STRICT": False,  # warnings become errors (CI)
    "SHOW_DRAFTS": False,  # preview builds show drafts and future items, marked
    "CHECK_ONLY": False,  # read and validate, write nothing
    "PRODUCTION": False,  # placeholders « [à compléter…] » are errors (invoke check --production)
    "BUILD_DATE": None,  # "AAAA-MM-JJ"; else SOURCE_DATE_EPOCH; else today
    "WORDS_PER_MINUTE": 200,
    "INCREMENTAL": False,  # previews: render again only the pages whose inputs changed
    "PARALLEL": False,  # full builds: render pages in two processes
    "MARKDOWN_CACHE": False,  # full builds: Markdown results kept in CACHE_PATH, by text (mdcache)
    # Bounds on what one file may make the reader do (hostile or broken input):
    "FILE_MAX_BYTES": 20_971_520,  # a bigger file is refused unread (20 Mo)
    "FRONT_MATTER_MAX_BYTES": 262_144,  # a bigger front matter is refused (256 Ko)
    "YAML_MAX_DEPTH": 20,  # lists and mappings nested deeper are refused
    "BODY_WARN_BYTES": 1_000_000,  # a longer text gets a warning (1 Mo)
    "MARKDOWN_MAX_SECONDS": 10,  # a text whose Markdown takes longer is refused (0: no limit)
}


def truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "oui", "yes", "on"}
    return bool(value)


def resolve_build_date(setting, timezone: str) -> datetime.date:
    """The one date that every rule about « today » uses."""
    if isinstance(setting, datetime.datetime):
        return setting.date()
    if isinstance(setting, datetime.date):
        return setting
    if setting:
        return datetime.date.fromisoformat(str(setting))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    zone = ZoneInfo(timezone or "Europe/Paris")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), zone).date()
    return datetime.datetime.now(zone).date()


@dataclass
class Run:
    settings: dict
    config: dict
    report: Report
    build_date: datetime.date
    content_root: Path
    display_root: Path
    vocabularies: dict = field(default_factory=dict)
    log_counter: logging.Handler | None = None
    page_cache: object | None = None
    shard: tuple[int, int] | None = None  # (this process, processes) when writing in parallel
    prepared: dict | None = None  # files read ahead by worker processes (prefetch)
    sharing: bool = False  # a shardable generator is writing: keep to this process's files
    extras: dict = field(default_factory=dict)  # plugins' state for this build, by plugin name

    def __reduce__(self):
        # Pelican's content cache pickles the settings, and with them this run: a cached
        # item must not carry a build's state (nor its log handler) into the next build.
        return (detached_run, ())

    @property
    def show_drafts(self) -> bool:
        return truthy(self.config["SHOW_DRAFTS"])

    def display(self, path) -> str:
        return vocabularies.display(Path(path), self.display_root)


def detached_run() -> None:
    return None


def start_run(settings: dict) -> Run:
    config = {**DEFAULTS, **(settings.get("CONTENTKIT") or {})}
    report = Report(strict=truthy(config["STRICT"]))
    run = Run(
        settings=settings,
        config=config,
        report=report,
        build_date=resolve_build_date(config["BUILD_DATE"], settings.get("TIMEZONE")),
        content_root=Path(settings["PATH"]).resolve(),
        display_root=Path.cwd(),
    )
    run.vocabularies = vocabularies.load(run.content_root / config["DATA_DIR"], report, run.display_root)
    settings[SETTINGS_KEY] = run
    return run


def get_run(settings: dict) -> Run:
    run = settings.get(SETTINGS_KEY)
    return run if run is not None else start_run(settings)
