"""Each typed field at its edges, in process: the value it gives, or the exact French message.

Fast tests of ``contentkit.fields`` (the mutation campaign runs them for every mutant): the
limits of numbers, real and impossible dates, lists with their positions, nested records,
file paths that stay in their folder, vocabularies with a suggestion.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from contentkit.errors import FieldError
from contentkit.fields import (
    Boolean,
    Choice,
    Date,
    Email,
    FieldContext,
    FilePath,
    Integer,
    ListOf,
    Number,
    Record,
    RecordErrors,
    SitePath,
    Slug,
    Text,
    Url,
    Vocabulary,
)
from contentkit.frontmatter import parse


def node(yaml_value: str, line: int = 1):
    """The node of ``v:`` in a front matter whose first line is ``line`` of the file."""
    return parse(f"v: {yaml_value}\n", first_line=line).value["v"]


def ctx(tmp_path: Path | None = None, vocabularies=None) -> FieldContext:
    root = (tmp_path or Path("content")) / "content"
    return FieldContext(root / "articles" / "x.md", root, vocabularies or {})


def ok(field, yaml_value, context=None):
    return field.parse(node(yaml_value), context or ctx())


def refused(field, yaml_value, context=None, line=1) -> FieldError:
    with pytest.raises(FieldError) as error:
        field.parse(node(yaml_value, line), context or ctx())
    assert error.value.line == line  # every message points at the value's own line
    return error.value


def problems(field, yaml_text, context=None):
    with pytest.raises(RecordErrors) as error:
        field.parse(parse(yaml_text, first_line=2).value["v"], context or ctx())
    return error.value.problems


def test_a_scalar_field_refuses_a_list_or_a_record():
    error = refused(Text(), "[a, b]", line=4)
    assert (error.expected, error.found, error.line) == ("un texte", "une liste", 4)
    error = refused(Integer(), "{a: 1}")
    assert (error.expected, error.found) == ("un nombre entier", "un ensemble de champs (nom: valeur)")


def test_text_is_stripped_and_never_empty():
    assert ok(Text(), "'  Bonjour  '") == "Bonjour"
    error = refused(Text(), "''", line=3)
    assert (error.expected, error.found, error.line) == ("un texte", "une valeur vide", 3)
    assert refused(Text(), "'   '").found == "une valeur vide"


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        (Integer(), "0", 0),
        (Integer(), "-3", -3),
        (Integer(), "+7", 7),
        (Integer(minimum=1), "1", 1),
        (Integer(minimum=3, maximum=8), "8", 8),
        (Integer(minimum=3, maximum=8), "3", 3),
        (Integer(maximum=5), "5", 5),
    ],
)
def test_integers_at_their_limits(field, text, value):
    assert ok(field, text) == value and isinstance(ok(field, text), int)


@pytest.mark.parametrize(
    ("field", "text", "expected", "found"),
    [
        (Integer(), "douze", "un nombre entier", "« douze »"),
        (Integer(), "1.5", "un nombre entier", "« 1.5 »"),
        (Integer(), "1 000", "un nombre entier", "« 1 000 »"),
        (Integer(minimum=1), "0", "un nombre entier supérieur ou égal à 1", "« 0 »"),
        (Integer(minimum=3, maximum=8), "2", "un nombre entier de 3 à 8", "« 2 »"),
        (Integer(minimum=3, maximum=8), "9", "un nombre entier de 3 à 8", "« 9 »"),
        (Integer(maximum=5), "6", "un nombre entier", "« 6 »"),
    ],
)
def test_integers_refused(field, text, expected, found):
    error = refused(field, text, line=6)
    assert (error.expected, error.found, error.line) == (expected, found, 6)


def test_decimal_numbers():
    rate = Number(minimum=0, maximum=100)
    assert ok(rate, "76,5") == 76.5 and ok(rate, "76.5") == 76.5
    assert ok(rate, "100") == 100 and isinstance(ok(rate, "100"), int)  # kept an integer
    assert ok(rate, "0") == 0 and ok(Number(), "-2,25") == -2.25
    for bad in ("101", "-0,5", "100,01"):
        error = refused(rate, bad, line=2)
        assert (error.expected, error.found, error.line) == ("un nombre de 0 à 100", f"« {bad} »", 2)
    assert refused(Number(), "beaucoup").expected == "un nombre"
    assert refused(Number(minimum=0), "-1").expected == "un nombre"
    assert refused(Number(maximum=10), "11").found == "« 11 »"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("oui", True),
        ("Oui", True),
        ("vrai", True),
        ("NON", False),
        ("faux", False),
        ("false", False),
        ("true", True),
    ],
)
def test_booleans(text, value):
    assert ok(Boolean(), text) is value


def test_boolean_refused():
    error = refused(Boolean(), "peut-être", line=5)
    assert (error.expected, error.found, error.line) == ("« oui » ou « non »", "« peut-être »", 5)
    assert refused(Boolean(), "1").found == "« 1 »"


def test_dates_and_times():
    assert ok(Date(), "2026-01-14") == datetime.datetime(2026, 1, 14)
    assert ok(Date(), "2026-01-14 09:30") == datetime.datetime(2026, 1, 14, 9, 30)
    assert ok(Date(), "'2026-01-14T18:05'") == datetime.datetime(2026, 1, 14, 18, 5)
    assert ok(Date(), "2024-02-29") == datetime.datetime(2024, 2, 29)
    for bad in ("14/01/2026", "2026-1-14", "2026-01-14 9h", "26-01-14", "2026-01-14x"):
        error = refused(Date(), f"'{bad}'", line=3)
        assert (error.expected, error.found, error.line) == ("une date au format AAAA-MM-JJ", f"« {bad} »", 3)
    for impossible in (
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-01-14 24:00",
        "2026-01-14 10:60",
    ):
        error = refused(Date(), f"'{impossible}'", line=4)
        assert error.expected == "une date qui existe au format AAAA-MM-JJ"
        assert error.found == f"« {impossible} » (ce jour n'existe pas)" and error.line == 4


def test_choices_and_slugs():
    status = Choice(choices=("published", "draft"))
    assert ok(status, "draft") == "draft"
    error = refused(status, "brouillon", line=2)
    assert (error.expected, error.found, error.line) == (
        "une valeur parmi published, draft",
        "« brouillon »",
        2,
    )
    assert ok(Slug(), "mon-article-2") == "mon-article-2"
    for bad in ("Mon-article", "mon--article", "-mon", "mon-", "été", "mon article", "a/b"):
        assert refused(Slug(), f"'{bad}'").found == f"« {bad} »", bad


def test_emails_urls_and_site_paths():
    assert ok(Email(), "contact@pop.eu.com") == "contact@pop.eu.com"
    assert ok(Email(), "'[à compléter : adresse]'") == "[à compléter : adresse]"
    for bad in ("contact@pop", "contact pop@pop.fr", "@pop.fr", "contact@pop.f"):
        assert refused(Email(), f"'{bad}'").expected == "une adresse électronique (nom@domaine.fr)", bad
    assert ok(Url(), "http://pop.eu.com/a?b=c") == "http://pop.eu.com/a?b=c"
    for bad in ("www.pop.eu.com", "https://", "ftp://pop.eu.com", "https://pop .eu.com"):
        assert refused(Url(), f"'{bad}'").expected == "une adresse web complète commençant par https://", bad
    assert ok(SitePath(), "/2023/trophee/") == "/2023/trophee/"
    assert ok(SitePath(), "'/?p=12'") == "/?p=12"
    for bad in ("ancienne-page", "//autre.site/", "/a/../b/", "/a b/", "https://pop.eu.com/a/"):
        error = refused(SitePath(), f"'{bad}'")
        assert error.expected == "une adresse du site commençant par « / » (par exemple /ancienne-page/)", bad


def test_vocabulary_keys_with_a_suggestion():
    context = ctx(vocabularies={"places": {"lens": {"name": "Lens"}, "roubaix": {"name": "Roubaix"}}})
    assert ok(Vocabulary(name="places"), "lens", context) == "lens"
    error = refused(Vocabulary(name="places"), "len", context, line=7)
    assert error.expected == "une valeur de data/places.yml parmi lens, roubaix"
    assert error.found == "« len » (vouliez-vous dire « lens » ?)" and error.line == 7
    assert refused(Vocabulary(name="places"), "paris", context).found == "« paris »"
    missing = refused(Vocabulary(name="formats"), "dialogue", context)
    assert missing.expected == "une clé du vocabulaire « formats » (fichier data/formats.yml introuvable)"


def test_file_paths_stay_in_their_folder(tmp_path):
    context = ctx(tmp_path)
    (context.content_root / "images").mkdir(parents=True)
    (context.content_root / "articles").mkdir()
    (context.content_root / "images" / "photo.jpg").write_bytes(b"x")
    (context.content_root / "articles" / "plan.pdf").write_bytes(b"x")
    cover = FilePath(extensions=(".jpg", ".png"), kind="une image")
    assert ok(cover, "images/photo.jpg", context) == "images/photo.jpg"
    assert ok(cover, "images/../images/photo.jpg", context) == "images/photo.jpg"
    assert ok(FilePath(relative_to="file"), "plan.pdf", context) == "plan.pdf"
    assert ok(FilePath(must_exist=False), "images/plus-tard.jpg", context) == "images/plus-tard.jpg"
    error = refused(cover, "/images/photo.jpg", context)
    expected = "un chemin de fichier relatif au dossier content/ (par exemple images/photo.jpg)"
    assert (error.expected, error.found) == (expected, "« /images/photo.jpg » (chemin absolu refusé)")
    error = refused(cover, "../conf.py", context)
    assert (error.expected, error.found) == (
        expected + " qui reste dans ce dossier",
        "« ../conf.py » (sort du dossier content/)",
    )
    error = refused(FilePath(relative_to="file"), "../../x.pdf", context)
    assert error.expected == "un chemin de fichier relatif au dossier du fichier qui reste dans ce dossier"
    assert error.found == "« ../../x.pdf » (sort du dossier articles/)"
    error = refused(cover, "images/photo.gif", context)
    assert (error.expected, error.found) == ("une image (jpg, png)", "« images/photo.gif »")
    (context.content_root / "images" / "grande.PNG").write_bytes(b"x")
    assert ok(cover, "images/grande.PNG", context) == "images/grande.PNG"  # any case of the ending
    error = refused(cover, "images/absente.jpg", context)
    assert (error.expected, error.found) == ("un fichier existant", "« images/absente.jpg » (introuvable)")
    error = refused(FilePath(), "images", context)
    assert (error.expected, error.found) == ("un fichier ordinaire", "« images » (c'est un dossier)")
    assert refused(FilePath(), "''", context, line=9).found == "une valeur vide"
    error = refused(FilePath(), "'\\\\images\\\\photo.jpg'", context, line=2)
    assert error.found.endswith("(chemin absolu refusé)")


def test_lists_name_each_faulty_item_by_its_position():
    tags = ListOf(item=Text())
    assert tags.parse(parse("v:\n  - Lens\n  - Lille\n").value["v"], ctx()) == ["Lens", "Lille"]
    assert tags.parse(parse("v: []\n").value["v"], ctx()) == []
    error = refused(tags, "Lens, Lille", line=4)
    assert (error.expected, error.found, error.line) == (
        "une liste (un élément par ligne, commençant par « - »)",
        "« Lens, Lille »",
        4,
    )
    found = problems(tags, "v:\n  - Lens\n  - ''\n  - Lens\n  - [a]\n")
    assert found == [
        (4, "[2]", "attendu un texte, trouvé une valeur vide"),
        (5, "[3]", "attendu des éléments tous différents, trouvé « Lens » deux fois"),
        (6, "[4]", "attendu un texte, trouvé une liste"),
    ]
    repeated = ListOf(item=Text(), unique=False)
    assert repeated.parse(parse("v:\n  - a\n  - a\n").value["v"], ctx()) == ["a", "a"]


def test_lists_with_a_minimum():
    two = ListOf(item=Text(), min_items=2)
    assert two.parse(parse("v:\n  - a\n  - b\n").value["v"], ctx()) == ["a", "b"]
    error = refused(two, "[]", line=3)
    assert (error.expected, error.found, error.line) == (
        "une liste d'au moins 2 élément(s)",
        "une liste vide",
        3,
    )
    error = refused(two, "[a]")
    assert error.found == "1 élément(s)"


def test_lists_and_records_pass_the_context_on_to_their_items():
    context = ctx(vocabularies={"places": {"lens": {"name": "Lens"}}})
    places = ListOf(item=Vocabulary(name="places"))
    assert places.parse(parse("v:\n  - lens\n").value["v"], context) == ["lens"]
    session = Record(fields={"location": Vocabulary(name="places")})
    assert session.parse(parse("v:\n  location: lens\n").value["v"], context) == {"location": "lens"}


def test_records_and_lists_of_records_give_the_path_of_each_problem():
    session = Record(fields={"start": Date(required=True), "seats": Integer(minimum=1)})
    assert session.parse(parse("v:\n  start: 2026-09-01\n  seats: 12\n").value["v"], ctx())["seats"] == 12
    error = refused(session, "2026-09-01", line=5)
    assert (error.expected, error.found, error.line) == (
        "des champs « nom: valeur » indentés",
        "« 2026-09-01 »",
        5,
    )
    sessions = ListOf(item=session)
    found = problems(sessions, "v:\n  - start: 2026-09-01\n    seats: 0\n  - seats: 3\n")
    assert found == [
        (4, "[1].seats", "attendu un nombre entier supérieur ou égal à 1, trouvé « 0 »"),
        (5, "[2].start", "champ obligatoire manquant"),
    ]
    found = problems(sessions, "v:\n  - 2026-09-01\n")
    assert found == [(3, "[1]", "attendu des champs « nom: valeur » indentés, trouvé « 2026-09-01 »")]


def test_dates_stay_between_the_years_1000_and_2999():
    assert ok(Date(), "1000-01-01").year == 1000 and ok(Date(), "2999-12-31").year == 2999
    for text in ("0999-12-31", "3000-01-01"):
        error = refused(Date(), text, line=3)
        assert (error.expected, error.found) == ("une date entre 1000 et 2999", f"« {text} »")


def test_what_was_found_is_always_quoted():
    assert refused(Number(), "beaucoup").found == "« beaucoup »"
    assert refused(Slug(), "Mon Article").expected == Slug.expected
    assert refused(SitePath(), "ancienne").found == "« ancienne »"
    assert refused(FilePath(), "''").expected.startswith("un chemin de fichier relatif")
    assert refused(Vocabulary(name="formats"), "dialogue").found == "« dialogue »"
