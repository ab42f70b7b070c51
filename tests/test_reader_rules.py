"""The one reader of Markdown files, in process: what Pelican receives, or the exact French messages.

Fast tests of ``contentkit.reader`` (the mutation campaign runs them for every mutant). One
reader, with the project's publishing settings, reads small files written in a temp content
folder: typed values, contributors' names, tags and categories, dates, summaries (Markdown,
raw HTML shown as text), reading time, drafts and future items, and every way a file is
refused (encoding, front matter, limits, Markdown too slow or too deep).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from minisite import FROZEN_DATE
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import SafeDatetime

from contentkit import reader as reader_module
from contentkit import types
from contentkit.errors import FieldError
from contentkit.fields import Date, Field, FilePath, Text
from contentkit.reader import FrontMatterMarkdownReader, markdown_config, publication, reading_minutes
from contentkit.schema import Schema
from contentkit.state import start_run

ROOT = Path(__file__).resolve().parent.parent
A = "content/articles/"
SKIPPED = {"status": "skip"}  # what Pelican receives for a refused file: nothing is written
# One pixel: a cover must exist, its content does not matter to the reader.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
CONTENT = {
    "content/data/formats.yml": "dialogue:\n  name: Dialogue\nentretien:\n  name: Entretien\n",
    "content/data/contributors.yml": "equipe-pop:\n  name: Équipe POP\n  kind: organisation\n",
    "content/images/photo.png": PNG,
}


@dataclass
class Reading:
    """The project's reader over a temp content folder, and the build's report."""

    root: Path
    reader: FrontMatterMarkdownReader
    run: object

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def read(self, name: str, text: str | bytes | None = None):
        """(html, metadata, messages) of one file, as Pelican gets them and the editor reads them."""
        if text is not None:
            self.write(name, text)
        self.run.report.problems.clear()
        html, metadata = self.reader.read(str(self.root / name))
        messages = [f"{p.severity}: {p.format()}" for p in self.run.report.problems]
        return html, metadata, messages


def reader_over(root: Path, files: dict, **contentkit) -> Reading:
    """The reader of the publishing settings (plus ``contentkit`` settings) over ``files``."""
    from pelican.settings import read_settings

    for name, text in files.items():
        Reading(root, None, None).write(name, text)
    # a cache of its own: Markdown results of other builds are not this test's
    override = {"PATH": str(root / "content"), "CACHE_PATH": str(root / "cache")}
    config = read_settings(str(ROOT / "publishconf.py"), override=override)
    config["CONTENTKIT"] = {**config["CONTENTKIT"], "BUILD_DATE": FROZEN_DATE, "STRICT": "", **contentkit}
    run = start_run(config)
    run.display_root = root  # messages name files as editors see them: content/…
    return Reading(root, FrontMatterMarkdownReader(config), run)


@pytest.fixture(scope="module")
def reading(tmp_path_factory) -> Reading:
    return reader_over(tmp_path_factory.mktemp("reader"), CONTENT)


def article(front: str, body: str = "Un paragraphe.\n") -> str:
    return f"---\n{front}---\n{body}"


# --- what Pelican receives from a correct file ------------------------------------------


def test_an_article_gives_pelican_typed_values_names_and_addresses(reading):
    html, metadata, messages = reading.read(
        A + "bienvenue.md",
        article(
            "title: Bienvenue à Lens\n"
            "date: 2026-01-14 09:30\n"
            "modified: 2026-02-01\n"
            "summary: Une *nouvelle* promotion\n"
            "authors:\n  - equipe-pop\n  - Marie Curie\n"
            "category: Vie de l'école\n"
            "tags:\n  - Lens\n  - Formation\n"
            "format: dialogue\n"
            "cover: images/photo.png\n"
            "cover_alt: La promotion devant l'école\n",
            "Premier paragraphe, avec un [lien](/formations/).\n",
        ),
    )
    assert messages == []
    assert html == '<p>Premier paragraphe, avec un <a href="/formations/">lien</a>.</p>'
    assert sorted(metadata) == [
        "authors", "category", "content_type", "cover", "cover_alt", "date", "field_lines", "format",
        "is_draft", "is_scheduled", "modified", "reading_time", "status", "summary", "tags", "title",
    ]  # fmt: skip
    assert metadata["title"] == "Bienvenue à Lens"
    # Pelican's own datetime class, to the minute
    assert type(metadata["date"]) is SafeDatetime
    assert metadata["date"] == datetime.datetime(2026, 1, 14, 9, 30)
    assert type(metadata["modified"]) is SafeDatetime
    assert metadata["modified"] == datetime.datetime(2026, 2, 1)
    assert metadata["summary"] == "<p>Une <em>nouvelle</em> promotion</p>"
    # a contributor's key becomes its name; a name not listed stays as written
    assert [(type(a), str(a), a.url) for a in metadata["authors"]] == [
        (Author, "Équipe POP", "auteurs/equipe-pop/"),
        (Author, "Marie Curie", "auteurs/marie-curie/"),
    ]
    assert [(type(t), str(t), t.url) for t in metadata["tags"]] == [
        (Tag, "Lens", "mots-cles/lens/"),
        (Tag, "Formation", "mots-cles/formation/"),
    ]
    category = metadata["category"]
    assert (type(category), str(category), category.url) == (
        Category,
        "Vie de l'école",
        "categories/vie-de-lecole/",
    )
    assert metadata["format"] == "dialogue"
    assert metadata["cover"] == "images/photo.png"
    assert metadata["cover_alt"] == "La promotion devant l'école"
    assert metadata["field_lines"] == {
        "title": 2, "date": 3, "modified": 4, "summary": 5, "authors": 6, "category": 9,
        "tags": 10, "format": 13, "cover": 14, "cover_alt": 15,
    }  # fmt: skip
    assert metadata["content_type"] == "article"
    assert metadata["reading_time"] == 1
    assert (metadata["status"], metadata["is_draft"], metadata["is_scheduled"]) == ("published", False, False)


def test_a_page_gets_its_defaults_and_its_type(reading):
    html, metadata, messages = reading.read(
        "content/pages/contact.md", "---\ntitle: Contact\n---\nÉcrivez-nous.\n\nÀ bientôt.\n"
    )
    assert messages == []
    assert html == "<p>Écrivez-nous.</p>\n<p>À bientôt.</p>"
    assert metadata == {
        "title": "Contact",
        "order": 100,
        "menu": False,
        "status": "published",
        "is_draft": False,
        "is_scheduled": False,
        "field_lines": {"title": 2},
        "content_type": "page",
        "reading_time": 1,
    }


def test_md_and_markdown_files_go_through_this_reader_a_byte_order_mark_is_ignored(reading):
    from pelican.readers import Readers

    classes = Readers(reading.reader.settings).reader_classes
    assert (classes["md"], classes["markdown"]) == (FrontMatterMarkdownReader, FrontMatterMarkdownReader)
    _, metadata, messages = reading.read(
        A + "bom.markdown", "\ufeff" + article("title: BOM\ndate: 2026-01-14\n")
    )
    assert messages == []
    assert metadata["title"] == "BOM"


def test_each_file_is_converted_afresh_footnotes_and_anchors_do_not_leak(reading):
    first, _, _ = reading.read(
        A + "notes-1.md", article("title: Un\ndate: 2026-01-14\n", "## Plan\n\nUn[^a].\n\n[^a]: Note un.\n")
    )
    second, _, _ = reading.read(
        A + "notes-2.md",
        article("title: Deux\ndate: 2026-01-14\n", "## Plan\n\nDeux[^b].\n\n[^b]: Note deux.\n"),
    )
    assert '<h2 id="plan">Plan</h2>' in second
    assert "Note deux." in second and "Note un." not in second
    assert second.count('class="footnote-ref"') == 1
    assert "Note un." in first and "Note deux." not in first


# --- summaries: Markdown, but raw HTML shown as text ------------------------------------


@pytest.mark.parametrize(
    ("summary", "html"),
    [
        ("Une phrase simple, sans mise en forme.", "<p>Une phrase simple, sans mise en forme.</p>"),
        ("Une *nouvelle* session à [Lens](/formations/)", '<p>Une <em>nouvelle</em> session à <a href="/formations/">Lens</a></p>'),
        ("<script>alert(1)</script> et <b>gras</b>", "<p>&lt;script&gt;alert(1)&lt;/script&gt; et &lt;b&gt;gras&lt;/b&gt;</p>"),
        ("Lens & Lille", "<p>Lens &amp; Lille</p>"),
        ("- un\n- deux", "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>"),
        ("1. un", "<ol>\n<li>un</li>\n</ol>"),
        ("Un.\n\nDeux.", "<p>Un.</p>\n<p>Deux.</p>"),
    ],
)  # fmt: skip
def test_a_summary_is_markdown_without_raw_html(reading, summary, html):
    assert reading.reader.inline_markdown(summary) == html


def test_raw_html_passes_in_the_body_but_not_in_the_summary(reading):
    html, metadata, _ = reading.read(
        A + "html.md",
        article(
            'title: HTML\ndate: 2026-01-14\nsummary: "<b>gras</b>"\n', "<b>gras</b>\n\n<div>bloc</div>\n"
        ),
    )
    assert metadata["summary"] == "<p>&lt;b&gt;gras&lt;/b&gt;</p>"
    assert html == "<p><b>gras</b></p>\n<div>bloc</div>"
    # the same text as summary and as body: each keeps its own conversion, in either order
    html, metadata, _ = reading.read(
        A + "html-2.md", article('title: HTML\ndate: 2026-01-14\nsummary: "<i>pareil</i>"\n', "<i>pareil</i>")
    )
    assert (metadata["summary"], html) == ("<p>&lt;i&gt;pareil&lt;/i&gt;</p>", "<p><i>pareil</i></p>")
    reading.read(A + "html-3.md", article("title: HTML\ndate: 2026-01-14\n", "<u>avant</u>"))
    _, metadata, _ = reading.read(
        A + "html-4.md", article('title: HTML\ndate: 2026-01-14\nsummary: "<u>avant</u>"\n')
    )
    assert metadata["summary"] == "<p>&lt;u&gt;avant&lt;/u&gt;</p>"


# --- reading time -------------------------------------------------------------------------


def test_reading_time_counts_the_words_of_the_text_not_of_the_markup():
    assert reading_minutes("", 200) == 1  # never « 0 min »
    assert reading_minutes("<p>" + "mot " * 299 + "</p>", 200) == 1  # 1.495
    assert reading_minutes("<p>" + "mot " * 301 + "</p>", 200) == 2  # 1.505
    assert reading_minutes("mot " * 1000, 200) == 5
    # the words of tags and attributes do not count; a tag separates two words
    assert reading_minutes('<img alt="un deux trois quatre cinq">' * 400, 200) == 1
    assert reading_minutes("un<br>deux<br>" * 300, 200) == 3


def test_reading_time_follows_the_words_per_minute_setting(reading, monkeypatch):
    monkeypatch.setitem(reading.run.config, "WORDS_PER_MINUTE", 10)
    _, metadata, _ = reading.read(
        A + "long.md", article("title: Long\ndate: 2026-01-14\n", "mot " * 60 + "\n")
    )
    assert metadata["reading_time"] == 6


# --- refused files: every problem, in French, with file and line --------------------------


def test_every_problem_of_a_file_is_reported_and_the_file_is_skipped(reading):
    html, metadata, messages = reading.read(
        A + "faux.md", article("date: 14/01/2026\ntags: Lens\ntitel: Bienvenue\n")
    )
    assert (html, metadata) == ("", SKIPPED)
    assert messages == [
        "erreur: content/articles/faux.md:2: champ « date » : attendu une date au format AAAA-MM-JJ, "
        "trouvé « 14/01/2026 »",
        "erreur: content/articles/faux.md:3: champ « tags » : attendu une liste (un élément par ligne, "
        "commençant par « - »), trouvé « Lens »",
        "erreur: content/articles/faux.md:4: champ « titel » : champ inconnu (vouliez-vous dire « title » ?) ; "
        "champs possibles : title, date, modified, summary, authors, category, tags, cover, cover_alt, "
        "edition, edition_order, format, slug, status, aliases",
        "erreur: content/articles/faux.md:2: champ « title » : champ obligatoire manquant",
    ]


def test_fields_get_the_content_folder_and_its_vocabularies(reading):
    _, metadata, messages = reading.read(
        A + "vocabulaire.md",
        article("title: V\ndate: 2026-01-14\nformat: reportage\ncover: images/absente.png\ncover_alt: x\n"),
    )
    assert metadata == SKIPPED
    assert messages == [
        "erreur: content/articles/vocabulaire.md:4: champ « format » : attendu une valeur de data/formats.yml "
        "parmi dialogue, entretien, trouvé « reportage »",
        "erreur: content/articles/vocabulaire.md:5: champ « cover » : attendu un fichier existant, "
        "trouvé « images/absente.png » (introuvable)",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"---\ntitle: \xe9t\xe9\ndate: 2026-01-14\n---\n",
            "x.md:2: le fichier n'est pas encodé en UTF-8 (octet 0xe9 illisible) : enregistrez-le en UTF-8",
        ),
        (
            "title: Sans en-tête\n",
            "x.md:1: le fichier doit commencer par un en-tête YAML : une ligne « --- », les champs, puis une "
            "autre ligne « --- »",
        ),
        (
            "---\ntitle: Jamais fermé\n",
            "x.md:1: l'en-tête YAML n'est jamais refermé par une ligne « --- »",
        ),
        (
            "---\ntitle: Nul\ndate: 2026-01-14\n---\nUn\x00texte\n",
            "x.md:5: caractère nul (U+0000) dans le fichier : ce n'est pas du texte, ou il a été copié d'un "
            "fichier binaire ; supprimez ce caractère",
        ),
        (
            "---\ntitle: Couleur\ndate: 2026-01-14\n---\nUn\n\x1b[31mrouge\n",
            "x.md:6: caractère de contrôle invisible (U+001B) dans le texte : supprimez-le ; il vient souvent "
            "d'un copier-coller (terminal, PDF, traitement de texte)",
        ),
        (
            "---\ntitle: Bonjour\ntitle: Encore\n---\n",
            "x.md:3: le champ « title » est défini deux fois (déjà à la ligne 2)",
        ),
    ],
)
def test_a_file_that_cannot_be_read_says_why_at_its_line(reading, content, message):
    html, metadata, messages = reading.read(A + "x.md", content)
    assert (html, metadata) == ("", SKIPPED)
    assert messages == [f"erreur: content/articles/{message}"]


def test_bounds_on_file_size_front_matter_and_nesting_come_from_the_settings(reading, monkeypatch):
    text = article("title: Limites\ndate: 2026-01-14\ntags:\n  - Lens\n")
    assert reading.read(A + "limites.md", text)[2] == []
    monkeypatch.setitem(reading.run.config, "YAML_MAX_DEPTH", 1)
    assert reading.read(A + "limites.md")[1:] == (
        SKIPPED,
        [
            "erreur: content/articles/limites.md:5: imbrication trop profonde : plus de 1 niveaux de listes "
            "ou de champs imbriqués ; simplifiez la valeur"
        ],
    )
    monkeypatch.setitem(reading.run.config, "FRONT_MATTER_MAX_BYTES", 20)
    assert reading.read(A + "limites.md")[2] == [
        "erreur: content/articles/limites.md:2: l'en-tête YAML fait 1 Ko, plus que la limite de 1 Ko : gardez "
        "le texte long dans le corps, après la ligne « --- »"
    ]
    monkeypatch.setitem(reading.run.config, "FILE_MAX_BYTES", 20)
    assert reading.read(A + "limites.md")[2] == [
        "erreur: content/articles/limites.md:1: le fichier fait 1 Ko, plus que la limite de 1 Ko : il n'a pas "
        "été lu ; un texte du site n'est jamais aussi long, vérifiez que c'est le bon fichier"
    ]


def test_a_long_text_is_read_with_a_warning_at_its_first_line(reading, monkeypatch):
    monkeypatch.setitem(reading.run.config, "BODY_WARN_BYTES", 100)
    html, metadata, messages = reading.read(
        A + "roman.md", article("title: Roman\ndate: 2026-01-14\n", "mot " * 49 + "mot\n")
    )
    assert html == "<p>" + "mot " * 49 + "mot</p>"
    assert metadata["title"] == "Roman"
    assert messages == [
        "avertissement: content/articles/roman.md:5: le texte fait 1 Ko, plus que 1 Ko : découpez-le en "
        "plusieurs pages ou allégez-le (page lente à construire et lourde à charger)"
    ]


def test_a_file_outside_every_content_folder_is_refused(reading):
    _, metadata, messages = reading.read("content/ailleurs/x.md", article("title: X\ndate: 2026-01-14\n"))
    assert metadata == SKIPPED
    assert messages == [
        "erreur: content/ailleurs/x.md: ce fichier n'est dans le dossier d'aucun type de contenu"
    ]


def test_a_folder_or_a_vanished_file_is_a_problem_of_the_file_not_a_crash(reading):
    (reading.root / A / "dossier.md").mkdir(parents=True, exist_ok=True)
    assert reading.read(A + "dossier.md")[1:] == (
        SKIPPED,
        ["erreur: content/articles/dossier.md:1: lecture du fichier impossible : c'est un dossier"],
    )
    assert reading.read(A + "disparu.md")[1:] == (
        SKIPPED,
        [
            "erreur: content/articles/disparu.md:1: lecture du fichier impossible : fichier introuvable "
            "(supprimé pendant la construction ?)"
        ],
    )


# --- Markdown that would never end or overflow: refused, and the next file still right -----


NORMAL = article("title: Normal\ndate: 2026-01-14\n", "Un *texte* et [un lien](/).\n")
NORMAL_HTML = '<p>Un <em>texte</em> et <a href="/">un lien</a>.</p>'


def test_markdown_too_slow_is_refused_after_the_time_limit(reading, monkeypatch):
    monkeypatch.setitem(reading.run.config, "MARKDOWN_MAX_SECONDS", 0.05)
    html, metadata, messages = reading.read(
        A + "lent.md", article("title: Lent\ndate: 2026-01-14\n", "![" * 1500)
    )
    assert (html, metadata) == ("", SKIPPED)
    assert messages == [
        "erreur: content/articles/lent.md:5: la mise en forme du texte dépasse 0.05 s : le texte contient sans "
        "doute des milliers de « [ », « ![ » ou de caractères spéciaux à la suite ; supprimez-les ou "
        "mettez-les dans un bloc de code"
    ]
    assert reading.read(A + "normal.md", NORMAL)[0] == NORMAL_HTML


def test_markdown_too_deep_is_refused_and_the_next_file_is_not_garbled(reading):
    html, metadata, messages = reading.read(
        A + "profond.md", article("title: Profond\ndate: 2026-01-14\nsummary: Court\n", "- " * 3000 + "x\n")
    )
    assert (html, metadata) == ("", SKIPPED)
    assert messages == [
        "erreur: content/articles/profond.md:6: texte trop imbriqué pour être lu (listes ou citations les unes "
        "dans les autres, sur des milliers de niveaux) : simplifiez-le"
    ]
    assert reading.read(A + "normal.md", NORMAL)[0] == NORMAL_HTML
    assert reading.reader.inline_markdown("Un *texte*") == "<p>Un <em>texte</em></p>"


# --- what a worker process prepared is taken, not read again -------------------------------


def test_a_file_prepared_ahead_is_not_read_again(reading, monkeypatch):
    path = reading.write(A + "prepare.md", article("title: Avant\ndate: 2026-01-14\n"))
    prepared = reading.reader.prepare(str(path))
    reading.write(A + "prepare.md", article("title: Après\ndate: 2026-01-14\n"))
    monkeypatch.setitem(reading.run.config, "PARALLEL", "1")
    monkeypatch.setattr(reading.run, "prepared", {str(path): prepared})
    _, metadata, _ = reading.read(A + "prepare.md")
    assert metadata["title"] == "Avant"
    assert reading.run.prepared == {}  # taken once
    assert reading.read(A + "prepare.md")[1]["title"] == "Après"


def test_reading_on_two_cores_gives_what_reading_here_gives(tmp_path):
    """Past ``PARALLEL_MIN_FILES`` files, worker processes prepare every file on the first
    read, and Pelican's reads take their results."""
    files = {
        A + f"a{n}.md": article(f"title: Article {n}\ndate: 2026-01-1{n}\n", f"Texte *{n}*.\n")
        for n in (1, 2)
    }
    parallel = reader_over(tmp_path / "deux", files, PARALLEL="1", PARALLEL_MIN_FILES=2)
    html, metadata, messages = parallel.read(A + "a1.md")
    assert list(parallel.run.prepared) == [str(tmp_path / "deux" / A / "a2.md")]  # read ahead, kept for later
    here = reader_over(tmp_path / "un", files, PARALLEL="")
    assert (html, metadata, messages) == here.read(A + "a1.md")
    assert html == "<p>Texte <em>1</em>.</p>" and metadata["title"] == "Article 1"
    assert here.run.prepared is None  # nothing read ahead when reading on one core


