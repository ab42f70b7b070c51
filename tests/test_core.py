"""The validation core on its own: values typed by the schema, build date, references."""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from contentkit import checks, state
from contentkit.errors import FieldError, Report
from contentkit.fields import Boolean, Date, Email, FieldContext, Integer, Number, Text, Url
from contentkit.frontmatter import parse

CTX = FieldContext(source_path=Path("content/x.md"), content_root=Path("content"))


def value(field, text):
    return field.parse(parse(f"v: {text}\n").value["v"], CTX)


def test_text_stays_as_typed_whatever_yaml_would_guess():
    assert value(Text(), "1.10") == "1.10"
    assert value(Text(), "non") == "non"
    assert value(Text(), "2026-01-01") == "2026-01-01"
    assert value(Text(), "0777") == "0777"


@pytest.mark.parametrize(
    ("text", "expected"), [("oui", True), ("non", False), ("true", True), ("False", False)]
)
def test_booleans_in_french_or_english(text, expected):
    assert value(Boolean(), text) is expected


def test_numbers_dates_urls_emails():
    assert value(Integer(minimum=1), "12") == 12
    assert value(Number(minimum=0, maximum=100), "76,5") == 76.5
    assert value(Date(), "2026-01-14") == datetime.datetime(2026, 1, 14)
    assert value(Url(), "https://www.pop.eu.com/") == "https://www.pop.eu.com/"
    assert value(Email(), "contact@pop.eu.com") == "contact@pop.eu.com"
    for field, bad, expected in [
        (Integer(minimum=1), "0", "un nombre entier supérieur ou égal à 1"),
        (Number(minimum=0, maximum=100), "120", "un nombre de 0 à 100"),
        (Url(), "www.pop.eu.com", "une adresse web complète commençant par https://"),
        (Email(), "contact-at-pop", "une adresse électronique (nom@domaine.fr)"),
    ]:
        with pytest.raises(FieldError) as error:
            value(field, bad)
        assert error.value.expected == expected
        assert error.value.found == f"« {bad} »"


def test_build_date_setting_then_source_date_epoch_then_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    assert state.resolve_build_date("2026-11-20", "Europe/Paris") == datetime.date(2026, 11, 20)
    assert state.resolve_build_date(None, "Europe/Paris") == datetime.date(2026, 1, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    today = datetime.datetime.now(datetime.UTC).date()
    assert abs(state.resolve_build_date(None, "Europe/Paris") - today) <= datetime.timedelta(days=1)


def test_reference_check_lists_the_existing_keys():
    run = SimpleNamespace(report=Report(), display=lambda p: p)
    items = [
        SimpleNamespace(content_type="numero", number=1, source_path="content/editions/1.md"),
        SimpleNamespace(content_type="numero", number=2, source_path="content/editions/2.md"),
        SimpleNamespace(content_type="article", edition=2, source_path="content/articles/ok.md"),
        SimpleNamespace(
            content_type="article",
            edition=7,
            source_path="content/articles/ko.md",
            field_lines={"edition": 5},
        ),
    ]
    checks.reference("article", "edition", "numero", "number", "un numéro")(run, items, {})
    assert [p.format() for p in run.report.errors] == [
        "content/articles/ko.md:5: champ « edition » : attendu un numéro existant parmi 1, 2, trouvé « 7 »"
    ]


def test_nested_records_and_lists_report_each_problem_with_its_line_and_path():
    from contentkit.fields import ListOf, Record
    from contentkit.schema import Schema

    schema = Schema(
        fields={
            "duration": Record(fields={"hours": Integer(minimum=1, required=True), "weeks": Integer()}),
            "sessions": ListOf(
                item=Record(fields={"start": Date(required=True), "seats": Integer(minimum=1)})
            ),
            "tags": ListOf(item=Text()),
        }
    )
    node = parse(
        "duration:\n  hours: 0\nsessions:\n  - start: 2026-01-05\n    seats: douze\n  - seats: 3\n"
        "tags:\n  - Lens\n  - Lens\n",
        2,
    )
    _, _, issues = schema.validate(node, CTX)
    assert issues == [
        (3, "duration.hours", "attendu un nombre entier supérieur ou égal à 1, trouvé « 0 »"),
        (6, "sessions[1].seats", "attendu un nombre entier supérieur ou égal à 1, trouvé « douze »"),
        (7, "sessions[2].start", "champ obligatoire manquant"),
        (10, "tags[2]", "attendu des éléments tous différents, trouvé « Lens » deux fois"),
    ]
