"""The commands as a person types them: ``.venv/bin/invoke build``, ``clean``, ``serve``,
``check --sitemap``, ``publish``, run in a copy of the project (a tiny site) in a subprocess;
the tests check exit codes and what the person reads."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import needs
import pytest
from project import invoke, make_project, start_invoke

ARTICLE_URL = "https://www.pop.eu.com/actualites/bienvenue/"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("commandes") / "projet")


@pytest.fixture(scope="module")
def built(project):
    """``invoke build`` in the project: the result, once for the tests that read it."""
    return invoke(project, "build")


def test_invoke_build_says_where_the_site_is(project, built):
    assert built.returncode == 0, built.stderr
    assert "Site construit dans output/" in built.stdout
    assert "Traceback" not in built.stdout + built.stderr
    output = project / "output"
    assert output.is_symlink() and (output / "actualites" / "bienvenue" / "index.html").is_file()


def test_siteurl_override_gives_absolute_links_to_that_host(project, built):
    process = invoke(project, "build", env={"SITEURL": "https://x.example/"})
    assert process.returncode == 0, process.stderr
    page = (project / "output" / "actualites" / "bienvenue" / "index.html").read_text(encoding="utf-8")
    feed = (project / "output" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://x.example/actualites/bienvenue/"' in page
    assert 'href="https://x.example/actualites/bienvenue/"' in feed
    assert "<id>https://x.example/" in feed or "<id>tag:x.example" in feed
    for text in (page, feed):
        assert "pop.eu.com/actualites" not in text
    sitemap = (project / "output" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://x.example/actualites/bienvenue/</loc>" in sitemap


HOLD = """
import sys, time
sys.path.insert(0, {project!r})
from pathlib import Path
from sitetools.lock import output_lock
with output_lock(Path({project!r}) / "output"):
    print("pris", flush=True)
    time.sleep({seconds})