# --- drafts and future items ---------------------------------------------------------------


def run_at(build_date="2026-11-20", show_drafts=False):
    return SimpleNamespace(build_date=datetime.date.fromisoformat(build_date), show_drafts=show_drafts)


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day)


@pytest.fixture()
def no_holds(monkeypatch):
    monkeypatch.setattr(reader_module, "HOLDS", [])


def test_a_publish_build_holds_back_drafts_and_future_items(no_holds):
    run = run_at()
    published = {"status": "published", "is_draft": False, "is_scheduled": False}
    assert publication({"date": at("2026-11-20 23:59")}, run) == published  # today is not the future
    assert publication({}, run) == published  # a page has no date
    assert publication({"status": "published", "date": at("2026-01-01")}, run) == published
    assert publication({"date": at("2026-11-21")}, run) == {
        "status": "draft",
        "is_draft": False,
        "is_scheduled": True,
    }
    assert publication({"status": "draft"}, run) == {
        "status": "draft",
        "is_draft": True,
        "is_scheduled": False,
    }
    assert publication({"status": "draft", "date": at("2027-01-01")}, run) == {
        "status": "draft",
        "is_draft": True,
        "is_scheduled": True,
    }


def test_a_preview_shows_held_items_marked(no_holds):
    run = run_at(show_drafts=True)
    assert publication({"status": "draft"}, run) == {
        "status": "published",
        "is_draft": True,
        "is_scheduled": False,
    }
    assert publication({"date": at("2026-11-21")}, run) == {
        "status": "published",
        "is_draft": False,
        "is_scheduled": True,
    }
    # a type's own status (a resource « en cours ») is kept as it is
    assert publication({"status": "in-progress"}, run) == {
        "status": "in-progress",
        "is_draft": False,
        "is_scheduled": False,
    }
    assert publication({"status": "in-progress"}, run_at())["status"] == "in-progress"


