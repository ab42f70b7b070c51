"""The benchmark runs end to end (CI runs it at a tiny size: a smoke test, not a measure)."""

from __future__ import annotations

import subprocess
import sys

from sitetools.build import ROOT


def test_benchmark_smoke_run_at_tiny_size():
    process = subprocess.run(
        [sys.executable, "-m", "bench.run", "--sizes", "20", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = process.stdout + process.stderr
    assert process.returncode == 0, output
    for line in ("vanilla", "Hugo", "projet / Pelican"):
        assert line.lower() in output.lower(), (line, output[-2000:])
    # every content type of the site is in the corpus, and a publish on a fresh machine
    # (resources hashed and archived again, Markdown converted again) is timed
    assert "type absent" not in output and "à écrire" not in output, output[-2000:]
    fresh = next(line for line in output.splitlines() if "publication sans aucun cache" in line)
    assert "non mesuré" not in fresh, fresh
