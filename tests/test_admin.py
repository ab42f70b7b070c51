"""The admin's config.yml is made from the content types' schemas: every field appears with
the widget of its type and no other field does; what its forms write, the reader accepts;
a type added with register() gets its collection; the admin stays out of the public site."""

from __future__ import annotations

import datetime
import gzip
import re
import runpy
import shutil
from pathlib import Path

import pytest
import yaml
from minisite import build_tiny

from contentkit import fields as f
from contentkit import types
from contentkit.errors import Report
from contentkit.fields import FieldContext
from contentkit.frontmatter import parse, split
from contentkit.schema import Schema
from contentkit.vocabularies import load
from sitetools.build import ROOT

SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))
for plugin in SETTINGS["PLUGINS"]:  # each plugin registers its content types when imported
    __import__(plugin)

from admin.decap import decap_config, dump  # noqa: E402


@pytest.fixture(scope="module")
def vocabularies():
    return load(ROOT / "content" / "data", Report(), ROOT)


@pytest.fixture(scope="module")
def config(vocabularies, monkeypatch_module):
    monkeypatch_module.chdir(ROOT)
    settings = {**SETTINGS, "PATH": str(ROOT / "content")}
    return yaml.safe_load(dump(decap_config(settings, vocabularies)))


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def by_name(specs: list[dict]) -> dict[str, dict]:
    return {spec["name"]: spec for spec in specs}


# --- every schema field, and no other ---------------------------------------------------


def field_names(spec_fields: list[dict]) -> dict:
    """Decap fields as a tree of names: {name: subtree or None}."""
    tree = {}
    for spec in spec_fields:
        inner = spec.get("fields")
        tree[spec["name"]] = field_names(inner) if inner else None
    return tree


def schema_names(schema_fields: dict[str, f.Field]) -> dict:
    tree = {}
    for name, field in schema_fields.items():
        item = field.item if isinstance(field, f.ListOf) else field
        tree[name] = schema_names(item.fields) if isinstance(item, f.Record) else None
    return tree


def test_every_schema_field_appears_and_no_other(config):
    collections = [c for c in config["collections"] if "folder" in c]
    assert {c["name"].split("-")[0] for c in collections} == set(types.REGISTRY)
    for spec in collections:
        content_type = types.REGISTRY[spec["name"].split("-")[0]]
        expected = {**schema_names(content_type.schema.fields), "body": None}
        assert field_names(spec["fields"]) == expected, spec["name"]


def test_one_collection_per_type_and_folder_with_the_contract_paths(config):
    assert collection(config, "formation")["folder"] == "content/formations"
    assert collection(config, "article-mediations")["folder"] == "content/articles/mediations"
    resource = collection(config, "ressource")
    assert resource["folder"] == "content/outillerie"
    assert resource["path"] == "{{slug}}/index"  # one folder per resource, index.md inside
    assert resource["media_folder"] == resource["public_folder"] == ""  # files beside it
    assert collection(config, "numero")["slug"] == "{{fields.number}}-{{slug}}"
    assert config["locale"] == "fr"
    assert config["media_folder"] == "content/images" and config["public_folder"] == "images"


