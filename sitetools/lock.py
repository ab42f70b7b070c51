"""One build at a time per output folder.

``invoke build``, ``invoke check``, ``invoke publish`` and the preview server's rebuilds all
take :func:`output_lock` on the folder they write (or read, for publish). The lock is an
``fcntl.flock`` on a small file beside the folder (``.output.lock`` for ``output/``), so it
still works when ``output`` is a link that a build switches: the kernel releases it when its
holder exits, even by SIGKILL, and the next build simply takes it over.

The lock file is opened close-on-exec, so a program started with ``subprocess`` (Pelican,
rsync) never holds it; a child made by a bare ``os.fork()`` while the lock is held would share
it until it exits, so fork before taking the lock (as the preview's warm builder does).

Within one process the lock is re-entrant for the thread that holds it (``publish`` holds it
and calls the build, which takes it again) and exclusive between threads (the preview's
watcher and a build started by hand in the same process).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path


class Busy(RuntimeError):
    """The lock is held by another build and the caller chose not to wait.

    ``str(error)`` is a French sentence for the person who started the command."""

    def __init__(self, folder: Path, holder: str):
        self.folder = folder
        self.holder = holder
        super().__init__(
            f"Une autre construction utilise déjà {display(folder)}/{holder_text(holder)} : "
            "rien n'a été fait. Relancez quand elle sera finie."
        )


# Per lock file: the thread lock that excludes other threads of this process, how many times
# the owning thread holds it, and the open file that carries the flock.
_registry_guard = threading.Lock()
_locks: dict[str, _Entry] = {}


class _Entry:
    def __init__(self):
        self.thread_lock = threading.RLock()
        self.depth = 0
        self.fd: int | None = None


def lock_path(folder: Path) -> Path:
    """The lock file of an output folder: a hidden sibling, never inside the folder (which a
    build replaces) and never ``folder/..`` resolved through the link."""
    folder = Path(folder).absolute()
    # the parent resolved: two spellings of one folder (through a linked parent) share one lock
    return folder.parent.resolve() / f".{folder.name}.lock"


def display(folder: Path) -> str:
    """The folder as the user knows it: relative to the current folder when inside it."""
    folder = Path(folder).absolute()
    try:
        return str(folder.relative_to(Path.cwd()))
    except ValueError:
        return str(folder)


def holder_text(holder: str) -> str:
    return f" (processus {holder})" if holder else ""


def read_holder(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""


@contextlib.contextmanager
def output_lock(
    folder: Path, *, wait: bool = True, announce: Callable[[str], object] = print
) -> Iterator[None]:
    """Hold the build lock of ``folder`` for the duration of the ``with`` block.

    If another process (or another thread of this one) holds it: with ``wait`` the call says
    so once through ``announce`` (a French sentence) and blocks until it is free; without
    ``wait`` it raises :class:`Busy` at once.
    """
    path = lock_path(folder)
    with _registry_guard:
        entry = _locks.setdefault(str(path), _Entry())
    announced = False
    if not entry.thread_lock.acquire(blocking=False):
        if not wait:
            raise Busy(Path(folder), read_holder(path))
        announce(waiting_message(folder, read_holder(path)))
        announced = True
        entry.thread_lock.acquire()
    try:
        if entry.depth == 0:
            entry.fd = _take_file_lock(path, folder, wait, announce, announced)
        entry.depth += 1
        try:
            yield
        finally:
            entry.depth -= 1
            if entry.depth == 0:
                fd, entry.fd = entry.fd, None
                # closing the file releases the flock
                os.close(fd)
    finally:
        entry.thread_lock.release()


def waiting_message(folder: Path, holder: str) -> str:
    return (
        f"Une autre construction utilise {display(folder)}/{holder_text(holder)} : "
        "attente de sa fin avant de continuer…"
    )


def _take_file_lock(path: Path, folder: Path, wait: bool, announce, announced: bool) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_CLOEXEC (Python's default): a child such as Pelican or rsync never inherits the lock,
    # so killing the command really frees it.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = read_holder(path)
            if not wait:
                raise Busy(Path(folder), holder) from None
            if not announced:
                announce(waiting_message(folder, holder))
            fcntl.flock(fd, fcntl.LOCK_EX)
        # Who holds it, for the other side's message; written only once the lock is ours.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        return fd
    except BaseException:
        os.close(fd)
        raise


def is_held(folder: Path) -> bool:
    """Whether someone holds the lock of ``folder`` right now, this process included (a test
    starts a holder and waits for this before racing it)."""
    path = lock_path(folder)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def wait_until_held(folder: Path, timeout: float = 30.0) -> None:
    """Block until some other process holds the lock (tests start a holder, then race it)."""
    deadline = time.monotonic() + timeout
    while not is_held(folder):
        if time.monotonic() > deadline:
            raise TimeoutError(f"personne n'a pris le verrou de {folder}")
        time.sleep(0.02)
