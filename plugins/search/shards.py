"""Merge the indexes of several Pagefind runs into the one index a single run would write.

Pagefind keeps everything it read from every page (words, positions, fragments) until it
writes the index: about 150 KB of memory a page, 900 MB for the 6,000 pages of a site of
5,000 articles. :mod:`.indexer` therefore runs Pagefind on 150 pages at a time
(``SEARCH["SHARD_PAGES"]``), each run writing a small index of its own, and this module
merges them, one word chunk of each run at a time, so that memory stays that of one run.
Search results are those of one Pagefind run over the whole site (tests/test_search.py,
plugins/search/same_results.py); with ``CHUNK_BYTES`` set, those of one run cut again.

The merged index is the one a single run over all the pages writes, with two choices made
the same way whatever the number of runs, so that the files are byte for byte the same for
one run or many (tests/test_search.py checks it):

- pages are numbered in the order a single run walks the site's folders (``order``, from
  :func:`.indexer.marked_pages`), whatever the order each run walked its own pages in (a
  page's number tells pages apart and breaks ties between equal scores);
- filter values are listed in alphabetical order, not in the order of Pagefind's hash table
  (which changes from one run to the next anyway).

Everything else is Pagefind's own output: fragments (copied as they are, under the names
Pagefind gives them), words, positions, weights and the other metadata. The word index is
cut again into chunks of about ``SEARCH["CHUNK_BYTES"]`` bytes (or, with None, by
Pagefind's own rule of about 20,000 positions a chunk).

The format is Pagefind 1.5.2's (see :mod:`.rechunk` for its files): any other version is
refused with :class:`~.rechunk.FormatChanged`, and the indexer says so in French.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import shutil
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from .rechunk import (
    CHUNKS,
    KEEP_TOGETHER,
    META_VERSION,
    SIGNATURE,
    FormatChanged,
    encoded_size,
    pack,
    read,
    shared,
)

PAGES, FILTERS, SORTS, FIELDS = 1, 3, 4, 5  # positions in the metadata list
PAGEFIND_CHUNK_POSITIONS = 20_000  # Pagefind's own cut (index_chunk_size, pagefind/src/options.rs)
SHORT_HASH = 7  # hex digits of a fragment's name after « fr_ », as Pagefind names them
ENTRY = "pagefind-entry.json"


class ShardsDisagree(Exception):
    """The runs cannot be merged into what one run would give; the message is French."""


def full_hash(data: bytes) -> str:
    """Pagefind's ``full_hash``: SHA-1 in hexadecimal, each byte *without* a leading zero."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def fragment_data(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatChanged(f"{path.name} : signature inconnue")
    return data[len(SIGNATURE) :]


@dataclass
class Shard:
    """One Pagefind run's bundle and, per language, its metadata."""

    bundle: Path
    entry: dict
    metas: dict = field(default_factory=dict)  # language → metadata list

    @classmethod
    def open(cls, bundle: Path) -> Shard:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        if entry.get("version") != META_VERSION:
            raise FormatChanged(f"index de Pagefind {entry.get('version')}, attendu {META_VERSION}")
        shard = cls(bundle, entry)
        for language, info in entry["languages"].items():
            meta = read(bundle / f"pagefind.{info['hash']}.pf_meta")
            if not (isinstance(meta, list) and len(meta) > FIELDS and meta[0] == META_VERSION):
                raise FormatChanged(f"pagefind.{info['hash']}.pf_meta : métadonnées d'une autre version")
            shard.metas[language] = meta
        return shard


@dataclass
class Page:
    url: str  # unique: Pagefind's address of the file
    hash: str  # Pagefind's full hash of the fragment, language included
    words: int
    source: Path  # the fragment file in its run's bundle
    shard: int
    number: int  # in its run


def remap_pages(entries: list, numbers: list[int], fields: list[int]) -> list:
    """A word's pages ``[[delta, locs, meta_locs], …]`` of one run, as ``[[number, locs,
    meta_locs], …]`` numbered for the merged index (not sorted yet, deltas undone)."""
    remapped, page = [], 0
    for delta, locs, meta_locs in entries:
        page += delta
        if meta_locs:  # a negative entry -(id + 1) starts the positions of metadata field `id`
            meta_locs = [-(fields[-loc - 1] + 1) if loc < 0 else loc for loc in meta_locs]
        remapped.append([numbers[page], locs, meta_locs])
    return remapped


