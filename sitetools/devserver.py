"""The preview server: serves the preview build, rebuilds when a source changes, and
reloads open pages. When a build fails, every page shows the list of errors instead of a
stale page, until the next successful build."""

from __future__ import annotations

import html
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .build import ROOT, run_pelican

WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py", "conf.py")
RELOAD_PATH = "/__reload"
RELOAD_SCRIPT = (
    "<script>(function(){var v=null;var s=new EventSource('" + RELOAD_PATH + "');"
    "s.onmessage=function(e){if(v!==null&&e.data!==v){location.reload();}v=e.data;};})();</script>"
)


class State:
    """The last build's outcome, shared by the watcher and the request handlers."""

    def __init__(self):
        self.version = 0
        self.errors: str | None = None
        self.changed = threading.Condition()

    def publish(self, errors: str | None) -> None:
        with self.changed:
            self.errors = errors
            self.version += 1
            self.changed.notify_all()


def snapshot(root: Path) -> dict[str, float]:
    stamps = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" not in file.parts:
                stamps[str(file)] = file.stat().st_mtime
    return stamps


def build(output: Path, state: State, root: Path, settings: str) -> None:
    started = time.monotonic()
    # In place: the preview settings render again only what changed, and a build with
    # content errors stops before writing anything.
    result = run_pelican(settings, output, cwd=root)
    took = time.monotonic() - started
    if result.ok:
        print(f"Prévisualisation à jour ({took:.1f} s).", flush=True)
        state.publish(None)
    else:
        print(result.output, flush=True)
        state.publish(result.output)


def watch(output: Path, state: State, root: Path, settings: str, interval: float = 0.4) -> None:
    seen = snapshot(root)
    while True:
        time.sleep(interval)
        current = snapshot(root)
        if current != seen:
            seen = current
            build(output, state, root, settings)


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
        if self.state.errors is not None and Path(self.path.split("?")[0]).suffix in ("", ".html"):
            return self.send_bytes(500, error_page(self.state.errors))
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html":
            if not path.is_file():
                path = Path(self.directory) / "404.html"
                code = 404
            else:
                code = 200
            page = path.read_bytes() if path.is_file() else b"Page introuvable"
            page = page.replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
            return self.send_bytes(code, page)
        return super().do_GET()

    def send_bytes(self, code: int, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
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
                        self.state.changed.wait(timeout=15)
                    last = self.state.version
                self.wfile.write(f"data: {last}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def serve(
    output: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    root: Path = ROOT,
    settings: str = "pelicanconf.py",
) -> None:
    """Build the preview of the project in ``root``, serve it and rebuild on changes."""
    state = State()
    build(output, state, root, settings)
    output.mkdir(parents=True, exist_ok=True)
    threading.Thread(target=watch, args=(output, state, root, settings), daemon=True).start()
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    server.daemon_threads = True
    print(f"Prévisualisation sur http://{host}:{port}/ (Ctrl+C pour arrêter)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
