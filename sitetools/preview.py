"""The preview's warm builder: one long-lived process that has imported Pelican, the
plugins and their libraries, and builds each save in a forked child, fast when it can.

Three kinds of processes, all forks of the warm one (nothing is imported twice):

- **Full build** (a child of the warm process): exactly what ``python -m pelican content
  -s SETTINGS -o OUTPUT`` runs, the incremental preview build (``contentkit.incremental``),
  from the warm process's state, where nothing of a build survives. It writes the pages of
  the files just saved first, then the rest. The first build, and any change a fast build
  does not handle, go this way.
- **Base** (a child of the warm process, one at a time): after a full build succeeded, it
  reads the whole site as a build does (every generator's context, then every
  ``all_generators_finalized`` receiver: the checks, the site's lists) and stops just
  before writing (``Pelican._get_writer``), keeping it all in memory. A new base reads the
  site after each successful full build and after any change it cannot splice (the next
  save waits for it); once ``REFRESH_AFTER`` texts are spliced at every build, a newer base
  reads the site in the background while the old one still serves. After a failed build
  of saved texts the base is kept, so that the fix is fast again.
- **Fast build** (a child of the base, one per save): reads again the texts saved since the
  base read the site (and only them), and splices each into its item, *in place*, when the
  file changed in its text alone (``body_only``: every other attribute the reader sets is
  equal, and so are the static files it links to). A custom type's ``prepare`` runs again
  (a training's headings come from its text), as every incremental build runs it on the
  items from Pelican's cache; then the site is finalized again as Pelican does, with
  contentkit's checks limited to what a text can change (``fast_checks``), and the build
  goes on in Pelican's own code: the saved page is written first, then the other pages
  whose fingerprint changed, then ``finalized``.

A fast build falls back to the full build (exit code ``FALLBACK``, nothing written) when
it cannot vouch for the result: a new, deleted or unknown file, a change beyond the text
(title, date, tags, status, fields…), a problem found by the reader or the checks (the full
build then says them, in its own words), a ``PRODUCTION`` build. Files that are not texts
of the content (vocabularies in ``content/data/``, templates, images) always take the full
build, and the base is read again; Python code (settings, plugins) restarts the warm
process (``devserver.needs_restart``). Every process here stamps a file for Pelican's
caches before reading it (``stamp_before_reading``): a file saved during a read is read
again by the next build, never served stale. ``PREVIEW_NO_FAST=1`` turns fast builds off;
``PREVIEW_DEBUG=1`` prints, for each build, why it was not fast (``PREVIEW_DEBUG=FILE``:
the base's own output too); ``PREVIEW_PROFILE`` / ``PREVIEW_PROFILE_FAST`` write a
cProfile of each full / fast build. tests/test_preview.py compares fast builds with full
builds byte for byte.

Protocol with the server (JSON lines): the worker first sends ``{"watch": [...]}`` (the
folders and files the build depends on); then for each request ``{"changed": [...]}`` it
answers ``{"code": int, "output": str, "seconds": float, "path": "fast" | "full"}``.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path

CODE_ROOT = Path(__file__).resolve().parent.parent  # the folder that holds sitetools/


@dataclass
class Result:
    code: int
    output: str  # what Pelican and the checks printed
    seconds: float = 0.0
    fast: bool = False  # built by splicing the saved texts into the site already read

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
                    return Result(
                        reply["code"], reply["output"], reply.get("seconds", 0.0), reply.get("path") == "fast"
                    )
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

    stamp_before_reading()
    install_base_hooks()  # first: it must see the context before the plugins finalize it
    signals.all_generators_finalized.connect(write_saved_first)
    return settings


def stamp_before_reading() -> None:
    """Pelican's content caches stamp a file (its mtime) *after* reading it: a file saved
    while a build reads it (an editor saving again, or the base reading the site in the
    background) is then cached with its old text under its new stamp, and every later
    build serves the old text. Here the stamp is the one taken when the cache was asked,
    before reading: a file saved meanwhile no longer matches it, and is read again."""
    from pelican.cache import FileStampDataCacher  # noqa: PLC0415

    if getattr(FileStampDataCacher.cache_data, "_preview", False):
        return
    original_get = FileStampDataCacher.get_cached_data
    original_cache = FileStampDataCacher.cache_data

    def get_cached_data(self, filename, default=None):
        self.__dict__.setdefault("_stamps_before", {})[filename] = self._get_file_stamp(filename)
        return original_get(self, filename, default)

    def cache_data(self, filename, data):
        stamp = self.__dict__.get("_stamps_before", {}).pop(filename, None)
        if stamp is None:
            return original_cache(self, filename, data)
        return super(FileStampDataCacher, self).cache_data(filename, (stamp, data))

    cache_data._preview = True
    FileStampDataCacher.get_cached_data = get_cached_data
    FileStampDataCacher.cache_data = cache_data


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
    """The saved files' pages, leaving the site's context as it found it: Pelican keeps in
    it the address of the last page written (``localsiteurl``), and feeds written next
    resolve the items' links with it."""
    context = generators[0].context if generators else {}
    before = context.get("localsiteurl")
    try:
        mark("écriture")
        write_pages_first(generators, writer)
        mark("page écrite")
    finally:
        context["localsiteurl"] = before