def delta(pages: list) -> list:
    """Pages sorted by number, each number written as the gap from the previous one."""
    pages.sort(key=lambda page: page[0])
    last = 0
    for page in pages:
        page[0], last = page[0] - last, page[0]
    return pages


def merge_word(parts: list) -> list:
    """One word's entries from several runs (remapped) as one entry ``[word, pages, variants]``.

    Pagefind lists a word's spellings with other diacritics (« année » under « annee ») in
    the order of the first page where each appears; within that page, those of the text
    come before those only in the metadata, each group in alphabetical order."""
    pages, variants = [], {}
    for _, word_pages, word_variants in parts:
        pages += word_pages
        for form, form_pages in word_variants:
            variants.setdefault(form, []).extend(form_pages)

    def first(item):
        form, form_pages = item
        page = min(form_pages, key=lambda p: p[0])
        return (page[0], 0 if page[1] else 1, form)

    ordered = sorted(variants.items(), key=first)
    return [parts[0][0], delta(pages), [[form, delta(form_pages)] for form, form_pages in ordered]]


def words_of(shard: Shard, language: str, numbers: list[int], fields: list[int]):
    """A run's words in alphabetical order, remapped, reading one chunk at a time."""
    for chunk in shard.metas[language][CHUNKS]:
        for word, pages, variants in read(shard.bundle / "index" / f"{chunk[2]}.pf_index")[0]:
            yield [
                word,
                remap_pages(pages, numbers, fields),
                [[form, remap_pages(form_pages, numbers, fields)] for form, form_pages in variants],
            ]


def chunks_of(words, target: int | None):
    """Consecutive runs of words: about ``target`` encoded bytes (never cut between words
    sharing :data:`~.rechunk.KEEP_TOGETHER` letters), or Pagefind's own rule with None."""
    current, size = [], 0
    for word in words:
        if target and current and size >= target and shared(current[-1][0], word[0]) < KEEP_TOGETHER:
            yield current
            current, size = [], 0
        current.append(word)
        if target:
            size += encoded_size(word)
        else:
            size += sum(len(page[1]) + len(page[2]) + 1 for page in word[1])
            if size >= PAGEFIND_CHUNK_POSITIONS:
                yield current
                current, size = [], 0
    if current:
        yield current


def trim(listed: list) -> None:
    """Chunk bounds cut to the shortest prefixes that keep neighbours apart (Pagefind's
    ``chunk_meta``: a chunk's end is only cut if it stays after its start)."""
    for left, right in zip(listed, listed[1:], strict=False):
        common = shared(left[1], right[0])
        end, start = left[1][: common + 1], right[0][: common + 1]
        if end >= left[0]:
            left[1] = end
        right[0] = start


def unique_name(prefix: str, digest: str, taken: set, length: int) -> str:
    while f"{prefix}_{digest[:length]}" in taken:
        length += 1
    name = f"{prefix}_{digest[:length]}"
    taken.add(name)
    return name


