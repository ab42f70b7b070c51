"""JSON Schemas (2020-12) of the content types, made from the same schemas as the build:
all the sample front matter is valid, and the suite's error cases are invalid wherever a
JSON Schema can express the rule. Front matter is read as editors' tools read it: YAML 1.2
(dates stay strings, only true/false are booleans)."""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys
import textwrap

import needs
import pytest
import test_editions_errors
import test_errors
import test_library_errors
import test_trainings_errors
import yaml
from minisite import BASE_FILES

from contentkit import types
from contentkit.errors import Report
from contentkit.frontmatter import FrontMatterError, split
from contentkit.jsonschema import all_schemas
from contentkit.vocabularies import load
from sitetools.build import ROOT

SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))
for plugin in SETTINGS["PLUGINS"]:  # each plugin registers its content types when imported
    __import__(plugin)

# Error cases a JSON Schema cannot tell: rules across files or on disk, the build date,
# what YAML alone decides, and rules written as code in a field.
NOT_EXPRESSIBLE = {
    "yaml-syntax": "YAML invalide : rien à valider",
    "impossible-date": "le 30 février a la forme d'une date",
    "cover-missing-file": "l'existence d'un fichier",
    "cover-outside-content": "un chemin qui sort du dossier (« .. » en milieu de chemin)",
    "duplicate-url": "deux fichiers à la même adresse",
    "not-utf8": "encodage du fichier",
    "no-front-matter": "pas d'en-tête",
    "front-matter-not-closed": "pas d'en-tête",
    "broken-internal-link": "lien dans le texte",
    "anchor-in-another-content": "lien dans le texte",
    "anchor-in-the-same-page": "lien dans le texte",
    "link-to-draft": "lien dans le texte",
    "duplicate-key": "YAML : clé en double (le chargeur garde la dernière)",
    "alias-collides": "deux fichiers à la même adresse",
    "tab-indentation": "YAML invalide",
    "vocabulary-entry-without-name": "fichier de vocabulaire (son propre schéma, data-*.json)",
    "page-slug-collides-with-listing": "adresse d'une page de liste",
    "rncp-without-level": "règle écrite dans le champ « certification »",
    "rs-with-level": "règle écrite dans le champ « certification »",
    "end-before-start": "comparaison de deux dates",
    "deadline-after-start": "comparaison de deux dates",
    "same-start-twice": "identité des sessions",
    "no-upcoming-session-in-strict-mode": "date de construction",
    "symlink-outside": "fichiers sur le disque",
    "symlinked-folder-outside": "fichiers sur le disque",
    "symlink-outside-even-in-progress": "fichiers sur le disque",
    "missing-file": "fichiers sur le disque",
    "folder-listed-as-a-file": "fichiers sur le disque",
    "no-licence-list": "vocabulaire absent",
    "published-without-files": "règle écrite en code (selon le statut)",
    "unlisted-file-strict": "fichiers sur le disque",
    "licence-file-name-reserved": "nom réservé, règle écrite dans le champ",
    "same-file-twice": "règle écrite en code",
    "description-listed": "nom réservé, règle écrite dans le champ",
    "slug-of-a-filter-page": "adresse d'une page de liste",
    "file-named-like-the-page": "fichiers sur le disque",
    "file-named-like-the-archive": "fichiers sur le disque",
    "page-at-the-library-address": "adresse d'une page de liste",
    "folder-without-index": "fichiers sur le disque",
    "article-of-an-issue-in-another-category": "règle entre fichiers (la rubrique du numéro)",
    "article-of-an-issue-without-category": "règle entre fichiers (la rubrique du numéro)",
    "article-takes-the-archive-address": "adresse d'une page de liste",
    "number-taken": "unicité entre fichiers",
    "edition-does-not-exist": "renvoi vers un autre fichier",
    "order-without-edition": "règle entre fichiers",
    "order-taken": "unicité entre fichiers",
    "issue-without-article": "règle entre fichiers",
}
SUITES = [test_errors, test_trainings_errors, test_library_errors, test_editions_errors]


