"""Full builds: the two-core build writes the same site as a one-core build; the output is
switched atomically, readable by a web server, and one build at a time writes it."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from minisite import ENV, build_sample, pelican, tree_digest, write_site

from sitetools import lock
from sitetools.build import ROOT, atomic_build


def test_two_core_build_writes_exactly_what_one_core_writes(sample_site, tmp_path):
    single = build_sample(tmp_path / "single", "publishconf.py", {"PARALLEL": "0"})

    def pages(site):
        return {f for f in site.files() if not f.startswith("pagefind/")}

    assert pages(single) == pages(sample_site)
    for name in pages(single):
        assert (single.output / name).read_bytes() == (sample_site.output / name).read_bytes(), name


def pages_digest(folder):
    """The site's files, without Pagefind's index (whose file names vary between runs)."""
    return {name: sha for name, sha in tree_digest(folder).items() if not name.startswith("pagefind/")}


def build_with(tmp_path, name, files, parallel):
    root = tmp_path / name
    write_site(root, files)
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text()
        + f'CONTENTKIT = {{**CONTENTKIT, "PARALLEL": "{parallel}", "PARALLEL_MIN_FILES": 1}}\n'
    )
    code, log = pelican(root, tmp_path / f"{name}-out")
    return code, log, tmp_path / f"{name}-out"


def test_reading_ahead_in_workers_gives_the_same_site_and_the_same_errors(tmp_path):
    files = {
        f"content/articles/a{n}.md": f"---\ntitle: Article {n}\ndate: 2025-02-{n:02d}\nsummary: Résumé *{n}*\n---\nTexte {n}\n"
        for n in range(1, 25)
    }
    code, log, parallel = build_with(tmp_path, "par", files, 1)
    assert code == 0, log
    code, log, single = build_with(tmp_path, "seq", files, 0)
    assert code == 0, log
    assert pages_digest(parallel) == pages_digest(single)

    files["content/articles/a7.md"] = "---\ntitle: Sept\ndate: 2025-02-31\n---\nx\n"
    code, log, _ = build_with(tmp_path, "bad", files, 1)
    assert code == 1
    assert "content/articles/a7.md:3: champ « date » : attendu une date qui existe" in log


# --- the swap and the lock (one build at a time, never a half-written output/) ---------------

HOLD = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from sitetools.lock import output_lock
with output_lock(Path({folder!r})):
    print("pris", flush=True)
    time.sleep({seconds})
"""


def hold_lock(folder, seconds):
    """Another process holding ``folder``'s build lock for ``seconds``; returns once it holds it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(root=str(ROOT), folder=str(folder), seconds=seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "pris"
    return holder


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny site's source folder, built by the tests below into their own output folders."""
    root = tmp_path_factory.mktemp("tiny") / "site"
    write_site(root, {})
    return root


def test_output_is_switched_by_a_rename_and_never_missing_for_a_reader(tiny, tmp_path):
    output = tmp_path / "output"
    assert atomic_build("conf.py", output, ENV, cwd=tiny).ok
    first = output.resolve()
    old_page = open(output / "index.html", "rb")  # noqa: SIM115 - a reader in the middle of a page
    old_inode = os.fstat(old_page.fileno()).st_ino

    seen, stop = Counter(), threading.Event()

    def reader():
        while not stop.is_set():
            try:
                with open(output / "index.html", "rb") as page:
                    seen["complete" if page.read().rstrip().endswith(b"</html>") else "partial"] += 1
            except FileNotFoundError:
                seen["missing"] += 1

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(2):
            assert atomic_build("conf.py", output, ENV, cwd=tiny).ok
    finally:
        stop.set()
        thread.join()
    assert seen["missing"] == 0 and seen["partial"] == 0, seen
    assert seen["complete"] > 10, seen
    # output/ is a link, switched to a new folder: not the same tree rewritten in place
    assert output.is_symlink()
    assert output.resolve() != first
    assert os.stat(output / "index.html").st_ino != old_inode
    assert old_page.read().rstrip().endswith(b"</html>")
    old_page.close()
    # three builds: the first site is gone, the one before the current stays for its readers
    assert not first.exists()
    assert len(list((tmp_path / ".output.releases").iterdir())) == 2
    # a web server running as another user can read everything
    assert stat.S_IMODE(output.resolve().stat().st_mode) == 0o755
    for path in output.resolve().rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o005 == 0o005 if path.is_dir() else mode & 0o004, (path, oct(mode))


