"""Run Pagefind on a built site: the index goes to ``<site>/<BUNDLE_DIR>/``.

Pagefind reads only the marked pages (a folder of hard links to them, so that it never
parses the lists and menus it would then ignore), ``SEARCH["SHARD_PAGES"]`` pages a run, and
:mod:`.shards` merges the runs into one index, written next to the site then moved into it.
"""

from __future__ import annotations

import ctypes
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .config import SearchConfig
from .rechunk import FormatChanged
from .shards import ShardsDisagree, merge

MARKER = b"data-pagefind-body"
# The attribute in a tag, not the words in a text (« &lt;article data-pagefind-body&gt; » in an
# example of code): a run whose pages all had only the words would index their whole <body>,
# where one run over the site ignores them.
MARKED = re.compile(rb"<[a-zA-Z][^<>]*\sdata-pagefind-body(?=[\s=/>])")
TIMEOUT = 600  # seconds
RUN_CHUNK = 2000  # word positions a chunk in each run's own index (Pagefind's default: 20,000)
# Pagefind's ready-made interfaces: this site has its own small script, they are never loaded.
UI_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class IndexingError(Exception):
    """Indexing failed; the message is French and says why."""


@dataclass
class IndexResult:
    pages: int  # pages marked to be indexed
    seconds: float
    bundle: Path | None  # None: nothing to index, no bundle written
    log: str = ""
    runs: int = 0  # Pagefind runs merged into the index


def walk(folder: Path):
    """The site's HTML files in the order Pagefind walks them: each folder's entries in the
    order the file system lists them, a subfolder walked where it is met (links not followed).
    A page's number in the index is its rank here, which breaks ties between equal scores."""
    with os.scandir(folder) as entries:
        for entry in list(entries):
            if entry.is_dir(follow_symlinks=False):
                yield from walk(Path(entry.path))
            elif entry.name.endswith(".html"):
                yield Path(entry.path)


def marked_pages(site: Path) -> list[Path]:
    """HTML files of the site that hold an item's own content (``data-pagefind-body``), in
    Pagefind's order."""
    pages = []
    for path in walk(site):
        with path.open("rb") as handle:
            data = handle.read()
            if MARKER in data and MARKED.search(data):
                pages.append(path)
    return pages


def address(site: Path, page: Path) -> str:
    """The address Pagefind gives a page (``…/index.html`` becomes ``…/``)."""
    relative = page.relative_to(site).as_posix()
    return "/" + (
        relative[: -len("index.html")]
        if relative == "index.html" or relative.endswith("/index.html")
        else relative
    )


def command(source: Path, output: Path, config: SearchConfig) -> list[str]:
    args = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output)]
    if config.language:
        args += ["--force-language", config.language]
    return args


def last_lines(text: str, count: int = 4) -> str:
    noise = ("stack backtrace", "note: ", "Running from", "   ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith(noise)]
    return "\n".join(f"    {line}" for line in lines[-count:])


def mirror(site: Path, pages: list[Path], folder: Path) -> None:
    """``pages`` of ``site`` at the same places in ``folder`` (hard links; copies across disks)."""
    for page in pages:
        target = folder / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, target)
        except OSError:
            shutil.copyfile(page, target)


def run_pagefind(source: Path, output: Path, config: SearchConfig) -> str:
    """One Pagefind run over the pages in ``source``; its output; :class:`IndexingError` if it fails."""
    try:
        process = subprocess.run(
            command(source, output, config),
            cwd=source,
            # Small chunks in each run: the merge holds one chunk of each run at a time (the
            # merged index is cut again anyway).
            env={**os.environ, "RUST_BACKTRACE": "0", "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(RUN_CHUNK)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        raise IndexingError(f"Pagefind n'a pas fini en {TIMEOUT} s") from exc
    except OSError as exc:
        raise IndexingError(f"Pagefind n'a pas pu être lancé ({exc})") from exc
    if process.returncode != 0:
        detail = last_lines(process.stdout)
        if "No module named pagefind" in process.stdout:
            detail = "    Pagefind n'est pas installé : pip install 'pagefind[bin]'"
        raise IndexingError(f"Pagefind s'est arrêté avec le code {process.returncode} :\n{detail}")
    if not (output / "pagefind.js").is_file():
        raise IndexingError("Pagefind n'a pas écrit pagefind.js")
    return process.stdout


def index_site(site: Path, config: SearchConfig) -> IndexResult:
    """Index the pages of ``site`` marked ``data-pagefind-body``; raise :class:`IndexingError`."""
    started = time.perf_counter()
    site = Path(site).resolve()
    if not site.is_dir():
        raise IndexingError(f"le dossier du site construit « {site} » n'existe pas")
    bundle = site / config.bundle_dir
    earlier = (bundle / "pagefind-entry.json").is_file()  # an index from an earlier build here
    if bundle.exists() and not earlier:
        raise IndexingError(
            f"« {config.bundle_dir} » existe déjà dans le site et n'est pas un index de recherche : "
            "choisissez un autre SEARCH[« BUNDLE_DIR »]"
        )
    pages = marked_pages(site)
    if not pages:
        # Without any marked page Pagefind would index every page, lists and menus included.
        if earlier:
            shutil.rmtree(bundle)
        return IndexResult(0, time.perf_counter() - started, None, "aucune page à indexer")
    size = config.shard_pages or len(pages)
    groups = [pages[start : start + size] for start in range(0, len(pages), size)]
    logs = []
    with tempfile.TemporaryDirectory(prefix="pagefind-") as work:
        work = Path(work)
        runs = []
        for number, group in enumerate(groups):
            source, output = work / f"pages-{number}", work / f"index-{number}"
            mirror(site, group, source)
            logs.append(run_pagefind(source, output, config))
            shutil.rmtree(source)
            runs.append(output)
        merged = work / "index"
        try:
            order = {address(site, page): rank for rank, page in enumerate(pages)}
            merge(runs, merged, config.chunk_bytes, order)
        except ShardsDisagree as exc:
            raise IndexingError(str(exc)) from exc
        except (FormatChanged, OSError, ValueError, KeyError) as exc:
            raise IndexingError(
                f"l'index de Pagefind n'a pas le format attendu pour fusionner les passes ({exc}) ; "
                "adaptez plugins/search/shards.py à la nouvelle version de Pagefind"
            ) from exc
        for name in UI_FILES:
            (merged / name).unlink(missing_ok=True)
        if earlier:
            shutil.rmtree(bundle)
        bundle.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(merged, bundle)
    give_back_memory()
    return IndexResult(len(pages), time.perf_counter() - started, bundle, "\n".join(logs), len(groups))


def give_back_memory() -> None:
    """Return the merge's freed memory to the system (glibc keeps it otherwise, ≈ 20 MB at
    6,000 pages): the build forks workers after this step (compression), and each would count
    it again."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):  # not glibc: nothing to do
        pass


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