def write_pages_first(generators, writer) -> None:
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


FALLBACK = 75  # a fast build's exit code: it cannot vouch for its result, the full build runs
FAST_SUFFIXES = (".md", ".markdown")
REFRESH_AFTER = 3  # files spliced again at every fast build: then a newer base is read

# In the base process (and its fast children): what the site's read left, see ``serve_base``.
BASE: dict = {}


def run_pelican(settings_file: str, output: str) -> int:
    """What ``pelican content -s SETTINGS -o OUTPUT`` runs, without its « Generating… »
    spinner (a thread: a process that forks must not hold one). Returns the exit code."""
    import logging  # noqa: PLC0415

    from pelican import LOG_HANDLERS, get_instance, init_logging, parse_arguments  # noqa: PLC0415

    args = parse_arguments(["content", "-s", settings_file, "-o", output])
    init_logging(
        level=args.verbosity,
        fatal=args.fatal,
        name="pelican",  # pelican.main's ``__name__``
        handler=LOG_HANDLERS[args.log_handler],
        logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level),
    )
    try:
        pelican, _ = get_instance(args)
        pelican.run()
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except Exception as exc:  # noqa: BLE001 — as pelican.main: logged, exit 1
        logging.getLogger("pelican").critical("%s: %s", exc.__class__.__name__, exc, exc_info=True)
        return getattr(exc, "exitcode", 1)
    return 0


def on_context_ready(generators) -> None:
    """First receiver of ``all_generators_finalized``: in the base process, keep what the
    site's read left before the plugins finalize it (the report, the plugins' extras), so
    that a fast child can finalize again from the same point."""
    if BASE.get("reading") and generators:
        from contentkit.state import get_run  # noqa: PLC0415

        run = get_run(generators[0].settings)
        BASE["generators"] = generators
        BASE["problems"] = list(run.report.problems)
        BASE["extras"] = dict(run.extras)
        BASE["settings"] = generators[0].settings


def hooked_get_writer(pelican):
    """``Pelican._get_writer``: the moment the site is read and finalized, just before
    anything is written. A base process stops there and serves fast builds."""
    if BASE.get("reading"):
        BASE["reading"] = False
        remember_checks(pelican)
        serve_base(pelican)  # returns only in a fast child
    return ORIGINAL_GET_WRITER[0](pelican)


ORIGINAL_GET_WRITER: list = []


def remember_checks(pelican) -> None:
    """In the base process, once the site is finalized: what its checks found, and the
    placeholders of each item, for fast builds to check only what an edit changes."""
    from contentkit.items import is_published  # noqa: PLC0415
    from contentkit.state import get_run  # noqa: PLC0415

    run = get_run(pelican.settings)
    BASE["checked_problems"] = list(run.report.problems)
    BASE["plain_links"] = list(run.extras.get("plain_links", []))
    BASE["placeholders"] = run.extras.get("placeholders", 0)
    BASE["placeholder_counts"] = {
        id(item): placeholders_in(item) for item in run.extras.get("items", []) if is_published(item)
    }


