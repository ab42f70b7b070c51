"""Profile the project's publish build (caches off) on a synthetic corpus with cProfile.

    python -m bench.profile --size 1000            # top functions and time by area
    python -m bench.profile --size 1000 --keep     # keep the corpus and the .prof file

Equivalent by hand, in a corpus written by ``python -m bench.corpus DIR 1000``:

    cd DIR/project && BUILD_DATE=2026-11-20 python -m cProfile -o /tmp/pop.prof \\
        -m pelican content -s publish_serial.py -o /tmp/pop-out

``publish_serial.py`` is the publish build (caches off) in one process: cProfile does not
see the worker processes of the parallel rendering (``CONTENTKIT["PARALLEL"]``).
"""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from . import corpus as corpora

AREAS = (  # (substring of the file name, area), first match wins
    ("/theme/templates/", "gabarits Jinja du thème (code compilé)"),
    ("<template>", "gabarits Jinja du thème (code compilé)"),
    ("/plugins/contentkit/", "contentkit (greffon du projet)"),
    ("/plugins/", "autres greffons du projet"),
    ("/site-packages/pelican/", "Pelican"),
    ("/site-packages/jinja2/", "Jinja2 (moteur)"),
    ("/site-packages/markupsafe/", "Jinja2 (moteur)"),
    ("/site-packages/markdown/", "Markdown"),
    ("/site-packages/yaml/", "PyYAML"),
    ("/site-packages/babel/", "Babel (dates)"),
    ("/site-packages/feedgenerator/", "feedgenerator (flux)"),
    ("/site-packages/bs4/", "BeautifulSoup"),
    ("/site-packages/", "autres paquets"),
    ("~", "fonctions natives (C)"),
)


def area(filename: str) -> str:
    for needle, name in AREAS:
        if needle in filename:
            return name
    return "bibliothèque standard et divers"


def by_area(stats: pstats.Stats) -> list[tuple[str, float]]:
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        totals[area(filename)] += tottime
    return sorted(totals.items(), key=lambda item: -item[1])


def profile(size: int, out: Path, top: int, keep: bool) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="pop-profile-"))
    try:
        corpus = corpora.generate(workdir / f"corpus-{size}", size)
        output = workdir / "out"
        command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "pelican", "content"]
        command += ["-s", "publish_serial.py", "-o", str(output)]
        started = time.perf_counter()
        env = {**os.environ, "BUILD_DATE": corpora.BUILD_DATE, "LC_ALL": "C.UTF-8"}
        result = subprocess.run(command, cwd=corpus.project, env=env, capture_output=True, text=True)
        took = time.perf_counter() - started
        if result.returncode != 0:
            print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)
            print(f"le build a échoué (code {result.returncode})", file=sys.stderr)
            return 1
        stats = pstats.Stats(str(out))
        total = stats.total_tt  # type: ignore[attr-defined]
        print(f"Build du projet sous cProfile, N={size} : {took:.1f} s (temps profilé {total:.1f} s)")
        print(f"Profil : {out}   (snakeviz, ou python -m pstats {out})\n")
        print("Temps propre par domaine :")
        for name, seconds in by_area(stats):
            print(f"  {name:<42} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
        print()
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
    finally:
        if keep:
            print(f"corpus gardé dans {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="nombre d'articles")
    parser.add_argument("--out", default="/tmp/pop-bench.prof", help="fichier du profil")
    parser.add_argument("--top", type=int, default=30, help="fonctions listées")
    parser.add_argument("--keep", action="store_true", help="garder le corpus temporaire")
    args = parser.parse_args(argv)
    return profile(args.size, Path(args.out), args.top, args.keep)


if __name__ == "__main__":
    raise SystemExit(cli())
