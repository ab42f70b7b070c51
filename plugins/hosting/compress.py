"""Pre-compressed copies: ``page.html.gz`` and ``page.html.br`` beside each text file.

Servers send them as they are (nginx ``gzip_static``, Apache's rewrite rules), so the best
and slowest settings cost nothing per request. Both are reproducible: gzip with no file
name and a zero time in its header, brotli with fixed settings (quality 9 by default: 11 saves
7 % more for 13 times the time). Each result is kept in the cache under the SHA-256 of the
file and the settings: a build compresses only the files that changed since an earlier one,
and the copies in the output are hard links to the cache's files (a new file costs far more
to make than a link; nothing writes to them afterwards).
"""

from __future__ import annotations

import gzip
import hashlib
import multiprocessing
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import brotli

from .fingerprint import output_files

UNUSED_DAYS = 30  # cached copies not used by any build for this long are forgotten
MIN_FILES_PER_JOB = 200  # below this, a second process costs more than it saves


def gzip_bytes(data: bytes, level: int) -> bytes:
    # mtime=0 and no file name: the same input always gives the same bytes
    return gzip.compress(data, compresslevel=level, mtime=0)


def brotli_bytes(data: bytes, quality: int) -> bytes:
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality)


@dataclass
class CompressStats:
    files: int = 0  # files that got compressed copies
    made: int = 0  # copies computed in this build
    reused: int = 0  # copies taken from the cache
    original_bytes: int = 0
    gzip_bytes: int = 0
    brotli_bytes: int = 0
    written: list[str] = field(default_factory=list)

    def add(self, other: CompressStats) -> None:
        for name in ("files", "made", "reused", "original_bytes", "gzip_bytes", "brotli_bytes"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.written += other.written


class Compressor:
    def __init__(self, cache_dir: Path | None, gzip_level: int = 9, brotli_quality: int = 9):
        self.cache_dir = cache_dir
        self.gzip_level = gzip_level
        self.brotli_quality = brotli_quality
        self.stats = CompressStats()

    def cached(self, digest: str, suffix: str, make) -> tuple[int, Path | None, bytes | None]:
        """A compressed copy of a content: its size, the cache file that holds it (None
        without a cache) and its bytes when they were just made (None when taken from the
        cache: they are linked, never read)."""
        settings = f"gz{self.gzip_level}" if suffix == ".gz" else f"br{self.brotli_quality}"
        if self.cache_dir is None:
            self.stats.made += 1
            data = make()
            return len(data), None, data
        path = self.cache_dir / digest[:2] / f"{digest}-{settings}{suffix}"
        try:
            size = path.stat().st_size
            self.stats.reused += 1
            return size, path, None
        except OSError:
            pass
        data = make()
        self.stats.made += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        # written under another name then renamed: a build stopped halfway leaves no half file
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), 0o644)  # linked into the output: a web server reads it
            out.write(data)
        os.replace(temporary, path)
        return len(data), path, data

    @staticmethod
    def place(target: Path, cached: Path | None, data: bytes | None, original: os.stat_result) -> None:
        """The copy at ``target``: a hard link to the cache file where the file system allows
        it (making a new file costs far more than linking one), else written."""
        linked = False
        if cached is not None:
            try:
                target.unlink(missing_ok=True)
                os.link(cached, target)
                os.chmod(target, 0o644)  # copies cached before links were used were 0600
                linked = True
            except OSError:  # another file system, or one without hard links
                pass
        if not linked:
            target.write_bytes(data if data is not None else cached.read_bytes())
            if cached is not None:
                os.utime(cached)  # used now: kept by prune()
        # same date as the original: Last-Modified does not depend on the encoding (a linked
        # copy shares its date with the cache file: prune() goes by the inode's change time)
        os.utime(target, ns=(original.st_atime_ns, original.st_mtime_ns))

    def compress_file(self, path: Path, relative: str, data: bytes | None = None) -> None:
        """A .gz and a .br beside ``path`` (whose bytes are ``data`` when already read)."""
        if data is None:
            data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        copies = {
            ".gz": self.cached(digest, ".gz", lambda: gzip_bytes(data, self.gzip_level)),
            ".br": self.cached(digest, ".br", lambda: brotli_bytes(data, self.brotli_quality)),
        }
        stat = path.stat()
        wrote = False
        for suffix, (size, cached, packed) in copies.items():
            if size >= len(data):
                continue  # no gain: the server sends the file itself
            self.place(path.with_name(path.name + suffix), cached, packed, stat)
            self.stats.written.append(f"{relative}{suffix}")
            if suffix == ".gz":
                self.stats.gzip_bytes += size
            else:
                self.stats.brotli_bytes += size
            wrote = True
        if wrote:
            self.stats.files += 1
            self.stats.original_bytes += len(data)

    def prune(self) -> None:
        """Forget cached copies that no build used for :data:`UNUSED_DAYS` days."""
        if self.cache_dir is None or not self.cache_dir.is_dir():
            return
        limit = time.time() - UNUSED_DAYS * 86400
        for path in self.cache_dir.glob("*/*"):
            try:
                # the change time: a build that links the file or writes beside it updates
                # it (and its date is the page's, not the day it was used)
                if path.stat().st_ctime < limit:
                    path.unlink()
            except OSError:
                pass


def compress_output(output: Path, config, cache_dir: Path | None) -> CompressStats:
    """A .gz and a .br beside every file of ``output`` whose rule says « compress » and
    that is bigger than COMPRESS_MIN_BYTES."""
    return finish_output(output, config, cache_dir)


def finish_output(
    output: Path, config, cache_dir: Path | None, rewrite=None, files: list[str] | None = None, jobs: int = 1
) -> CompressStats:
    """One pass over the files of ``output``: references rewritten by ``rewrite`` (a
    :class:`.fingerprint.Rewriter`) where it applies, then the compressed copies of
    :func:`compress_output`. Each file is read once; ``jobs`` processes share the files."""
    if files is None:
        files = output_files(output)
    files = [f for f in files if not f.endswith((".gz", ".br"))]
    jobs = max(1, min(jobs, len(files) // MIN_FILES_PER_JOB))
    if jobs == 1 or not hasattr(os, "fork"):
        stats = finish_files(output, config, cache_dir, rewrite, files)
    else:
        shards = [files[n::jobs] for n in range(jobs)]
        # each worker gets its share of the paths (with the rules and the rewriter) and sends
        # back its figures; the copies themselves go straight to disk
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.starmap(finish_files, [(output, config, cache_dir, rewrite, s) for s in shards])
        stats = CompressStats()
        for part in parts:
            stats.add(part)
        stats.written.sort()
    Compressor(cache_dir).prune()
    return stats


def finish_files(output: Path, config, cache_dir: Path | None, rewrite, files: list[str]) -> CompressStats:
    compressor = Compressor(cache_dir, config["GZIP_LEVEL"], config["BROTLI_QUALITY"])
    minimum = config["COMPRESS_MIN_BYTES"]
    for relative in files:
        path = output / relative
        rewritten = rewrite is not None and rewrite.applies(relative)
        compressed = config.rule_for(relative).compress
        if not rewritten and not (compressed and path.stat().st_size > minimum):
            continue
        data = path.read_bytes()
        if rewritten:
            new = rewrite(data)
            if new is not data:
                path.write_bytes(new)
                data = new
        if compressed and len(data) > minimum:
            compressor.compress_file(path, relative, data)
    return compressor.stats