"""


def hold(project: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the project's output/ lock for ``seconds``, once it holds it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(project=str(project), seconds=seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "pris"
    return holder


def test_while_a_build_runs_others_wait_or_with_no_wait_stop_in_french(project, built, tmp_path):
    holder = hold(project, 60)
    try:
        for arguments in (
            ["build"],
            ["check"],
            ["clean"],
            ["publish", "--target", str(tmp_path / "www"), "--yes"],
        ):
            process = invoke(project, *arguments, "--no-wait")
            assert process.returncode == 1, arguments
            assert (
                f"Une autre construction utilise déjà output/ (processus {holder.pid}) : rien n'a été fait"
                in process.stderr
            ), arguments
            assert "Traceback" not in process.stderr
        assert (project / "output" / "index.html").is_file()
        assert not (tmp_path / "www").exists()
    finally:
        holder.kill()
        holder.wait()

    holder = hold(project, 2)
    try:
        process = invoke(project, "build")
    finally:
        holder.wait()
    assert process.returncode == 0, process.stderr
    assert f"Une autre construction utilise output/ (processus {holder.pid}) : attente" in process.stderr
    assert "Site construit dans output/" in process.stdout


def sitemap(folder: Path, addresses: list[str]) -> Path:
    path = folder / "sitemap-en-ligne.xml"
    locs = "".join(f"<url><loc>{address}</loc></url>" for address in addresses)
    path.write_text(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>')
    return path


def test_check_sitemap_with_every_address_kept_and_with_one_lost(project, tmp_path):
    good = invoke(project, "check", "--sitemap", str(sitemap(tmp_path, [ARTICLE_URL])))
    assert good.returncode == 0, good.stderr
    assert "Toutes les adresses du sitemap existent encore." in good.stdout
    lost = "https://www.pop.eu.com/actualites/disparu/"
    bad = invoke(project, "check", "--sitemap", str(sitemap(tmp_path, [ARTICLE_URL, lost])))
    assert bad.returncode == 1
    assert "1 adresse(s) publiée(s) ne mèneraient plus nulle part" in bad.stderr
    assert f"  {lost}" in bad.stderr and ARTICLE_URL not in bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr


def test_invoke_serve_serves_the_preview_until_stopped(project):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # started as from a script's background job, where Ctrl+C is ignored and Python keeps it
    # so: the server must still stop with it (CI runs found it did not)
    server = start_invoke(
        project, "serve", "--port", str(port), preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.communicate()
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/actualites/bienvenue/", timeout=5
                ) as page:
                    status, body = page.status, page.read().decode("utf-8")
                break
            except OSError:
                assert time.monotonic() < deadline, "le serveur de prévisualisation ne répond pas"
                time.sleep(0.3)
        assert status == 200
        assert "Premier paragraphe de l'article." in body
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl+C in the terminal
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            pytest.fail("invoke serve ne s'arrête pas avec Ctrl+C")


# --- publish ---------------------------------------------------------------------------------


def test_publish_shows_the_changes_and_no_means_nothing_is_sent(project, tmp_path):
    needs.program("rsync")
    target = tmp_path / "www"
    process = invoke(project, "publish", "--target", str(target), stdin="non\n")
    assert process.returncode == 1
    assert "Publication vers" in process.stdout and "(première publication)" in process.stdout
    assert "fichier(s) ajouté(s), 0 modifié(s), 0 supprimé(s), 0 inchangé(s)." in process.stdout
    assert "  + actualites/bienvenue/index.html" in process.stdout
    assert "Tapez « oui » pour confirmer" in process.stdout
    assert "Publication annulée : rien n'a été envoyé." in process.stdout
    assert not target.exists()


def test_publish_yes_then_a_change_then_rollback(project, tmp_path):
    needs.program("rsync")
    target = tmp_path / "www"
    first = invoke(project, "publish", "--target", str(target), "--yes")
    assert first.returncode == 0, first.stderr
    assert "Tapez « oui »" not in first.stdout
    assert f"Publié : {target}/current montre maintenant la version" in first.stdout
    page = target / "current" / "contact" / "index.html"
    assert "Écrivez-nous." in page.read_text(encoding="utf-8")

    contact = project / "content" / "pages" / "contact.md"
    original = contact.read_text(encoding="utf-8")
    contact.write_text(original.replace("Écrivez-nous.", "Appelez-nous."), encoding="utf-8")
    try:
        second = invoke(project, "publish", "--yes", env={"PUBLISH_TARGET": str(target)})
    finally:
        contact.write_text(original, encoding="utf-8")
    assert second.returncode == 0, second.stderr
    assert "  ~ contact/index.html" in second.stdout
    assert "Appelez-nous." in page.read_text(encoding="utf-8")

    back = invoke(project, "publish", "--target", str(target), "--rollback", "--yes")
    assert back.returncode == 0, back.stderr
    assert "montre de nouveau la version" in back.stdout
    assert "Écrivez-nous." in page.read_text(encoding="utf-8")


def test_publish_refuses_while_a_placeholder_remains(tmp_path):
    needs.program("rsync")
    project = make_project(
        tmp_path / "projet",
        {"content/pages/contact.md": "---\ntitle: Contact\nmenu: oui\n---\nTéléphone : [à compléter]\n"},
    )
    target = tmp_path / "www"
    process = invoke(project, "publish", "--target", str(target), "--yes")
    assert process.returncode == 1
    assert "content/pages/contact.md" in process.stderr
    assert "à compléter avant publication" in process.stderr
    assert "Publication refusée : corrigez d'abord ce que liste invoke check --production" in process.stderr
    assert "Traceback" not in process.stderr
    assert not target.exists()


def test_publish_refuses_a_dangerous_target_and_explains_a_missing_rsync(project, tmp_path):
    for target in ("/", str(project)):
        process = invoke(project, "publish", "--target", target, "--yes")
        assert process.returncode == 1
        assert "Destination refusée" in process.stderr
        assert "Traceback" not in process.stderr
    empty = tmp_path / "vide"
    empty.mkdir()
    process = invoke(project, "publish", "--target", str(tmp_path / "www"), "--yes", env={"PATH": str(empty)})
    assert process.returncode == 1
    assert "La publication a besoin de rsync" in process.stderr
    assert "sudo apt-get install rsync" in process.stderr


def test_invoke_clean_removes_the_link_and_its_releases(project, built):
    assert (project / "output").is_symlink()
    process = invoke(project, "clean")
    assert process.returncode == 0, process.stderr
    assert "Nettoyé." in process.stdout
    assert not (project / "output").exists() and not (project / "output").is_symlink()
    assert not (project / ".output.releases").exists()
    assert not list(project.glob(".output-build-*")) and not list(project.glob(".output-link-*"))
    assert not (project / ".cache").exists()
