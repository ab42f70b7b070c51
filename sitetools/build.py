"""Run Pelican in a child process and replace the output only when the build succeeded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

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


def atomic_build(settings: str, output: Path, env: dict | None = None, **kwargs) -> BuildResult:
    """Build into a sibling temporary folder; swap it in only if the build succeeded.

    A failed build leaves the previous output exactly as it was.
    """
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-build-", dir=output.parent))
    try:
        result = run_pelican(settings, staging, env, **kwargs)
        if result.ok:
            swap(staging, output)
        return result
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def swap(new: Path, output: Path) -> None:
    """Put ``new`` in place of ``output`` with two renames (same file system)."""
    new.chmod(0o755)
    if not output.exists():
        new.rename(output)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
    old.rmdir()
    output.rename(old)
    new.rename(output)
    shutil.rmtree(old, ignore_errors=True)