def test_widgets_follow_the_field_types(config, vocabularies):
    training = by_name(collection(config, "formation")["fields"])
    assert training["updated"]["widget"] == "datetime"
    assert training["updated"]["format"] == training["updated"]["date_format"] == "YYYY-MM-DD"
    assert training["updated"]["time_format"] is False
    assert training["domain"]["widget"] == "select"
    assert training["domain"]["options"] == [
        {"label": entry["name"], "value": key} for key, entry in vocabularies["domains"].items()
    ]
    assert training["funding"]["multiple"] is True
    sessions = by_name(training["sessions"]["fields"])
    assert sessions["seats"] == {**sessions["seats"], "widget": "number", "value_type": "int", "min": 0}
    assert "distanciel" in [o["value"] for o in sessions["location"]["options"]]
    assert training["permanent_entry"]["widget"] == "boolean"
    results = by_name(training["results"]["fields"])
    assert results["year"]["min"] == 2000 and results["year"]["max"] == 2100
    assert results["employment_rate"]["value_type"] == "float"
    for record in ("certification", "duration", "price", "access", "contact"):
        assert training[record]["widget"] == "object", record
    assert training["sessions"]["widget"] == training["results"]["widget"] == "list"
    code = by_name(training["certification"]["fields"])["code"]
    assert re.fullmatch(code["pattern"][0], "RNCP37674") and not re.fullmatch(code["pattern"][0], "RNC37674")
    email = by_name(training["contact"]["fields"])["email"]
    assert email["required"] is True and email["pattern"][1].startswith("Attendu : une adresse")
    assert training["title"]["required"] is True and training["date"]["required"] is False
    assert training["title"]["hint"] == "Titre de la formation"

    resource = by_name(collection(config, "ressource")["fields"])
    files = by_name(resource["files"]["fields"])
    assert files["path"]["widget"] == "file" and files["path"]["media_folder"] == ""
    licence = resource["license"]
    assert {"label": "Creative Commons Attribution 4.0 International", "value": "CC-BY-4.0"} in licence[
        "options"
    ]
    assert resource["objectives"]["min"] == 1
    article = by_name(collection(config, "article")["fields"])
    assert article["cover"]["widget"] == "image"
    assert article["edition"]["value_type"] == "int"
    assert article["format"]["options"][0] == {"label": "Dialogue", "value": "dialogue"}


def test_each_vocabulary_is_a_form_of_entries(config, vocabularies):
    files = by_name(collection(config, "vocabulaires")["files"])
    assert set(files) == set(vocabularies)
    places = files["places"]
    assert places["file"] == "content/data/places.yml"
    assert places["label"] == "Lieux de formation"  # the file's first comment line
    entry = field_names(by_name(places["fields"])["entries"]["fields"])
    assert list(entry)[:5] == ["key", "name", "address", "postcode", "city"]
    assert collection(config, "vocabulaires")["format"] == "vocabulaire"


def test_a_registered_type_gets_its_collection_with_no_other_change(tmp_path, vocabularies):
    (tmp_path / "content" / "recettes").mkdir(parents=True)
    recipe = types.ContentType(
        name="recette",
        label="Recettes",
        paths=lambda settings: ["recettes"],
        schema=Schema(
            fields={
                "title": f.Text(required=True, help="nom du plat"),
                "servings": f.Integer(minimum=1, maximum=12, help="nombre de parts"),
                "vegetarian": f.Boolean(help="sans viande"),
                "ingredients": f.ListOf(item=f.Text(), min_items=1, required=True, help="un par ligne"),
            }
        ),
    )
    types.register(recipe)
    try:
        settings = {**SETTINGS, "PATH": str(tmp_path / "content"), "ADMIN": {"REPO_ROOT": str(tmp_path)}}
        config = decap_config(settings, vocabularies)
    finally:
        del types.REGISTRY["recette"]
    spec = collection(config, "recette")
    assert spec["folder"] == "content/recettes" and spec["label"] == "Recettes"
    fields = by_name(spec["fields"])
    assert list(fields) == ["title", "servings", "vegetarian", "ingredients", "body"]
    assert fields["servings"]["max"] == 12 and fields["vegetarian"]["widget"] == "boolean"
    assert fields["ingredients"]["widget"] == "list" and fields["ingredients"]["min"] == 1
    assert fields["servings"]["label"] == "Nombre de parts"


# --- a form writes what the reader accepts ----------------------------------------------


