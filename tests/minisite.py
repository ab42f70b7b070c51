"""Build sites for tests: the sample content, or a tiny site written inline in a temp dir.

Tiny sites use the project's real settings, theme and plugins; only the content differs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from sitetools.build import ROOT, atomic_build

FROZEN_DATE = "2026-11-20"
ENV = {"BUILD_DATE": FROZEN_DATE, "STRICT": "1", "LC_ALL": "C", "LANG": "C"}

SETTINGS = """
import sys
sys.path.insert(0, {root!r})
from {base} import *
PATH = "content"
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
# brotli's best quality costs about a second per tiny site, with no cache to reuse
HOSTING = {{**globals().get("HOSTING", {{}}), "BROTLI_QUALITY": 5}}
"""

# The smallest valid site: what each tiny test starts from.
BASE_FILES = {
    "content/articles/bienvenue.md": """
        ---
        title: Bienvenue
        date: 2026-01-14
        authors:
          - Équipe POP
        tags:
          - Lens
        ---
        Premier paragraphe de l'article.
        """,
    "content/pages/contact.md": """
        ---
        title: Contact
        menu: oui
        ---
        Écrivez-nous.
        """,
    "content/data/formats.yml": """
        dialogue:
          name: Dialogue
        entretien:
          name: Entretien
        """,
}


@dataclass
class Site:
    root: Path
    output: Path
    code: int
    log: str

    def read(self, path: str) -> str:
        return (self.output / path).read_text(encoding="utf-8")

    def soup(self, path: str) -> BeautifulSoup:
        return BeautifulSoup(self.read(path), "html.parser")

    def files(self) -> list[str]:
        return sorted(p.relative_to(self.output).as_posix() for p in self.output.rglob("*") if p.is_file())


def build_sample(output: Path, settings: str, env: dict | None = None) -> Site:
    result = atomic_build(settings, output, {**ENV, **(env or {})})
    assert result.ok, result.output
    return Site(ROOT, output, result.code, result.output)


def write_site(root: Path, files: dict[str, str | bytes | None], publish: bool = True) -> None:
    """Write the base site plus ``files`` (None deletes a base file) under ``root``."""
    merged = {**BASE_FILES, **files}
    for name, text in merged.items():
        path = root / name
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    base = "publishconf" if publish else "pelicanconf"
    (root / "conf.py").write_text(
        SETTINGS.format(root=str(ROOT), base=base, theme=str(ROOT / "theme"), plugins=str(ROOT / "plugins")),
        encoding="utf-8",
    )


def pelican(root: Path, output: Path, env: dict | None = None) -> tuple[int, str]:
    """Build a tiny site written by :func:`write_site` (no atomic swap)."""
    process = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "conf.py", "-o", str(output)],
        cwd=root,
        env={**os.environ, **ENV, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process.returncode, process.stdout


def build_tiny(tmp_path: Path, files: dict, publish: bool = True, env: dict | None = None) -> Site:
    root = tmp_path / "site"
    write_site(root, files, publish)
    output = tmp_path / "output"
    code, log = pelican(root, output, env)
    return Site(root, output, code, log)


def tree_digest(folder: Path) -> dict[str, str]:
    """Each file of a folder with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def built_output(root: Path, files: dict) -> Path:
    """A successful publish build of the base site plus ``files``: what is online before
    a faulty edit (for :func:`assert_refused`)."""
    write_site(root / "site", files)
    result = atomic_build("conf.py", root / "output", ENV, cwd=root / "site")
    assert result.ok, result.output
    return root / "output"


def assert_refused(tmp_path: Path, online: Path, files: dict, expected: list[str], setup=None) -> None:
    """Build the base site plus ``files`` over a copy of ``online``: the build fails with
    every ``expected`` message, in French, without a traceback, and leaves the online
    site byte for byte as it was. ``setup(site_root)`` may change the site first (links…)."""
    output = tmp_path / "output"
    shutil.copytree(online, output)
    before = tree_digest(output)
    write_site(tmp_path / "site", files)
    if setup:
        setup(tmp_path / "site")
    result = atomic_build("conf.py", output, ENV, cwd=tmp_path / "site")
    assert result.code == 1, result.output
    for message in expected:
        assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert "Construction annulée" in result.output
    assert tree_digest(output) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output-")]
