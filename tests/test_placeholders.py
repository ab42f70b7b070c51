"""Placeholders « [à compléter…] » / « [à vérifier…] »: marked on pages, listed by the
production check with file and line, left out of public data, written by the scaffolds."""

from __future__ import annotations

import datetime
import importlib
import json
import os
import re
import shutil
import subprocess
import sys

from minisite import ENV, build_tiny, write_site

from contentkit.placeholders import find, is_placeholder, mark_html, public
from sitetools.build import ROOT, run_pelican
from sitetools.scaffold import new_content

ARTICLE = """\
---
title: Journée portes ouvertes
date: 2026-01-20
summary: "[à compléter : une phrase d'accroche]"
---
Venez nous voir.

Horaires : [à vérifier : 9 h – 17 h], à Lens.
"""


def setting_line(key: str) -> int:
    """The line of ``pelicanconf.py`` where the organisation's ``key`` is set."""
    lines = (ROOT / "pelicanconf.py").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(f'"{key}": "[à'))


def test_the_convention_and_what_public_data_keeps():
    assert find("Adresse : [à compléter : adresse du Cube], Tourcoing") == ["[à compléter : adresse du Cube]"]
    assert find("[À vérifier] et [à compléter]") == ["[À vérifier]", "[à compléter]"]
    assert find("a\u0300 compléter dans [a\u0300 vérifier : x]") == ["[à vérifier : x]"]  # decomposed « à »
    assert not find("[adresse à compléter]") and not find("Il vient compléter le dispositif.")
    org = {
        "name": "POP",
        "siret": "[à compléter : SIRET]",
        "address": {"street": "[à vérifier]", "city": "Lens"},
    }
    assert public(org) == {"name": "POP", "address": {"city": "Lens"}}
    assert org["siret"].startswith("[")  # the settings are not changed
    assert is_placeholder(org) and not is_placeholder(public(org))


def test_pages_mark_placeholders_in_text_only():
    page = (
        '<html><head><title>[à compléter]</title><script type="application/ld+json">{"a": "[à compléter]"}'
        '</script></head><body><p title="[à vérifier]">Tél. : [à compléter : téléphone]</p></body></html>'
    )
    marked = mark_html(page)
    assert marked.count("<mark") == 1
    assert (
        '<p title="[à vérifier]">Tél. : <mark class="a-completer"><span class="a-completer-label">'
        "À compléter :</span> [à compléter : téléphone]</mark></p>"
    ) in marked
    assert mark_html(marked) == marked  # marking twice changes nothing


def test_production_check_lists_every_placeholder_and_the_build_still_succeeds(tmp_path):
    files = {
        "content/articles/portes-ouvertes.md": ARTICLE,
        "content/data/formats.yml": """
            dialogue:
              name: Dialogue
              description: "[à compléter : ce qu'est un dialogue]"
            """,
    }
    write_site(tmp_path / "site", files)
    scratch = tmp_path / "scratch"
    env = {**ENV, "CHECK_ONLY": "1", "PRODUCTION": "1"}
    result = run_pelican("conf.py", scratch, env, cwd=tmp_path / "site")
    assert result.code == 1, result.output
    expected = [
        "content/articles/portes-ouvertes.md:4: champ « summary » : à compléter avant publication",
        "content/articles/portes-ouvertes.md:8: texte « [à vérifier : 9 h – 17 h] » à compléter avant publication",
        "content/data/formats.yml:3: champ « dialogue.description » : à compléter avant publication",
        f"pelicanconf.py:{setting_line('siret')}: réglage « TRAININGS.ORGANISATION.siret » : "
        "à compléter avant publication",
        f"pelicanconf.py:{setting_line('phone')}: réglage « TRAININGS.ORGANISATION.phone » : "
        "à compléter avant publication",
    ]
    for message in expected:
        assert message in result.output, result.output
    assert "Traceback" not in result.output

    # without --production the same site builds (strict), placeholders marked on the page
    site = build_tiny(tmp_path / "b", files)
    assert site.code == 0, site.log
    marks = site.soup("actualites/portes-ouvertes/index.html").select("mark.a-completer")
    assert [m.get_text(" ", strip=True) for m in marks] == ["À vérifier : [à vérifier : 9 h – 17 h]"]


def test_a_draft_keeps_its_placeholders_to_itself(tmp_path):
    files = {"content/articles/brouillon.md": ARTICLE.replace("---\nVenez", "status: draft\n---\nVenez")}
    write_site(tmp_path / "site", files)
    env = {**ENV, "CHECK_ONLY": "1", "PRODUCTION": "1"}
    result = run_pelican("conf.py", tmp_path / "scratch", env, cwd=tmp_path / "site")
    assert "brouillon.md" not in result.output  # not published: nothing of it reaches the public


