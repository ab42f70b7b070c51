"""Writing the site on two cores: once every item is read and checked, the build forks;
each process renders half of the pages (chosen by a hash of the file name), and the
parent waits for its child before anything runs on the finished output (``finalized``).

Only generators that write through Pelican's writer are shared out (Pelican's articles,
pages and template pages, and any generator with ``shardable = True``); the others (static
files, sitemap…) run in the parent alone. Used for full builds; previews render
incrementally instead.
"""

from __future__ import annotations

import os
import sys
import traceback
import zlib

from pelican.generators import ArticlesGenerator, PagesGenerator, TemplatePagesGenerator

SHARDABLE = (ArticlesGenerator, PagesGenerator, TemplatePagesGenerator)


def owns(run, name: str) -> bool:
    """Whether this process writes the output file ``name``."""
    if run.shard is None or not run.sharing:
        return True
    index, count = run.shard
    return zlib.crc32(str(name).encode("utf-8")) % count == index


class ShardTemplate:
    """Stands for a template: renders only the pages this process writes."""

    def __init__(self, template, run):
        self.template = template
        self.run = run

    def render(self, localcontext: dict) -> str:
        if not owns(self.run, localcontext.get("output_file", "")):
            return ""  # written to os.devnull by the writer
        return self.template.render(localcontext)


def is_shardable(generator) -> bool:
    return isinstance(generator, SHARDABLE) or getattr(generator, "shardable", False)


def noop(writer) -> None:
    return None


def split(run, generators) -> None:
    """Fork: the child writes its half of the shardable generators' pages, then exits."""
    writers = [g for g in generators if hasattr(g, "generate_output")]
    if not hasattr(os, "fork") or not any(is_shardable(g) for g in writers):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    for generator in writers:
        if is_shardable(generator):
            generator.generate_output = shared_out(run, generator.generate_output)
    pid = os.fork()
    if pid == 0:
        run.shard = (1, 2)
        shared = [g for g in writers if is_shardable(g)]
        for generator in writers:
            if not is_shardable(generator):
                generator.generate_output = noop
        last = shared[-1]
        last.generate_output = child_exit(run, last.generate_output)
    else:
        run.shard = (0, 2)
        last = writers[-1]
        last.generate_output = parent_wait(run, pid, last.generate_output)


def shared_out(run, generate_output):
    """While a shardable generator writes, each process keeps to its own files."""

    def wrapped(writer):
        run.sharing = True
        try:
            generate_output(writer)
        finally:
            run.sharing = False

    return wrapped


def child_exit(run, generate_output):
    def wrapped(writer):
        code = 1
        try:
            generate_output(writer)
            code = 1 if run.log_counter and run.log_counter.count else 0
        except BaseException:  # noqa: BLE001 — the child must never return into Pelican
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    return wrapped


def parent_wait(run, pid: int, generate_output):
    def wrapped(writer):
        try:
            generate_output(writer)
        finally:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0 and run.log_counter is not None:
                run.log_counter.count += 1  # the child's errors are above; the build fails

    return wrapped
