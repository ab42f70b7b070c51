"""The editors' commands: check, new, serve with live reload; and the atomic build."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from minisite import ENV, build_tiny, write_site

from sitetools import addresses
from sitetools.build import ROOT, atomic_build, run_pelican
from sitetools.scaffold import new_content


def test_check_lists_every_problem_and_writes_nothing(tmp_path):
    write_site(
        tmp_path / "site",
        {
            "content/articles/a.md": "---\ntitle: A\ndate: demain\n---\nx\n",
            "content/pages/b.md": "---\ntitle: B\norder: -1\n---\nx\n",
        },
    )
    scratch = tmp_path / "scratch"
    result = run_pelican("conf.py", scratch, {**ENV, "CHECK_ONLY": "1"}, cwd=tmp_path / "site")
    assert result.code == 1
    assert "content/articles/a.md:3: champ « date »" in result.output
    assert "content/pages/b.md:3: champ « order »" in result.output
    assert not scratch.exists() or not any(scratch.rglob("*.html"))


def test_check_of_valid_content_says_so_and_writes_nothing(tmp_path):
    write_site(tmp_path / "site", {})
    scratch = tmp_path / "scratch"
    result = run_pelican("conf.py", scratch, {**ENV, "CHECK_ONLY": "1"}, cwd=tmp_path / "site")
    assert result.code == 0, result.output
    assert "Vérification terminée : aucune erreur dans 2 contenus." in result.output
    assert not scratch.exists() or not any(scratch.rglob("*.html"))


def test_invoke_check_on_the_sample_content():
    process = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--strict", "--date", "2026-11-20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
    )
    assert process.returncode == 0, process.stdout + process.stderr
    assert "aucune erreur" in process.stdout + process.stderr


def test_former_addresses_without_redirect_are_listed(tmp_path):
    site = build_tiny(
        tmp_path,
        {"content/articles/nouveau.md": "---\ntitle: N\ndate: 2026-01-02\naliases:\n  - /ancien/\n---\nx\n"},
    )
    assert site.code == 0, site.log
    sitemap = tmp_path / "old-sitemap.xml"
    sitemap.write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://www.pop.eu.com/actualites/bienvenue/</loc></url>"
        "<url><loc>https://www.pop.eu.com/ancien/</loc></url>"
        "<url><loc>https://www.pop.eu.com/actualites/supprime/</loc></url>"
        "</urlset>",
        encoding="utf-8",
    )
    lost = addresses.lost_addresses(addresses.read_sitemap(str(sitemap)), site.output)
    assert lost == ["https://www.pop.eu.com/actualites/supprime/"]


def test_new_article_has_every_field_and_builds(tmp_path):
    write_site(tmp_path / "site", {})
    path = new_content(
        "article", "Journée portes ouvertes à Lens", tmp_path / "site" / "content", date(2026, 11, 20)
    )
    assert path.name == "journee-portes-ouvertes-a-lens.md"
    text = path.read_text(encoding="utf-8")
    from contentkit.types import ARTICLE

    for name in ARTICLE.schema.fields:
        assert f"\n{name}:" in text, name
    assert 'title: "Journée portes ouvertes à Lens"' in text
    result = run_pelican("conf.py", tmp_path / "out", ENV, cwd=tmp_path / "site")
    assert result.ok, result.output
    assert (tmp_path / "out" / "actualites" / "journee-portes-ouvertes-a-lens" / "index.html").is_file()


def test_atomic_build_replaces_output_only_on_success(tmp_path):
    write_site(tmp_path / "site", {})
    output = tmp_path / "output"
    output.mkdir()
    (output / "ancien.html").write_text("ancien", encoding="utf-8")
    result = atomic_build("conf.py", output, ENV, cwd=tmp_path / "site")
    assert result.ok, result.output
    assert not (output / "ancien.html").exists()
    assert (output / "actualites" / "bienvenue" / "index.html").is_file()
    # beside it only the link, its releases and the build lock: no staging folder left
    beside = sorted(p.name for p in tmp_path.iterdir())
    assert beside == [".output.lock", ".output.releases", "output", "site"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("délai dépassé")


def test_preview_server_reloads_and_shows_errors_instead_of_a_stale_page(tmp_path):
    root = tmp_path / "site"
    write_site(root, {}, publish=False)
    port = free_port()
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, {root!r});"
        "from sitetools.devserver import serve;"
        "serve(Path({out!r}), port={port}, root=Path({site!r}), settings='conf.py')"
    ).format(root=str(ROOT), out=str(tmp_path / "preview"), port=port, site=str(root))
    server = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=root,
        env={**os.environ, **ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = f"http://127.0.0.1:{port}/actualites/bienvenue/"
    try:
        status, body = wait_for(lambda: fetch(page))
        assert status == 200 and "Bienvenue" in body
        assert "EventSource" in body  # the live-reload hook

        article = root / "content" / "articles" / "bienvenue.md"
        good = article.read_text(encoding="utf-8")
        article.write_text(good.replace("date: 2026-01-14", "date: 2026-01-32"), encoding="utf-8")
        status, body = wait_for(lambda: (r := fetch(page))[0] == 500 and r)
        assert "La construction a échoué" in body
        assert "content/articles/bienvenue.md:3: champ « date »" in body

        article.write_text(good.replace("Bienvenue", "Bienvenue à Lens"), encoding="utf-8")
        status, body = wait_for(lambda: (r := fetch(page))[0] == 200 and "Bienvenue à Lens" in r[1] and r)
        assert "EventSource" in body
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_scaffold_refuses_to_overwrite(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "deja-la.md").write_text("x", encoding="utf-8")
    try:
        new_content("article", "Déjà là", tmp_path)
    except SystemExit as exit_:
        assert "existe déjà" in str(exit_)
    else:
        raise AssertionError("overwrote an existing file")
    assert Path(tmp_path / "articles" / "deja-la.md").read_text() == "x"


def test_invoke_new_creates_each_type_and_the_site_still_checks(tmp_path):
    """The real command, in a copy of the project: `invoke new` for each content type,
    then `invoke check --strict` accepts the new files (created as drafts to fill)."""
    project = tmp_path / "projet"
    skip = {".venv", "node_modules", ".git", ".cache", "output", "output-preview", "__pycache__"}
    shutil.copytree(ROOT, project, ignore=lambda folder, names: [n for n in names if n in skip])
    env = {**os.environ, **ENV}
    commands = [
        ["new", "formation", "Data analyste"],
        ["new", "ressource", "Atelier réparer son téléphone"],
        ["new", "numero", "Le numérique au travail"],
        ["new", "numero", "Un numéro plus tard", "--numero", "9"],
        ["check", "--strict"],
    ]
    outputs = []
    for args in commands:
        done = subprocess.run(
            [sys.executable, "-m", "invoke", *args], cwd=project, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        outputs.append(done.stdout)
    assert (project / "content/formations/data-analyste.md").is_file()
    assert (project / "content/outillerie/atelier-reparer-son-telephone/index.md").is_file()
    created = sorted(p.name for p in (project / "content/editions").glob("*.md"))
    assert any(name.startswith("4-") for name in created), created  # the next number after N°3
    assert any(name.startswith("9-") for name in created), created
    assert "aucune erreur" in outputs[-1]
