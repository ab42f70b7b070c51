"""What an editor reads: builds, previews and their error page in French, exact advice for
the usual front matter slips, duplicate addresses naming both files, plain Markdown paths
checked, `check --sitemap` without traceback, every vocabulary value in docs/."""

from __future__ import annotations

import http.server
import os
import re
import socket
import subprocess
import sys
import threading

import pytest
from minisite import ENV, build_tiny

from sitetools import addresses, vocabdoc
from sitetools.build import ROOT
from sitetools.devserver import error_page

# Words of Pelican's English lines (« Done: Processed … », « There are 2 items with slug »,
# « WARNING », « Unable to find »…): none may reach an editor.
ENGLISH = re.compile(
    r"\b(Done|Processed|WARNING|ERROR|INFO|There are|items|Unable|skipping|seconds|found|Traceback)\b"
)


def english(log: str) -> list[str]:
    return [line for line in log.splitlines() if ENGLISH.search(line)]


def test_a_build_and_a_preview_speak_french_and_end_with_a_french_summary(tmp_path):
    site = build_tiny(tmp_path / "publish", {})
    assert site.code == 0, site.log
    assert english(site.log) == []
    assert re.search(r"^Site construit en \d+,\d s : 1 article, 1 page\.$", site.log, re.M), site.log
    preview = build_tiny(tmp_path / "preview", {"content/articles/b.md": DRAFT}, publish=False)
    assert preview.code == 0, preview.log
    assert english(preview.log) == []
    assert (
        "Site construit en" in preview.log
        and "Brouillons et contenus programmés : 1, montré(s), marqué(s)." in (preview.log)
    )


DRAFT = "---\ntitle: Brouillon\ndate: 2026-01-12\nstatus: draft\n---\nEn cours.\n"


def test_the_sample_builds_without_a_line_of_english(sample_site):
    assert english(sample_site.log) == []
    assert "Site construit en" in sample_site.log


def test_a_duplicate_address_names_both_files_and_the_field_of_each(tmp_path):
    site = build_tiny(
        tmp_path,
        {
            # the edited file asks, with its slug, for the address another file has by its name
            "content/articles/autre.md": "---\ntitle: Autre\ndate: 2026-01-02\nslug: bienvenue\n---\nx\n",
            "content/articles/un.md": "---\ntitle: Un\ndate: 2026-01-03\nslug: pareil\n---\nx\n",
            "content/articles/deux.md": "---\ntitle: Deux\ndate: 2026-01-04\nslug: pareil\n---\nx\n",
        },
    )
    assert site.code == 1
    assert (
        "content/articles/autre.md:4: champ « slug » : l'adresse /actualites/bienvenue/ est déjà celle de "
        "content/articles/bienvenue.md (adresse tirée du nom du fichier) : deux contenus ne peuvent pas "
        "avoir la même adresse ; changez le « slug »"
    ) in site.log
    assert (
        "content/articles/un.md:4: champ « slug » : l'adresse /actualites/pareil/ est déjà celle de "
        "content/articles/deux.md (champ « slug », ligne 4)"
    ) in site.log
    assert "bienvenue.md:1" not in site.log  # the untouched file is not blamed
    assert english(site.log) == []
    # the preview's error page shows the same French lines, and nothing else in English
    page = error_page(site.log).decode("utf-8")
    assert "lang='fr'" in page and "La construction a échoué" in page
    assert english(re.sub(r"<[^>]+>", " ", page)) == []


@pytest.mark.parametrize(
    ("front", "line", "advice"),
    [
        (
            "title: Essai\ntags:\n\t- Lens\n",
            4,
            "syntaxe YAML invalide : tabulation en colonne 1 : l'en-tête n'accepte que des espaces ; "
            "remplacez la tabulation par des espaces (et réglez votre éditeur pour que la touche Tab "
            "écrive des espaces)",
        ),
        (
            "title: Essai\n\tdate: 2026-01-01\n",
            3,
            "syntaxe YAML invalide : tabulation en colonne 1 : l'en-tête n'accepte que des espaces",
        ),
        (
            "title: « Bonjour : le monde »\n",
            2,
            "syntaxe YAML invalide : les guillemets « » font partie du texte, ils ne le protègent pas : "
            "YAML s'arrête au « : ». Entourez toute la valeur de guillemets droits, ainsi : "
            'title: "« Bonjour : le monde »"',
        ),
        (
            "title: 'L'été'\n",
            2,
            "syntaxe YAML invalide : une apostrophe dans une valeur entre guillemets simples la ferme : "
            'entourez la valeur de guillemets droits doubles, ainsi : title: "L\'été"',
        ),
    ],
    ids=["tab-in-a-list", "tab-before-a-field", "guillemets-with-colon", "apostrophe-in-single-quotes"],
)
def test_tabs_and_quotes_get_exact_french_advice(tmp_path, front, line, advice):
    text = f"---\n{front}" + ("" if "date:" in front else "date: 2026-01-01\n") + "---\nx\n"
    site = build_tiny(tmp_path, {"content/articles/essai.md": text})
    assert site.code == 1
    assert f"content/articles/essai.md:{line}: {advice}" in site.log, site.log
    assert english(site.log) == []


