"""The Outillerie (plugins/library): files published byte for byte with the size and
checksum shown, reproducible archives, the open catalogue, the feed with its enclosures,
JSON-LD, filters, and resources « en cours » or held back."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest
from library.units import file_size
from minisite import ROOT, build_tiny

SITE = "https://www.pop.eu.com/"
CONTENT = ROOT / "content" / "outillerie"
NBSP = "\u00a0"

VOCABULARIES = {
    "content/data/objectives.yml": "sensibiliser:\n  name: Sensibiliser\ntravailler-en-reseau:\n  name: Travailler en réseau\n",
    "content/data/themes.yml": "sobriete:\n  name: Sobriété numérique\n",
    "content/data/audiences.yml": "mediateurs:\n  name: Médiateur·rices\n",
    "content/data/licenses.yml": (
        "cc-by-sa-4-0:\n  spdx: CC-BY-SA-4.0\n  name: Creative Commons BY-SA 4.0\n  short: CC BY-SA 4.0\n"
        "  url: https://creativecommons.org/licenses/by-sa/4.0/deed.fr\n"
    ),
}


def resource(title="Kit sobriété", files=("guide.txt", "annexes/liste.csv"), **extra) -> str:
    lines = [
        "---",
        f"title: {title}",
        "summary: Un atelier pour parler de sobriété.",
        "objectives: [sensibiliser]",
        "themes: [sobriete]",
        "audiences: [mediateurs]",
        "license: CC-BY-SA-4.0",
        "authors: [Les Assembleurs, POP]",
        'version: "1.10"',
        "updated: 2026-01-10",
        "duration_minutes: 90",
    ]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    if files:
        lines.append("files:")
        for path in files:
            lines += [f"  - path: {path}", f"    title: Fichier {path}"]
    return "\n".join([*lines, "---", "Le déroulé de l'atelier.", ""])


KIT = {
    **VOCABULARIES,
    "content/outillerie/kit/index.md": resource(),
    "content/outillerie/kit/guide.txt": "Guide d'animation\n" * 40,
    "content/outillerie/kit/annexes/liste.csv": "geste;effort\nréparer;moyen\n",
}


# --- the sample content ------------------------------------------------------------------


def sample_resources():
    return sorted(p.parent.name for p in CONTENT.glob("*/index.md"))


def catalogue(site) -> dict:
    return json.loads(site.read("outillerie/catalogue.json"))


def test_sample_has_six_resources_and_one_in_progress_under_one_megabyte():
    assert len(sample_resources()) >= 7
    total = sum(p.stat().st_size for p in CONTENT.rglob("*") if p.is_file())
    assert total < 1_000_000
    in_progress = [p for p in CONTENT.glob("*/index.md") if "status: in-progress" in p.read_text("utf-8")]
    assert [p.parent.name for p in in_progress] == ["catalogue-ensemble-a-100"]


def test_sample_files_are_real_documents():
    kinds = set()
    for path in CONTENT.rglob("*"):
        if path.suffix == ".pdf":
            data = path.read_bytes()
            assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF"), path
            startxref = int(data.rsplit(b"startxref", 1)[1].split()[0])
            assert data[startxref:].startswith(b"xref"), path
        elif path.suffix == ".odt":
            with zipfile.ZipFile(path) as odt:
                first = odt.infolist()[0]
                assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
                assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
                assert {"content.xml", "META-INF/manifest.xml"} <= set(odt.namelist())
        elif path.suffix in (".csv", ".txt"):
            path.read_text(encoding="utf-8")
        kinds.add(path.suffix)
    assert {".pdf", ".odt", ".csv", ".txt"} <= kinds


def test_every_published_file_has_the_bytes_and_checksum_shown(sample_site):
    data = catalogue(sample_site)
    published = [r for r in data["resources"] if r["status"] == "published"]
    assert len(published) >= 6
    for entry in published:
        page = sample_site.soup(f"outillerie/{entry['id']}/index.html")
        rows = page.select(".files-table tbody tr")
        assert len(rows) == len(entry["files"]) > 0
        for row, file in zip(rows, entry["files"], strict=True):
            name = file["url"].removeprefix(SITE)
            served = (sample_site.output / name).read_bytes()
            source = (CONTENT / entry["id"] / file["path"]).read_bytes()
            digest = hashlib.sha256(served).hexdigest()
            assert served == source, name
            assert file["checksum"] == {"type": "sha256", "value": digest}
            assert file["filesize"] == len(served)
            cells = row.find_all("td")
            assert row.th.get_text() == file["title"]
            assert cells[1].get_text() == file_size(len(served))
            assert cells[2].get_text() == digest
            assert cells[3].a["href"] == file["url"]
        total = sum(f["filesize"] for f in entry["files"])
        assert entry["total_filesize"] == total


def test_the_archive_holds_exactly_the_files_and_the_licence(sample_site):
    for entry in catalogue(sample_site)["resources"]:
        slug = entry["id"]
        if entry["status"] != "published":
            continue
        name = entry["archive"]["url"].removeprefix(SITE)
        assert name == f"outillerie/{slug}/{slug}.zip"
        data = (sample_site.output / name).read_bytes()
        assert entry["archive"]["filesize"] == len(data)
        assert entry["archive"]["checksum"]["value"] == hashlib.sha256(data).hexdigest()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
            expected = sorted([f"{slug}/{f['path']}" for f in entry["files"]] + [f"{slug}/LICENCE.txt"])
            assert archive.namelist() == expected
            for file in entry["files"]:
                assert archive.read(f"{slug}/{file['path']}") == (CONTENT / slug / file["path"]).read_bytes()
            licence = archive.read(f"{slug}/LICENCE.txt").decode("utf-8")
        for text in (entry["title"], entry["version"], entry["license"]["title"], entry["license"]["url"]):
            assert text in licence, (slug, text)
        for author in entry["authors"]:
            assert author in licence
        for file in entry["files"]:
            assert f"{file['checksum']['value']}  {file['path']}" in licence
        page = sample_site.soup(f"outillerie/{slug}/index.html")
        link = page.select_one("a.download-all")
        assert link["href"] == entry["archive"]["url"]
        assert link.get_text() == f"Tout télécharger (ZIP, {file_size(len(data))})"


def test_the_page_names_the_licence_and_gives_a_credit_line(sample_site):
    page = sample_site.soup("outillerie/sobriete-numerique/index.html")
    licence = page.select_one(".resource-facts a[rel=license]")
    assert (
        licence.get_text()
        == "Creative Commons Attribution - Partage dans les mêmes conditions 4.0 International"
    )
    assert licence["href"] == "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"
    credit = page.select_one(".attribution").get_text()
    assert credit == (
        "« Sobriété numérique », Les Assembleurs, version 1.0, licence CC BY-SA 4.0, "
        "https://www.pop.eu.com/outillerie/sobriete-numerique/"
    )
    assert "Version" in page.select_one("#versions").get_text()


def test_json_ld_is_a_learning_resource_with_its_downloads(sample_site):
    entry = next(
        r for r in catalogue(sample_site)["resources"] if r["id"] == "vie-privee-donnees-personnelles"
    )
    page = sample_site.soup("outillerie/vie-privee-donnees-personnelles/index.html")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "LearningResource"
    assert data["license"] == entry["license"]["url"]
    assert data["url"] == entry["page"]
    assert data["timeRequired"] == "PT1H30M"
    downloads = {d["contentUrl"]: d for d in data["encoding"]}
    assert all(d["@type"] == "DataDownload" for d in data["encoding"])
    for file in entry["files"]:
        assert downloads[file["url"]]["sha256"] == file["checksum"]["value"]
        assert downloads[file["url"]]["encodingFormat"] == file["mime"]
    assert entry["archive"]["url"] in downloads


def test_feed_entries_carry_each_file_as_an_enclosure_of_its_size(sample_site):
    parsed = feedparser.parse(sample_site.read("feeds/outillerie.atom.xml"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    published = {r["page"]: r for r in catalogue(sample_site)["resources"] if r["status"] == "published"}
    assert {e.link for e in parsed.entries} == set(published)
    for entry in parsed.entries:
        files = published[entry.link]["files"]
        assert [(e.href, int(e.length), e.type) for e in entry.enclosures] == [
            (f["url"], f["filesize"], f["mime"]) for f in files
        ]
        for enclosure in entry.enclosures:
            size = (sample_site.output / enclosure.href.removeprefix(SITE)).stat().st_size
            assert int(enclosure.length) == size
        assert entry.id.startswith("tag:www.pop.eu.com,")


def published_names(folder) -> list[str]:
    """The files of a folder, without the compressed copies a host sends instead (.gz, .br)."""
    return sorted(p.name for p in folder.iterdir() if p.suffix not in (".gz", ".br"))


def test_in_progress_resource_is_listed_without_downloads_nor_feed_entry(sample_site):
    slug = "catalogue-ensemble-a-100"
    assert published_names(sample_site.output / "outillerie" / slug) == ["index.html"]
    page = sample_site.read(f"outillerie/{slug}/index.html")
    assert "En cours de préparation" in page
    assert ".zip" not in page and "download" not in page and "files-table" not in page
    assert slug not in sample_site.read("feeds/outillerie.atom.xml")
    entry = next(r for r in catalogue(sample_site)["resources"] if r["id"] == slug)
    assert entry["status"] == "in-progress" and entry["files"] == [] and entry["archive"] is None
    library = sample_site.soup("outillerie/index.html")
    assert library.find("a", href=f"{SITE}outillerie/{slug}/")


def test_library_cards_and_static_filter_pages(sample_site):
    page = sample_site.soup("outillerie/index.html")
    cards = page.select("#ressources > li")
    assert len(cards) == len(sample_resources())
    for card in cards:
        assert card["data-objectif"] and card["data-public"] and card["data-licence"]
        facts = card.select_one(".resource-facts").get_text(" ")
        for label in ("Objectifs", "Publics", "Licence"):
            assert label in facts
    sobriety = next(c for c in cards if c.find("a", string="Sobriété numérique"))
    facts = sobriety.select_one(".resource-facts").get_text()
    assert f"2{NBSP}h" in facts
    assert "PDF, CSV, ODT" in facts or "CSV, ODT, PDF" in facts
    form = page.select_one("form.filters[data-filters=ressources]")
    assert form.has_attr("hidden")  # shown by the script only
    assert {s["name"] for s in form.find_all("select")} == {"objectif", "theme", "public", "licence"}
    assert page.find("script", src=re.compile(r"/js/filters\.[0-9a-f]{10}\.js$"))  # hashed (plugins/hosting)
    sensitize = sample_site.soup("outillerie/objectifs/sensibiliser/index.html")
    titles = {a.get_text() for a in sensitize.select("#ressources .card-title a")}
    assert "Sobriété numérique" in titles and "Puzzle de la médiation numérique" not in titles
    assert sensitize.find("a", attrs={"aria-current": "page"}).get_text().startswith("Sensibiliser")
    for facet in ("objectifs", "themes", "publics", "licences"):
        assert list((sample_site.output / "outillerie" / facet).glob("*/index.html")), facet


def test_open_data_page_lists_catalogue_and_feed(sample_site):
    page = sample_site.read("donnees-ouvertes/index.html")
    assert "/outillerie/catalogue.json" in page
    assert "/feeds/outillerie.atom.xml" in page


def test_sizes_in_french_units():
    assert file_size(850) == f"850{NBSP}octets"
    assert file_size(1234) == f"1,2{NBSP}ko"
    assert file_size(1_200_000) == f"1,2{NBSP}Mo"
    assert file_size(3_400_000) == f"3,4{NBSP}Mo"
    assert file_size(52_428_800) == f"52{NBSP}Mo"
    assert file_size(999_999) == f"1{NBSP}Mo"


# --- tiny sites ------------------------------------------------------------------------


def test_two_builds_give_identical_archives(tmp_path):
    """Another day, other file times, another cache: the same bytes (people cite checksums)."""
    from minisite import pelican, write_site

    first = build_tiny(tmp_path / "a", KIT)
    root = tmp_path / "b" / "site"
    write_site(root, KIT)
    for path in (root / "content").rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))  # 2030, not the day of the first build
    code, log = pelican(root, tmp_path / "b" / "output", {"BUILD_DATE": "2027-03-15"})
    second = SimpleNamespace(code=code, log=log, output=tmp_path / "b" / "output")
    assert first.code == second.code == 0, first.log + second.log
    name = "outillerie/kit/kit.zip"
    assert (first.output / name).read_bytes() == (second.output / name).read_bytes()
    with zipfile.ZipFile(first.output / name) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["kit/LICENCE.txt", "kit/annexes/liste.csv", "kit/guide.txt"]
        assert {i.date_time for i in infos} == {(2026, 1, 10, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_a_rebuild_reads_no_unchanged_file_and_makes_no_archive(tmp_path):
    site = build_tiny(tmp_path, KIT)
    assert "fichiers lus pour leur empreinte : 2, archives construites : 1" in site.log
    before = (site.output / "outillerie/kit/kit.zip").read_bytes()
    os.rename(site.output, tmp_path / "old")
    from minisite import pelican

    code, log = pelican(site.root, site.output)
    assert code == 0, log
    assert "fichiers lus pour leur empreinte : 0, archives construites : 0" in log
    assert (site.output / "outillerie/kit/kit.zip").read_bytes() == before
    (site.root / "content/outillerie/kit/guide.txt").write_text("Nouvelle version\n", encoding="utf-8")
    code, log = pelican(site.root, site.output)
    assert "fichiers lus pour leur empreinte : 1, archives construites : 1" in log
    assert (site.output / "outillerie/kit/kit.zip").read_bytes() != before
    assert (site.output / "outillerie/kit/guide.txt").read_text(encoding="utf-8") == "Nouvelle version\n"


def test_slug_is_the_folder_name_and_version_stays_text(tmp_path):
    site = build_tiny(tmp_path, KIT)
    assert site.code == 0, site.log
    entry = catalogue(site)["resources"][0]
    assert entry["id"] == "kit" and entry["version"] == "1.10"
    assert entry["created_at"] == entry["last_modified"] == "2026-01-10"  # date defaults to updated
    assert [f["path"] for f in entry["files"]] == ["guide.txt", "annexes/liste.csv"]
    assert (site.output / "outillerie/kit/annexes/liste.csv").is_file()


def test_draft_resource_appears_nowhere(tmp_path):
    files = {
        **KIT,
        "content/outillerie/brouillon/index.md": resource(
            "Kit secret", files=("secret.txt",), status="draft"
        ),
        "content/outillerie/brouillon/secret.txt": "pas encore\n",
    }
    site = build_tiny(tmp_path, files)
    assert site.code == 0, site.log
    assert not (site.output / "outillerie/brouillon").exists()
    for name in site.files():
        if name.endswith((".html", ".xml", ".json", ".txt")) and "pagefind" not in name:
            text = site.read(name)
            assert "brouillon" not in text and "Kit secret" not in text, name
    preview = build_tiny(tmp_path / "preview", files, publish=False)
    assert preview.code == 0, preview.log
    assert "Brouillon — non publié" in preview.read("outillerie/brouillon/index.html")


def test_a_future_version_without_date_is_scheduled(tmp_path):
    files = {**KIT, "content/outillerie/kit/index.md": resource().replace("2026-01-10", "2027-01-10")}
    site = build_tiny(tmp_path, files)
    assert site.code == 0, site.log
    assert not (site.output / "outillerie/kit").exists()
    assert "Kit sobriété" not in site.read("outillerie/index.html")


def test_in_progress_without_files_builds_and_has_no_downloads(tmp_path):
    files = {
        **VOCABULARIES,
        "content/outillerie/bientot/index.md": resource(
            "Bientôt", files=("a-venir.pdf",), status="in-progress"
        ),
    }
    site = build_tiny(tmp_path, files)
    assert site.code == 0, site.log
    assert published_names(site.output / "outillerie/bientot") == ["index.html"]
    parsed = feedparser.parse(site.read("feeds/outillerie.atom.xml"))
    assert not parsed.bozo and parsed.entries == []
    assert "Fichier a-venir.pdf (PDF)" in site.read("outillerie/bientot/index.html")


def test_a_site_without_resources_still_builds(tmp_path):
    site = build_tiny(tmp_path, {})
    assert site.code == 0, site.log
    assert "Aucune ressource pour le moment." in site.read("outillerie/index.html")
    assert not (site.output / "outillerie/catalogue.json").exists()


def test_a_link_inside_the_folder_is_published_as_a_file(tmp_path):
    files = {**KIT, "content/outillerie/kit/index.md": resource(files=("guide.txt", "copie.txt"))}
    files.pop("content/outillerie/kit/annexes/liste.csv")
    from minisite import pelican, write_site

    write_site(tmp_path / "site", files)
    os.symlink("guide.txt", tmp_path / "site/content/outillerie/kit/copie.txt")
    code, log = pelican(tmp_path / "site", tmp_path / "output")
    assert code == 0, log
    copy = tmp_path / "output/outillerie/kit/copie.txt"
    assert (
        not copy.is_symlink()
        and copy.read_bytes() == (tmp_path / "output/outillerie/kit/guide.txt").read_bytes()
    )


def test_new_resource_scaffold(tmp_path):
    import library  # noqa: F401 — registers the type

    from sitetools.scaffold import new_content

    path = new_content("ressource", "Atelier réparer son téléphone", tmp_path)
    assert path == tmp_path / "outillerie/atelier-reparer-son-telephone/index.md"
    text = path.read_text(encoding="utf-8")
    for field in ("title:", "objectives:", "audiences:", "license:", "version:", "updated:", "files:"):
        assert f"\n{field}" in text
    assert "\nstatus: draft" in text
    with pytest.raises(SystemExit):
        new_content("ressource", "Atelier réparer son téléphone", tmp_path)
    # the new draft, with no file yet, is previewed and kept out of the published site
    files = {**VOCABULARIES, "content/outillerie/atelier/index.md": text}
    preview = build_tiny(tmp_path / "preview", files, publish=False)
    assert preview.code == 0, preview.log
    assert "Brouillon — non publié" in preview.read("outillerie/atelier/index.html")
    published = build_tiny(tmp_path / "published", files)
    assert published.code == 0, published.log
    assert not (published.output / "outillerie/atelier").exists()


def test_source_files_are_never_read_whole(tmp_path):
    """The checksum and copy code reads in chunks: a file is never loaded at once."""
    source = Path(__file__).resolve().parent.parent / "plugins" / "library"
    for module in ("files.py", "archive.py", "generator.py"):
        text = (source / module).read_text(encoding="utf-8")
        assert ".read_bytes()" not in text and ".read()" not in text, module
