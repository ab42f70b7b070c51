"""Run Pagefind on a built site: the index goes to ``<site>/<BUNDLE_DIR>/``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .config import SearchConfig
from .rechunk import FormatChanged, rechunk

MARKER = b"data-pagefind-body"
TIMEOUT = 600  # seconds
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


def marked_pages(site: Path) -> list[Path]:
    """HTML files of the site that hold an item's own content (``data-pagefind-body``)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        with path.open("rb") as handle:
            if MARKER in handle.read():
                pages.append(path)
    return pages


def command(site: Path, config: SearchConfig) -> list[str]:
    args = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", config.bundle_dir]
    if config.language:
        args += ["--force-language", config.language]
    return args


def last_lines(text: str, count: int = 4) -> str:
    noise = ("stack backtrace", "note: ", "Running from", "   ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith(noise)]
    return "\n".join(f"    {line}" for line in lines[-count:])


def index_site(site: Path, config: SearchConfig) -> IndexResult:
    """Index the pages of ``site`` marked ``data-pagefind-body``; raise :class:`IndexingError`."""
    started = time.perf_counter()
    site = Path(site).resolve()
    if not site.is_dir():
        raise IndexingError(f"le dossier du site construit « {site} » n'existe pas")
    bundle = site / config.bundle_dir
    if (bundle / "pagefind-entry.json").is_file():  # an index from an earlier build here
        shutil.rmtree(bundle)
    pages = marked_pages(site)
    if not pages:
        # Without any marked page Pagefind would index every page, lists and menus included.
        return IndexResult(0, time.perf_counter() - started, None, "aucune page à indexer")
    try:
        process = subprocess.run(
            command(site, config),
            cwd=site,
            env={**os.environ, "RUST_BACKTRACE": "0"},
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
    if not (bundle / "pagefind.js").is_file():
        raise IndexingError(f"Pagefind n'a pas écrit {config.bundle_dir}/pagefind.js")
    for name in UI_FILES:
        (bundle / name).unlink(missing_ok=True)
    if config.chunk_bytes:
        try:
            rechunk(bundle, config.chunk_bytes)
        except (FormatChanged, OSError, ValueError) as exc:
            raise IndexingError(
                f"l'index de Pagefind n'a pas le format attendu pour le redécouper ({exc}) ; "
                "mettez SEARCH[« CHUNK_BYTES »] à None, ou adaptez plugins/search/rechunk.py "
                "à la nouvelle version de Pagefind"
            ) from exc
    return IndexResult(len(pages), time.perf_counter() - started, bundle, process.stdout)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
