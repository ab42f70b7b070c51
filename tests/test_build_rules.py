"""The output switch of ``sitetools.build``, in process and without Pelican: what a web server
rooted at ``output/`` sees, and what is left on disk after each step.

Fast tests (the mutation campaign runs them for every mutant); the builds themselves, killed
builds and concurrent readers are in test_build.py.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

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


def test_exchange_swaps_two_paths(tmp_path):
    (tmp_path / "a").write_text("A")
    (tmp_path / "b").mkdir()
    assert exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b").read_text() == "A" and (tmp_path / "a").is_dir()
    assert not exchange(tmp_path / "absent", tmp_path / "a")


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


def test_atomic_build_switches_only_after_a_successful_build(tmp_path):
    """One real tiny build, then a faulty one: the link moves once, staging never stays."""
    from minisite import ENV, write_site

    root = tmp_path / "site"
    write_site(root, {})
    output = tmp_path / "output"
    messages = []
    result = atomic_build("conf.py", output, ENV, cwd=root, announce=messages.append)
    assert result.ok and result.code == 0, result.output
    first = current_release(output)
    assert first is not None and (output / "index.html").is_file() and messages == []
    (root / "content/articles/bienvenue.md").write_text("---\ntitle: Sans date\n---\nx\n", encoding="utf-8")
    failed = atomic_build("conf.py", output, ENV, cwd=root)
    assert failed.code == 1 and "champ « date » : champ obligatoire manquant" in failed.output
    assert current_release(output) == first
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output-")]


def test_a_held_lock_stops_clean_when_told_not_to_wait(tmp_path):
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
        assert (output / "index.html").read_text() == "un"
    finally:
        heard.append("fin")
        holder.join()
    with output_lock(output):  # free again
        pass


def hold(output: Path, heard: list) -> None:
    from sitetools.lock import output_lock

    with output_lock(output):
        heard.append("pris")
        while "fin" not in heard:
            time.sleep(0.01)
