"""The preview server: serves the preview build, rebuilds when a source changes, and
reloads open pages. When a build fails, every page shows the list of errors instead of a
stale page, until the next successful build.

Rebuilds run in a warm process (:mod:`sitetools.preview`) that forks one child per build:
no interpreter to start, no imports, and the saved page is written first. A saved text
is most often read again alone into the site kept in memory (a « fast » build, said in
the terminal as « texte relu seul »); any other change rebuilds the site. Changes are
seen as the system reports them (``watchfiles``); those that arrive during a build are
gathered into the next one, so a burst of saves costs one or two builds, and the last
build always starts after the last save. Each rebuild holds the output folder's lock
(:mod:`sitetools.lock`).
"""

from __future__ import annotations

import html
import json
import signal
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .build import ROOT
from .lock import output_lock
from .preview import Builder, Result

WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py", "conf.py")
RELOAD_PATH = "/__reload"
STATUS_PATH = "/__status"  # JSON: the build count and whether a build runs or waits (tests, bench)
RELOAD_SCRIPT = (
    "<script>(function(){var v=null;var s=new EventSource('" + RELOAD_PATH + "');"
    "s.onmessage=function(e){if(v!==null&&e.data!==v){location.reload();}v=e.data;};})();</script>"
)
KEEPALIVE = 15  # seconds between two messages to an idle reload connection


class State:
    """The last build's outcome, shared by the watcher and the request handlers."""

    def __init__(self):
        self.version = 0
        self.errors: str | None = None
        self.builds = 0
        self.busy = False  # a build runs, or changes wait for one
        self.changed = threading.Condition()

    def publish(self, errors: str | None) -> None:
        with self.changed:
            self.errors = errors
            self.version += 1
            self.builds += 1
            self.changed.notify_all()


def needs_restart(path: str) -> bool:
    """Python code (settings, plugins) is imported once by the warm process."""
    return path.endswith(".py")


class Rebuilder:
    """Gathers changes and runs one build at a time, always after the last change."""

    def __init__(self, builder: Builder, state: State, output: Path):
        self.builder = builder
        self.state = state
        self.output = output
        self.pending: set[str] = set()
        self.wake = threading.Condition()
        self.stopped = threading.Event()

    def notify(self, paths) -> None:
        with self.wake:
            self.pending.update(str(p) for p in paths)
            self.state.busy = True
            self.wake.notify()

    def loop(self) -> None:
        while not self.stopped.is_set():
            with self.wake:
                while not self.pending and not self.stopped.is_set():
                    self.state.busy = False
                    self.wake.wait(timeout=1)
                changed, self.pending = sorted(self.pending), set()
            if changed and not self.stopped.is_set():
                try:
                    self.rebuild(changed)
                except Exception as exc:  # noqa: BLE001 — the server must keep watching
                    message = f"La prévisualisation n'a pas pu reconstruire le site : {exc}"
                    print(message, flush=True)
                    self.state.publish(message)

    def rebuild(self, changed: list[str]) -> Result:
        if any(needs_restart(p) for p in changed):
            self.builder.restart()
        return build(self.output, self.state, self.builder, changed)


def build(output: Path, state: State, builder: Builder, changed=()) -> Result:
    started = time.monotonic()
    # In place: the preview settings render again only what changed, and a build with
    # content errors stops before writing anything.
    with output_lock(output, announce=lambda text: print(text, flush=True)):
        result = builder.build(changed)
    took = time.monotonic() - started
    if result.ok:
        how = ", texte relu seul" if result.fast else ""
        print(f"Prévisualisation à jour ({took:.1f} s{how}).", flush=True)
        state.publish(None)
    else:
        print(result.output, flush=True)
        state.publish(result.output or "La construction a échoué sans message.")
    return result