def placeholders_in(item) -> int:
    """As ``placeholders.check`` counts them for one item."""
    from contentkit import placeholders  # noqa: PLC0415

    try:
        text = Path(item.source_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 0
    return len(placeholders.find_in_markdown(text))


def fast_checks(changed: list, anchors_changed: bool, run, items, generators, context) -> None:
    """``checks.run_checks`` for a site whose items ``changed`` differ from the base's in
    their text only (``body_only``), with the same outcome. What the text cannot change
    is taken from the base's checks: stray files and addresses (no file added or removed,
    no address changed), the links of the other items (their text is the same, and so
    are the ids their links aim at in the changed items, unless ``anchors_changed``: then
    every item's links are checked again). The changed items' links are checked again;
    their plain links against every output of the site, as ``site_outputs`` of all items
    says; the checks of the plugins run on every item, as in a full build."""
    from contentkit import checks  # noqa: PLC0415
    from contentkit.items import is_published  # noqa: PLC0415

    mine = {id(item) for item in changed}
    shown = {run.display(item.source_path) for item in changed}
    found = BASE["checked_problems"][len(BASE["problems"]) :]
    run.report.problems += [problem for problem in found if problem.path not in shown]
    run.extras["plain_links"] = [link for link in BASE["plain_links"] if id(link.item) not in mine]
    checks.check_links(run, items if anchors_changed else changed, context)
    outputs = checks.site_outputs(run, items, generators, context)
    original = checks.site_outputs
    checks.site_outputs = lambda *args: outputs
    try:
        checks.check_plain_links(run, changed, generators, context)
    finally:
        checks.site_outputs = original
    for check in checks.CROSS_CHECKS:
        check(run, items, context)
    counts = BASE["placeholder_counts"]
    run.extras["placeholders"] = (
        BASE["placeholders"]
        - sum(counts.get(id(item), 0) for item in changed)
        + sum(placeholders_in(item) for item in changed if is_published(item))
    )


def install_base_hooks() -> None:
    from pelican import Pelican, signals  # noqa: PLC0415

    if not ORIGINAL_GET_WRITER:
        ORIGINAL_GET_WRITER.append(Pelican._get_writer)
        Pelican._get_writer = hooked_get_writer
    signals.all_generators_finalized.connect(on_context_ready)


def serve_base(pelican) -> None:
    """In the base process: answer ``{"reread": [...], "changed": [...]}`` requests by
    forking one fast child each; the child returns from here into Pelican's run."""
    requests, replies = BASE["requests"], BASE["replies"]
    index = {}
    from contentkit.items import all_items  # noqa: PLC0415

    for generator in BASE.get("generators") or []:
        for item in all_items([generator]):
            index.setdefault(os.path.abspath(item.source_path), (generator, item))
    BASE["index"] = index
    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    for line in requests:
        request = json.loads(line)
        with tempfile.TemporaryFile() as log:
            pid = os.fork()
            if pid == 0:
                requests.close()
                replies.close()
                os.dup2(log.fileno(), 1)
                os.dup2(log.fileno(), 2)
                BASE["forked"] = time.monotonic()
                FIRST.update(os.path.abspath(p) for p in request["changed"])
                if os.environ.get("PREVIEW_PROFILE_FAST"):  # a cProfile of each fast build
                    import cProfile  # noqa: PLC0415

                    BASE["profile"] = cProfile.Profile()
                    BASE["profile"].enable()
                try:
                    ok = splice(pelican, request["reread"])
                except Exception:  # noqa: BLE001 — anything unforeseen: the full build decides
                    traceback.print_exc()
                    ok = False
                if ok:
                    return  # into Pelican's run: writing, then ``finalized``
                sys.stdout.flush()
                os._exit(FALLBACK)
            _, status = os.waitpid(pid, 0)
            log.seek(0)
            text = log.read().decode("utf-8", "replace")
        replies.write(json.dumps({"code": os.waitstatus_to_exitcode(status), "output": text}) + "\n")
        replies.flush()
    os._exit(0)


def mark(step: str) -> None:
    """In a fast child with PREVIEW_DEBUG: when each step ends (in its output)."""
    if os.environ.get("PREVIEW_DEBUG"):
        print(f"[{time.monotonic() - BASE.get('forked', 0):.3f} s] {step}", flush=True)


def said(answer: bool, why: str) -> bool:
    """In a fast child, why it leaves the build to a full one (its output, shown with PREVIEW_DEBUG)."""
    print(f"lecture rapide impossible : {why}", flush=True)
    return answer


BODY_KEYS = ("_content", "reading_time")  # what a change of the text alone changes in an item


def same(a, b) -> bool:
    return a is b or a == b


def body_only(old, new) -> bool:
    """Whether ``new`` (the file read again) differs from ``old`` (the base's item, after
    the build's own processing) in its text only: every attribute the reader set is equal,
    but for the text and its reading time."""
    if type(old) is not type(new):
        return False
    mine = old.__dict__
    for key, value in new.__dict__.items():
        if key in BODY_KEYS:
            continue
        if key not in mine:
            return said(False, f"{key} : nouveau")
        if key == "metadata":
            theirs = {k: v for k, v in mine[key].items() if k not in BODY_KEYS}
            ours = {k: v for k, v in value.items() if k not in BODY_KEYS}
            if ours != theirs:
                return said(
                    False,
                    f"metadata : {sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))}",
                )
        elif not same(mine[key], value):
            return said(False, f"{key} : changé")
    return old.get_static_links() == new.get_static_links()


def reread(generator, path: str):
    """The item of ``path`` read again, as its generator reads it (or None)."""
    from pelican import signals  # noqa: PLC0415
    from pelican.contents import Article, Page  # noqa: PLC0415
    from pelican.generators import ArticlesGenerator, PagesGenerator  # noqa: PLC0415

    from contentkit.generator import ItemGenerator  # noqa: PLC0415

    relative = os.path.relpath(path, generator.path)
    if isinstance(generator, ItemGenerator):  # as ItemGenerator.generate_context reads
        content_class = generator.content_class
        item = generator.readers.read_file(
            base_path=generator.path, path=relative, content_class=content_class, context=generator.context
        )
    elif isinstance(generator, (ArticlesGenerator, PagesGenerator)):  # as Pelican's generators read
        kind = "article" if isinstance(generator, ArticlesGenerator) else "page"
        content_class = Article if kind == "article" else Page
        item = generator.readers.read_file(
            base_path=generator.path,
            path=relative,
            content_class=content_class,
            context=generator.context,
            preread_signal=getattr(signals, f"{kind}_generator_preread"),
            preread_sender=generator,
            context_signal=getattr(signals, f"{kind}_generator_context"),
            context_sender=generator,
        )
    else:
        return None
    if not isinstance(item, content_class) or not item.is_valid():
        return None
    return item


def splice(pelican, paths: list[str]) -> bool:
    """In a fast child: read ``paths`` again into the base's items, then finalize the site
    again as Pelican does (every ``all_generators_finalized`` receiver: checks, site lists).
    False (nothing written) when that cannot equal a full build: an unknown, new or custom
    type's file, a change beyond the text, any problem found."""
    from pelican import signals  # noqa: PLC0415
    from pelican.contents import Content  # noqa: PLC0415

    from contentkit import checks  # noqa: PLC0415
    from contentkit.state import get_run, truthy  # noqa: PLC0415

    run = get_run(BASE["settings"])
    if run.report.errors or (run.log_counter is not None and run.log_counter.count):
        return False
    if truthy(run.config.get("PRODUCTION")):  # every placeholder is an error there
        return False
    shown = {run.display(os.path.abspath(p)) for p in paths}
    run.report.problems = [p for p in BASE["problems"] if p.path not in shown]
    run.extras.clear()
    run.extras.update(BASE["extras"])
    if run.log_counter is not None:  # the build's summary says how long this build took
        run.log_counter.started = time.monotonic()
    pairs, owners = [], []
    for path in paths:
        entry = BASE["index"].get(os.path.abspath(path))
        if entry is None:
            return said(False, f"{path} : fichier nouveau pour le site lu")
        generator, old = entry
        new = reread(generator, os.path.abspath(path))
        if new is None or run.report.errors:
            return said(False, f"{path} : erreurs à la lecture")
        if not body_only(old, new):
            return False
        pairs.append((old, new))
        owners.append((generator, old))
    mark("relu")
    before = [checks.anchors(old) for old, _ in pairs]
    for old, new in pairs:
        for key in BODY_KEYS:
            if key in new.__dict__:
                old.__dict__[key] = new.__dict__[key]
            if key in new.metadata:
                old.metadata[key] = new.metadata[key]
        old.__dict__.pop("_contentkit_key", None)
    # A custom type derives its items in ``prepare`` (a training's headings come from its
    # text): run again, as every incremental build runs it on the items from the cache.
    for generator in {id(g): g for g, _ in owners}.values():
        if hasattr(generator, "prepare"):
            generator.prepare()
    mark("prepare")
    anchors_changed = [checks.anchors(old) for old, _ in pairs] != before
    # Pelican memoizes an item's content and summary (by item): they changed
    for name in ("get_content", "get_summary"):
        Content.__dict__[name].cache.clear()
    run.extras["run_checks"] = partial(fast_checks, [old for old, _ in pairs], anchors_changed)
    try:
        signals.all_generators_finalized.send(BASE["generators"])
    except SystemExit:
        return False
    mark("finalisé")
    return not run.report.errors


@dataclass
class BaseProcess:
    """The warm process's handle on a base process (a fork of it that read the site)."""

    pid: int
    requests: object
    replies: object
    ready: bool = False

    def wait_ready(self) -> bool:
        if not self.ready:
            line = self.replies.readline()
            self.ready = bool(line) and json.loads(line).get("ready", False)
        return self.ready

    def done_reading(self) -> bool:
        """Whether it has finished reading the site (ready, or dead), without waiting."""
        return self.ready or bool(select.select([self.replies], [], [], 0)[0])

    def build(self, reread: list[str], changed: list[str]) -> dict | None:
        try:
            self.requests.write(json.dumps({"reread": reread, "changed": changed}) + "\n")
            self.requests.flush()
            line = self.replies.readline()
            return json.loads(line) if line else None
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        for stream in (self.requests, self.replies):
            try:
                stream.close()
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def start_base(settings_file: str, output: str) -> BaseProcess:
    """Fork a base process: it reads the whole site (as a build does, up to the writing),
    then waits for fast builds."""
    to_base_r, to_base_w = os.pipe()
    from_base_r, from_base_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(to_base_w)
            os.close(from_base_r)
            # what the site's read prints was said by the full build before it (PREVIEW_DEBUG: a file)
            debug = os.environ.get("PREVIEW_DEBUG")
            quiet = os.open(
                debug if debug and debug != "1" else os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND
            )
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            BASE.clear()
            BASE.update(
                reading=True,
                requests=os.fdopen(to_base_r, "r", encoding="utf-8"),
                replies=os.fdopen(from_base_w, "w", encoding="utf-8"),
            )
            code = run_pelican(settings_file, output)  # a fast child comes back here
        except BaseException:  # noqa: BLE001 — never return into the warm process's loop
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                if BASE.get("profile"):
                    BASE["profile"].disable()
                    BASE["profile"].dump_stats(f"{os.environ['PREVIEW_PROFILE_FAST']}.{os.getpid()}")
                # a fast child that failed leaves the verdict (and the messages) to a full build
                os._exit(FALLBACK if FIRST and code != 0 else code)
    os.close(to_base_r)
    os.close(from_base_w)
    return BaseProcess(
        pid, os.fdopen(to_base_w, "w", encoding="utf-8"), os.fdopen(from_base_r, "r", encoding="utf-8")
    )


def fast_candidates(changed: list[str], content: Path, data: Path) -> bool:
    """Saved texts of the content (not vocabularies): a fast build may handle them."""
    for name in changed:
        path = Path(name)
        if path.suffix not in FAST_SUFFIXES or not path.is_file():
            return False
        if not path.is_relative_to(content) or path.is_relative_to(data):
            return False
    return bool(changed)


def full_build(settings_file: str, output: str, changed: list[str]) -> tuple[int, str]:
    with tempfile.TemporaryFile() as log:
        pid = os.fork()
        if pid == 0:
            build_child(settings_file, output, changed, log.fileno())
        _, status = os.waitpid(pid, 0)
        log.seek(0)
        return os.waitstatus_to_exitcode(status), log.read().decode("utf-8", "replace")


def serve_requests(settings_file: str, output: str, replies, settings: dict | None = None) -> None:
    fast = settings is not None and not settings.get("DELETE_OUTPUT_DIRECTORY")
    fast = fast and not os.environ.get("PREVIEW_NO_FAST") and not os.environ.get("PREVIEW_PROFILE")
    if fast:
        content = Path(settings["PATH"]).resolve()
        data = content / str((settings.get("CONTENTKIT") or {}).get("DATA_DIR", "data"))
    base: BaseProcess | None = None
    dirty: set[str] = set()  # saved since the base read the site
    # a newer base reading the site in the background, and what was saved since it started
    fresh: BaseProcess | None = None
    fresh_dirty: set[str] = set()
    for line in sys.stdin:
        request = json.loads(line)
        changed = [os.path.abspath(p) for p in request.get("changed", [])]
        started = time.perf_counter()
        if fresh is not None and fresh.done_reading():  # the newer base takes over
            if base is not None:
                base.stop()
            base, dirty, fresh, fresh_dirty = fresh, fresh_dirty, None, set()
        answer = None
        candidates = fast and fast_candidates(changed, content, data)
        if base is not None and candidates and base.wait_ready():
            answer = base.build(sorted(dirty | set(changed)), changed)
            if answer is None:  # the base process died: read the site again
                base.stop()
                base = None
        if os.environ.get("PREVIEW_DEBUG"):  # why a build was not fast
            print(
                f"rapide ? candidats={candidates} base={base} réponse={answer}", file=sys.stderr, flush=True
            )
        if answer is not None and answer["code"] != FALLBACK:
            code, text, path = answer["code"], answer["output"], "fast"
        else:
            for reading in (base, fresh):  # never two reads of the site writing Pelican's cache at once
                if reading is not None:
                    reading.wait_ready()
            code, text = full_build(settings_file, output, changed)
            path = "full"
        dirty.update(changed)
        fresh_dirty.update(changed)
        reply = {"code": code, "output": text, "seconds": time.perf_counter() - started, "path": path}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
        if not fast:
            continue
        # Read the site afresh (in the background, while the editor reads the page) after a
        # full build that succeeded, and after any change a fast build does not handle
        # (vocabularies, templates, new or deleted files): the base is then out of date.
        # After a failed build of saved texts, keep it: the fix is most often a change of
        # the text, which the base can splice.
        if base is None or not candidates or (path == "full" and code == 0):
            for old in (base, fresh):
                if old is not None:
                    old.stop()
            base, dirty, fresh, fresh_dirty = start_base(settings_file, output), set(), None, set()
        elif len(dirty) >= REFRESH_AFTER and fresh is None and code == 0:
            # texts spliced again at every build: a newer base, read while the old one
            # still serves, keeps that short
            fresh, fresh_dirty = start_base(settings_file, output), set()
    for old in (base, fresh):
        if old is not None:
            old.stop()


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
        settings, watch = None, []
    replies.write(json.dumps({"watch": watch}) + "\n")
    replies.flush()
    serve_requests(settings_file, output, replies, settings if watch else None)
    return 0


if __name__ == "__main__":
    sys.exit(worker_main(sys.argv[1:]))
