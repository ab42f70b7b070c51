"""Pelican's content cache, checked before Pelican reads it.

A build stopped while Pelican was writing its cache (Ctrl+C in the preview server) leaves a
truncated pickle, and Pelican then fails on every later build with an ``EOFError``
traceback. A pickle always ends with the STOP opcode: a cache file that does not is
removed, and everything is read again.
"""

from __future__ import annotations

import sys
from pathlib import Path

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
