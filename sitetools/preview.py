"""The preview's warm builder: one long-lived process that has imported Pelican, the
plugins and their libraries, and forks one child per rebuild.

Each child runs exactly what ``python -m pelican content -s SETTINGS -o OUTPUT`` runs (the
same incremental preview build, from the same state: the warm process itself never builds,
so nothing of one build survives into the next), without paying for a new interpreter and
its imports. A child writes the pages of the files just saved first, before the rest of
the incremental build, so that the page being edited is on disk as soon as the site's
lists and checks are known.

The warm process is started again only when Python code changes (settings, plugins):
templates, vocabularies and content are read afresh by every child.

Protocol (JSON lines): the worker first sends ``{"watch": [...]}`` (the folders and files
the build depends on); then for each request ``{"changed": [...]}`` it answers
``{"code": int, "output": str, "seconds": float}``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

CODE_ROOT = Path(__file__).resolve().parent.parent  # the folder that holds sitetools/


@dataclass
class Result:
    code: int
    output: str  # what Pelican and the checks printed
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.code == 0


class Builder:
    """The server's handle on the warm process. Not thread-safe: one build at a time."""

    def __init__(self, root: Path, settings: str, output: Path, env: dict | None = None):
        self.root = Path(root)
        self.settings = settings
        self.output = Path(output)
        self.env = env or {}
        self.process: subprocess.Popen | None = None
        self.watch: list[Path] = []
        self.guard = threading.Lock()

    def start(self) -> None:
        pythonpath = os.pathsep.join(p for p in (str(CODE_ROOT), os.environ.get("PYTHONPATH", "")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitetools.preview", str(self.root), self.settings, str(self.output)],
            cwd=self.root,
            env={**os.environ, **self.env, "PYTHONPATH": pythonpath},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        hello = self.process.stdout.readline()
        try:
            self.watch = [Path(p) for p in json.loads(hello)["watch"]]
        except (ValueError, KeyError, TypeError):
            # the settings themselves do not load: every build will say why
            self.watch = []

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart(self) -> None:
        """Code or settings changed: a new warm process imports them again."""
        self.stop()
        self.start()

    def build(self, changed: list[str] | tuple = ()) -> Result:
        with self.guard:
            for attempt in (1, 2):
                if self.process is None or self.process.poll() is not None:
                    self.start()
                try:
                    self.process.stdin.write(json.dumps({"changed": [str(p) for p in changed]}) + "\n")
                    self.process.stdin.flush()
                    answer = self.process.stdout.readline()
                    reply = json.loads(answer)
                    return Result(reply["code"], reply["output"], reply.get("seconds", 0.0))
                except (OSError, ValueError, KeyError):
                    self.stop()
                    if attempt == 2:
                        return Result(
                            1, "Le processus de prévisualisation s'est arrêté : relancez invoke serve."
                        )
            raise AssertionError("unreachable")


# --------------------------------------------------------------------------- worker side

FIRST: set[str] = set()  # in a build child: absolute paths of the files just saved


def warm_up(settings_file: str) -> dict:
    """Import what every build needs, once; return the settings (for the watched paths)."""
    from pelican import signals  # noqa: PLC0415
    from pelican.plugins._utils import load_plugins  # noqa: PLC0415
    from pelican.settings import read_settings  # noqa: PLC0415

    settings = read_settings(settings_file, override={"PATH": "content"})
    load_plugins(settings)  # imports the plugins' modules (and Markdown, Jinja, Babel…)
    import pelican.generators  # noqa: F401, PLC0415
    import pelican.readers  # noqa: F401, PLC0415
    import pelican.writers  # noqa: F401, PLC0415

    signals.all_generators_finalized.connect(write_saved_first)
    return settings


def watched_paths(settings: dict, settings_file: str) -> list[str]:
    paths = [Path(settings["PATH"]), Path(settings["THEME"]), Path(settings_file)]
    paths += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    root = Path.cwd()
    paths += [root / name for name in ("pelicanconf.py", "publishconf.py")]
    for module in ("pelicanconf", "publishconf"):  # settings that import the project's
        loaded = sys.modules.get(module)
        if loaded is not None and getattr(loaded, "__file__", None):
            paths.append(Path(loaded.__file__))
    seen = []
    for path in paths:
        path = path if path.is_absolute() else root / path
        if path.exists() and str(path) not in seen:
            seen.append(str(path))
    return seen


def write_saved_first(generators) -> None:
    """Before the incremental build writes anything, write the pages of the saved files
    (exactly as the build itself would: same call, same context), so they are served
    without waiting for the rest; the build then finds them up to date."""
    if not FIRST:
        return
    for generator in generators:
        if hasattr(generator, "generate_output"):
            original = generator.generate_output

            def first_then_rest(writer, original=original):
                write_first(generators, writer)
                original(writer)

            generator.generate_output = first_then_rest
            return


def write_first(generators, writer) -> None:
    from itertools import chain  # noqa: PLC0415

    from pelican.generators import ArticlesGenerator, PagesGenerator  # noqa: PLC0415

    cache = getattr(writer, "page_cache", None)
    if cache is None:
        return  # not an incremental build: nothing would find the page up to date
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            items = chain(generator.articles, generator.hidden_articles)
        elif isinstance(generator, PagesGenerator):
            items = chain(generator.pages, generator.hidden_pages, generator.draft_pages)
        elif hasattr(generator, "write_item") and hasattr(generator, "items"):
            items = iter(generator.items)
        else:
            continue
        for item in items:
            if os.path.abspath(item.source_path) not in FIRST or not item.save_as:
                continue
            if isinstance(generator, ArticlesGenerator):
                writer.write_file(
                    item.save_as,
                    generator.get_template(item.template),
                    generator.context,
                    article=item,
                    category=getattr(item, "category", None),
                    override_output=hasattr(item, "override_save_as"),
                    url=item.url,
                    blog=True,
                    relative_urls=generator.settings["RELATIVE_URLS"],
                )
            elif isinstance(generator, PagesGenerator):
                writer.write_file(
                    item.save_as,
                    generator.get_template(item.template),
                    generator.context,
                    page=item,
                    relative_urls=generator.settings["RELATIVE_URLS"],
                    override_output=hasattr(item, "override_save_as"),
                    url=item.url,
                )
            else:
                generator.write_item(writer, item)
            # the build's own pass finds the page up to date and leaves it as written
            key = cache.current.get(item.save_as)
            if key is not None:
                cache.previous[item.save_as] = key


def build_child(settings_file: str, output: str, changed: list[str], log_fd: int) -> None:
    """In the forked child: the preview build, printing into ``log_fd``; never returns."""
    code = 1
    try:
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        FIRST.update(os.path.abspath(p) for p in changed)
        from pelican import main  # noqa: PLC0415

        profile_to = os.environ.get("PREVIEW_PROFILE")  # a cProfile of each build (bench/README.md)
        if profile_to:
            import cProfile  # noqa: PLC0415

            profiler = cProfile.Profile()
            try:
                profiler.runcall(main, ["content", "-s", settings_file, "-o", output])
            finally:
                profiler.dump_stats(f"{profile_to}.{os.getpid()}")
        else:
            main(["content", "-s", settings_file, "-o", output])
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:  # noqa: BLE001 — the child must never return into the loop
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve_requests(settings_file: str, output: str, replies) -> None:
    for line in sys.stdin:
        request = json.loads(line)
        started = time.perf_counter()
        with tempfile.TemporaryFile() as log:
            pid = os.fork()
            if pid == 0:
                build_child(settings_file, output, request.get("changed", []), log.fileno())
            _, status = os.waitpid(pid, 0)
            log.seek(0)
            text = log.read().decode("utf-8", "replace")
        reply = {
            "code": os.waitstatus_to_exitcode(status),
            "output": text,
            "seconds": time.perf_counter() - started,
        }
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def worker_main(argv: list[str]) -> int:
    root, settings_file, output = argv
    # Ctrl+C in the terminal reaches the whole group: the server stops, and this process ends
    # when the server closes its stdin, without a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.chdir(root)
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    # replies go through a copy of stdout; anything else printed here goes to stderr
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    try:
        settings = warm_up(settings_file)
        watch = watched_paths(settings, settings_file)
    except Exception:  # noqa: BLE001 — a broken settings file: each build will report it
        watch = []
    replies.write(json.dumps({"watch": watch}) + "\n")
    replies.flush()
    serve_requests(settings_file, output, replies)
    return 0


if __name__ == "__main__":
    sys.exit(worker_main(sys.argv[1:]))
