"""Publishing to a target folder: what the person is shown and asked, what the target holds
after each publish, what is never deleted, rollback, an interrupted upload, and the server form
(``user@host:/path``), whose target-side commands are the very ones a local publish runs.

These tests publish small folders written here: publishing does not depend on what the site
contains (``test_commands.py`` publishes a real build through ``invoke publish``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import needs
import pytest

from sitetools import publish as publisher
from sitetools.build import ROOT
from sitetools.publish import PublishError, Target, parse_target


def site(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def release_files(target: Path) -> dict[str, str]:
    current = target / "current"
    return {
        p.relative_to(current).as_posix(): p.read_text() for p in sorted(current.rglob("*")) if p.is_file()
    }


def run(folder, target, answer="oui", **kwargs):
    """Publish ``folder``; returns (done, everything said, the questions asked)."""
    said, asked = [], []

    def ask(question):
        asked.append(question)
        return answer

    done = publisher.publish(folder, target, ask=ask, say=said.append, **kwargs)
    return done, "\n".join(said), asked


@pytest.fixture(autouse=True)
def rsync():
    needs.program("rsync")


# --- which targets are refused ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   ", "/", "/home", "/home/camille", "/root", "~", "moi@serveur:", "moi@serveur:/", "serveur:~", "serveur:~/",
     "serveur:/home/camille", "serveur:/root", "serveur:.", "-oProxyCommand=touch x:/srv/pop"],
)  # fmt: skip
def test_root_and_home_folders_are_refused(text, tmp_path):
    with pytest.raises(PublishError) as refused:
        parse_target(text, ROOT, home=tmp_path / "home")
    message = str(refused.value)
    assert message.startswith(("Destination refusée", "Indiquez la destination")), message


def test_the_project_and_its_folders_and_parents_are_refused(tmp_path):
    for text in (str(ROOT), str(ROOT / "output"), str(ROOT.parent), f"{ROOT}/content/../"):
        with pytest.raises(PublishError, match="est le projet lui-même ou le contient"):
            parse_target(text, ROOT, home=tmp_path)


def test_the_home_folder_of_whoever_publishes_is_refused(tmp_path):
    home = tmp_path / "moi"
    home.mkdir()
    with pytest.raises(PublishError, match="dossier personnel"):
        parse_target(str(home), ROOT, home=home)


def test_a_file_is_refused_and_a_site_folder_is_accepted(tmp_path):
    (tmp_path / "fichier").write_text("x")
    with pytest.raises(PublishError, match="est un fichier, pas un dossier"):
        parse_target(str(tmp_path / "fichier"), ROOT, home=tmp_path / "h")
    assert parse_target(str(tmp_path / "www"), ROOT) == Target(str(tmp_path / "www"))
    assert parse_target("deploy@pop.example:/srv/pop/", ROOT) == Target("/srv/pop", "deploy@pop.example")


def test_a_target_that_another_tool_laid_out_is_refused(tmp_path):
    target = tmp_path / "www"
    (target / "current").mkdir(parents=True)
    (target / "current" / "index.html").write_text("le site d'avant")
    with pytest.raises(PublishError, match="n'ont pas été écrits par invoke publish"):
        run(site(tmp_path / "out", {"index.html": "neuf"}), Target(str(target)))
    assert (target / "current" / "index.html").read_text() == "le site d'avant"


def test_missing_rsync_or_ssh_gives_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no program at all
    with pytest.raises(PublishError) as refused:
        publisher.require_tools(Target("/srv/pop"))
    assert "a besoin de rsync" in str(refused.value)
    assert "sudo apt-get install rsync" in str(refused.value)
    with pytest.raises(PublishError) as refused:
        publisher.require_tools(Target("/srv/pop", "serveur"))
    assert "a besoin de rsync et ssh" in str(refused.value)
    assert "sudo apt-get install rsync openssh-client" in str(refused.value)


# --- publishing ------------------------------------------------------------------------------


def test_first_publish_shows_every_file_asks_then_switches_current(tmp_path):
    target = tmp_path / "www"
    out = site(tmp_path / "out", {"index.html": "accueil", "a/index.html": "a"})
    done, said, asked = run(out, Target(str(target)))
    assert done
    assert asked == [f"Publier sur {target} ? Tapez « oui » pour confirmer : "]
    assert "par rapport à rien (première publication)" in said
    assert "2 fichier(s) ajouté(s), 0 modifié(s), 0 supprimé(s), 0 inchangé(s)." in said
    assert "  + a/index.html" in said and "  + index.html" in said
    assert (target / "current").is_symlink()
    assert os.readlink(target / "current").startswith("releases/")
    assert release_files(target) == {"a/index.html": "a", "index.html": "accueil"}
    manifest = json.loads((target / publisher.MANIFEST).read_text())
    assert manifest["current"] == os.readlink(target / "current").removeprefix("releases/")
    assert set(manifest["releases"][0]["files"]) == {"a/index.html", "index.html"}
    # readable by a web server running as another user
    assert (target / "current" / "index.html").stat().st_mode & 0o004
    assert (target / "current" / "a").stat().st_mode & 0o005 == 0o005


def test_declining_changes_nothing(tmp_path):
    target = tmp_path / "www"
    for answer in ("non", "", "n", "ouiii"):
        done, said, asked = run(
            site(tmp_path / "out", {"index.html": "x"}), Target(str(target)), answer=answer
        )
        assert not done and asked
        assert "Publication annulée : rien n'a été envoyé." in said
        assert not target.exists()


def test_yes_skips_the_question(tmp_path):
    done, said, asked = run(
        site(tmp_path / "out", {"index.html": "x"}), Target(str(tmp_path / "www")), yes=True
    )
    assert done and asked == []


def test_a_second_publish_lists_added_changed_deleted_and_links_unchanged_files(tmp_path):
    target = Target(str(tmp_path / "www"))
    out = site(tmp_path / "out", {"index.html": "v1", "garde.html": "même", "vieux.html": "v"})
    run(out, target, yes=True)
    first = (tmp_path / "www" / "current").resolve()
    (out / "vieux.html").unlink()
    site(out, {"index.html": "v2", "nouveau.html": "n"})
    done, said, _ = run(out, target)
    assert done
    assert "1 fichier(s) ajouté(s), 1 modifié(s), 1 supprimé(s), 1 inchangé(s)." in said
    assert "  + nouveau.html" in said and "  ~ index.html" in said and "  - vieux.html" in said
    assert release_files(tmp_path / "www") == {"garde.html": "même", "index.html": "v2", "nouveau.html": "n"}
    # the unchanged file was not sent again: it is the same file as in the release before
    now = (tmp_path / "www" / "current").resolve()
    assert (now / "garde.html").stat().st_ino == (first / "garde.html").stat().st_ino
    # the release before is intact (a reader of the old link could still finish)
    assert (first / "vieux.html").read_text() == "v"

    done, said, asked = run(out, target)
    assert done and asked == []
    assert "est déjà à jour (3 fichiers) : rien à publier." in said


def test_three_releases_are_kept_and_only_what_publish_wrote_is_deleted(tmp_path, monkeypatch):
    # all within one second, as in a script: names must not collide with a pruned release
    # whose folder stays (it holds a file added by hand)
    second = time.gmtime()
    monkeypatch.setattr(publisher.time, "gmtime", lambda *_: second)
    www = tmp_path / "www"
    www.mkdir()
    (www / "notes-de-l-admin.txt").write_text("à moi")
    target = Target(str(www))
    out = tmp_path / "out"
    names = []
    for n in range(5):
        site(out, {"index.html": f"version {n}", f"page-{n}.html": "p"})
        run(out, target, yes=True)
        names.append(os.readlink(www / "current").removeprefix("releases/"))
        if n == 0:
            # someone drops a file into the oldest release by hand
            (www / "releases" / names[0] / "ajout-a-la-main.txt").write_text("pas écrit par publish")
    kept = sorted(p.name for p in (www / "releases").iterdir())
    assert names[2:] == sorted(names[2:]) and set(names[2:]) <= set(kept)
    assert names[1] not in kept
    # the first release lost every file publish wrote there, but not the one added by hand
    assert [p.name for p in (www / "releases" / names[0]).rglob("*")] == ["ajout-a-la-main.txt"]
    assert (www / "notes-de-l-admin.txt").read_text() == "à moi"
    manifest = json.loads((www / publisher.MANIFEST).read_text())
    assert [r["name"] for r in manifest["releases"]] == names[2:]
    assert release_files(www)["index.html"] == "version 4"


def test_rollback_switches_back_one_release_at_a_time(tmp_path):
    www = tmp_path / "www"
    target = Target(str(www))
    out = tmp_path / "out"
    for n in range(3):
        site(out, {"index.html": f"version {n}"})
        run(out, target, yes=True)
    said = []
    assert publisher.rollback(target, ask=lambda q: "non", say=said.append) is False
    assert release_files(www)["index.html"] == "version 2"
    assert "Retour arrière annulé : rien n'a changé." in said
    assert publisher.rollback(target, ask=lambda q: "oui", say=said.append)
    assert release_files(www)["index.html"] == "version 1"
    assert publisher.rollback(target, yes=True, say=said.append)
    assert release_files(www)["index.html"] == "version 0"
    with pytest.raises(PublishError, match="Pas de version précédente à remettre en ligne"):
        publisher.rollback(target, yes=True, say=said.append)
    # the next publish compares with what is online, and keeps the current release
    site(out, {"index.html": "version 3"})
    done, text, _ = run(out, target, yes=True)
    assert "par rapport à la version en ligne" in text and "1 modifié(s)" in text
    assert release_files(www)["index.html"] == "version 3"


# --- an interrupted publish ------------------------------------------------------------------

SLOW_PUBLISH = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from sitetools import publish
publish.publish(Path({out!r}), publish.Target({target!r}), yes=True, rsync_options=["--bwlimit=2000"])
"""


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, at any depth (read from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def test_a_killed_rsync_leaves_the_published_site_as_it_was(tmp_path):
    www = tmp_path / "www"
    target = Target(str(www))
    out = site(tmp_path / "out", {"index.html": "version 1"})
    run(out, target, yes=True)
    before = os.readlink(www / "current")
    site(out, {"index.html": "version 2"})
    (out / "gros.bin").write_bytes(os.urandom(8 * 1024 * 1024))  # 4 s at the limit below
    publishing = subprocess.Popen(
        [sys.executable, "-c", SLOW_PUBLISH.format(root=str(ROOT), out=str(out), target=str(www))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    # wait until rsync has written part of the big file (its temporary name starts with a dot)
    while not [p for p in www.glob("releases/.envoi-*/.gros.bin.*") if p.stat().st_size > 0]:
        assert time.monotonic() < deadline and publishing.poll() is None, publishing.communicate()
        time.sleep(0.05)
    rsyncs = descendants(publishing.pid)
    assert rsyncs
    for pid in rsyncs:
        os.kill(pid, signal.SIGKILL)
    out_text, err_text = publishing.communicate(timeout=60)
    assert publishing.returncode != 0
    assert "L'envoi a échoué (rsync" in err_text
    assert f"« current » montre toujours la version {before.removeprefix('releases/')}" in err_text
    # readers still get the previous complete release
    assert os.readlink(www / "current") == before
    assert release_files(www) == {"index.html": "version 1"}
    assert list(www.glob("releases/.envoi-*"))

    # the next publish cleans up after the interrupted one, then goes through
    done, said, _ = run(out, target, yes=True)
    assert done
    assert not list(www.glob("releases/.envoi-*"))
    assert (www / "current" / "index.html").read_text() == "version 2"
    assert (www / "current" / "gros.bin").read_bytes() == (out / "gros.bin").read_bytes()
    assert json.loads((www / publisher.MANIFEST).read_text())["pending"] == []


# --- the server form -------------------------------------------------------------------------

# Stands for the network: runs on this machine what ssh would run on the server, and notes which
# host was asked. Everything else (the scripts, the quoting, rsync's remote mode) is real.
SSH = """#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in
    -l|-p|-o|-i|-e) shift 2 ;;
    -*) shift ;;
    *) break ;;
  esac
done
echo "$1" >> "{log}"
shift
exec sh -c "$*"
"""


def test_a_server_target_runs_the_same_steps_through_ssh(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "ssh").write_text(SSH.format(log=tmp_path / "ssh.log"))
    (bin_dir / "ssh").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    www = tmp_path / "dossier du site"  # a space: the commands must be quoted for the remote shell
    target = parse_target(f"deploy@pop.example:{www}", ROOT)
    assert target.host == "deploy@pop.example"
    out = site(tmp_path / "out", {"index.html": "v1", "a b/c.html": "espace"})
    done, said, _ = run(out, target, yes=True)
    assert done, said
    assert release_files(www) == {"index.html": "v1", "a b/c.html": "espace"}
    site(out, {"index.html": "v2"})
    run(out, target, yes=True)
    assert publisher.rollback(target, yes=True, say=lambda s: None)
    assert release_files(www)["index.html"] == "v1"
    # every step went through ssh to that host (rsync passes the user apart, with -l)
    hosts = set((tmp_path / "ssh.log").read_text().split())
    assert hosts == {"deploy@pop.example", "pop.example"}
