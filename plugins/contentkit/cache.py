"""Pelican's content cache, checked before Pelican reads it, and kept free of failures.

A build stopped while Pelican was writing its cache (Ctrl+C in the preview server) leaves a
truncated pickle, and Pelican then fails on every later build with an ``EOFError``
traceback. A pickle always ends with the STOP opcode: a cache file that does not is
removed, and everything is read again.

A file refused by the reader (its errors reported, ``status: skip`` returned) must not be
cached either: Pelican's reader cache would otherwise hand the next build the skip without
the errors, and that build would succeed without the file (:func:`install`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pelican.readers import Readers

PICKLE_STOP = b"."


def repair(settings: dict) -> None:
    if not settings.get("LOAD_CONTENT_CACHE") or settings.get("GZIP_CACHE"):
        return  # a gzip file's end says nothing about the pickle inside
    folder = Path(settings.get("CACHE_PATH") or ".cache")
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if not path.is_file() or path.suffix == ".json":
            continue
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 1))
            last = handle.read(1)
        if last != PICKLE_STOP:
            path.unlink()
            print(f"Cache incomplet effacé ({path.name}) : tout le contenu est relu.", file=sys.stderr)


def is_refusal(data) -> bool:
    """A reader's ``(content, metadata)`` for a file it refused."""
    return (
        isinstance(data, tuple)
        and len(data) == 2
        and isinstance(data[1], dict)
        and data[1].get("status") == "skip"
    )


def install() -> None:
    """Make Pelican's reader cache forget refused files, so that each build reads them again
    and reports their errors again (once per process: the patch is idempotent)."""
    if getattr(Readers.cache_data, "_contentkit", False):
        return
    original = Readers.cache_data

    def cache_data(self, filename, data):
        if is_refusal(data):
            self._cache.pop(filename, None)
            return None
        return original(self, filename, data)

    cache_data._contentkit = True
    Readers.cache_data = cache_data