def test_public_data_of_the_sample_holds_no_placeholder(sample_site):
    for name in ("formations/lheo.xml", "formations/catalogue.json", "formations/sessions.ics"):
        assert not find(sample_site.read(name)), name
    catalogue = json.loads(sample_site.read("formations/catalogue.json"))
    assert catalogue["organisation"]["siret"] is None  # a placeholder in the settings
    assert catalogue["organisation"]["name"] == "POP School"
    for page in (f for f in sample_site.files() if f.startswith("formations/") and f.endswith(".html")):
        for script in sample_site.soup(page).select('script[type="application/ld+json"]'):
            assert not find(script.string or ""), page
    # the pages keep them, marked, for the school to see
    contact = sample_site.soup("contact/index.html")
    assert contact.select("mark.a-completer")
    assert not [t for t in contact.find_all(string=True) if find(t) and t.parent.name != "mark"]


def test_json_ld_and_the_resource_catalogue_leave_placeholders_out(tmp_path):
    kit = ROOT / "content" / "outillerie" / "sobriete-numerique"
    index = (kit / "index.md").read_text(encoding="utf-8")
    files = {
        f"content/outillerie/sobriete-numerique/{p.name}": p.read_bytes()
        for p in kit.iterdir()
        if p.is_file()
    }
    files["content/outillerie/sobriete-numerique/index.md"] = re.sub(
        r"(?m)^summary: .*$", 'summary: "[à compléter : une phrase sur l\'atelier]"', index
    )
    for name in ("objectives", "themes", "audiences", "licenses"):
        files[f"content/data/{name}.yml"] = (ROOT / "content" / "data" / f"{name}.yml").read_bytes()
    site = build_tiny(tmp_path, files)
    assert site.code == 0, site.log
    catalogue = json.loads(site.read("outillerie/catalogue.json"))
    entry = next(r for r in catalogue["resources"] if r["id"] == "sobriete-numerique")
    assert entry["description"] is None  # the key stays, as the catalogue's documentation says
    assert not find(site.read("outillerie/catalogue.json"))
    page = site.soup("outillerie/sobriete-numerique/index.html")
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        assert not find(json.dumps(data, ensure_ascii=False)), data
    assert page.select("mark.a-completer")  # the page itself shows it, marked


def scaffolded(content_root, today=datetime.date(2026, 11, 20)):  # the frozen build date
    for plugin in ("contentkit", "trainings", "library", "editions"):
        importlib.import_module(plugin)
    return {
        kind: new_content(kind, "Atelier d'essai", content_root, today=today)
        for kind in ("article", "page", "formation", "ressource", "numero")
    }


def test_invoke_new_writes_placeholders_never_values_that_look_real(tmp_path):
    root = tmp_path / "site"
    write_site(root, {})
    shutil.copytree(ROOT / "content" / "data", root / "content" / "data", dirs_exist_ok=True)
    paths = scaffolded(root / "content")
    for kind, path in paths.items():
        text = path.read_text(encoding="utf-8")
        assert find(text), kind
        for looks_real in (
            "example.org",
            "RNCP00000",
            "00 00 00",
            "Écrivez ici",
            "Prénom Nom",
            "Décrivez ici",
        ):
            assert looks_real not in text, (kind, looks_real)
    # a new item builds in a preview (drafts shown), its placeholders marked
    from minisite import pelican  # noqa: PLC0415

    write_site(root, {}, publish=False)
    code, log = pelican(root, tmp_path / "preview", {"STRICT": ""})
    assert code == 0, log
    page = (tmp_path / "preview" / "formations" / "atelier-d-essai" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<mark class="a-completer">' in page
    # once « status: draft » is removed, the production check lists each placeholder
    formation = paths["formation"]
    formation.write_text(formation.read_text(encoding="utf-8").replace("status: draft", ""), encoding="utf-8")
    write_site(root, {})
    env = {**ENV, "CHECK_ONLY": "1", "PRODUCTION": "1"}
    result = run_pelican("conf.py", tmp_path / "scratch", env, cwd=root)
    assert result.code == 1
    lines = formation.read_text(encoding="utf-8").splitlines()
    email_line = next(n for n, line in enumerate(lines, 1) if line.startswith("  email:"))
    assert (
        f"content/formations/atelier-d-essai.md:{email_line}: champ « contact.email » : à compléter avant publication"
    ) in result.output
    article = paths["article"].relative_to(root).as_posix()  # an article is no draft
    assert f"{article}:19: texte « [à compléter : le texte, en Markdown] » à compléter avant publication" in (
        result.output
    )


def test_invoke_check_production_on_the_sample_lists_the_placeholders():
    process = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--production", "--date", "2026-11-20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
    )
    output = process.stdout + process.stderr
    assert process.returncode == 1, output
    assert re.search(
        r"content/data/places\.yml:\d+: champ « tourcoing\.address » : à compléter avant publication", output
    )
    assert "content/pages/contact.md:" in output
    assert "réglage « TRAININGS.ORGANISATION.siret » : à compléter avant publication" in output
    assert "Traceback" not in output
