"""Hostile and broken files: every one is refused (or accepted cleanly) with a French
``fichier:ligne:`` message, within fixed bounds of time and memory, without a traceback
nor Pelican's bare « Could not process », and the site already online stays as it was.

The builds run in a child process limited to 1 Go of address space and 60 s: before
these bounds, a 400-byte YAML alias bomb grew to 24 Go.
"""

from __future__ import annotations

import logging
import os
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc

import pytest
from minisite import ENV, built_output, tree_digest, write_site

from contentkit import limits
from contentkit.errors import Report, quote
from contentkit.frontmatter import FrontMatterError, parse
from sitetools.build import ROOT

MEMORY = 1 << 30  # bytes of address space for the whole build
SECONDS = 60

BOMB = (
    "title: Bombe\ndate: 2026-01-14\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
)


def article(front: str, body: str = "Texte.\n") -> str:
    return f"---\n{front}---\n{body}"


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def hostile_build(tmp_path, online, files: dict, settings: str = "", env: dict | None = None):
    """Build the base site plus ``files`` over a copy of ``online`` in a bounded child
    process; return (exit code, output, seconds, online folder unchanged)."""
    output = tmp_path / "output"
    shutil.copytree(online, output)
    before = tree_digest(output)
    site = tmp_path / "site"
    write_site(site, {name: text for name, text in files.items() if not callable(text)})
    for name, make in files.items():
        if callable(make):
            make(site / name)
    if settings:
        with open(site / "conf.py", "a", encoding="utf-8") as conf:
            conf.write(settings)
    script = (
        "import sys; from sitetools.build import atomic_build; "
        f"r = atomic_build('conf.py', {str(output)!r}, None, cwd={str(site)!r}); "
        "print(r.output, end=''); sys.exit(r.code)"
    )
    start = time.monotonic()
    process = subprocess.run(
        [sys.executable, "-c", script],
        cwd=site,
        env={**os.environ, **ENV, **(env or {}), "PYTHONPATH": str(ROOT)},
        preexec_fn=limited,
        timeout=SECONDS,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - start
    log = process.stdout + process.stderr
    return process.returncode, log, seconds, tree_digest(output) == before


def tiny_site(name: str, text: str) -> dict:
    """A tiny site around one sample item: the sample's vocabularies, images and pages
    (which items link to), the item's own files, for the media the issues with their
    articles; the item itself replaced by ``text``."""
    files: dict = {}
    folders = [ROOT / "content" / sub for sub in ("data", "images", "pages")]
    if name.startswith(("editions/", "articles/mediations/")):
        folders += [ROOT / "content" / "editions", ROOT / "content" / "articles" / "mediations"]
    if name.startswith("outillerie/"):
        folders.append((ROOT / "content" / name).parent)
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    files[f"content/{name}"] = text.encode("utf-8", "surrogatepass")
    return files


@pytest.fixture(scope="module")
def online(tmp_path_factory):
    return built_output(tmp_path_factory.mktemp("online"), {})


A = "content/articles/"
REFUSED = {
    A + "bombe.md": article(BOMB),
    A + "alias.md": article("title: *nom\ndate: 2026-01-14\n"),
    A + "profond.md": article("title: Profond\ndate: 2026-01-14\ntags: " + "[" * 5000 + "]" * 5000 + "\n"),
    A + "enorme.md": article('title: Énorme\ndate: 2026-01-14\nsummary: "' + "a" * 300_000 + '"\n'),
    A + "nul.md": article("title: Nul\ndate: 2026-01-14\n", "Texte\n\nici \x00 là\n"),
    A + "controle.md": article("title: Cloche \x07\ndate: 2026-01-14\n"),
    A + "echappe.md": article('title: "Cloche \\x07"\ndate: 2026-01-14\n'),
    A + "surrogat.md": article('title: "\\ud800"\ndate: 2026-01-14\n'),
    A + "python.md": article('date: 2026-01-14\ntitle: !!python/object/apply:os.system ["echo pwned"]\n'),
    A + "etiquette.md": article("title: !mien Bonjour\ndate: 2026-01-14\n"),
    A + "fusion.md": article("title: Fusion\ndate: 2026-01-14\n<<: {summary: Résumé}\n"),
    A + "double.md": article("title: Un\ndate: 2026-01-14\ntitle: Deux\n"),
    A + "an-zero.md": article("title: An zéro\ndate: 0000-01-01\n"),
    A + "an-99999.md": article("title: Loin\ndate: 99999-01-01\n"),
    A + "an-0226.md": article("title: Faute de frappe\ndate: 0226-01-14\n"),
    A + "an-9999.md": article("title: Fin des temps\ndate: 9999-12-31 23:59\n"),
    A + "tabulation.md": article("title: Tab\ndate: 2026-01-14\ntags:\n\t- Lens\n"),
    A + "lent.md": article("title: Lent\ndate: 2026-01-14\n", "Début.\n\n" + "![" * 3000 + "\n"),
    A + "listes.md": article("title: Listes\ndate: 2026-01-14\n", "- " * 3000 + "x\n"),
    A + "esperluette.md": article("title: & associés\ndate: 2026-01-14\n"),
    A + "chevron.md": article("title: > suite\ndate: 2026-01-14\n"),
    A + "guillemet.md": article('title: "Bonjour\ndate: 2026-01-14\n'),
    A + "deux-points.md": article("title: Bonjour\ndate: 2026-01-14\ntags\n"),
    A + "terminal.md": article("title: Terminal\ndate: 2026-01-14\n", "Sortie :\n\n\x1b[31mrouge\x1b[0m\n"),
    A + "citation.md": article('title: "Bonjour" le monde\ndate: 2026-01-14\n'),
    A + "chemin.md": article('title: "C:\\xampp"\ndate: 2026-01-14\n'),
    A + "casse.md": lambda path: path.symlink_to("/nonexistent/casse.md"),
    A + "gros.md": article("title: Gros\ndate: 2026-01-14\n", "mot " * 550_000),
    "content/pages/longue.md": article("title: Longue\nmenu: " + "n" * 50_000 + "\n"),
    "content/pages/inverse.md": article('title: Inverse\nmenu: "\u202eiuo"\n'),
    "content/pages/cle.md": article("title: Clé\n" + "k" * 1000 + ": 1\n"),
}
EXPECTED = [
    "content/articles/bombe.md:4: ancre YAML « &a » refusée : les ancres et alias (&nom, *nom) ne sont "
    "pas permis dans l'en-tête ; recopiez la valeur",
    "content/articles/alias.md:2: alias YAML « *nom » refusé : les ancres et alias (&nom, *nom) ne sont "
    "pas permis dans l'en-tête ; recopiez la valeur",
    "content/articles/profond.md:4: imbrication trop profonde : plus de 20 niveaux de listes ou de champs "
    "imbriqués ; simplifiez la valeur",
    "content/articles/enorme.md:2: l'en-tête YAML fait 294 Ko, plus que la limite de 256 Ko : gardez le "
    "texte long dans le corps, après la ligne « --- »",
    "content/articles/nul.md:7: caractère nul (U+0000) dans le fichier : ce n'est pas du texte, ou il a "
    "été copié d'un fichier binaire ; supprimez ce caractère",
    "content/articles/controle.md:2: caractère interdit dans l'en-tête (U+0007, caractère de contrôle) : "
    "supprimez-le",
    "content/articles/echappe.md:2: caractère interdit dans la valeur (U+0007, caractère de contrôle ou "
    "demi-caractère isolé) : supprimez-le",
    "content/articles/surrogat.md:2: syntaxe YAML invalide : code de caractère invalide après « \\u » ou "
    "« \\U » entre guillemets",
    "content/articles/python.md:3: étiquette YAML « !!python/object/apply:os.system » refusée : écrivez "
    "la valeur seule, entre guillemets si besoin",
    "content/articles/etiquette.md:2: étiquette YAML « !mien » refusée",
    "content/articles/fusion.md:4: clé de fusion YAML « << » refusée : écrivez chaque champ lui-même",
    "content/articles/double.md:4: le champ « title » est défini deux fois (déjà à la ligne 2)",
    "content/articles/an-zero.md:3: champ « date » : attendu une date qui existe au format AAAA-MM-JJ, "
    "trouvé « 0000-01-01 » (ce jour n'existe pas)",
    "content/articles/an-99999.md:3: champ « date » : attendu une date au format AAAA-MM-JJ, "
    "trouvé « 99999-01-01 »",
    # Found by fuzzing: a session ending 9999-12-31 crashed the calendar (no next day).
    "content/articles/an-0226.md:3: champ « date » : attendu une date entre 1000 et 2999, trouvé « 0226-01-14 »",
    "content/articles/an-9999.md:3: champ « date » : attendu une date entre 1000 et 2999, "
    "trouvé « 9999-12-31 23:59 »",
    "content/articles/tabulation.md:5: syntaxe YAML invalide : tabulation en colonne 1 : l'en-tête n'accepte que des espaces",
    "content/articles/lent.md:5: la mise en forme du texte dépasse 1 s : le texte contient sans doute "
    "des milliers de « [ », « ![ »",
    "content/articles/listes.md:5: texte trop imbriqué pour être lu (listes ou citations les unes dans les "
    "autres, sur des milliers de niveaux) : simplifiez-le",
    "content/articles/guillemet.md:2: syntaxe YAML invalide : guillemet ou crochet non refermé",
    "content/articles/deux-points.md:4: syntaxe YAML invalide : « : » attendu après le nom du champ",
    'content/articles/citation.md:2: syntaxe YAML invalide : la valeur commence par le guillemet " et '
    "continue après le guillemet qui la ferme : entourez toute la valeur de guillemets ', ainsi : "
    "title: '\"Bonjour\" le monde'",
    # Found by fuzzing: a control character in the body crashed the feed (XML) with a traceback.
    "content/articles/terminal.md:7: caractère de contrôle invisible (U+001B) dans le texte : supprimez-le ; "
    "il vient souvent d'un copier-coller (terminal, PDF, traitement de texte)",
    # Found by fuzzing: YAML's own English words came through.
    "content/articles/esperluette.md:2: syntaxe YAML invalide : valeur ou structure mal formée à cet endroit ; "
    "si la valeur contient des caractères spéciaux ([ ] { } : # & * ! % @), mettez-la entre "
    "guillemets droits",
    "content/articles/chevron.md:2: syntaxe YAML invalide : texte inattendu à la fin de la valeur : si elle "
    "commence par « \" », « ' », « | » ou « > », mettez toute la valeur entre guillemets droits",
    "content/articles/chemin.md:2: syntaxe YAML invalide : « \\x », « \\u » ou « \\U » entre guillemets "
    "doubles commence un code de caractère (un chemin C:\\… ?) : doublez la barre (\\\\) ou utilisez des "
    "guillemets simples",
    "content/articles/casse.md:1: lecture du fichier impossible : fichier introuvable (supprimé pendant la "
    "construction ?)",
    "content/articles/gros.md:1: le fichier fait 2,1 Mo, plus que la limite de 1,5 Mo : il n'a pas été lu ; "
    "un texte du site n'est jamais aussi long, vérifiez que c'est le bon fichier",
    "content/pages/longue.md:3: champ « menu » : attendu « oui » ou « non », trouvé « " + "n" * 59 + "… »",
    "content/pages/inverse.md:3: champ « menu » : attendu « oui » ou « non », trouvé « \\u202eiuo »",
    "content/pages/cle.md:3: champ « " + "k" * 59 + "… » : champ inconnu",
]


def test_hostile_files_are_refused_in_french_within_bounds(tmp_path, online):
    code, log, seconds, unchanged = hostile_build(
        tmp_path,
        online,
        REFUSED,
        settings='\nCONTENTKIT = {**CONTENTKIT, "MARKDOWN_MAX_SECONDS": 1, "FILE_MAX_BYTES": 1_572_864}\n',
    )
    assert code == 1, log
    for message in EXPECTED:
        assert message in log, f"{message}\n---\n{log}"
    assert "Traceback" not in log and "Could not process" not in log, log
    assert f"{len(REFUSED)} erreurs dans le contenu" in log, log
    assert unchanged, "the site online was changed by a failed build"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output-")]
    # No value is printed whole: the 300 Ko and 50 Ko values are cut in their messages.
    assert max(len(line) for line in log.splitlines()) < 1200, log
    assert seconds < SECONDS


def test_odd_but_sound_files_are_accepted(tmp_path, online):
    """BOM, Windows line ends, emoji, right-to-left text, a tab inside a value: a sound
    file is read as the editor sees it; a long body only gets a warning."""
    files = {
        A + "bom.md": "\ufeff" + article("title: Avec BOM\ndate: 2026-01-14\n"),
        A + "crlf.md": article("title: Fins de ligne Windows\ndate: 2026-01-14\n").replace("\n", "\r\n"),
        A + "emoji.md": article("title: Fête 🎉👩🏽‍💻\ndate: 2026-01-14\n"),
        A + "arabe.md": article('title: "مرحبا بالجميع"\ndate: 2026-01-14\n'),
        A + "tab-valeur.md": article("title:\tTabulation\ndate: 2026-01-14\n"),
        A + "long.md": article("title: Long\ndate: 2026-01-14\n", "mot " * 400 + "\n"),
    }
    code, log, seconds, _ = hostile_build(
        tmp_path,
        online,
        files,
        settings='\nCONTENTKIT = {**CONTENTKIT, "BODY_WARN_BYTES": 1000}\n',
        env={"STRICT": "0"},
    )
    assert code == 0, log
    assert (
        "content/articles/long.md:5: le texte fait 2 Ko, plus que 1 Ko : découpez-le en plusieurs "
        "pages ou allégez-le" in log
    ), log
    pages = (tmp_path / "output").rglob("index.html")
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    for title in ("Avec BOM", "Fins de ligne Windows", "Fête 🎉👩🏽‍💻", "مرحبا بالجميع", "Tabulation"):
        assert f">{title}<" in text, title
    assert "\ufeff" not in text and "\r" not in text


def test_alias_bomb_fails_in_milliseconds_with_little_memory():
    tracemalloc.start()
    start = time.process_time()
    with pytest.raises(FrontMatterError) as error:
        parse(BOMB, first_line=2)
    seconds = time.process_time() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert error.value.line == 4
    assert seconds < 1 and peak < 1_000_000, (seconds, peak)


def test_pelican_could_not_process_becomes_our_error(tmp_path):
    """Pelican's own code after the reader may still fail: its bare log line is replaced
    by one of our errors, which says why."""
    report = Report()
    run = type("Run", (), {"report": report, "content_root": tmp_path, "display": lambda self, p: "x.md"})()
    limits.attach(run)
    logger = logging.getLogger("pelican.generators")
    seen = []
    handler = logging.Handler()
    handler.emit = seen.append
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("mauvaise valeur")
        except ValueError:
            logger.exception("Could not process %s", "articles/x.md", exc_info=False)
    finally:
        logger.removeHandler(handler)
        for old in [f for f in logger.filters if isinstance(f, limits.UnprocessedFilter)]:
            logger.removeFilter(old)
    assert not seen
    assert [p.format() for p in report.errors] == [
        "x.md:1: lecture du fichier impossible, erreur inattendue (ValueError : mauvaise valeur) ; "
        "signalez-la à l'équipe technique avec ce fichier"
    ]


def test_quoted_values_are_short_and_visible():
    assert quote("a" * 10_000) == "« " + "a" * 59 + "… »"
    assert quote("\u202eoui\x07") == "« \\u202eoui\\u0007 »"
    report = Report()
    report.error("x.md", 2, "k" * 500, "lien « " + "h" * 5000 + " » : attendu un lien")
    line = report.errors[0].format()
    assert len(line) < 200 and line.endswith("… » : attendu un lien"), line


def test_session_at_the_end_of_time_is_refused_not_a_crash(tmp_path, online):
    """Found by fuzzing: a session ending 9999-12-31 crashed the calendar with a traceback
    (its end is the next day, which does not exist)."""
    name = "formations/sprint-camp.md"
    text = (ROOT / "content" / name).read_text(encoding="utf-8")
    text = text.replace("2027-10-11", "9999-12-30").replace("2027-10-22", "9999-12-31")
    text = text.replace("2027-10-01", "9999-12-29")
    code, log, _, unchanged = hostile_build(tmp_path, online, tiny_site(name, text))
    assert code == 1 and unchanged, log
    assert "Traceback" not in log and "OverflowError" not in log, log
    line = text[: text.index("9999-12-30")].count("\n") + 1
    assert (
        f"content/formations/sprint-camp.md:{line}: champ « sessions[3].start » : attendu une date entre "
        "1000 et 2999, trouvé « 9999-12-30 »" in log
    ), log


def test_a_file_too_deep_for_markdown_does_not_garble_the_next_ones(tmp_path):
    """Found by fuzzing: after a conversion cut short (thousands of nested lists), the
    shared Markdown converter kept a broken state and rendered every later file of the
    build without paragraphs, emphasis nor links, silently."""
    from pelican.settings import read_settings

    from contentkit.reader import FrontMatterMarkdownReader
    from contentkit.state import start_run

    write_site(
        tmp_path,
        {
            A + "listes.md": article("title: Listes\ndate: 2026-01-14\n", "- " * 3000 + "x\n"),
            A + "normal.md": article("title: Normal\ndate: 2026-01-14\n", "Un *texte* et [un lien](/).\n"),
        },
    )
    config = read_settings(str(ROOT / "publishconf.py"), override={"PATH": str(tmp_path / "content")})
    start_run(config)
    reader = FrontMatterMarkdownReader(config)
    deep = reader.prepare(str(tmp_path / A / "listes.md"))
    assert [p[:2] for p in deep.problems] == [(5, None)] and "trop imbriqué" in deep.problems[0][2]
    normal = reader.prepare(str(tmp_path / A / "normal.md"))
    assert normal.html == '<p>Un <em>texte</em> et <a href="/">un lien</a>.</p>', normal.html
