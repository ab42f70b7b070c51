"""Markdown results kept from one build to the next, by content: a text converted once is
not converted again while the Markdown library and its settings stay the same.

Markdown is most of the time of reading a file, and a publish build reads every file: a
publish that follows another one (on the editor's machine, or in CI with its cache kept)
converts only the texts that changed. Unlike Pelican's own cache (by file date, turned off
for publishing), the key is the text itself, with the library's version and the settings:
a hit gives exactly the HTML a conversion would give.

The entries used by a build are written back at the end of its reading, in one file in
``CACHE_PATH``; entries no build used are dropped then. Worker processes (prefetch) send
their new entries back with each prepared file.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path

import markdown

from .state import truthy

CACHE_FILE = "contentkit-markdown.marshal"
FORMAT = 1  # bump when the file's layout or what a conversion depends on changes


class MarkdownCache:
    """Text → HTML, for one converter (``kind``) with one configuration."""

    def __init__(self, path: Path | None, config: dict):
        self.path = path
        self.salt = repr((FORMAT, markdown.__version__, sorted(config.items(), key=str))).encode()
        self.entries: dict[bytes, str] = {}
        self.used: set[bytes] = set()
        self.new: dict[bytes, str] = {}
        if path is not None:
            try:
                loaded = marshal.loads(path.read_bytes())
                if isinstance(loaded, dict):
                    self.entries = loaded
            except (OSError, ValueError, EOFError, TypeError):
                pass  # no cache yet, or unreadable: start afresh

    def key(self, kind: str, text: str) -> bytes:
        hasher = hashlib.blake2b(self.salt, digest_size=20)
        hasher.update(kind.encode())
        hasher.update(b"\0")
        hasher.update(text.encode("utf-8", "surrogatepass"))
        return hasher.digest()

    def convert(self, kind: str, text: str, make) -> str:
        """The HTML of ``text``, from the cache or made by ``make()`` (and remembered)."""
        key = self.key(kind, text)
        self.used.add(key)
        html = self.entries.get(key)
        if html is None:
            html = make()
            self.entries[key] = self.new[key] = html
        return html

    def drain(self) -> tuple[set[bytes], dict[bytes, str]]:
        """What this process used and made since the last call (sent back by workers)."""
        used, new = self.used, self.new
        self.used, self.new = set(), {}
        return used, new

    def merge(self, used: set[bytes], new: dict[bytes, str]) -> None:
        self.used |= used
        self.entries.update(new)
        self.new.update(new)

    def save(self) -> None:
        """Keep the entries this build used; nothing is written when nothing changed."""
        if self.path is None:
            return
        kept = {key: self.entries[key] for key in self.used if key in self.entries}
        if not self.new and len(kept) == len(self.entries):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # another name, then a rename: a build stopped halfway leaves the old file whole
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps(kept))
        os.replace(temporary, self.path)
        self.entries = kept
        self.new = {}


def cache_for(run, config: dict) -> MarkdownCache:
    """This build's cache (made on first use): in ``CACHE_PATH`` when
    ``CONTENTKIT["MARKDOWN_CACHE"]`` is on, in memory only otherwise. Incremental previews
    keep to Pelican's cache (they read only the files saved, and would drop the rest)."""
    cache = run.extras.get("markdown_cache")
    if cache is None:
        path = None
        if truthy(run.config.get("MARKDOWN_CACHE")) and not truthy(run.config.get("INCREMENTAL")):
            path = Path(run.settings.get("CACHE_PATH") or "cache") / CACHE_FILE
        cache = run.extras["markdown_cache"] = MarkdownCache(path, config)
    return cache


def save(run) -> None:
    cache = run.extras.get("markdown_cache")
    if cache is not None:
        cache.save()
