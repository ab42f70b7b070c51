"""Reading on two cores: on the first file Pelican asks for, every Markdown file of the
content types is prepared (front matter, schema, Markdown) by a pool of worker
processes; Pelican's reads then take the prepared results. Used for full builds of
large sites only (for a few files, starting workers costs more than it saves), and for
the first build of a preview, when there is no cache yet.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from . import types
from .state import truthy

MIN_FILES = 200  # default of CONTENTKIT["PARALLEL_MIN_FILES"]
_READER = None  # the reader the forked workers use; set only while the pool runs


def _prepare(path: str):
    prepared = _READER.prepare(path)
    # the Markdown this worker converted goes back with the file, for the parent to keep
    return path, prepared, _READER.markdown_cache().drain()


def candidates(run) -> list[str]:
    return sorted(
        str(path) for path in run.content_root.rglob("*.md") if types.for_path(path, run.settings) is not None
    )


def fill(run, reader) -> None:
    global _READER
    run.prepared = {}
    paths = candidates(run)
    if len(paths) < int(run.config.get("PARALLEL_MIN_FILES", MIN_FILES)) or not hasattr(os, "fork"):
        return
    _READER = reader
    cache = reader.markdown_cache()  # loaded once, before the workers fork
    try:
        with multiprocessing.get_context("fork").Pool(min(2, os.cpu_count() or 1)) as pool:
            for path, prepared, (used, new) in pool.imap_unordered(_prepare, paths, chunksize=32):
                run.prepared[path] = prepared
                cache.merge(used, new)
    finally:
        _READER = None


def first_preview(run) -> bool:
    """An incremental preview reads only what changed, from Pelican's cache; its first
    build, with no cache yet, reads everything, like a full build."""
    from .incremental import CACHE_FILE  # noqa: PLC0415

    return not (Path(run.settings.get("CACHE_PATH") or ".cache") / CACHE_FILE).exists()


def take(run, reader, source_path):
    """The prepared result for ``source_path``, or None to read it here."""
    if not truthy(run.config.get("PARALLEL")):
        return None
    if truthy(run.config.get("INCREMENTAL")) and not first_preview(run):
        return None
    if run.prepared is None:
        fill(run, reader)
    return run.prepared.pop(os.path.abspath(source_path), None)
