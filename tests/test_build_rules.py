"""The output switch of ``sitetools.build``, in process and without Pelican: what a web server
rooted at ``output/`` sees, and what is left on disk after each step.

Fast tests (the mutation campaign runs them for every mutant); the builds themselves, killed
builds and concurrent readers are in test_build.py.
"""

from __future__ import annotations

import ctypes
import os
import re
import stat
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from sitetools.build import (
    BuildResult,
    absolute,
    atomic_build,
    current_release,
    exchange,
    releases_dir,
    remove,
    remove_leftovers,
    remove_output,
    swap,
)


def staged(parent: Path, name: str, page: str) -> Path:
    """A finished build as atomic_build leaves it before the switch."""
    folder = parent / f".output-build-{name}"
    folder.mkdir(mode=0o700)
    (folder / "index.html").write_text(page, encoding="utf-8")
    return folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_build_result_is_ok_only_with_code_zero():
    assert BuildResult(0, "").ok and not BuildResult(1, "").ok and not BuildResult(2, "x").ok


def test_paths_of_the_output_and_its_releases(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to("real")
    assert absolute(Path("output")) == tmp_path.resolve() / "output"
    # the link itself, never where it leads
    assert absolute(tmp_path / "alias") == tmp_path.resolve() / "alias"
    assert releases_dir(tmp_path / "output") == tmp_path / ".output.releases"
    assert releases_dir(tmp_path / "site") == tmp_path / ".site.releases"


def test_first_switch_makes_a_relative_link_to_a_readable_release(tmp_path):
    output = tmp_path / "output"
    swap(staged(tmp_path, "aaa", "un"), output)
    assert output.is_symlink() and os.readlink(output) == ".output.releases/aaa"
    assert (output / "index.html").read_text() == "un"
    assert current_release(output) == tmp_path / ".output.releases" / "aaa"
    assert mode(tmp_path / ".output.releases" / "aaa") == 0o755
    assert mode(tmp_path / ".output.releases") == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.releases", "output"]


def test_next_switch_keeps_the_previous_release_until_the_next_build(tmp_path):
    output = tmp_path / "output"
    swap(staged(tmp_path, "aaa", "un"), output)
    before = (output / "index.html").stat().st_ino
    swap(staged(tmp_path, "bbb", "deux"), output)
    assert (output / "index.html").read_text() == "deux"
    assert (output / "index.html").stat().st_ino != before
    assert sorted(p.name for p in releases_dir(output).iterdir()) == ["aaa", "bbb"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output-")]  # no link left
    remove_leftovers(output)
    assert sorted(p.name for p in releases_dir(output).iterdir()) == ["bbb"]
    assert (output / "index.html").read_text() == "deux"


def test_a_real_folder_left_by_older_versions_is_exchanged_for_the_link(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("ancien")
    swap(staged(tmp_path, "ccc", "neuf"), output)
    assert output.is_symlink() and (output / "index.html").read_text() == "neuf"
    kept = [p for p in releases_dir(output).iterdir() if p.name.startswith("ancien-")]
    assert len(kept) == 1 and (kept[0] / "index.html").read_text() == "ancien"


def test_exchange_swaps_two_paths(tmp_path, monkeypatch):
    (tmp_path / "a").write_text("A")
    (tmp_path / "b").mkdir()
    assert exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b").read_text() == "A" and (tmp_path / "a").is_dir()
    assert not exchange(tmp_path / "absent", tmp_path / "a")
    monkeypatch.chdir(tmp_path)  # relative paths are taken from the current folder
    assert exchange(Path("a"), Path("b"))
    assert (tmp_path / "a").read_text() == "A" and (tmp_path / "b").is_dir()


@pytest.mark.parametrize(
    "libc", [SimpleNamespace(), OSError("pas de libc")], ids=["sans renameat2", "sans libc"]
)
def test_without_renameat2_a_real_folder_is_still_replaced_by_the_link(tmp_path, monkeypatch, libc):
    """Where the C library has no renameat2 (macOS, an old libc), exchange() says so and
    swap() falls back on two renames: the old folder is kept among the releases."""

    def load(name, **options):
        if isinstance(libc, Exception):
            raise libc
        return libc

    monkeypatch.setattr(ctypes, "CDLL", load)
    assert not exchange(tmp_path / "a", tmp_path / "b")
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("ancien")
    swap(staged(tmp_path, "ccc", "neuf"), output)
    assert os.readlink(output) == ".output.releases/ccc" and (output / "index.html").read_text() == "neuf"
    releases = sorted(releases_dir(output).iterdir())
    assert len(releases) == 2 and (releases[0] / "index.html").read_text() == "ancien"
    assert releases[0].name.startswith("ancien-") and releases[1].name == "ccc"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.releases", "output"]


def test_leftovers_of_killed_builds_are_removed_and_nothing_else(tmp_path):
    output = tmp_path / "output"
    swap(staged(tmp_path, "aaa", "un"), output)
    for name in (".output-build-x1", ".output-old-x2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "f").write_text("x")
    (tmp_path / ".output-link-123-abcd").symlink_to(".output.releases/aaa")
    (tmp_path / ".output-build-file").write_text("x")
    (tmp_path / ".output-autre").mkdir()  # not ours: kept
    (tmp_path / ".other-build-x").mkdir()  # another output's: kept
    (releases_dir(output) / "zzz").mkdir()
    (releases_dir(output) / "vieux.txt").write_text("x")
    remove_leftovers(output)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".other-build-x",
        ".output-autre",
        ".output.releases",
        "output",
    ]
    assert [p.name for p in releases_dir(output).iterdir()] == ["aaa"]
    assert (output / "index.html").read_text() == "un"


def test_leftovers_without_a_release_link(tmp_path):
    output = tmp_path / "output"
    output.mkdir()  # a real folder: no release is current, all go
    releases_dir(output).mkdir()
    (releases_dir(output) / "aaa").mkdir()
    remove_leftovers(output)
    assert list(releases_dir(output).iterdir()) == [] and output.is_dir()
    assert current_release(output) is None
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    link = tmp_path / "lien"
    link.symlink_to("ailleurs")
    assert current_release(link) is None  # a link of someone else's


def test_remove_output_deletes_the_link_its_releases_and_leftovers(tmp_path):
    output = tmp_path / "output"
    swap(staged(tmp_path, "aaa", "un"), output)
    swap(staged(tmp_path, "bbb", "deux"), output)
    (tmp_path / ".output-build-x").mkdir()
    remove_output(output, announce=lambda message: None)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == []
    remove_output(output, announce=lambda message: None)  # nothing there: no error
    real = tmp_path / "site"
    real.mkdir()
    (real / "a.html").write_text("x")
    remove_output(real, announce=lambda message: None)
    assert not real.exists()


def test_remove_takes_files_links_and_folders(tmp_path):
    (tmp_path / "f").write_text("x")
    (tmp_path / "d" / "e").mkdir(parents=True)
    (tmp_path / "l").symlink_to("d")
    remove(tmp_path / "l")
    assert (tmp_path / "d" / "e").is_dir()  # a link goes, never what it points to
    remove(tmp_path / "f")
    remove(tmp_path / "d")
    remove(tmp_path / "absent")
    assert list(tmp_path.iterdir()) == []


def test_atomic_build_switches_only_after_a_successful_build(tmp_path, monkeypatch):
    """One real tiny build, then a faulty one that first waits for another build: the link
    moves once, staging never stays."""
    from minisite import ENV, write_site

    root = tmp_path / "site"
    write_site(root, {})
    output = tmp_path / "www" / "pop" / "output"  # its parents are made on the way
    # the system's temporary folder unusable: the build writes only beside the output
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "absent"))
    messages = []
    env = {**ENV, "SITEURL": "https://essai.example.org"}  # what the settings read reaches Pelican
    result = atomic_build("conf.py", output, env, cwd=root, announce=messages.append)
    assert result.ok and result.code == 0, result.output
    first = current_release(output)
    assert first is not None and messages == []
    assert re.fullmatch(r"\.output\.releases/[a-z0-9_]{8}", os.readlink(output))
    assert 'href="https://essai.example.org/contact/"' in (output / "index.html").read_text()
    assert mode(first) == 0o755
    (root / "content/articles/bienvenue.md").write_text("---\ntitle: Sans date\n---\nx\n", encoding="utf-8")
    heard = []
    holder = threading.Thread(target=lambda: hold(output, heard))
    holder.start()
    while not heard:
        time.sleep(0.01)

    def announce(message: str) -> None:  # said once, then the other build ends
        heard.extend([message, "fin"])

    failed = atomic_build("conf.py", output, ENV, cwd=root, announce=announce)  # waits by default
    holder.join()
    assert failed.code == 1 and "champ « date » : champ obligatoire manquant" in failed.output
    assert heard == ["pris", waiting(output), "fin"]
    assert current_release(output) == first
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".output-")]