class Yaml12Loader(yaml.SafeLoader):
    """YAML as editors' tools read it (YAML 1.2 core schema): dates stay strings, only
    true/false are booleans (« non » and « no » are texts)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def front_matter(text: str):
    front, _, _ = split(text)
    return yaml.load(front, Loader=Yaml12Loader) or {}


def validator(schema: dict):
    jsonschema = needs.module("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def schemas():
    return all_schemas(load(ROOT / "content" / "data", Report(), ROOT))


def test_every_content_type_and_vocabulary_has_a_2020_12_schema(schemas):
    assert {name for name in schemas if not name.startswith("data-")} == {f"{t}.json" for t in types.REGISTRY}
    for schema in schemas.values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        validator(schema)
    training = schemas["formation.json"]
    assert training["additionalProperties"] is False
    assert "title" in training["required"] and "date" not in training["required"]
    assert schemas["article.json"]["dependentRequired"] == {
        "cover": ["cover_alt"],
        "edition": ["edition_order"],
    }


def test_all_sample_front_matter_is_valid(schemas):
    checked = 0
    root = ROOT / "content"
    for path in sorted(root.rglob("*.md")):
        content_type = types.for_path(path, {**SETTINGS, "PATH": str(root)})
        if content_type is None:
            continue
        check = validator(schemas[f"{content_type.name}.json"])
        errors = [
            f"{'.'.join(map(str, e.path))}: {e.message}"
            for e in check.iter_errors(front_matter(path.read_text("utf-8")))
        ]
        assert not errors, f"{path.relative_to(ROOT)} : {errors}"
        checked += 1
    for path in sorted((root / "data").glob("*.yml")):
        check = validator(schemas[f"data-{path.stem}.json"])
        assert not list(check.iter_errors(yaml.load(path.read_text("utf-8"), Loader=Yaml12Loader))), path
    assert checked >= 30


def test_yaml_typing_and_ours_are_both_accepted(schemas):
    check = validator(schemas["ressource.json"])
    base = front_matter((ROOT / "content/outillerie/sobriete-numerique/index.md").read_text("utf-8"))
    for version in ("1.10", 1.1, 2):  # « version: 1.10 » is a number for YAML, a text for us
        assert check.is_valid({**base, "version": version})
    assert check.is_valid({**base, "duration_minutes": "90"})  # a quoted number is still a number for us
    page = validator(schemas["page.json"])
    for menu in (True, "oui", "Non", "vrai"):
        assert page.is_valid({"title": "Contact", "menu": menu})
    assert not page.is_valid({"title": "Contact", "menu": "peut-être"})
    assert page.is_valid({"title": "Contact", "summary": None})  # an empty value is an absent one


def case_files():
    """(suite, case id, files) of every error case of the suites."""
    for suite in SUITES:
        for name, case in suite.CASES.items():
            files = case[0]
            if callable(files):
                continue
            yield suite.__name__, name, files


def vocabularies_of(files: dict, tmp_path) -> dict:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    for old in data.glob("*.yml"):
        old.unlink()
    for name, text in {**BASE_FILES, **files}.items():
        if name.startswith("content/data/") and isinstance(text, str):
            (data / name.removeprefix("content/data/")).write_text(
                textwrap.dedent(text).lstrip("\n"), "utf-8"
            )
    return load(data, Report(), tmp_path)


EXPRESSIBLE = [(s, n, files) for s, n, files in case_files() if n not in NOT_EXPRESSIBLE]


def test_the_cases_left_out_exist():
    assert set(NOT_EXPRESSIBLE) <= {name for _, name, _ in case_files()}


@pytest.mark.parametrize("suite,name,files", EXPRESSIBLE, ids=[f"{s}:{n}" for s, n, _ in EXPRESSIBLE])
def test_the_suites_error_cases_are_invalid_where_a_schema_can_tell(suite, name, files, tmp_path):
    schemas = all_schemas(vocabularies_of(files, tmp_path))
    invalid = []
    for path, text in files.items():
        if not (path.endswith(".md") and isinstance(text, str)):
            continue
        content_type = types.for_path(ROOT / path, {**SETTINGS, "PATH": str(ROOT / "content")})
        try:
            data = front_matter(textwrap.dedent(text).lstrip("\n"))
        except (FrontMatterError, yaml.YAMLError):
            continue
        if not validator(schemas[f"{content_type.name}.json"]).is_valid(data):
            invalid.append(path)
    assert invalid, f"{suite}:{name} : le schéma accepte ce que la construction refuse"


def test_invoke_schemas_writes_them(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "schemas", "--folder", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.glob("*.json"))
    assert "formation.json" in written and "data-places.json" in written
    assert json.loads((tmp_path / "formation.json").read_text("utf-8"))["title"].startswith("Formations")


def test_a_registered_type_gets_its_schema_with_no_other_change():
    from contentkit import fields as f  # noqa: PLC0415
    from contentkit.schema import Schema  # noqa: PLC0415

    recipe = types.ContentType(
        name="recette",
        label="Recettes",
        paths=lambda settings: ["recettes"],
        schema=Schema(fields={"title": f.Text(required=True), "servings": f.Integer(minimum=1, maximum=12)}),
    )
    types.register(recipe)
    try:
        schema = all_schemas({})["recette.json"]
    finally:
        del types.REGISTRY["recette"]
    check = validator(schema)
    assert check.is_valid({"title": "Flamiche", "servings": 6})
    assert not check.is_valid({"title": "Flamiche", "servings": 13})
    assert not check.is_valid({"servings": 6})