def test_plain_markdown_paths_are_checked_like_static_ones(tmp_path):
    body = (
        "![Absente](/images/absente.jpg) et ![Relative](../images/ok.jpg)\n\n"
        "[contact](/contact/), [photo](/images/ok.jpg), "
        "[flux](/feeds/all.atom.xml), [ailleurs](https://example.net/)\n"
    )
    site = build_tiny(
        tmp_path,
        {
            "content/images/ok.jpg": (ROOT / "content" / "images").glob("*.jpg").__next__().read_bytes(),
            "content/articles/liens.md": f"---\ntitle: Liens\ndate: 2026-01-10\n---\n{body}",
        },
    )
    assert site.code == 1
    expected = [
        "content/articles/liens.md:5: image « /images/absente.jpg » : attendu une page ou un fichier du site, "
        "trouvé aucune page ni aucun fichier /images/absente.jpg",
        "content/articles/liens.md:5: image « ../images/ok.jpg » : attendu une page ou un fichier du site, "
        "trouvé un chemin relatif, que le navigateur lit depuis l'adresse de la page "
        "(/actualites/images/ok.jpg, qui n'existe pas) : écrivez {static}/images/ok.jpg",
    ]
    for message in expected:
        assert message in site.log, site.log
    assert site.log.count("attendu une page ou un fichier du site") == 2  # the good links pass


def test_a_plain_link_to_a_page_no_build_step_writes_is_found_in_the_written_site(tmp_path):
    body = (
        "[Une formation](/formations/inconnue/), [flux de la catégorie](/feeds/categories/actualites.atom.xml), "
        "[mot-clé](/mots-cles/lens/), [plan du site](/sitemap.xml)\n"
    )
    files = {"content/articles/liens.md": f"---\ntitle: Liens\ndate: 2026-01-10\n---\n{body}"}
    site = build_tiny(tmp_path / "publish", files)
    assert site.code == 1
    assert (
        "content/articles/liens.md:5: lien « /formations/inconnue/ » : attendu une page ou un fichier du site, "
        "trouvé aucune page ni aucun fichier /formations/inconnue/"
    ) in site.log
    assert site.log.count("attendu une page ou un fichier du site") == 1, site.log
    # a preview writes less (no sitemap.xml…): there it is a warning, and the preview is built
    preview = build_tiny(tmp_path / "preview", files, publish=False, env={"STRICT": ""})
    assert preview.code == 0, preview.log
    assert re.search(r"^\d avertissements? :$", preview.log, re.M), preview.log
    assert "  content/articles/liens.md:5: lien « /formations/inconnue/ » : attendu une page" in preview.log


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_sitemap_sources_that_cannot_be_read_give_french_messages(tmp_path):
    (tmp_path / "notes.txt").write_text("pas du XML", encoding="utf-8")
    (tmp_path / "page.xml").write_text("<html><body/></html>", encoding="utf-8")
    cases = {
        str(
            tmp_path / "sitemap.xm"
        ): f"aucun fichier « {tmp_path / 'sitemap.xm'} » : donnez le chemin d'un fichier "
        "sitemap.xml, ou une adresse complète commençant par https://",
        str(tmp_path): f"« {tmp_path} » est un dossier : donnez le fichier sitemap.xml qu'il contient",
        str(
            tmp_path / "notes.txt"
        ): f"{tmp_path / 'notes.txt'} n'est pas un sitemap XML lisible (erreur ligne 1, colonne 1)",
        str(
            tmp_path / "page.xml"
        ): f"{tmp_path / 'page.xml'} n'est pas un sitemap : attendu un élément <urlset> "
        "ou <sitemapindex>, trouvé <html>",
        f"http://127.0.0.1:{closed_port()}/sitemap.xml": "connexion refusée",
        "https://": "adresse incomplète « https:// »",
        # a name that no resolver knows (RFC 2606), with or without a network
        "https://nom-inconnu.invalid/sitemap.xml": "impossible de joindre https://nom-inconnu.invalid/sitemap.xml : "
        "le nom « nom-inconnu.invalid » est inconnu (faute de frappe ? pas de réseau ?)",
    }
    for source, message in cases.items():
        with pytest.raises(addresses.SitemapError) as caught:
            addresses.read_sitemap(source)
        assert message in str(caught.value), (source, str(caught.value))


def test_a_sitemap_that_answers_404_and_one_that_works(tmp_path):
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://www.pop.eu.com/contact/</loc></url></urlset>",
        encoding="utf-8",
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert addresses.read_sitemap(f"{base}/sitemap.xml") == ["https://www.pop.eu.com/contact/"]
        with pytest.raises(addresses.SitemapError) as caught:
            addresses.read_sitemap(f"{base}/absent.xml")
        assert f"le site a répondu 404 (File not found) pour {base}/absent.xml" in str(caught.value)
    finally:
        server.shutdown()


def test_invoke_check_sitemap_with_a_mistyped_file_says_so_without_traceback():
    process = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--sitemap", "sitemap.xm"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        timeout=120,
    )
    assert process.returncode == 1
    assert process.stderr.strip().endswith(
        "--sitemap : aucun fichier « sitemap.xm » : donnez le chemin d'un fichier sitemap.xml, "
        "ou une adresse complète commençant par https://"
    ), process.stderr
    assert "Traceback" not in process.stdout + process.stderr


def test_every_value_of_every_vocabulary_is_in_the_docs():
    page = (ROOT / "docs" / "vocabulaires.md").read_text(encoding="utf-8")
    assert page == vocabdoc.render(ROOT / "content" / "data"), (
        "docs/vocabulaires.md n'est plus à jour : lancez « invoke docs »"
    )
    for path in sorted((ROOT / "content" / "data").glob("*.yml")):
        assert f"## `{path.name}`" in page
        for key in re.findall(r"^([a-z0-9][a-z0-9-]*):", path.read_text(encoding="utf-8"), re.M):
            assert f"`{key}`" in page or path.stem == "licenses", (path.name, key)
    assert "`saint-quentin-en-yvelines`" in page and "`distanciel`" in page  # places, once missing
    for guide in ("README.md", "formations.md", "outillerie.md", "mediations.md", "articles.md"):
        assert "(vocabulaires.md)" in (ROOT / "docs" / guide).read_text(encoding="utf-8"), guide
