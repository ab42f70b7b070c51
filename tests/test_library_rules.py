"""The Outillerie's files and archives, in process: what reusers of the commons rely on.

Fast tests of ``library.files`` and ``library.archive`` at their edges (a link out of the
folder, a special file, a cached checksum, an archive made again only when an input
changes, the oldest archives pruned), beside the build tests of test_library.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import zipfile
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from library import archive, files
from library.archive import Member, archive_key, build_archive, cached_archive, licence_text, prune
from library.files import (
    Checksums,
    compressible,
    copy_file,
    disk_problem,
    folder_files,
    format_label,
    link_or_copy,
    media_type,
)

STAMP = (2026, 1, 10, 0, 0, 0)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture()
def kit(tmp_path) -> Path:
    folder = tmp_path / "kit"
    (folder / "annexes").mkdir(parents=True)
    (folder / "guide.txt").write_text("Guide\n", encoding="utf-8")
    (folder / "annexes" / "liste.csv").write_text("a;b\n", encoding="utf-8")
    (folder / "fiche.pdf").write_bytes(b"%PDF-1.4 fiche")
    (folder / ".DS_Store").write_bytes(b"x")
    (folder / "annexes" / ".~lock.liste.csv#").write_bytes(b"x")
    return folder


def test_media_types_and_format_labels():
    assert media_type("a/Guide.PDF") == "application/pdf"
    assert media_type("tableau.ods") == "application/vnd.oasis.opendocument.spreadsheet"
    assert media_type("notes.rtf") == "application/rtf"  # from the standard library's table
    assert media_type("inconnu.zzz") == "application/octet-stream"
    assert media_type("sans-extension") == "application/octet-stream"
    assert format_label("guide.pdf") == "PDF" and format_label("a.b/liste.csv") == "CSV"
    assert format_label("LISEZMOI") == "fichier"
    assert compressible("liste.csv") and compressible("guide.TXT") and compressible("x.svg")
    assert not compressible("fiche.PDF") and not compressible("photo.jpeg") and not compressible("a.gz")


def test_folder_files_are_sorted_and_hidden_ones_left_out(kit):
    (kit / ".cache").mkdir()
    (kit / ".cache" / "x.txt").write_text("x")
    assert folder_files(kit) == ["annexes/liste.csv", "fiche.pdf", "guide.txt"]


def test_disk_problems_name_what_is_wrong(kit, tmp_path):
    assert disk_problem(kit, "guide.txt") is None
    assert disk_problem(kit, "annexes/liste.csv") is None
    missing = disk_problem(kit, "absent.pdf")
    assert missing == (
        "un fichier existant dans le dossier de la ressource",
        "« absent.pdf » (introuvable)",
        True,
    )
    assert disk_problem(kit, "annexes") == ("un fichier ordinaire", "« annexes » (c'est un dossier)", False)
    (tmp_path / "secret.txt").write_text("s")
    assert disk_problem(kit, "../secret.txt") == (
        "un fichier du dossier de la ressource",
        "« ../secret.txt » (lien symbolique qui mène hors du dossier)",
        False,
    )
    (kit / "dehors.txt").symlink_to(tmp_path / "secret.txt")
    assert (
        disk_problem(kit, "dehors.txt").found == "« dehors.txt » (lien symbolique qui mène hors du dossier)"
    )
    (kit / "casse.txt").symlink_to(kit / "nulle-part.txt")
    assert disk_problem(kit, "casse.txt") == (
        "un fichier existant",
        "« casse.txt » (lien symbolique cassé)",
        False,
    )
    (kit / "dedans.txt").symlink_to(kit / "guide.txt")
    assert disk_problem(kit, "dedans.txt") is None  # a link that stays inside is a file
    os.mkfifo(kit / "tube")
    assert disk_problem(kit, "tube") == ("un fichier ordinaire", "« tube » (fichier spécial)", False)
    long = "n" * 300  # the system refuses the name itself
    assert disk_problem(kit, long) == ("un fichier lisible", f"« {long} » (File name too long)", False)


def test_checksums_are_read_once_and_remembered(kit, tmp_path):
    cache = tmp_path / "cache" / "library"  # made with its parents on the first save
    sums = Checksums.load(cache)
    guide = kit / "guide.txt"
    assert sums.sha256(guide) == (6, sha(b"Guide\n")) and sums.hashed == 1
    sums.save()
    again = Checksums.load(cache)
    assert again.known == json.loads((cache / "checksums.json").read_text())
    assert again.sha256(guide)[1] == sha(b"Guide\n") and again.hashed == 0
    guide.write_text("Guide v2\n", encoding="utf-8")  # another size: read again
    assert again.sha256(guide) == (9, sha(b"Guide v2\n")) and again.hashed == 1
    info = guide.stat()
    os.utime(guide, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    again.known = dict(again.used)
    again.sha256(guide)
    assert again.hashed == 2  # same size, other time: read again
    again.save()
    both = Checksums.load(cache)
    for name in ("guide.txt", "fiche.pdf", "annexes/liste.csv"):
        both.sha256(kit / name)
    both.save()
    saved = (cache / "checksums.json").read_text()
    assert list(json.loads(saved)) == sorted(json.loads(saved))  # stable bytes, whatever the order
    # removed files are forgotten: only this build's files are kept
    third = Checksums.load(cache)
    third.sha256(kit / "fiche.pdf")
    third.save()
    assert list(json.loads((cache / "checksums.json").read_text())) == [str((kit / "fiche.pdf").resolve())]
    assert not (cache / "checksums.tmp").exists()


def test_unreadable_or_foreign_checksum_cache_is_ignored(kit, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "checksums.json").write_text("[1, 2]")
    assert Checksums.load(cache).known == {}
    (cache / "checksums.json").write_text("{pas du json")
    assert Checksums.load(cache).known == {}
    key = str((kit / "guide.txt").resolve())
    (cache / "checksums.json").write_text(json.dumps({key: [6, 1]}))  # a broken entry
    sums = Checksums.load(cache)
    assert sums.sha256(kit / "guide.txt")[1] == sha(b"Guide\n") and sums.hashed == 1
    untouched = Checksums.load(tmp_path / "nouveau")
    untouched.save()
    assert not (tmp_path / "nouveau").exists()  # nothing to remember, nothing written


def test_copy_is_exact_and_skipped_when_already_there(kit, tmp_path):
    target = tmp_path / "out" / "sous" / "guide.txt"
    copy_file(kit / "guide.txt", target)
    assert target.read_bytes() == b"Guide\n"
    assert target.stat().st_mtime_ns == (kit / "guide.txt").stat().st_mtime_ns
    target.write_bytes(b"XXXXXX")  # same size…
    os.utime(target, ns=(0, (kit / "guide.txt").stat().st_mtime_ns))  # …same time: left alone
    copy_file(kit / "guide.txt", target)
    assert target.read_bytes() == b"XXXXXX"
    os.utime(target, ns=(0, 1))
    copy_file(kit / "guide.txt", target)
    assert target.read_bytes() == b"Guide\n"
    assert not list(target.parent.glob(".*.tmp"))


def test_link_or_copy_puts_the_same_file_in_place(kit, tmp_path):
    target = tmp_path / "out" / "outillerie" / "kit" / "kit.zip"
    link_or_copy(kit / "guide.txt", target)
    assert os.path.samefile(kit / "guide.txt", target)
    link_or_copy(kit / "guide.txt", target)  # already there
    link_or_copy(kit / "fiche.pdf", target)  # replaced
    assert target.read_bytes() == b"%PDF-1.4 fiche" and not list(target.parent.glob(".*.tmp"))


def members(kit) -> list[Member]:
    names = ["guide.txt", "annexes/liste.csv", "fiche.pdf"]
    return [Member(f"kit/{n}", kit / n, sha((kit / n).read_bytes()), (kit / n).stat().st_size) for n in names]


def test_archive_is_sorted_fixed_and_stores_compressed_formats(kit, tmp_path):
    target = tmp_path / "kit.zip"
    build_archive(target, members(kit), "kit/LICENCE.txt", b"Licence\n", STAMP)
    with zipfile.ZipFile(target) as zipped:
        infos = zipped.infolist()
        assert [i.filename for i in infos] == [
            "kit/LICENCE.txt",
            "kit/annexes/liste.csv",
            "kit/fiche.pdf",
            "kit/guide.txt",
        ]
        assert {i.date_time for i in infos} == {STAMP}
        assert {i.external_attr >> 16 for i in infos} == {0o100644} and {i.create_system for i in infos} == {
            3
        }
        kinds = {i.filename: i.compress_type for i in infos}
        assert kinds["kit/fiche.pdf"] == zipfile.ZIP_STORED
        assert kinds["kit/guide.txt"] == kinds["kit/LICENCE.txt"] == zipfile.ZIP_DEFLATED
        assert (
            zipped.read("kit/annexes/liste.csv") == b"a;b\n"
            and zipped.read("kit/LICENCE.txt") == b"Licence\n"
        )
    first = target.read_bytes()
    build_archive(target, list(reversed(members(kit))), "kit/LICENCE.txt", b"Licence\n", STAMP)
    assert target.read_bytes() == first
    assert not (tmp_path / ".kit.zip.tmp").exists()
    # the licence is compressed at the highest level, always (not the library's default)
    pick = random.Random(3).choice  # a text where levels 6 and 9 give different sizes
    words = ["licence ", "fichier ", "atelier ", "numérique ", "commun ", "ressource ", "version "]
    text = "".join(pick(words) for _ in range(3000)).encode()
    build_archive(target, members(kit), "kit/LICENCE.txt", text, STAMP)
    with zipfile.ZipFile(target) as zipped:
        licence = zipped.getinfo("kit/LICENCE.txt")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    assert licence.compress_size == len(packer.compress(text) + packer.flush())


def test_zip64_only_for_entries_over_2_gib(kit, tmp_path):
    """ZIP64 is chosen from each file's size before it is written (the entry's header comes
    first): files over 2 Gio get it, every other entry stays readable by tools without ZIP64
    (version 2.0). A 3 Gio file has no place in a fast test: its member declares the size."""
    (kit / "long.txt").write_text("ligne de texte assez longue\n" * 10, encoding="utf-8")  # 280 bytes
    small = [*members(kit), Member("kit/long.txt", kit / "long.txt", sha(b""), 280)]
    target = tmp_path / "kit.zip"
    build_archive(target, small, "kit/LICENCE.txt", b"Licence\n", STAMP)
    with zipfile.ZipFile(target) as zipped:
        assert {i.extract_version for i in zipped.infolist()} == {20}
    assert b"\x01\x00\x10\x00" not in target.read_bytes()  # no ZIP64 extra field (id 1, 16 bytes)
    big = Member("kit/video.mp4", kit / "fiche.pdf", sha(b""), 3 << 30)
    build_archive(target, [*small, big], "kit/LICENCE.txt", b"Licence\n", STAMP)
    with zipfile.ZipFile(target) as zipped:
        versions = {i.filename: i.extract_version for i in zipped.infolist()}
        assert versions.pop("kit/video.mp4") == 45 and set(versions.values()) == {20}
        assert zipped.read("kit/video.mp4") == b"%PDF-1.4 fiche"  # sizes set right after the copy
        assert zipped.testzip() is None


def test_archive_key_changes_with_each_input(kit):
    base = archive_key("kit", STAMP, members(kit), b"L")
    assert len(base) == 32 and base == archive_key("kit", STAMP, members(kit), b"L")
    changed = members(kit)
    changed[0] = Member(changed[0].name, changed[0].source, "0" * 64, changed[0].size)
    renamed = members(kit)
    renamed[1] = Member("kit/autre.csv", renamed[1].source, renamed[1].sha256, renamed[1].size)
    resized = members(kit)
    resized[2] = Member(resized[2].name, resized[2].source, resized[2].sha256, 1)
    others = {
        archive_key("kit2", STAMP, members(kit), b"L"),
        archive_key("kit", (2026, 1, 11, 0, 0, 0), members(kit), b"L"),
        archive_key("kit", STAMP, members(kit), b"M"),
        archive_key("kit", STAMP, changed, b"L"),
        archive_key("kit", STAMP, renamed, b"L"),
        archive_key("kit", STAMP, resized, b"L"),
        archive_key("kit", STAMP, members(kit)[:2], b"L"),
    }
    assert base not in others and len(others) == 7


def test_cached_archive_is_built_once_then_reused(kit, tmp_path):
    cache = tmp_path / "cache"
    path, digest, built = cached_archive(cache, "kit", members(kit), b"L\n", STAMP)
    assert (
        built
        and path
        == cache / "archives" / f"kit-{archive_key('kit', STAMP, members(kit), b'L' + bytes([10]))}.zip"
    )
    assert digest == sha(path.read_bytes())
    assert path.with_suffix(".sha256").read_text() == digest + "\n"
    again = cached_archive(cache, "kit", members(kit), b"L\n", STAMP)
    assert again == (path, digest, False)
    path.with_suffix(".sha256").write_text("abc\n")  # a damaged checksum: made again
    assert cached_archive(cache, "kit", members(kit), b"L\n", STAMP) == (path, digest, True)
    path.unlink()  # the archive gone, its checksum left: made again
    assert cached_archive(cache, "kit", members(kit), b"L\n", STAMP)[2]
    path.with_suffix(".sha256").unlink()  # the checksum gone, the archive left: made again
    assert cached_archive(cache, "kit", members(kit), b"L\n", STAMP) == (path, digest, True)
    assert path.with_suffix(".sha256").read_text() == digest + "\n"


@pytest.mark.parametrize("damage", ["é" * 64, "\udcff" * 64])
def test_a_damaged_checksum_file_makes_the_archive_again(kit, tmp_path, damage):
    """64 characters that are not a checksum (UTF-8 or not UTF-8 at all): the archive is made
    again and its true checksum published, never a build stopped by a Python trace."""
    cache = tmp_path / "cache"
    path, digest, _ = cached_archive(cache, "kit", members(kit), b"L\n", STAMP)
    path.with_suffix(".sha256").write_bytes(damage.encode("utf-8", "surrogateescape"))
    assert cached_archive(cache, "kit", members(kit), b"L\n", STAMP) == (path, digest, True)


def test_the_cache_keeps_the_three_archives_last_used_per_resource(kit, tmp_path):
    cache = tmp_path / "cache"

    def version(index: int) -> Path:
        path, _, _ = cached_archive(cache, "kit", members(kit), f"L{index}\n".encode(), STAMP)
        # clearly ordered times, whatever the clock's resolution
        os.utime(path.with_suffix(".sha256"), ns=(0, 1_000_000_000 * (index + 1)))
        return path

    made = [version(index) for index in range(4)]  # four versions of the licence, in turn
    other = cached_archive(cache, "kit-bis", members(kit), b"L\n", STAMP)[0]
    assert sorted(cache.glob("archives/*.zip")) == sorted([*made[1:], other])
    # the second version used again (a preview after a publish): the third is now the oldest
    assert cached_archive(cache, "kit", members(kit), b"L1\n", STAMP) == (
        made[1],
        sha(made[1].read_bytes()),
        False,
    )
    made.append(version(4))
    left = sorted(cache.glob("archives/*.zip"))
    assert left == sorted([made[1], made[3], made[4], other])
    assert sorted(cache.glob("archives/*.sha256")) == [p.with_suffix(".sha256") for p in left]


def test_prune_keeps_the_last_archives_of_one_resource_only(tmp_path):
    folder = tmp_path / "archives"
    folder.mkdir()
    used = [3, 5, 1, 4, 2]  # when each was last used: not the order of their names
    for index in range(5):
        for slug in ("kit", "kit-bis"):
            stem = folder / f"{slug}-{index:032x}"
            stem.with_suffix(".zip").write_bytes(b"z")
            stem.with_suffix(".sha256").write_text("x")
            os.utime(stem.with_suffix(".sha256"), ns=(0, 1_000_000_000 * used[index]))
    (folder / f"kit-{4:032x}.zip").unlink()  # an archive deleted by hand: its checksum still goes
    keep = folder / f"kit-{0:032x}.sha256"
    prune(folder, "kit", keep)
    left = sorted(p.name for p in folder.glob("kit-0*"))
    # the one in use, and the last used others up to three in all; kit-bis is another resource
    assert left == [f"kit-{i:032x}.{ext}" for i in (0, 1, 3) for ext in ("sha256", "zip")]
    assert len(list(folder.glob("kit-bis-*.zip"))) == 5
    assert archive.KEEP_PER_RESOURCE == 3


def test_licence_text_says_who_what_and_how_to_check(kit):
    downloads = [
        SimpleNamespace(sha256="a" * 64, path="guide.txt"),
        SimpleNamespace(sha256="b" * 64, path="fiche.pdf"),
    ]
    resource = SimpleNamespace(
        title="Kit sobriété",
        authors=["Les Assembleurs", "POP"],
        version="1.2",
        updated=__import__("datetime").datetime(2026, 1, 10, 9, 30),
        license_info={
            "name": "Creative Commons BY-SA 4.0",
            "spdx": "CC-BY-SA-4.0",
            "url": "https://cc.org/by-sa",
        },
        attribution="« Kit sobriété », Les Assembleurs, CC BY-SA 4.0",
        downloads=downloads,
    )
    text = licence_text(resource, "https://www.pop.eu.com/outillerie/kit/")
    assert text == (
        "Kit sobriété\n============\n\n"
        "Auteur·rices : Les Assembleurs, POP\n"
        "Version : 1.2 du 2026-01-10\n"
        "Licence : Creative Commons BY-SA 4.0 (CC-BY-SA-4.0)\n"
        "Texte de la licence : https://cc.org/by-sa\n"
        "Adresse : https://www.pop.eu.com/outillerie/kit/\n\n"
        "Pour réutiliser ces fichiers, citez :\n"
        "« Kit sobriété », Les Assembleurs, CC BY-SA 4.0\n\n"
        "Empreintes SHA-256 des fichiers (pour vérifier, dans ce dossier : sha256sum -c LICENCE.txt) :\n\n"
        f"{'a' * 64}  guide.txt\n{'b' * 64}  fiche.pdf\n"
    )
    resource.license_info = {"name": "Domaine public", "spdx": "CC0-1.0"}
    assert "Texte de la licence" not in licence_text(resource, "x")


def test_files_are_streamed_in_chunks():
    assert files.CHUNK == 1 << 20
