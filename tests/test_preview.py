"""The preview server, as an editor uses it: saves, bursts of saves, errors and their fixes,
files deleted and restored, many open tabs; each page it serves is exactly what a full
preview build writes, and its memory stays flat.

Each test starts the real server (``sitetools.devserver.serve``) in its own process on a
tiny site, edits files on disk and reads pages over HTTP.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from minisite import ENV, pelican, tree_digest, write_site

from bench.run import children_of
from sitetools.build import ROOT
from sitetools.lock import output_lock

SERVER = (
    "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
    "from sitetools.devserver import serve;"
    "serve(Path(sys.argv[2]), port=int(sys.argv[3]), root=Path(sys.argv[4]), settings='conf.py')"
)
ARTICLE = "---\ntitle: {title}\ndate: 2026-01-{day:02d}\ntags:\n  - {tag}\n---\n{body}\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def article(title: str, day: int = 10, tag: str = "Lens", body: str = "Un paragraphe.") -> str:
    return ARTICLE.format(title=title, day=day, tag=tag, body=body)


class Preview:
    """A preview server running on a tiny site in a temp folder."""

    def __init__(self, tmp_path: Path, files: dict[str, str]):
        self.root = tmp_path / "site"
        write_site(self.root, files, publish=False)
        with open(self.root / "conf.py", "a", encoding="utf-8") as conf:
            conf.write("LOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\n")  # as pelicanconf
        self.output = tmp_path / "preview"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = open(tmp_path / "server.log", "w+b")  # noqa: SIM115 — closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(ROOT), str(self.output), str(self.port), str(self.root)],
            cwd=self.root,
            env={**os.environ, **ENV, "STRICT": ""},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the server, its warm process and its builds: one group
        )
        deadline = time.monotonic() + 120
        while self.status() is None:
            assert self.process.poll() is None, self.server_log()
            assert time.monotonic() < deadline, self.server_log()
            time.sleep(0.1)

    def server_log(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def status(self) -> dict | None:
        try:
            with urllib.request.urlopen(self.url + "__status", timeout=5) as response:
                return json.loads(response.read())
        except (OSError, ValueError):
            return None

    def settle(self, since: int, timeout: float = 60) -> dict:
        """Wait until a build newer than version ``since`` is done and nothing waits."""
        deadline = time.monotonic() + timeout
        # The last change reaches the server a moment after it is written: the watcher
        # gathers changes for 0.4 s (devserver.watch, debounce) before it reports them. Calm
        # means no new build for longer than that.
        calm = None
        while True:
            status = self.status()
            if status and status["version"] > since and not status["busy"]:
                if calm == status["version"]:
                    return status
                calm = status["version"]
                time.sleep(1.0)
                continue
            calm = None
            assert time.monotonic() < deadline, f"pas de reconstruction : {status}\n{self.server_log()}"
            time.sleep(0.05)

    def save(self, name: str, text: str | None) -> dict:
        """Write (or delete, with None) a file of the site and wait for the rebuild."""
        before = self.status()["version"]
        path = self.root / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return self.settle(before)

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def fast_builds(self) -> int:
        """Builds made by splicing the saved texts into the site already read."""
        return self.server_log().count("texte relu seul")

    def full_build(self, output: Path) -> tuple[int, str]:
        """A fresh full preview build of the same site, with its own cache."""
        return pelican(
            self.root,
            output,
            {"STRICT": "", "PELICAN_CACHE_PATH": str(output) + "-cache", "PREVIEW_URL": self.url.rstrip("/")},
        )

    def rss_mb(self) -> tuple[float, float]:
        """Resident memory of the server and of its warm process (no build running)."""
        deadline = time.monotonic() + 30
        while len(children_of(self.process.pid)) != 1:  # a warm process restarting (code changed)
            assert time.monotonic() < deadline, children_of(self.process.pid)
            time.sleep(0.1)
        return rss_mb(self.process.pid), rss_mb(children_of(self.process.pid)[0])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            return int(re.search(r"VmRSS:\s+(\d+)", handle.read()).group(1)) / 1024
    except (OSError, AttributeError):
        return 0.0


@pytest.fixture
def preview(tmp_path):
    files = {
        f"content/articles/a{n}.md": article(f"Article {n}", day=n, tag=f"T{n % 2}") for n in range(1, 6)
    }
    server = Preview(tmp_path, files)
    yield server
    server.stop()


def same_as_full_build(preview: Preview, output: Path, retry: bool = True) -> None:
    code, log = preview.full_build(output)
    if retry and code == 0 and tree_digest(preview.output) != tree_digest(output):
        # the project's own code may change while the test runs (the server then starts a new
        # warm process and builds again): once settled, the preview must have caught up
        time.sleep(1.5)
        preview.settle(preview.status()["version"] - 1)
        shutil.rmtree(output)
        return same_as_full_build(preview, output, retry=False)
    served_code, served = preview.get("actualites/a1/")
    if code != 0:
        # the full build refuses the site: every page of the preview says why, in the same words
        assert served_code == 500 and "La construction a échoué" in served, (served_code, log)
        errors = [line.strip() for line in log.splitlines() if re.match(r"\s*content/.+:\d+: ", line)]
        assert errors, log
        for line in errors:
            assert html.escape(line) in served, (line, served)
        return
    assert served_code in (200, 404), served
    assert tree_digest(preview.output) == tree_digest(output), log


def test_random_edits_serve_exactly_what_a_full_build_writes(preview, tmp_path):
    rng = random.Random(20261206)
    names = [f"content/articles/a{n}.md" for n in range(1, 6)]
    broken: str | None = None
    for step in range(8):
        if broken is not None:  # fix what the last step broke
            preview.save(broken, article(f"Réparé {step}", day=20))
            broken = None
        else:
            action = rng.choice(["title", "add", "delete", "break", "body", "tag", "text", "text"])
            name = rng.choice(names)
            if action == "add" or not names:
                name = f"content/articles/nouveau{step}.md"
                names.append(name)
                preview.save(name, article(f"Nouveau {step}", day=step + 1))
            elif action == "delete" and len(names) > 2:
                names.remove(name)
                preview.save(name, None)
            elif action == "break":
                preview.save(name, article("Cassé", day=12).replace("date: 2026-01-12", "date: 2026-13-45"))
                broken = name
            elif action == "tag":
                preview.save(name, article(f"Étiqueté {step}", day=15, tag="Nouvelle étiquette"))
            elif action == "body":
                preview.save(name, article(f"Article {name}", body=f"Texte revu {step}."))
            elif action == "text":  # the text alone: the fast build splices it
                preview.save(
                    name, with_body(preview.read(name), f"Texte seul revu {step}.\n\n## Partie {step}\n")
                )
            else:
                preview.save(name, article(f"Titre {step} : « revu »", day=rng.randint(1, 28)))
        same_as_full_build(preview, tmp_path / f"full-{step}")
    assert preview.fast_builds() > 0, preview.server_log()


def with_body(text: str, body: str) -> str:
    """A Markdown file with its front matter kept and its text replaced."""
    end = text.index("\n---\n", 3) + len("\n---\n")
    return text[:end] + body


def every_type() -> dict[str, str]:
    """A tiny site with an item of each type: articles, a page, an issue and its article,
    a training, a resource and its files."""
    from test_editions import article as issue_article  # noqa: PLC0415
    from test_editions import issue  # noqa: PLC0415
    from test_library import KIT  # noqa: PLC0415
    from test_trainings import TRAINING  # noqa: PLC0415
    from test_trainings import VOCABULARIES as TRAINING_VOCABULARIES  # noqa: PLC0415

    return {
        **{f"content/articles/a{n}.md": article(f"Article {n}", day=n, tag=f"T{n % 2}") for n in range(1, 4)},
        "content/editions/2-confiance.md": issue(2, "À qui se fier ?", "2026-09-01"),
        "content/articles/mediations/m1.md": issue_article("Premier du sommaire", "2026-09-01", 2, 1),
        "content/articles/mediations/m2.md": issue_article("Deuxième du sommaire", "2026-09-01", 2, 2),
        **TRAINING_VOCABULARIES,
        "content/formations/developpeur-web.md": TRAINING,
        **KIT,
    }


def test_saved_texts_of_every_type_are_spliced_and_equal_a_full_build(tmp_path):
    """The fast build (the saved text read again into the site already read) writes what a
    full build writes, for every type; an error shows, and its fix is fast again."""
    server = Preview(tmp_path, every_type())
    try:
        edits = [
            ("content/articles/a2.md", "Un texte revu, avec [un lien]({filename}a1.md).\n"),
            ("content/pages/contact.md", "Écrivez-nous, ou venez nous voir.\n"),
            ("content/editions/2-confiance.md", "Un nouvel édito.\n\n## Au sommaire\n"),
            ("content/articles/mediations/m2.md", "Texte revu du deuxième article.\n"),
            # its headings start at h3 under « Programme » (derived from the text: prepare again)
            ("content/formations/developpeur-web.md", "## Module 1 revu\n\nLe programme revu.\n"),
            ("content/outillerie/kit/index.md", "Le déroulé revu de l'atelier.\n"),
        ]
        for step, (name, body) in enumerate(edits):
            fast = server.fast_builds()
            server.save(name, with_body(server.read(name), body))
            assert server.fast_builds() == fast + 1, (name, server.server_log()[-3000:])
            same_as_full_build(server, tmp_path / f"full-{step}")
        assert "<h3" in server.get("formations/developpeur-web/")[1]
        # an error in a text: the full build says it (on every page); its fix is spliced
        name = "content/articles/a3.md"
        good = server.read(name)
        server.save(name, with_body(good, "Un [lien cassé]({filename}absent.md).\n"))
        status, page = server.get("actualites/a3/")
        assert status == 500 and "content/articles/a3.md:" in page and "absent.md" in page, page
        same_as_full_build(server, tmp_path / "full-error")
        fast = server.fast_builds()
        server.save(name, with_body(good, "Le lien réparé : [ici]({filename}a1.md).\n"))
        assert server.fast_builds() == fast + 1, server.server_log()[-3000:]
        assert server.get("actualites/a3/")[0] == 200
        same_as_full_build(server, tmp_path / "full-fixed")
    finally:
        server.stop()


def test_an_error_shows_on_every_page_then_its_fix(preview):
    status, page = preview.get("actualites/a2/")
    assert status == 200 and "Article 2" in page
    preview.save("content/articles/a2.md", article("Article 2").replace("date: 2026-01-10", "date: demain"))
    for path in ("actualites/a2/", "", "actualites/a3/"):
        status, page = preview.get(path)
        assert status == 500 and "La construction a échoué" in page
        assert "content/articles/a2.md:3: champ « date »" in page, page
    preview.save("content/articles/a2.md", article("Article deux, réparé"))
    status, page = preview.get("actualites/a2/")
    assert status == 200 and "Article deux, réparé" in page


def test_a_file_deleted_then_restored(preview):
    text = (preview.root / "content/articles/a3.md").read_text(encoding="utf-8")
    preview.save("content/articles/a3.md", None)
    status, _ = preview.get("actualites/a3/")
    assert status == 404
    assert "Article 3" not in preview.get("")[1]
    preview.save("content/articles/a3.md", text)
    status, page = preview.get("actualites/a3/")
    assert status == 200 and "Article 3" in page
    assert "Article 3" in preview.get("")[1]


def test_a_burst_of_saves_is_coalesced_and_shows_the_last(preview):
    path = preview.root / "content/articles/a4.md"
    before = preview.status()
    for n in range(100):  # 100 saves in 10 s
        path.write_text(article(f"Version {n}"), encoding="utf-8")
        time.sleep(0.1)
    after = preview.settle(before["version"])
    builds = after["builds"] - before["builds"]
    print(f"100 enregistrements en 10 s : {builds} reconstructions")
    assert 1 <= builds < 80  # one build per save would make 100
    status, page = preview.get("actualites/a4/")
    shown = sorted(set(re.findall(r"Version \d+", page)))
    assert status == 200 and shown == ["Version 99"], (shown, preview.server_log()[-2000:])


def open_reload(preview: Preview) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", preview.port), timeout=20)
    sock.sendall(b"GET /__reload HTTP/1.1\r\nHost: x\r\n\r\n")
    return sock


def next_version(sock: socket.socket, buffer: bytearray) -> int:
    while b"data: " not in buffer or not re.search(rb"data: (\d+)\n\n", buffer):
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("le serveur a fermé la connexion de rechargement")
        buffer += chunk
    match = re.search(rb"data: (\d+)\n\n", buffer)
    version = int(bytes(match.group(1)))
    del buffer[: match.end()]
    return version


def test_fifty_open_tabs_some_dropping(preview):
    tabs = [(open_reload(preview), bytearray()) for _ in range(50)]
    first = [next_version(sock, buffer) for sock, buffer in tabs]
    # 20 tabs go away mid-stream: some closed politely, some reset
    for index, (sock, _) in enumerate(tabs[:20]):
        if index % 2:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
    preview.save("content/articles/a1.md", article("Article un, revu"))
    for (sock, buffer), seen in zip(tabs[20:], first[20:], strict=True):
        assert next_version(sock, buffer) > seen  # every tab still open is told to reload
        sock.close()
    status, page = preview.get("actualites/a1/")
    assert status == 200 and "Article un, revu" in page
    # and it keeps going: another save, another reload for a new tab
    tab = open_reload(preview)
    buffer = bytearray()
    seen = next_version(tab, buffer)
    preview.save("content/articles/a1.md", article("Article un, encore"))
    assert next_version(tab, buffer) > seen
    tab.close()


def test_feed_links_follow_the_preview_port(preview):
    status, feed = preview.get("feeds/all.atom.xml")
    assert status == 200
    assert f"http://127.0.0.1:{preview.port}/" in feed
    assert "127.0.0.1:8000" not in feed or preview.port == 8000


def test_pages_reload_but_the_admin_does_not(preview):
    """A save reloads open pages; the admin's form would lose what the editor is typing."""
    status, page = preview.get("actualites/a1/")
    assert status == 200 and "/__reload" in page
    status, admin = preview.get("admin/")
    assert status == 200 and 'rel="cms-config-url"' in admin
    assert "/__reload" not in admin