def test_an_item_is_held_by_what_a_plugin_says(monkeypatch):
    issues = {1: ("draft", "2026-01-01"), 2: ("published", "2026-12-01"), 3: ("published", "2026-01-01")}

    def by_edition(values, run):
        """An article is held while its issue is a draft or out after the build date."""
        status, date = issues[values["edition"]]
        if status == "draft":
            return "draft"
        return "scheduled" if datetime.date.fromisoformat(date) > run.build_date else None

    monkeypatch.setattr(reader_module, "HOLDS", [lambda values, run: None, by_edition])
    run = run_at()
    assert publication({"edition": 1}, run) == {"status": "draft", "is_draft": True, "is_scheduled": False}
    assert publication({"edition": 2}, run) == {"status": "draft", "is_draft": False, "is_scheduled": True}
    assert publication({"edition": 3}, run) == {
        "status": "published",
        "is_draft": False,
        "is_scheduled": False,
    }
    assert publication({"edition": 2}, run_at(show_drafts=True))["status"] == "published"


def test_a_draft_file_reaches_pelican_as_a_draft(reading, no_holds):
    _, metadata, messages = reading.read(
        A + "brouillon.md", article("title: B\ndate: 2026-01-14\nstatus: draft\n")
    )
    assert messages == []
    assert (metadata["status"], metadata["is_draft"], metadata["is_scheduled"]) == ("draft", True, False)
    _, metadata, _ = reading.read(A + "futur.md", article("title: F\ndate: 2026-11-21\n"))
    assert (metadata["status"], metadata["is_draft"], metadata["is_scheduled"]) == ("draft", False, True)


