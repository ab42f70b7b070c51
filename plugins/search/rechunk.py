"""Smaller word chunks for Pagefind's index, so that a first query downloads less.

Pagefind 1.5.2 cuts its word index into chunks of about 20,000 word positions, a size it
does not let one set (``pagefind/src/index/mod.rs``: « TODO: Parameterize these chunk
sizes »). On a site of a thousand articles a chunk weighs 20 to 36 KB, and a query loads
one chunk per word: three words cost some 80 KB of index on top of Pagefind's own 90 KB.
This step reads the chunks Pagefind wrote, cuts the same sorted word list again into
chunks of about ``SEARCH["CHUNK_BYTES"]`` bytes, and rewrites the index's metadata to
point to them. Nothing else changes: the words, their pages and positions, the filters
and the fragments are Pagefind's own.

The files are Pagefind's binary format: gzip of the signature ``pagefind_dcd`` followed by
CBOR (read and written with cbor2). The metadata is ``[version, pages, chunks, filters,
sorts, …]`` with a chunk ``[from, to, name]``; ``from``/``to`` are cut to the shortest
prefixes that keep neighbours apart, as Pagefind does (``chunk_meta``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
META_VERSION = "1.5.2"  # the format this step knows; any other index is left alone
CHUNKS = 2  # position of the chunk list in the metadata
KEEP_TOGETHER = 3  # never cut between two words sharing this many first letters


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


def prefixes(left: str, right: str) -> tuple[str, str]:
    """The shortest prefixes of two neighbouring words that still tell them apart."""
    common = shared(left, right)
    return left[: common + 1], right[: common + 1]


def encoded_size(word: list) -> int:
    """About the bytes of a word's entry once encoded (``[word, pages, …]``, a page being
    ``[number, position…]``): two bytes a number. Counting is much faster than encoding."""
    return len(word[0]) + sum(2 * len(page) + 2 for page in word[1])


def split(words: list, target: int) -> list[list]:
    """Consecutive runs of ``words`` of about ``target`` encoded bytes.

    Pagefind loads one chunk per query term and matches the words that extend it there
    (« len » finds « lens », « lenviron »…): a cut is made only between two words that
    share fewer than :data:`KEEP_TOGETHER` letters, so that the extensions of any term of
    that length or more stay in one chunk. A chunk may then run past ``target``."""
    chunks, current, size = [], [], 0
    for word in words:
        if current and size >= target and shared(current[-1][0], word[0]) < KEEP_TOGETHER:
            chunks.append(current)
            current, size = [], 0
        current.append(word)
        size += encoded_size(word)
    if current:
        chunks.append(current)
    return chunks


def rechunk_language(bundle: Path, language: str, entry: dict, target: int) -> dict:
    """Cut one language's word index again; returns its new entry for pagefind-entry.json."""
    meta_path = bundle / f"pagefind.{entry['hash']}.pf_meta"
    meta = read(meta_path)
    if not (isinstance(meta, list) and len(meta) > CHUNKS and meta[0] == META_VERSION):
        raise FormatChanged(f"{meta_path.name} : métadonnées d'une autre version de Pagefind")
    old = [bundle / "index" / f"{chunk[2]}.pf_index" for chunk in meta[CHUNKS]]
    words = []
    for path in old:
        index = read(path)
        words += index[0]
    chunks = split(words, target)
    listed, written = [], {}
    for chunk in chunks:
        data = pack([chunk])
        digest = hashlib.sha256(data).hexdigest()
        length = 7
        while f"{language}_{digest[:length]}" in written:
            length += 1
        name = f"{language}_{digest[:length]}"
        written[name] = data
        listed.append([chunk[0][0], chunk[-1][0], name])
    for left, right in zip(listed, listed[1:], strict=False):
        left[1], right[0] = prefixes(left[1], right[0])
    for path in old:
        path.unlink()
    for name, data in written.items():
        (bundle / "index" / f"{name}.pf_index").write_bytes(data)
    meta[CHUNKS] = listed
    data = pack(meta)
    meta_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
    meta_path.unlink()
    (bundle / f"pagefind.{meta_hash}.pf_meta").write_bytes(data)
    return {**entry, "hash": meta_hash}


def rechunk(bundle: Path, target: int) -> int:
    """Cut every language's word index of the Pagefind bundle again; returns the number
    of chunks now. Raises :class:`FormatChanged` if the bundle is not Pagefind 1.5.2's."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if entry.get("version") != META_VERSION:
        raise FormatChanged(f"index de Pagefind {entry.get('version')}, attendu {META_VERSION}")
    for language, info in entry["languages"].items():
        entry["languages"][language] = rechunk_language(bundle, language, info, target)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(list((bundle / "index").glob("*.pf_index")))