def test_a_held_lock_stops_a_build_or_clean_when_told_not_to_wait(tmp_path):
    from sitetools.lock import Busy, output_lock

    output = tmp_path / "output"
    swap(staged(tmp_path, "aaa", "un"), output)
    heard = []
    holder = threading.Thread(target=lambda: hold(output, heard))
    holder.start()
    while not heard:
        time.sleep(0.01)
    try:
        with pytest.raises(Busy):
            remove_output(output, wait=False, announce=heard.append)
        with pytest.raises(Busy):  # before Pelican is even started
            atomic_build("absent.py", output, wait=False, announce=heard.append)
        assert (output / "index.html").read_text() == "un" and heard == ["pris"]
    finally:
        heard.append("fin")
        holder.join()
    with output_lock(output):  # free again
        pass


def test_clean_waits_for_a_running_build_and_says_so(tmp_path):
    output = tmp_path / "output"
    swap(staged(tmp_path, "aaa", "un"), output)
    heard = []
    holder = threading.Thread(target=lambda: hold(output, heard))
    holder.start()
    while not heard:
        time.sleep(0.01)

    def announce(message: str) -> None:
        heard.extend([message, "fin"])

    remove_output(output, announce=announce)
    holder.join()
    assert heard == ["pris", waiting(output), "fin"]
    assert not output.exists() and not releases_dir(output).exists()


def waiting(output: Path) -> str:
    """What a build or clean says while another one, in this process, holds the lock."""
    where = output.parent.resolve() / output.name
    return f"Une autre construction utilise {where}/ (processus {os.getpid()}) : attente de sa fin avant de continuer…"


def hold(output: Path, heard: list, seconds: float = 10) -> None:
    """Hold the build lock of ``output`` in this thread until ``heard`` holds « fin » (or a
    while: a test that never says it fails on its assertions rather than hanging)."""
    from sitetools.lock import output_lock

    deadline = time.monotonic() + seconds
    with output_lock(output):
        heard.append("pris")
        while "fin" not in heard and time.monotonic() < deadline:
            time.sleep(0.01)