def widget_value(spec: dict, value):
    """The value Decap's widget of ``spec`` writes for a value the reader typed."""
    kind = spec["widget"]
    if kind == "datetime":  # a string in the widget's Day.js format
        dayjs = spec.get("format") or "YYYY-MM-DDTHH:mm:ss.SSSZ"
        for token, code in (("YYYY", "%Y"), ("MM", "%m"), ("DD", "%d"), ("HH", "%H"), ("mm", "%M")):
            dayjs = dayjs.replace(token, code)
        return value.strftime(dayjs)
    if kind == "number":
        return int(value) if spec.get("value_type") == "int" else float(value)
    if kind == "boolean":
        return bool(value)
    if kind == "object":
        return form_values(spec["fields"], value)
    if kind == "select" and spec.get("multiple"):
        return [str(v) for v in value]
    if kind == "list":
        items = value if isinstance(value, list) else [value]  # a text in a text-or-list field
        if "fields" in spec:
            return [form_values(spec["fields"], item) for item in items]
        return [widget_value(spec["field"], item) for item in items]
    return str(value)


def form_values(specs: list[dict], values: dict) -> dict:
    """What a form writes: its fields in the form's order, empty optional fields left out
    (omit_empty_optional_fields)."""
    written = {}
    for spec in specs:
        if spec["name"] in values and spec["name"] != "body":
            written[spec["name"]] = widget_value(spec, values[spec["name"]])
    return written


def sample_items():
    root = ROOT / "content"
    for path in sorted(root.rglob("*.md")):
        content_type = types.for_path(path, {**SETTINGS, "PATH": str(root)})
        if content_type is not None:
            yield path, content_type


def read_values(path: Path, text: str, content_type, vocabularies) -> dict:
    front, _, _ = split(text)
    ctx = FieldContext(source_path=path, content_root=ROOT / "content", vocabularies=vocabularies)
    values, _, issues = content_type.schema.validate(parse(front, first_line=2), ctx)
    assert not issues, f"{path.relative_to(ROOT)} : {issues}"
    return values


def comparable(values):
    """Typed values as a form keeps them: dates without their time, records without the
    reader's own bookkeeping (a file's line)."""
    if isinstance(values, dict):
        return {k: comparable(v) for k, v in values.items() if k != "line"}
    if isinstance(values, list):
        return [comparable(v) for v in values]
    if isinstance(values, datetime.datetime):
        return values.date()
    return values


def test_a_form_writes_what_the_reader_accepts_for_every_sample_item(config, vocabularies):
    checked = 0
    for path, content_type in sample_items():
        original = read_values(path, path.read_text(encoding="utf-8"), content_type, vocabularies)
        folder = path.parent.relative_to(ROOT)
        specs = next(
            c["fields"]
            for c in config["collections"]
            if c.get("folder") == (folder.parent if "path" in c else folder).as_posix()
        )
        written = form_values(specs, original)
        assert list(written) == [s["name"] for s in specs if s["name"] in written]  # the form's order
        # Decap's YAML: plain values, no Python tags; the body follows the front matter
        text = "---\n" + yaml.safe_dump(written, allow_unicode=True, sort_keys=False) + "---\nTexte.\n"
        assert "!!" not in text
        again = read_values(path, text, content_type, vocabularies)
        outcomes = again.pop("outcomes", None), original.pop("outcomes", None)
        if isinstance(outcomes[1], str):  # a text in a text-or-list field comes back as a list of one
            assert outcomes[0] == [outcomes[1]]
        else:
            assert outcomes[0] == outcomes[1]
        defaults = {k for k, field in content_type.schema.fields.items() if field.default is not None}
        assert {k: v for k, v in comparable(again).items() if k not in defaults} == {
            k: v for k, v in comparable(original).items() if k not in defaults
        }, path
        checked += 1
    assert checked >= 30


# --- the admin in the built site ---------------------------------------------------------


ADMIN_ON = {
    "ADMIN": {"ENABLED": True, "BACKEND": {"name": "gitlab", "repo": "pop/site", "auth_type": "pkce"}}
}


