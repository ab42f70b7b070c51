"""A copy of the project in a temp folder, with a tiny content, to run the commands as a person
types them (``.venv/bin/invoke build`` in the project folder) without touching the real
``output/`` that other people and servers use.

The code that commands run (tasks.py, sitetools/, the settings) is copied, so that its paths
lead to the copy; plugins, theme and the virtualenv are linked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from minisite import ENV, write_site

from sitetools.build import ROOT

COPIED = ("tasks.py", "pelicanconf.py", "publishconf.py")
LINKED = ("plugins", "theme", ".venv", "node_modules")


# What the school fills in before going live: the settings' placeholders, replaced so that
# `invoke check --production`, and so `invoke publish`, accept the tiny site.
READY = """
TRAININGS["ORGANISATION"] = {
    **TRAININGS["ORGANISATION"],
    "siret": "12345678900011",
    "activity_number": "32620000062",
    "email": "formation@pop.example",
    "phone": "03 21 00 00 00",
    "address": {**TRAININGS["ORGANISATION"]["address"], "street": "12 rue Paul-Bert"},
}
"""


def make_project(folder: Path, files: dict | None = None, ready: bool = True) -> Path:
    """The project's commands in ``folder`` with the tiny base site plus ``files``; with
    ``ready``, the settings hold no placeholder any more (the site may be published)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        shutil.copy2(ROOT / name, folder / name)
    if ready:
        with open(folder / "pelicanconf.py", "a", encoding="utf-8") as settings:
            settings.write(READY)
    shutil.copytree(ROOT / "sitetools", folder / "sitetools", ignore=shutil.ignore_patterns("__pycache__"))
    for name in LINKED:
        if (ROOT / name).exists():
            (folder / name).symlink_to(ROOT / name)
    write_site(folder, files or {})
    return folder


def invoke(
    project: Path, *args: str, stdin: str | None = None, env: dict | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """``.venv/bin/invoke <args>`` typed in the project folder; stdout and stderr kept apart."""
    return subprocess.run(
        [str(project / ".venv" / "bin" / "invoke"), *args],
        cwd=project,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **ENV, **(env or {})},
    )


def start_invoke(project: Path, *args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    """The same command started in the background, in its own process group."""
    return subprocess.Popen(
        [str(project / ".venv" / "bin" / "invoke"), *args],
        cwd=project,
        env={**os.environ, **ENV, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kwargs,
    )
