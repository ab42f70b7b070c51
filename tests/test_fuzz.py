"""Property-based tests (Hypothesis) of the reader and of each content type, from the
sample items: front matter and body mutated in hostile ways.

Invariant: a file is either read, or refused with our ``fichier:ligne: …`` errors in
French; never an exception, a traceback, English YAML jargon, an endless or unbounded
reading. For whole builds (child process, 1 Go, 60 s), also: exit 0 or 1 only, and a
failed build leaves the site online byte for byte as it was.

Profiles: the suite's quick one (derandomized, no example database, so that CI sees the
same examples) reads ``FUZZ_EXAMPLES`` mutated files in this process (500 by default) and
runs ``FUZZ_BUILDS`` whole builds (5); ``invoke fuzz --examples N`` runs a long one.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from minisite import FROZEN_DATE, built_output
from test_hostile import hostile_build, tiny_site

from sitetools.build import ROOT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "500"))
BUILDS = int(os.environ.get("FUZZ_BUILDS", "5"))
SEED = os.environ.get("FUZZ_SEED")  # a long run may explore: any other value than unset
PROFILE = {
    "deadline": None,
    "database": None,
    "derandomize": SEED is None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    "print_blob": True,
}

# One item at least of each content type, read as the sample has it.
SAMPLES = [
    "articles/lancement-mediations.md",
    "articles/trophee-2023.md",
    "articles/mediations/pop-cafe-wazemmes-comptoir.md",
    "pages/accessibilite.md",
    "formations/sprint-camp.md",
    "formations/developpeur-web-web-mobile.md",
    "outillerie/sobriete-numerique/index.md",
    "editions/2-a-qui-se-fier.md",
]
# What each mutation may put in a value or in the text.
HOSTILE = [
    "",
    "~",
    "null",
    "oui",
    "non",
    "0",
    "-1",
    "1e309",
    "NaN",
    "12,5",
    "2026-02-30",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31 23:59",
    "99999-01-01",
    "1970-01-01 00:00",
    "\u202eiuo",  # right-to-left override
    "مرحبا",
    "🎉👩🏽‍💻",
    "a\u0000b",
    "\ufeff",
    "\ud800",  # lone surrogate (dumped escaped by YAML)
    "\x07",
    "x" * 5000,
    "../../../etc/passwd",
    "/etc/passwd",
    "images/absente.jpg",
    "https://",
    "https://exemple.fr/" + "a" * 300,
    "a@b.c",
    "[lien](/nulle-part/)",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "# titre",
    "a: b",
    "- x",
]
RAW_LINES = [
    "a: &ancre [1, 2]",
    "b: *ancre",
    "<<: {title: Fusion}",
    "title: !!python/object/apply:os.system ['echo']",
    "title: !mien x",
    "\t- tabulé",
    "date: 0000-01-01",
    "date: 99999-12-31",
    "date: 0001-01-01",
    "date: 9999-12-31 23:59",
    'title: "\\ud800"',
    'title: "\\x00"',
    "tags: " + "[" * 40 + "]" * 40,
    "? [a, b]\n: c",
    "--- x",
    "...",
    "x: 'une ' apostrophe'",
    "title: « Guillemets : français »",
    "---",
]
BODY_SNIPPETS = [
    "\n\n> " * 30 + "citation",
    "\n" + "  " * 40 + "- liste",
    "\n![image](images/absente.jpg)\n",
    "\n[lien](/nulle-part/)\n",
    "\n[ancre](#nulle-part)\n",
    "\n<div><span>non fermé\n",
    "\n```\ncode non fermé\n",
    "\n| a | b |\n|---|\n| 1 |\n",
    "\u202e texte inversé",
    "\x00",
    "\ufeff",
    "\r\n\r\n",
    "[" * 200,
    "*" * 500,
    "&#0; &#xD800; &#99999999;",
    "\n---\ntitle: second en-tête\n---\n",
    "{{ item.title }} {% if %}",
]


def mutated_value(value):
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=30),
        st.sampled_from([[value], {"x": value}, [[value]], {"a": {"b": [value]}}, None, 12, True]),
        st.integers(min_value=1, max_value=60).map(lambda depth: "[" * depth + "]" * depth),
    )


@st.composite
def mutated_file(draw, original: str) -> str:
    """A sample file, its front matter and body changed by a few hostile mutations."""
    _, front, body = original.split("---\n", 2)
    data = yaml.safe_load(front)
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from(sorted(data) + ["inconnu"]))
        action = draw(st.sampled_from(["remove", "replace", "replace", "nest"]))
        if action == "remove":
            data.pop(key, None)
        elif action == "replace":
            data[key] = draw(mutated_value(data.get(key)))
        else:
            value = data.get(key)
            for _ in range(draw(st.integers(1, 30))):
                value = [value]
            data[key] = value
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    lines = front.splitlines()
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(lines)))
        line = draw(st.one_of(st.sampled_from(RAW_LINES), st.sampled_from(lines or ["x: 1"])))
        lines.insert(at, line)
    front = "\n".join(lines) + "\n"
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.one_of(st.sampled_from(BODY_SNIPPETS), st.text(max_size=20))) + body[at:]
    text = f"---\n{front}---\n{body}"
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at]
            + draw(st.sampled_from(["\x00", "\ufeff", "\u202e", "\t", "\r", "🎉", "\\"]))
            + text[at:]
        )
    if draw(st.integers(0, 4)) == 0:
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 4)) == 0:
        text = "\ufeff" + text
    return text


def samples_and_mutations():
    return st.sampled_from(SAMPLES).flatmap(
        lambda name: st.tuples(
            st.just(name), mutated_file((ROOT / "content" / name).read_text(encoding="utf-8"))
        )
    )


# --- the reader, in this process --------------------------------------------------

# What our messages never contain: YAML's English, Python's names of exceptions.
FOREIGN = re.compile(r"\b(found|expected|while|could not|Error|Exception|Traceback|erreur inattendue)\b")


@pytest.fixture(scope="module")
def reading(tmp_path_factory):
    """The reader of the sample's settings, over a copy of the sample content."""
    from pelican.settings import read_settings

    from contentkit.reader import FrontMatterMarkdownReader
    from contentkit.state import start_run

    content = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(ROOT / "content", content)
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        config = read_settings(str(ROOT / "publishconf.py"), override={"PATH": str(content)})
    finally:
        os.chdir(here)
    config["CONTENTKIT"] = {**config["CONTENTKIT"], "BUILD_DATE": FROZEN_DATE}
    for plugin in config["PLUGINS"]:  # each registers its content type on import
        importlib.import_module(plugin)
    run = start_run(config)
    return FrontMatterMarkdownReader(config), run, content