def test_a_plugin_that_fails_on_a_file_is_a_problem_of_that_file(reading, monkeypatch):
    def broken(values, run):
        raise ValueError("numéro illisible")

    monkeypatch.setattr(reader_module, "HOLDS", [broken])
    html, metadata, messages = reading.read(A + "casse.md", article("title: C\ndate: 2026-01-14\n"))
    assert (html, metadata) == ("", SKIPPED)
    assert messages == [
        "erreur: content/articles/casse.md:1: lecture du fichier impossible, erreur inattendue (ValueError : "
        "numéro illisible) ; signalez-la à l'équipe technique avec ce fichier"
    ]


# --- another type's fields get the file's folder and the build date ------------------------


class NotBefore(Field):
    """A date that may not be before the build date (a plugin's own field)."""

    expected = "une date à venir"

    def parse(self, node, ctx):
        value = Date().parse(node, ctx)
        if value.date() < ctx.build_date:
            raise FieldError(self.expected, node.describe(), node.line)
        return value


@pytest.fixture()
def sheets():
    types.register(
        types.ContentType(
            name="fiche",
            label="Fiches",
            paths=lambda settings: ["fiches"],
            schema=Schema(
                fields={
                    "title": Text(required=True),
                    "until": NotBefore(),
                    "file": FilePath(relative_to="file"),
                }
            ),
        )
    )
    yield
    del types.REGISTRY["fiche"]


