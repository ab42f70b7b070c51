"""A content type's schema on one front matter, in process: every problem, its line and field.

Fast tests of ``contentkit.schema`` (the mutation campaign runs them for every mutant):
unknown fields with a suggestion, empty values, defaults, nested paths, rules between fields.
"""

from __future__ import annotations

from pathlib import Path

from contentkit.fields import Date, FieldContext, Integer, ListOf, Record, Text
from contentkit.frontmatter import parse
from contentkit.schema import Schema, check_fields, join_path, requires

CTX = FieldContext(Path("content/articles/x.md"), Path("content"))
FIELDS = {
    "title": Text(required=True),
    "date": Date(required=True),
    "order": Integer(minimum=0, default=5),
    "summary": Text(),
    "sessions": ListOf(item=Record(fields={"start": Date(required=True), "seats": Integer(minimum=1)})),
    "duration": Record(fields={"hours": Integer(minimum=1, required=True)}),
}


def check(yaml_text: str, fields=FIELDS, prefix: str = ""):
    """The front matter starts on line 2 of the file, as after its « --- »."""
    return check_fields(fields, parse(yaml_text, first_line=2), CTX, prefix)


def test_a_correct_front_matter_gives_typed_values_and_defaults():
    values, issues = check("title: Essai\ndate: 2026-01-14\n")
    assert issues == []
    assert values == {"title": "Essai", "date": __import__("datetime").datetime(2026, 1, 14), "order": 5}
    values, _ = check("title: Essai\ndate: 2026-01-14\norder: 0\n")
    assert values["order"] == 0  # a value given wins over the default
    assert "summary" not in check("title: Essai\ndate: 2026-01-14\n")[0]  # no default: absent


def test_unknown_fields_are_named_with_their_line_and_a_suggestion():
    _, issues = check("title: Essai\ndate: 2026-01-14\ntitel: Autre\nzzz: 1\n")
    possible = "champs possibles : title, date, order, summary, sessions, duration"
    assert issues == [
        (4, "titel", f"champ inconnu (vouliez-vous dire « title » ?) ; {possible}"),
        (5, "zzz", f"champ inconnu ; {possible}"),
    ]


def test_an_empty_value_counts_as_absent_and_later_fields_are_still_read():
    _, issues = check("title:\nsummary:\ndate: 14/01/2026\n")
    assert issues == [
        (4, "date", "attendu une date au format AAAA-MM-JJ, trouvé « 14/01/2026 »"),
        (2, "title", "champ obligatoire manquant"),
    ]
    values, issues = check("summary:\ntitle: Essai\ndate: 2026-01-14\nzzz: 1\ntitel: x\n")
    assert values["title"] == "Essai" and [i[1] for i in issues] == ["zzz", "titel"]


def test_every_problem_of_nested_records_has_its_path_and_is_not_also_missing():
    _, issues = check(
        "title: Essai\ndate: 2026-01-14\nsessions:\n  - start: 2026-09-01\n    seats: 0\n  - seats: 2\nduration:\n  hours: 0\n"
    )
    assert issues == [
        (6, "sessions[1].seats", "attendu un nombre entier supérieur ou égal à 1, trouvé « 0 »"),
        (7, "sessions[2].start", "champ obligatoire manquant"),
        (9, "duration.hours", "attendu un nombre entier supérieur ou égal à 1, trouvé « 0 »"),
    ]
    _, issues = check("title: Essai\ndate: 2026-01-14\nduration: 35\n")
    assert issues == [(4, "duration", "attendu des champs « nom: valeur » indentés, trouvé « 35 »")]


def test_a_record_that_is_not_a_mapping_names_its_own_path():
    _, issues = check("- a\n- b\n", fields={"x": Text()}, prefix="duration.")
    assert issues == [(2, "duration", "attendu des champs « nom: valeur », trouvé une liste")]
    _, issues = check("- a\n", fields={"x": Text()})
    assert issues == [(2, "", "attendu des champs « nom: valeur », trouvé une liste")]


def test_a_prefix_names_nested_fields():
    _, issues = check("hours: 0\nminutes: 3\n", fields={"hours": Integer(minimum=1)}, prefix="duration.")
    assert issues == [
        (2, "duration.hours", "attendu un nombre entier supérieur ou égal à 1, trouvé « 0 »"),
        (3, "duration.minutes", "champ inconnu ; champs possibles : hours"),
    ]


def test_join_path():
    assert join_path("sessions", "[2].start") == "sessions[2].start"
    assert join_path("duration", "hours") == "duration.hours"
    assert join_path("title", "") == "title"


def test_rules_between_fields_see_what_was_given_and_where():
    schema = Schema(
        fields={
            "title": Text(required=True),
            "cover": Text(),
            "cover_alt": Text(),
            "order": Integer(default=1),
        },
        rules=[requires("cover_alt", when="cover")],
    )
    values, lines, issues = schema.validate(parse("title: Essai\ncover: images/a.jpg\n", first_line=2), CTX)
    assert issues == [(3, "cover_alt", "champ obligatoire quand « cover » est renseigné")]
    assert lines == {"title": 2, "cover": 3} and values["order"] == 1
    _, _, issues = schema.validate(
        parse("title: Essai\ncover: a.jpg\ncover_alt: Un chat\n", first_line=2), CTX
    )
    assert issues == []
    _, _, issues = schema.validate(parse("title: Essai\ncover_alt:\ncover:\n", first_line=2), CTX)
    assert issues == []  # empty values are not given
    _, lines, issues = schema.validate(parse("- a\n", first_line=2), CTX)
    assert lines == {} and issues == [(2, "", "attendu des champs « nom: valeur », trouvé une liste")]


def test_a_rule_receives_the_typed_values():
    seen = []
    schema = Schema(
        fields={"order": Integer()}, rules=[lambda values, given, lines: seen.append(values) or []]
    )
    schema.validate(parse("order: 3\n", first_line=2), CTX)
    assert seen == [{"order": 3}]


def test_a_required_group_with_a_faulty_inner_value_is_not_also_missing():
    fields = {
        "sessions": ListOf(item=Record(fields={"start": Date(required=True)}), required=True),
        "duration": Record(fields={"hours": Integer(minimum=1)}, required=True),
    }
    _, issues = check("sessions:\n  - start: demain\nduration:\n  hours: 0\n", fields=fields)
    assert issues == [
        (3, "sessions[1].start", "attendu une date au format AAAA-MM-JJ, trouvé « demain »"),
        (5, "duration.hours", "attendu un nombre entier supérieur ou égal à 1, trouvé « 0 »"),
    ]
    _, issues = check("title: x\n", fields={**fields, "title": Text()})
    assert issues == [
        (2, "sessions", "champ obligatoire manquant"),
        (2, "duration", "champ obligatoire manquant"),
    ]


def test_validate_passes_the_context_on():
    from contentkit.fields import Vocabulary  # noqa: PLC0415

    context = FieldContext(CTX.source_path, CTX.content_root, {"places": {"lens": {"name": "Lens"}}})
    schema = Schema(fields={"location": Vocabulary(name="places")})
    values, _, issues = schema.validate(parse("location: lens\n", first_line=2), context)
    assert values == {"location": "lens"} and issues == []