def test_a_rebuild_waits_for_the_output_lock(preview):
    with output_lock(preview.output, announce=lambda text: None):
        before = preview.status()["version"]
        (preview.root / "content/articles/a5.md").write_text(article("Pendant le verrou"), encoding="utf-8")
        deadline = time.monotonic() + 30
        while not preview.status()["busy"]:  # the server has seen the save
            assert time.monotonic() < deadline
            time.sleep(0.05)
        while "Une autre construction utilise" not in preview.server_log():
            assert time.monotonic() < deadline, preview.server_log()
            time.sleep(0.05)
        assert preview.status()["version"] == before  # no build while another one holds output/
        assert "Pendant le verrou" not in preview.get("actualites/a5/")[1]
    preview.settle(before)
    assert "Pendant le verrou" in preview.get("actualites/a5/")[1]
    assert "Une autre construction utilise" in preview.server_log()


# 1,000 with PREVIEW_STRESS_REBUILDS=1000 (about 15 minutes); few in the suite: a build runs in
# a child that exits, so only the server itself could grow
REBUILDS = int(os.environ.get("PREVIEW_STRESS_REBUILDS", "25"))


def test_memory_stays_flat_over_many_rebuilds(preview):
    path = preview.root / "content/articles/a5.md"
    for n in range(5):  # warm up: the first rebuilds fill caches
        preview.save("content/articles/a5.md", article(f"Échauffement {n}"))
    server, warm = preview.rss_mb()
    for n in range(REBUILDS):
        before = preview.status()["version"]
        path.write_text(article(f"Reconstruction {n}"), encoding="utf-8")
        preview.settle(before)
    server_end, warm_end = preview.rss_mb()
    print(
        f"mémoire après {REBUILDS} reconstructions : serveur {server:.0f} → {server_end:.0f} Mo, "
        f"processus chaud {warm:.0f} → {warm_end:.0f} Mo"
    )
    assert f"Reconstruction {REBUILDS - 1}" in preview.get("actualites/a5/")[1]
    assert server_end - server < 50 and warm_end - warm < 50