def test_a_plugin_type_gets_the_file_folder_and_the_build_date(reading, sheets):
    reading.write("content/fiches/atelier/guide.pdf", b"%PDF-1.4\n")
    _, metadata, messages = reading.read(
        "content/fiches/atelier/index.md", "---\ntitle: Atelier\nuntil: 2026-11-20\nfile: guide.pdf\n---\n"
    )
    assert messages == []
    assert (metadata["content_type"], metadata["file"]) == ("fiche", "guide.pdf")
    _, metadata, messages = reading.read(
        "content/fiches/atelier/index.md", "---\ntitle: Atelier\nuntil: 2026-11-19\nfile: absent.pdf\n---\n"
    )
    assert messages == [
        "erreur: content/fiches/atelier/index.md:3: champ « until » : attendu une date à venir, "
        "trouvé « 2026-11-19 »",
        "erreur: content/fiches/atelier/index.md:4: champ « file » : attendu un fichier existant, "
        "trouvé « absent.pdf » (introuvable)",
    ]


# --- Pelican's Markdown settings, without its « meta » extension ---------------------------


def test_markdown_settings_lose_the_meta_extension_and_keep_the_others():
    config = markdown_config(
        {
            "MARKDOWN": {
                "extensions": ["markdown.extensions.meta", "meta", "markdown.extensions.tables"],
                "extension_configs": {
                    "markdown.extensions.meta": {},
                    "meta": {},
                    "markdown.extensions.toc": {"permalink": True},
                    "markdown.extensions.tables": {},
                },
                "output_format": "html5",
            }
        }
    )
    assert config == {
        "extensions": ["markdown.extensions.tables", "markdown.extensions.toc"],
        "extension_configs": {
            "markdown.extensions.toc": {"permalink": True},
            "markdown.extensions.tables": {},
        },
        "output_format": "html5",
    }
    assert markdown_config({}) == {"extensions": [], "extension_configs": {}}
    assert markdown_config({"MARKDOWN": {"extension_configs": None}}) == {
        "extensions": [],
        "extension_configs": {},
    }


def test_the_project_markdown_settings_give_tables_and_anchors(reading):
    assert reading.reader.markdown("## Les sessions\n\n| a | b |\n|---|---|\n| 1 | 2 |\n") == (
        '<h2 id="les-sessions">Les sessions</h2>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n'
        "</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>"
    )
