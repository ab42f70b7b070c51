"""The files of a resource on disk: checks, media types, checksums, copies.

Files are read in chunks, never whole: a 50 MB kit costs a few hundred KB of memory.
Checksums are kept in the cache folder, keyed by path, size and modification time, so an
unchanged file is not read again on the next build.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

CHUNK = 1 << 20  # bytes read at a time

# Media types of the formats kits are made of, independent of the machine's mime.types.
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".odg": "application/vnd.oasis.opendocument.graphics",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".zip": "application/zip",
    ".epub": "application/epub+zip",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".bin": "application/octet-stream",
}
# Formats whose bytes are already compressed: stored as they are in the archive.
COMPRESSED = {
    ".pdf", ".odt", ".ods", ".odp", ".odg", ".docx", ".xlsx", ".pptx", ".png", ".jpg", ".jpeg",
    ".webp", ".zip", ".epub", ".mp3", ".mp4", ".gz", ".bin",
}  # fmt: skip


def media_type(path: str) -> str:
    suffix = os.path.splitext(path)[1].lower()
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(path, strict=True)[0] or "application/octet-stream"


def format_label(path: str) -> str:
    """« PDF », « ODT »…: what readers call a format."""
    suffix = os.path.splitext(path)[1].lstrip(".")
    return suffix.upper() if suffix else "fichier"


def compressible(path: str) -> bool:
    return os.path.splitext(path)[1].lower() not in COMPRESSED


class DiskProblem(NamedTuple):
    expected: str
    found: str
    missing: bool = False  # absent: allowed for a resource « en cours »


def disk_problem(folder: Path, relative: str) -> DiskProblem | None:
    """Why ``relative`` cannot be published from the resource's ``folder``; None when it
    is a regular file inside the folder."""
    root = folder.resolve()
    target = folder / relative
    shown = f"« {relative} »"
    # a link anywhere along the path (the file or one of its folders) may lead outside
    if not target.resolve().is_relative_to(root):
        return DiskProblem(
            "un fichier du dossier de la ressource", f"{shown} (lien symbolique qui mène hors du dossier)"
        )
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        if target.is_symlink():
            return DiskProblem("un fichier existant", f"{shown} (lien symbolique cassé)")
        return DiskProblem(
            "un fichier existant dans le dossier de la ressource", f"{shown} (introuvable)", True
        )
    except OSError as exc:
        return DiskProblem("un fichier lisible", f"{shown} ({exc.strerror})")
    if stat.S_ISDIR(mode):
        return DiskProblem("un fichier ordinaire", f"{shown} (c'est un dossier)")
    if not stat.S_ISREG(mode):
        return DiskProblem("un fichier ordinaire", f"{shown} (fichier spécial)")
    return None


def folder_files(folder: Path) -> list[str]:
    """Every regular file below ``folder`` (relative, sorted), hidden files aside."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue  # .DS_Store, editors' backups: never worth a warning
        if path.is_file():
            found.append(relative.as_posix())
    return found


@dataclass
class Checksums:
    """SHA-256 of files, remembered by (path, size, mtime_ns) in ``<cache>/checksums.json``."""

    path: Path
    known: dict
    used: dict
    hashed: int = 0  # files read in this build

    @classmethod
    def load(cls, cache_dir: Path) -> Checksums:
        path = cache_dir / "checksums.json"
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(known, dict):
                known = {}
        except (OSError, ValueError):
            known = {}
        return cls(path=path, known=known, used={})

    def sha256(self, source: Path) -> tuple[int, str]:
        """(size, hex digest) of ``source``; read only when it changed since the last build."""
        info = source.stat()
        key = str(source.resolve())
        stamp = [info.st_size, info.st_mtime_ns]
        entry = self.known.get(key)
        if isinstance(entry, list) and len(entry) == 3 and entry[:2] == stamp:
            digest = entry[2]
        else:
            with open(source, "rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()  # reads in chunks
            self.hashed += 1
        self.used[key] = [*stamp, digest]
        return info.st_size, digest

    def save(self) -> None:
        """Keep the checksums of this build's files only (removed files are forgotten)."""
        if self.used == self.known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.used, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)


def copy_file(source: Path, target: Path) -> None:
    """Copy byte for byte, streamed; left alone when the target is already that file
    (previews write into the same folder build after build)."""
    wanted = source.stat()
    try:
        current = target.stat()
        if current.st_size == wanted.st_size and current.st_mtime_ns == wanted.st_mtime_ns:
            return
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, temporary)  # sendfile or chunks: never the whole file in memory
    os.utime(temporary, ns=(wanted.st_atime_ns, wanted.st_mtime_ns))
    os.replace(temporary, target)


def link_or_copy(source: Path, target: Path) -> None:
    """Put a file of the cache in the output: a hard link when they share a file system."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if target.exists() and os.path.samefile(source, target):
            return
    except OSError:
        pass
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)
