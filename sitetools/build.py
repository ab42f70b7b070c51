"""Run Pelican in a child process and replace the output only when the build succeeded.

A published output folder such as ``output`` is a symbolic link to a complete release
folder kept beside it (``.output.releases/<id>``). A build writes into a fresh staging
folder, moves it among the releases, and switches the link with one ``rename``: a web server
rooted at ``output/`` sees the old site or the new one, never a mix and never nothing. The
release that was replaced stays until the next build, so a reader who resolved the old link
can finish reading; the next build also removes whatever a killed build left behind.
"""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .lock import output_lock

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuildResult:
    code: int
    output: str  # what Pelican and the checks printed (stdout and stderr)

    @property
    def ok(self) -> bool:
        return self.code == 0


def run_pelican(settings: str, output: Path, env: dict | None = None, cwd: Path = ROOT) -> BuildResult:
    """One Pelican build in a fresh process, so that no state survives from the last one.

    ``cwd`` is the project folder: content/ is read there and messages name files from it.
    """
    command = [sys.executable, "-m", "pelican", "content", "-s", settings, "-o", str(output)]
    process = subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return BuildResult(process.returncode, process.stdout)


def absolute(output: Path) -> Path:
    """``output`` made absolute without following it (it is usually a link)."""
    output = Path(output).absolute()
    return output.parent.resolve() / output.name


def releases_dir(output: Path) -> Path:
    """Where the complete sites that ``output`` can point to are kept."""
    return output.parent / f".{output.name}.releases"


def atomic_build(
    settings: str,
    output: Path,
    env: dict | None = None,
    *,
    wait: bool = True,
    announce: Callable[[str], object] = print,
    **kwargs,
) -> BuildResult:
    """Build into a sibling temporary folder; switch ``output`` to it only if the build succeeded.

    A failed build leaves the previous output exactly as it was. The build holds the output
    folder's lock (:func:`sitetools.lock.output_lock`): with ``wait`` False it raises
    :class:`sitetools.lock.Busy` when another build holds it.
    """
    output = absolute(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(output, wait=wait, announce=announce):
        remove_leftovers(output)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-build-", dir=output.parent))
        try:
            result = run_pelican(settings, staging, env, **kwargs)
            if result.ok:
                swap(staging, output)
            return result
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


def current_release(output: Path) -> Path | None:
    """The release folder ``output`` points to, or None when it is not one of our links."""
    if not output.is_symlink():
        return None
    target = output.parent / os.readlink(output)
    return target if target.parent == releases_dir(output) else None


def swap(new: Path, output: Path) -> None:
    """Make ``output`` point to ``new`` (a finished build beside it) with one atomic rename.

    ``new`` becomes a release folder readable by a web server (0755); ``output`` becomes (or
    stays) a relative link to it. A real folder left by an older version of this code is
    exchanged with the link atomically, then kept as the previous release.
    """
    output = absolute(output)
    new.chmod(0o755)
    releases = releases_dir(output)
    releases.mkdir(exist_ok=True)
    releases.chmod(0o755)
    release = releases / new.name.removeprefix(f".{output.name}-build-")
    new.rename(release)
    link = output.parent / f".{output.name}-link-{os.getpid()}-{secrets.token_hex(4)}"
    link.symlink_to(os.path.relpath(release, output.parent))
    if output.is_dir() and not output.is_symlink():
        # A real folder: rename(2) cannot put a link over it, but renameat2 can exchange them.
        if exchange(link, output):
            link.rename(Path(tempfile.mkdtemp(prefix="ancien-", dir=releases)))
        else:
            old = Path(tempfile.mkdtemp(prefix="ancien-", dir=releases))
            output.rename(old)
            link.rename(output)
        return
    os.replace(link, output)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def remove_leftovers(output: Path) -> None:
    """Remove what earlier builds left: staging folders and links of a killed build, and every
    release but the current one. Called with the lock held, so none of it is in use by a build."""
    output = absolute(output)
    for path in output.parent.glob(f".{output.name}-*"):
        if path.name.startswith((f".{output.name}-build-", f".{output.name}-link-", f".{output.name}-old-")):
            remove(path)
    releases = releases_dir(output)
    if releases.is_dir():
        keep = current_release(output)
        for path in releases.iterdir():
            if path != keep:
                remove(path)


def remove_output(output: Path, *, wait: bool = True, announce: Callable[[str], object] = print) -> None:
    """Delete a built site: the link or folder ``output``, its releases and any leftover
    (``invoke clean``). The lock file stays: a waiting build may hold it open."""
    output = absolute(output)
    with output_lock(output, wait=wait, announce=announce):
        if output.is_symlink() or output.exists():
            remove(output)
        remove_leftovers(output)
        shutil.rmtree(releases_dir(output), ignore_errors=True)


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)
