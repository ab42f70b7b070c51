"""What a test needs from outside the project: a failure in CI, a skip with its reason elsewhere.

CI (``CI`` set to anything but empty/false) must never pass by skipping a check, so a missing
``../shared`` file, Python package or program fails there; on a developer's machine the test is
skipped and pytest's ``-ra`` summary prints why.
"""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(reason: str):
    """Fail in CI, skip elsewhere, with the same French reason."""
    if in_ci():
        pytest.fail(f"{reason} (en CI, un test ne peut pas être sauté)", pytrace=False)
    pytest.skip(reason)


def shared_file(relative: str) -> Path:
    """A file of ../shared (LHEO schema, WordPress exports…)."""
    path = SHARED / relative
    if not path.exists():
        missing(f"fichier partagé absent : {path} (le dossier ../shared doit être à côté du projet)")
    return path


def module(name: str):
    """A Python package of requirements-dev.txt."""
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"paquet Python absent : {name} (pip install -r requirements-dev.txt)")


def program(name: str) -> str:
    """A program installed by the test command (chromium, nginx, rsync…)."""
    path = shutil.which(name)
    if path is None:
        missing(f"programme absent : {name} (la commande de test du README l'installe)")
    return path
