"""Mutation testing of the core with mutmut 3 (``invoke mutation``), against the fast tests.

mutmut names each mutant after the module path of its file, and its trampolines compare that
name with the function's ``__module__`` at run time. Our plugins are imported as top-level
packages (``contentkit``, ``trainings``…, from ``plugins/`` on the path), so mutmut cannot
run in the project folder itself: this module copies the project into ``.mutation/`` with
each plugin package also at the top level, where the tests import them first (``tests/
conftest.py`` puts the project root before ``plugins/`` on the path), writes mutmut's
configuration there, runs it, and prints the score of each module.

Only in-process tests can kill a mutant: mutmut maps tests to functions by the calls it sees,
and a build in a child process is not seen. The fast tests are listed in :data:`FAST_TESTS`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGING = ROOT / ".mutation"

# module (as imported) → file, for the modules under mutation
MODULES = {
    "contentkit.fields": "plugins/contentkit/fields.py",
    "contentkit.schema": "plugins/contentkit/schema.py",
    "contentkit.reader": "plugins/contentkit/reader.py",
    "contentkit.checks": "plugins/contentkit/checks.py",
    "library.archive": "plugins/library/archive.py",
    "library.files": "plugins/library/files.py",
    "trainings.sessions": "plugins/trainings/sessions.py",
    "sitetools.build": "sitetools/build.py",
}
PACKAGES = ["contentkit", "library", "trainings"]  # plugin packages lifted to the top level
FAST_TESTS = [
    "tests/test_core.py",
    "tests/test_fields_rules.py",
    "tests/test_schema_rules.py",
    "tests/test_sessions_rules.py",
    "tests/test_library_rules.py",
    "tests/test_build_rules.py",
    "tests/test_checks_rules.py",
    "tests/test_reader_rules.py",
]
COPIED = ["plugins", "sitetools", "tests", "theme", "content", "pelicanconf.py", "publishconf.py", "tasks.py"]
# what the fast tests need beside the code: one of them builds a tiny site with the settings
ALSO_COPIED = ["plugins", "theme", "pelicanconf.py", "publishconf.py"]
CONFIG = """
[tool.mutmut]
source_paths = {sources!r}
only_mutate = {only!r}
also_copy = {also!r}
pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x", "-p", "no:randomly"]
pytest_add_cli_args_test_selection = {tests!r}
"""
RESULT = re.compile(r"^\s*(?P<name>[\w.]+)__mutmut_\d+: (?P<status>.+)$")
KILLED = {"killed", "timeout", "segfault"}


def stage(modules: list[str] | None = None) -> Path:
    """A copy of the project laid out for mutmut (see the module's docstring), in
    ``.mutation/<name>/``: one folder per campaign, so that two campaigns can run side by side."""
    staging = STAGING / ("-".join(modules) if modules else "all")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, staging / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, staging / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / "plugins" / package, staging / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    only = [f"{module.replace('.', '/')}.py" for module in modules or MODULES]
    tests = [t for t in FAST_TESTS if (ROOT / t).exists()]
    (staging / "pyproject.toml").write_text(
        CONFIG.format(sources=[*PACKAGES, "sitetools"], only=only, tests=tests, also=ALSO_COPIED),
        encoding="utf-8",
    )
    return staging


def scores(results: str) -> dict[str, Counter]:
    """Per module, how many mutants ended in each status (from ``mutmut results --all``)."""
    per_module: dict[str, Counter] = {module: Counter() for module in MODULES}
    for line in results.splitlines():
        match = RESULT.match(line)
        if not match:
            continue
        module = next((m for m in MODULES if match["name"].startswith(m + ".")), None)
        if module:
            per_module[module][match["status"].strip()] += 1
    return per_module


def report(per_module: dict[str, Counter]) -> str:
    lines = [f"{'module':24} {'tués':>6} {'total':>6} {'score':>7}  autres"]
    for module, counts in per_module.items():
        total = sum(counts.values())
        killed = sum(n for status, n in counts.items() if status in KILLED)
        others = ", ".join(f"{s}: {n}" for s, n in sorted(counts.items()) if s not in KILLED)
        score = f"{100 * killed / total:.1f} %" if total else "—"
        lines.append(f"{module:24} {killed:>6} {total:>6} {score:>7}  {others}")
    return "\n".join(lines)


def run(modules: list[str] | None = None, jobs: int = 2) -> int:
    """Stage, run mutmut on ``modules`` (all by default), print the scores; mutmut's exit code."""
    unknown = [m for m in modules or [] if m not in MODULES]
    if unknown:
        raise SystemExit(f"Module inconnu : {', '.join(unknown)} ; modules possibles : {', '.join(MODULES)}")
    folder = stage(modules)
    mutmut = [sys.executable, "-m", "mutmut"]
    selection = [f"{m}.*" for m in modules] if modules else []
    code = subprocess.run([*mutmut, "run", "--max-children", str(jobs), *selection], cwd=folder).returncode
    results = subprocess.run(
        [*mutmut, "results", "--all", "true"], cwd=folder, capture_output=True, text=True
    )
    per_module = scores(results.stdout)
    if modules:
        per_module = {m: per_module[m] for m in modules}
    print(report(per_module))
    survivors = [line.strip() for line in results.stdout.splitlines() if line.strip().endswith(": survived")]
    if survivors:
        print(
            f"\n{len(survivors)} mutant(s) survivant(s) ; voir l'un d'eux : cd {folder.relative_to(ROOT)} && mutmut show NOM"
        )
        for line in survivors:
            print(f"  {line}")
    return code
