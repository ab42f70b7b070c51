"""Smaller word chunks for Pagefind's index, so that a first query downloads less.

Pagefind 1.5.2 cuts its word index into chunks of about 20,000 word positions, a size it
does not let one set (``pagefind/src/index/mod.rs``: « TODO: Parameterize these chunk
sizes »). On a site of a thousand articles a chunk weighs 20 to 36 KB, and a query loads
one chunk per word: three words cost some 80 KB of index on top of Pagefind's own 90 KB.
The merge of :mod:`.shards` cuts the sorted word list into chunks of about
``SEARCH["CHUNK_BYTES"]`` bytes instead, with the helpers of this module, and writes the
index's metadata to point to them. The words, their pages and positions, the filters and the
fragments stay Pagefind's own.

The files are Pagefind's binary format: gzip of the signature ``pagefind_dcd`` followed by
CBOR (read and written with cbor2). The metadata is ``[version, pages, chunks, filters,
sorts, meta fields]`` with a chunk ``[from, to, name]``; ``from``/``to`` are cut to the
shortest prefixes that keep neighbours apart, as Pagefind does (``chunk_meta``). A word is
``[word, pages, variants]``, a page ``[page number minus the previous one, positions,
metadata positions]``, a variant (the word with other diacritics) ``[form, pages]``.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
META_VERSION = "1.5.2"  # the format these helpers know; any other index is refused
CHUNKS = 2  # position of the chunk list in the metadata
# Never cut between two words sharing this many first letters: Pagefind loads one chunk per
# query term and matches the words that extend it there (« len » finds « lens »), so the
# extensions of any term of that length or more stay in one chunk.
KEEP_TOGETHER = 3


class FormatChanged(Exception):
    """The index is not in the format this step knows."""


def read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatChanged(f"{path.name} : signature inconnue")
    return cbor2.loads(data[len(SIGNATURE) :])


def pack(value) -> bytes:
    # mtime=0: the same index gives the same bytes at every build
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=6, mtime=0)


def shared(left: str, right: str) -> int:
    """Length of the common prefix of two words."""
    return len(os.path.commonprefix([left, right]))


def encoded_size(word: list) -> int:
    """About the bytes of a word's entry once encoded (``[word, pages, …]``, a page being
    ``[number, position…]``): two bytes a number. Counting is much faster than encoding."""
    return len(word[0]) + sum(2 * len(page) + 2 for page in word[1])