@settings(max_examples=EXAMPLES, **PROFILE)
@given(case=samples_and_mutations())
def test_reader_reads_or_refuses_in_french(reading, case):
    reader, run, content = reading
    name, text = case
    path = content / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    run.report.problems.clear()
    start = time.process_time()
    html, metadata = reader.read(str(path))  # never raises
    seconds = time.process_time() - start
    assert seconds < 15, f"{seconds:.1f} s to read one file"
    problems = run.report.problems
    if metadata.get("status") == "skip":
        assert problems, "a file skipped without a reason"
    for problem in problems:
        line = problem.format()
        assert problem.line >= 1, line
        assert not FOREIGN.search(problem.message), line
        assert len(line) < 1200, line[:300]
    if metadata.get("status") != "skip":
        assert metadata["title"] and isinstance(html, str)


# --- whole builds, in a child process ---------------------------------------------


@pytest.fixture(scope="module")
def online_site(tmp_path_factory):
    return built_output(tmp_path_factory.mktemp("online"), {})


@pytest.mark.parametrize(
    "name",
    [
        "articles/lancement-mediations.md",
        "formations/sprint-camp.md",
        "outillerie/sobriete-numerique/index.md",
        "editions/2-a-qui-se-fier.md",
    ],
)
def test_tiny_site_of_a_sample_item_builds(tmp_path, online_site, name):
    """The unmutated item builds on its own: so that the fuzzed builds test mutations."""
    text = (ROOT / "content" / name).read_text(encoding="utf-8")
    code, log, _, _ = hostile_build(tmp_path, online_site, tiny_site(name, text))
    assert code == 0, log


# A line of a failed build: our summary, one of our errors, or the closing line.
OUR_LINE = re.compile(
    r"^(\d+ (erreurs?|avertissements?)( dans le contenu)? :|  \S[^:]*:\d+: \S.*|Construction annulée.*)$"
)


@settings(max_examples=BUILDS, **PROFILE)
@given(case=samples_and_mutations())
def test_build_succeeds_or_fails_cleanly(tmp_path_factory, online_site, case):
    name, text = case
    tmp_path = tmp_path_factory.mktemp("build")
    code, log, seconds, unchanged = hostile_build(tmp_path, online_site, tiny_site(name, text))
    assert code in (0, 1), log
    assert "Traceback" not in log and "Could not process" not in log, log
    assert "signalée(s) par Pelican" not in log, log
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output-")]
    if code == 1:
        assert unchanged, "a failed build changed the site online"
        errors = log[log.index("dans le contenu :") :] if "dans le contenu :" in log else log
        errors = (
            errors[: errors.index("Construction annulée") + 1] if "Construction annulée" in errors else errors
        )
        for line in errors.splitlines()[1:-1]:
            assert OUR_LINE.match(line), f"{line!r}\n---\n{log}"
    else:
        assert (Path(tmp_path) / "output" / "index.html").exists()