def with_settings(site_root: Path, extra: str) -> None:
    conf = site_root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_the_admin_is_written_in_previews_from_our_own_files(tmp_path):
    site = build_tiny(tmp_path, {}, publish=False)
    assert site.code == 0, site.log
    page = site.read("admin/index.html")
    assert '<html lang="fr">' in page and '<meta name="robots" content="noindex, nofollow">' in page
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == ["js-yaml.min.js", "decap-cms.js", "formats.js"]
    for script in scripts:
        assert (site.output / "admin" / script).is_file()
    assert "http" not in page  # nothing from another host, no CDN
    bundle = (site.output / "admin" / "decap-cms.js").read_bytes()
    assert bundle == (ROOT / "node_modules/decap-cms/dist/decap-cms.js").read_bytes()
    assert any((site.output / "admin").glob("*.decap-cms.js"))  # the chunks it loads beside itself
    config = yaml.safe_load(site.read("admin/config.yml"))
    assert config["local_backend"] is True and "publish_mode" not in config
    assert "data-pagefind-body" not in page


def test_publishing_writes_no_admin_without_a_backend(tmp_path):
    site = build_tiny(tmp_path, {})
    assert site.code == 0, site.log
    assert not (site.output / "admin").exists()


def test_with_a_backend_the_published_admin_stays_out_of_sitemap_feeds_and_search(tmp_path):
    root = tmp_path / "site"
    site = build_tiny(tmp_path, {})  # writes the site, then builds it again with the admin on
    with_settings(root, f"\nADMIN = {{**ADMIN, **{ADMIN_ON['ADMIN']!r}}}\n")
    shutil.rmtree(site.output)
    from minisite import pelican  # noqa: PLC0415

    code, log = pelican(root, site.output)
    assert code == 0, log
    config = yaml.safe_load(site.read("admin/config.yml"))
    assert config["backend"]["name"] == "gitlab" and config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config
    for name in site.files():
        if name.startswith("admin/") or not name.endswith((".html", ".xml", ".txt", ".json")):
            continue
        assert "/admin/" not in site.read(name), name
    assert "admin" not in site.read("plan-du-site/index.html")
    fragments = [n for n in site.files() if n.endswith(".pf_fragment")]
    assert fragments  # the search index was built…
    for name in fragments:  # …and holds no page of the admin
        assert b"Administration du contenu" not in gzip.decompress((site.output / name).read_bytes())


def test_a_page_cannot_take_the_admins_address(tmp_path):
    site = build_tiny(
        tmp_path,
        {"content/pages/admin.md": "---\ntitle: Administration\n---\nTexte.\n"},
        publish=False,
    )
    assert site.code == 1
    assert (
        "content/pages/admin.md: champ « slug » : attendu une autre adresse, trouvé /admin/ "
        "(réservée à l'administration du contenu)"
    ) in site.log


def test_the_quality_budgets_count_no_admin_page(tmp_path):
    """The weight and accessibility suites pick one page per public template by its path
    and a marker of its template: the admin's page matches none of them."""
    import sys  # noqa: PLC0415

    sys.path.insert(0, str(ROOT / "tests" / "quality"))
    from qualitykit import ALWAYS, WHEN_PRESENT  # noqa: PLC0415

    site = build_tiny(tmp_path, {}, publish=False)
    page = site.read("admin/index.html")
    for name, pattern, *marker in ALWAYS + [(n, p) for n, p in WHEN_PRESENT]:
        assert not (re.fullmatch(pattern, "admin/index.html") and all(re.search(m, page) for m in marker)), (
            name
        )


def test_without_npm_packages_a_preview_builds_and_a_published_admin_stops(tmp_path):
    from minisite import pelican, write_site  # noqa: PLC0415

    for publish, backend in ((False, None), (True, {"name": "gitlab", "repo": "pop/site"})):
        root = tmp_path / str(publish) / "site"
        write_site(root, {}, publish=publish)
        setting = {"ENABLED": True, "BACKEND": backend, "DECAP_DIST": str(tmp_path / "absent")}
        with_settings(root, f"\nADMIN = {{**ADMIN, **{setting!r}}}\n")
        code, log = pelican(root, root.parent / "output")
        if publish:
            assert code == 1
            assert (
                "ADMIN: attendu le paquet npm decap-cms dans node_modules/, trouvé aucun (npm ci)" in log
            ), log
        else:
            assert code == 0, log
            page = (root.parent / "output" / "admin" / "index.html").read_text(encoding="utf-8")
            assert "sans decap-cms : lancez « npm ci »" in page