def test_a_failed_build_keeps_the_link_and_its_release(tiny, tmp_path):
    output = tmp_path / "output"
    assert atomic_build("conf.py", output, ENV, cwd=tiny).ok
    release = output.resolve()
    before = tree_digest(output)
    broken = tmp_path / "broken"
    shutil.copytree(tiny, broken)
    (broken / "content" / "articles" / "faux.md").write_text("---\ntitle: F\ndate: 2026-02-30\n---\nx\n")
    result = atomic_build("conf.py", output, ENV, cwd=broken)
    assert result.code == 1
    assert output.resolve() == release
    assert tree_digest(output) == before
    assert not list(tmp_path.glob(".output-*"))


def test_a_killed_build_frees_the_lock_and_the_next_build_removes_its_leftovers(tiny, tmp_path):
    output = tmp_path / "output"
    assert atomic_build("conf.py", output, ENV, cwd=tiny).ok
    online = output.resolve().name
    killed = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}]\n"
            "from pathlib import Path\nfrom minisite import ENV\nfrom sitetools.build import atomic_build\n"
            f"atomic_build('conf.py', Path({str(output)!r}), ENV, cwd=Path({str(tiny)!r}))",
        ],
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".output-build-*/*")):
        assert time.monotonic() < deadline and killed.poll() is None
        time.sleep(0.05)
    os.killpg(killed.pid, signal.SIGKILL)  # the build and its Pelican
    killed.wait()
    assert list(tmp_path.glob(".output-build-*"))
    assert lock.is_held(output) is False  # the kernel released it with the process

    messages = []
    assert atomic_build("conf.py", output, ENV, cwd=tiny, wait=False, announce=messages.append).ok
    assert messages == []
    assert not list(tmp_path.glob(".output-build-*"))
    # the killed build's staging folder is gone: only the new site and the one it replaced
    # (which readers may still be reading) remain
    releases = {p.name for p in (tmp_path / ".output.releases").iterdir()}
    assert releases == {output.resolve().name, online}


def test_a_second_build_waits_for_the_first_and_says_so(tiny, tmp_path):
    output = tmp_path / "output"
    holder = hold_lock(output, 2)
    messages = []
    started = time.monotonic()
    try:
        result = atomic_build("conf.py", output, ENV, cwd=tiny, announce=messages.append)
    finally:
        holder.wait()
    assert result.ok
    assert time.monotonic() - started > 1.5
    assert len(messages) == 1
    assert f"Une autre construction utilise {output}/ (processus {holder.pid})" in messages[0]
    assert "attente" in messages[0]


def test_without_waiting_a_busy_output_is_refused_in_french(tiny, tmp_path):
    output = tmp_path / "output"
    holder = hold_lock(output, 30)
    try:
        with pytest.raises(lock.Busy) as refused:
            atomic_build("conf.py", output, ENV, cwd=tiny, wait=False)
        assert not output.exists()
        assert f"Une autre construction utilise déjà {output}/ (processus {holder.pid})" in str(refused.value)
    finally:
        holder.kill()
        holder.wait()
    # killed by SIGKILL: its lock is taken over at once
    with lock.output_lock(output, wait=False):
        pass


def test_the_lock_is_shared_by_the_threads_of_one_process_and_reentrant(tmp_path):
    folder = tmp_path / "output"
    outcome = []
    with lock.output_lock(folder):
        with lock.output_lock(folder, wait=False):  # publish holds it and calls the build
            pass

        def other_thread():
            try:
                with lock.output_lock(folder, wait=False):
                    outcome.append("pris")
            except lock.Busy as error:
                outcome.append(str(error))

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert outcome and outcome[0].startswith("Une autre construction utilise déjà"), outcome