def merge_language(shards: list[Shard], language: str, out: Path, target: int | None, order: dict) -> dict:
    """Write one language's merged index into ``out``; returns its entry for pagefind-entry.json."""
    present = [(number, shard) for number, shard in enumerate(shards) if language in shard.metas]
    if any(shard.metas[language][SORTS] for _, shard in present) and len(present) > 1:
        raise ShardsDisagree(
            "des pages ont un tri (data-pagefind-sort), que l'indexation en plusieurs passes ne sait "
            "pas fusionner : mettez SEARCH[« SHARD_PAGES »] à None"
        )
    fields = sorted({name for _, shard in present for name in shard.metas[language][FIELDS]})

    pages = []
    for number, shard in present:
        for local, (short, words) in enumerate(shard.metas[language][PAGES]):
            source = shard.bundle / "fragment" / f"{short}.pf_fragment"
            data = fragment_data(source)
            url = json.loads(data)["url"]
            if url not in order:
                raise ShardsDisagree(
                    f"Pagefind a donné à une page l'adresse « {url} », qui n'est pas celle d'un fichier"
                )
            pages.append(Page(url, f"{language}_{full_hash(data)}", words, source, number, local))
    pages.sort(key=lambda page: order[page.url])

    # Fragments: Pagefind's names (first hex digits of the hash, one more on a clash, in page order).
    (out / "fragment").mkdir(parents=True, exist_ok=True)
    numbers = {number: [0] * len(shard.metas[language][PAGES]) for number, shard in present}
    taken, listed_pages = {}, []
    for rank, page in enumerate(pages):
        numbers[page.shard][page.number] = rank
        length = len(language) + 1 + SHORT_HASH
        short = page.hash[:length]
        while short in taken:
            if taken[short] == page.hash:
                raise ShardsDisagree(f"deux pages ont le même contenu et la même adresse ({page.url})")
            length += 1
            short = page.hash[:length]
        taken[short] = page.hash
        shutil.copyfile(page.source, out / "fragment" / f"{short}.pf_fragment")
        listed_pages.append([short, page.words])

    remapped_fields = {
        number: [fields.index(name) for name in shard.metas[language][FIELDS]] for number, shard in present
    }

    # Filters: every value's pages, renumbered; values and filters in alphabetical order.
    values: dict[str, dict[str, list[int]]] = {}
    for number, shard in present:
        for name, short in shard.metas[language][FILTERS]:
            _, filter_values = read(shard.bundle / "filter" / f"{short}.pf_filter")
            for value, value_pages in filter_values:
                values.setdefault(name, {}).setdefault(value, []).extend(
                    numbers[number][page] for page in value_pages
                )
    (out / "filter").mkdir(exist_ok=True)
    filters, names = [], set()
    for name in sorted(values):
        data = pack([name, [[value, sorted(found)] for value, found in sorted(values[name].items())]])
        short = unique_name(language, hashlib.sha256(data).hexdigest(), names, SHORT_HASH)
        (out / "filter" / f"{short}.pf_filter").write_bytes(data)
        filters.append([name, short])

    sorts = []
    for _, shard in present:  # one run only (refused above otherwise): renumber its orders
        for name, order in shard.metas[language][SORTS]:
            sorts.append([name, [numbers[present[0][0]][page] for page in order]])

    # Words: a merge of the runs' sorted word lists, written chunk by chunk.
    streams = [
        words_of(shard, language, numbers[number], remapped_fields[number]) for number, shard in present
    ]
    merged = (
        merge_word(list(parts))
        for _, parts in groupby(heapq.merge(*streams, key=lambda w: w[0]), lambda w: w[0])
    )
    (out / "index").mkdir(exist_ok=True)
    chunks, names = [], set()
    for chunk in chunks_of(merged, target):
        data = pack([chunk])
        name = unique_name(language, hashlib.sha256(data).hexdigest(), names, SHORT_HASH)
        (out / "index" / f"{name}.pf_index").write_bytes(data)
        chunks.append([chunk[0][0], chunk[-1][0], name])
    trim(chunks)

    meta = [META_VERSION, listed_pages, chunks, filters, sorts, fields]
    data = pack(meta)
    meta_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
    (out / f"pagefind.{meta_hash}.pf_meta").write_bytes(data)
    info = next(shard.entry["languages"][language] for _, shard in present)
    return {"hash": meta_hash, "wasm": info.get("wasm"), "page_count": len(pages)}


def merge(bundles: list[Path], out: Path, target: int | None, order: dict[str, int]) -> int:
    """Merge the bundles of Pagefind runs over disjoint sets of pages into ``out`` (created);
    ``order`` gives each page's rank (by address). Returns the number of pages. Raises
    :class:`FormatChanged` or :class:`ShardsDisagree`."""
    shards = [Shard.open(Path(bundle)) for bundle in bundles]
    languages = sorted({language for shard in shards for language in shard.entry["languages"]})
    if "unknown" in languages and len(languages) > 1 and len(shards) > 1:
        raise ShardsDisagree(
            "des pages n'ont pas d'attribut lang sur <html> : une seule passe les rangerait dans la "
            "langue principale du site, plusieurs passes ne le peuvent pas ; mettez "
            "SEARCH[« LANGUAGE »] (« fr ») ou ajoutez lang à ces pages"
        )
    out.mkdir(parents=True)
    # Pagefind's scripts and the search programs of each language: the same in every run.
    for shard in shards:
        for path in shard.bundle.iterdir():
            if path.is_file() and path.name != ENTRY and path.suffix != ".pf_meta":
                if not (out / path.name).exists():
                    shutil.copyfile(path, out / path.name)
    entry = {
        "version": META_VERSION,
        "languages": {
            language: merge_language(shards, language, out, target, order) for language in languages
        },
        "include_characters": shards[0].entry.get("include_characters", []),
    }
    (out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return sum(info["page_count"] for info in entry["languages"].values())
