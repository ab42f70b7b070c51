"""One ZIP archive per resource: its files and a generated ``LICENCE.txt``.

The same inputs give the same bytes: entries in sorted order under one folder named after
the resource, the date of the resource's version as every entry's time, fixed permissions,
fixed compression. The archive is built in the cache folder, named after a digest of its
inputs, and built again only when one of them changed; the output gets a hard link to it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .files import CHUNK, compressible

FORMAT = 1  # bump when the way archives are made changes: every archive is made again
KEEP_PER_RESOURCE = 3  # archives kept in the cache for one resource (preview, publish…)
FILE_MODE = 0o100644  # a regular file, rw-r--r--
UNIX = 3


@dataclass(frozen=True)
class Member:
    name: str  # inside the archive
    source: Path
    sha256: str
    size: int


def licence_text(resource, site_url: str) -> str:
    """``LICENCE.txt``: what the files are, who made them, how to reuse them."""
    licence = resource.license_info
    lines = [
        resource.title,
        "=" * len(resource.title),
        "",
        f"Auteur·rices : {', '.join(str(a) for a in resource.authors)}",
        f"Version : {resource.version} du {resource.updated.date().isoformat()}",
        f"Licence : {licence['name']} ({licence['spdx']})",
    ]
    if licence.get("url"):
        lines.append(f"Texte de la licence : {licence['url']}")
    lines += [
        f"Adresse : {site_url}",
        "",
        "Pour réutiliser ces fichiers, citez :",
        resource.attribution,
        "",
        "Empreintes SHA-256 des fichiers (pour vérifier, dans ce dossier : sha256sum -c LICENCE.txt) :",
        "",
    ]
    lines += [f"{download.sha256}  {download.path}" for download in resource.downloads]
    return "\n".join(lines) + "\n"


def archive_key(slug: str, stamp: tuple, members: list[Member], licence: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(repr((FORMAT, slug, stamp)).encode())
    for member in members:
        digest.update(repr((member.name, member.sha256, member.size)).encode())
    digest.update(hashlib.sha256(licence).digest())
    return digest.hexdigest()[:32]


def build_archive(
    target: Path, members: list[Member], licence_name: str, licence: bytes, stamp: tuple
) -> None:
    """Write the ZIP at ``target`` (through a temporary file: never half an archive)."""
    temporary = target.with_name(f".{target.name}.tmp")
    entries = sorted([*((m.name, m) for m in members), (licence_name, None)], key=lambda pair: pair[0])
    with zipfile.ZipFile(temporary, "w", allowZip64=True) as archive:
        for name, member in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            if member is None:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, licence, compresslevel=9)
                continue
            info.compress_type = zipfile.ZIP_DEFLATED if compressible(name) else zipfile.ZIP_STORED
            # The size known before writing: zipfile gives ZIP64 headers to an entry from about
            # 2 Gio on (file_size × 1.05 over 2³¹ − 1), and only to it.
            info.file_size = member.size
            with open(member.source, "rb") as source, archive.open(info, "w") as out:
                shutil.copyfileobj(source, out, CHUNK)
    os.replace(temporary, target)


def cached_archive(
    cache_dir: Path, slug: str, members: list[Member], licence: bytes, stamp: tuple
) -> tuple[Path, str, bool]:
    """The archive of these inputs in the cache, built if missing: (path, its SHA-256,
    built now). Its checksum is kept beside it, so an archive is read once."""
    folder = cache_dir / "archives"
    folder.mkdir(parents=True, exist_ok=True)
    key = archive_key(slug, stamp, members, licence)
    path = folder / f"{slug}-{key}.zip"
    sidecar = path.with_suffix(".sha256")
    try:
        digest = sidecar.read_text(encoding="ascii").strip() if path.is_file() else ""
    except (OSError, UnicodeDecodeError):  # missing, unreadable or damaged: made again
        digest = ""
    built = len(digest) != 64
    if built:
        build_archive(path, members, f"{slug}/LICENCE.txt", licence, stamp)
        digest = sha256_of(path)
        sidecar.write_text(digest + "\n", encoding="ascii")
    else:
        os.utime(sidecar)  # recently used: kept by prune()
    prune(folder, slug, keep=sidecar)
    return path, digest, built


def prune(folder: Path, slug: str, keep: Path) -> None:
    """Forget the oldest archives of a resource, beyond the few last used."""
    others = sorted(
        (p for p in folder.glob(f"{slug}-*.sha256") if p != keep and "-" not in p.name[len(slug) + 1 :]),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )
    for old in others[KEEP_PER_RESOURCE - 1 :]:
        old.with_suffix(".zip").unlink(missing_ok=True)
        old.unlink(missing_ok=True)


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