def watch(paths: list[Path], rebuilder: Rebuilder, ready: threading.Event) -> None:
    """Report every change to ``rebuilder``; set ``ready`` once the watches are in place
    (its first, empty, report after 0.2 s), so that no save made after the server answers
    can be missed."""
    import watchfiles  # noqa: PLC0415 — Pelican's own dependency, for its autoreload

    for changes in watchfiles.watch(
        *paths,
        step=20,
        debounce=400,
        stop_event=rebuilder.stopped,
        raise_interrupt=False,
        yield_on_timeout=True,
        rust_timeout=200,
    ):
        ready.set()
        if changes:
            rebuilder.notify(path for _, path in changes)


def error_page(errors: str) -> bytes:
    body = (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        "<title>La construction a échoué</title></head><body style='font-family:sans-serif;"
        "max-width:60rem;margin:2rem auto;padding:0 1rem'><h1>La construction a échoué</h1>"
        "<p>Corrigez ces erreurs puis enregistrez : la page se rechargera toute seule.</p>"
        f"<pre style='white-space:pre-wrap;background:#fff4f4;padding:1rem'>{html.escape(errors)}</pre>"
        f"{RELOAD_SCRIPT}</body></html>"
    )
    return body.encode("utf-8")


class Handler(SimpleHTTPRequestHandler):
    state: State

    def log_message(self, format, *args):  # quiet: the terminal is for build messages
        pass

    def do_GET(self):
        if self.path == RELOAD_PATH:
            return self.stream_versions()
        if self.path == STATUS_PATH:
            status = {"version": self.state.version, "builds": self.state.builds, "busy": self.state.busy}
            return self.send_bytes(200, json.dumps(status).encode(), "application/json")
        if self.state.errors is not None and Path(self.path.split("?")[0]).suffix in ("", ".html"):
            return self.send_bytes(500, error_page(self.state.errors))
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html":
            try:
                page, code = path.read_bytes(), 200
            except OSError:  # missing, or removed by the build in the meantime
                try:
                    page = (Path(self.directory) / "404.html").read_bytes()
                except OSError:
                    page = b"Page introuvable"
                code = 404
            if b'rel="cms-config-url"' not in page:  # the admin: a reload would lose the form
                page = page.replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
            return self.send_bytes(code, page)
        return super().do_GET()

    def send_bytes(self, code: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def stream_versions(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        last = None
        try:
            while True:
                with self.state.changed:
                    if last == self.state.version:
                        self.state.changed.wait(timeout=KEEPALIVE)
                    last = self.state.version
                self.wfile.write(f"data: {last}\n\n".encode())
                self.wfile.flush()
        except OSError:  # the reader left (closed tab, dropped connection)
            return


def serve(
    output: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    root: Path = ROOT,
    settings: str = "pelicanconf.py",
) -> None:
    """Build the preview of the project in ``root``, serve it and rebuild on changes."""
    root = Path(root).resolve()
    output = Path(output).resolve()
    if threading.current_thread() is threading.main_thread():
        # Ctrl+C stops the server even when started from a program that ignored it (a job in
        # the background of a script, CI): Python then keeps the signal ignored
        signal.signal(signal.SIGINT, signal.default_int_handler)
    state = State()
    # feed links and other absolute addresses of the preview follow its port (pelicanconf)
    builder = Builder(root, settings, output, env={"PREVIEW_URL": f"http://{host}:{port}"})
    builder.start()
    rebuilder = Rebuilder(builder, state, output)
    # watching starts before the first build: a save made during it is built right after
    paths = builder.watch or [root / name for name in WATCHED if (root / name).exists()]
    watching = threading.Event()
    threading.Thread(target=watch, args=(paths, rebuilder, watching), daemon=True).start()
    watching.wait(timeout=30)
    build(output, state, builder)
    output.mkdir(parents=True, exist_ok=True)
    threading.Thread(target=rebuilder.loop, daemon=True).start()
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    server.daemon_threads = True
    print(f"Prévisualisation sur http://{host}:{port}/ (Ctrl+C pour arrêter)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        rebuilder.stopped.set()
        builder.stop()
        server.server_close()
