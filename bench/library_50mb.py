"""Publishing a 50 MB resource of the Outillerie: first build, then a rebuild with nothing
changed; wall time and peak memory of each.

    .venv/bin/python bench/library_50mb.py            # ≈ 10 s on the 2-core machine
    .venv/bin/python bench/library_50mb.py --size-mb 200 --keep

A tiny site is written in a temporary folder (the project's real settings, theme and
plugins, the publish settings): one resource with a file of N MB of random bytes (which no
compression shrinks) and a small text file; for comparison, the same site with a 1 KB file
instead. Each build goes into a fresh output folder, as `invoke publish` does; the cache
folder is kept between builds, as on the machine that publishes. The peak memory is the
largest resident size of the build's processes (Pelican and the process it forks to render
on two cores), read from getrusage(RUSAGE_CHILDREN) by a process that only waits for them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from minisite import ENV, write_site  # noqa: E402

VOCABULARIES = {
    "content/data/objectives.yml": "sensibiliser:\n  name: Sensibiliser\n",
    "content/data/audiences.yml": "mediateurs:\n  name: Médiateur·rices\n",
    "content/data/licenses.yml": (
        "cc-by-sa-4-0:\n  spdx: CC-BY-SA-4.0\n  name: CC BY-SA 4.0\n"
        "  url: https://creativecommons.org/licenses/by-sa/4.0/deed.fr\n"
    ),
}
INDEX = """---
title: Une ressource lourde
summary: Un kit avec un gros fichier.
objectives: [sensibiliser]
audiences: [mediateurs]
license: CC-BY-SA-4.0
authors: [Les Assembleurs]
version: "1.0"
updated: 2026-01-10
files:
  - path: videos/atelier.bin
    title: L'atelier filmé
  - path: lisez-moi.txt
    title: À lire d'abord
---
Une ressource pour mesurer la publication d'un gros fichier.
"""
SUMMARY = re.compile(r"fichiers lus pour leur empreinte : (\d+), archives construites : (\d+)")
CHUNK = 1 << 20


def write_big_file(path: Path, size: int) -> None:
    """``size`` random bytes (a fixed seed), written a chunk at a time."""
    rng = random.Random(20261120)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        left = size
        while left:
            chunk = min(left, CHUNK)
            handle.write(rng.randbytes(chunk))
            left -= chunk


def measured(command: list[str], cwd: Path) -> dict:
    """Run ``command`` in a process of its own that waits for it and reports its time and
    the peak memory of its process tree."""
    probe = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"  # KB on Linux
        "print(json.dumps({'code': done.returncode, 'seconds': seconds, 'peak_kb': peak, 'log': done.stdout}))\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", probe, *command],
        cwd=cwd,
        env={**os.environ, **ENV},
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(process.stdout)


def build(site: Path, output: Path) -> dict:
    result = measured([sys.executable, "-m", "pelican", "content", "-s", "conf.py", "-o", str(output)], site)
    if result["code"] != 0:
        raise SystemExit(f"La construction a échoué :\n{result['log']}")
    found = SUMMARY.search(result["log"])
    result["hashed"], result["archives"] = (int(found[1]), int(found[2])) if found else (None, None)
    return result


def bench(size: int, scratch: Path) -> list[dict]:
    """One run: for the small and the big file, a first build and a rebuild."""
    results = []
    for label, big in (("1 Ko (témoin)", 1024), (f"{size / 10**6:g} Mo", size)):
        site = scratch / f"site-{big}"
        write_site(
            site,
            {
                **VOCABULARIES,
                "content/outillerie/lourde/index.md": INDEX,
                "content/outillerie/lourde/lisez-moi.txt": "Bonjour.\n",
            },
        )
        write_big_file(site / "content/outillerie/lourde/videos/atelier.bin", big)
        first = build(site, scratch / f"out-{big}-1")
        again = build(site, scratch / f"out-{big}-2")  # a fresh output, the cache kept
        archive = "outillerie/lourde/lourde.zip"
        same = (scratch / f"out-{big}-1" / archive).read_bytes() == (
            scratch / f"out-{big}-2" / archive
        ).read_bytes()
        results.append({**first, "label": f"fichier de {label}, premier build"})
        results.append({**again, "label": f"fichier de {label}, rien de changé", "same": same})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size-mb", type=float, default=50, help="taille du gros fichier, en Mo (10^6 octets)"
    )
    parser.add_argument("--runs", type=int, default=3, help="nombre de mesures ; on garde la médiane")
    parser.add_argument("--keep", action="store_true", help="garder le dossier temporaire")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="pop-bench-library-"))
    try:
        print(
            f"Publication d'une ressource de l'Outillerie ({os.cpu_count()} cœurs), médiane de {args.runs} mesures"
        )
        # one build first, measured by no one: Python's and Jinja's caches are warm for all
        write_site(scratch / "warm-up", VOCABULARIES)
        build(scratch / "warm-up", scratch / "out-warm-up")
        runs = [bench(int(args.size_mb * 10**6), scratch / f"run-{n}") for n in range(args.runs)]
        ok = True
        for rows in zip(*runs, strict=True):
            seconds = statistics.median([r["seconds"] for r in rows])
            peak = max(r["peak_kb"] for r in rows) / 1024
            hashed = {r["hashed"] for r in rows}
            built = {r["archives"] for r in rows}
            print(
                f"{rows[0]['label']:<40} {seconds:5.2f} s   mémoire max {peak:4.0f} Mo   "
                f"fichiers lus : {'/'.join(map(str, sorted(hashed)))}, "
                f"archives faites : {'/'.join(map(str, sorted(built)))}",
                flush=True,
            )
            if "same" in rows[0]:
                ok = ok and all(r["same"] for r in rows) and hashed == {0} and built == {0}
        print("Archives identiques d'un build à l'autre, rien relu ni refait : " + ("oui" if ok else "NON"))
    finally:
        if args.keep:
            print(f"Gardé : {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
