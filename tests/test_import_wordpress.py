"""`invoke import wordpress`: a WordPress export becomes our content, builds, and loses no address.

A small French export written for these tests (tests/data/wordpress/) covers the mapping
details; the two real exports of WordPress's theme test data (../shared/wordpress/) check
that every published item comes over, that the site builds, that no old address is lost
and that ten chosen posts keep their structure.
"""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
from pathlib import Path

import needs
import pytest
import yaml
from bs4 import BeautifulSoup
from minisite import FROZEN_DATE, pelican, tree_digest, write_site

from sitetools import addresses
from sitetools.wordpress import command, import_wordpress, wxr

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "wordpress"
EXPORT = DATA / "pop-export.xml"
UPLOADS = DATA / "uploads"
SITE_URL = "https://www.pop.eu.com"
REAL = {"classique": "themeunittestdata.wordpress.xml", "blocs": "64-block-test-data.xml"}


class Imported:
    def __init__(self, root: Path, report, code: int, log: str):
        self.root, self.report, self.code, self.log = root, report, code, log
        self.content = root / "content"
        self.output = root.parent / "output"

    def source(self, relative: str) -> str:
        return (self.content / relative).read_text(encoding="utf-8")

    def meta(self, relative: str) -> dict:
        return yaml.safe_load(self.source(relative).split("---")[1])

    def page(self, url: str) -> BeautifulSoup:
        path = self.output / url.strip("/") / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def body(self, url: str):
        return self.page(url).select_one("article .content") or self.page(url).select_one("main")


def import_and_build(
    root: Path, export: Path, uploads: Path | None = None, files: dict | None = None
) -> Imported:
    write_site(root, files or {})
    report = import_wordpress(export, root / "content", uploads)
    code, log = pelican(root, root.parent / "output")
    return Imported(root, report, code, log)


def assert_built_without_error(site: Imported) -> None:
    assert site.code == 0, site.log
    assert not re.search(r"\bERROR\b|erreur|Traceback|Unable to find", site.log), site.log


def assert_images_exist(site: Imported) -> None:
    """No image of the built site points at a file that is not there (no broken {static})."""
    for html in site.output.rglob("*.html"):
        for image in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find_all("img"):
            source = image["src"].removeprefix(SITE_URL)
            if source.startswith(("http://", "https://", "data:")):
                continue
            target = (
                (html.parent / source) if not source.startswith("/") else site.output / source.lstrip("/")
            )
            assert target.is_file(), f"{html.relative_to(site.output)}: {image['src']}"


def old_sitemap(path: Path, addresses_: list[str]) -> Path:
    rows = "".join(f"<url><loc>{a.replace('&', '&amp;')}</loc></url>" for a in addresses_)
    path.write_text(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>', encoding="utf-8"
    )
    return path


def published_items(export: Path) -> list[wxr.Item]:
    """Posts and pages the old site showed at the frozen build date."""
    return [
        i
        for i in wxr.read(export).items
        if i.type in ("post", "page")
        and i.status in ("publish", "future")
        and not i.password
        and i.date_gmt[:10] <= FROZEN_DATE
    ]


# --- the small French export ----------------------------------------------------------


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Imported:
    # without the base site's contact page, which the export's « Contact » page replaces
    site = import_and_build(
        tmp_path_factory.mktemp("fr") / "site", EXPORT, UPLOADS, {"content/pages/contact.md": None}
    )
    assert_built_without_error(site)
    return site


def test_posts_become_articles_with_our_front_matter(french):
    meta = french.meta("articles/forum-numeriquelles.md")
    assert meta["title"] == "Les Numériqu’elles : retour sur le forum"
    # GMT 08:30 in May is 10:30 in Paris (summer time); GMT 09:00 in December is 10:00
    assert meta["date"] == "2023-05-12 10:30"
    assert french.meta("articles/inclusion.md")["date"] == "2023-12-01 10:00"
    assert meta["modified"] == "2023-06-02 14:00"
    assert meta["summary"] == "Un résumé court du forum."
    assert meta["authors"] == ["Marie Dupont"]  # the display name, not the login
    # one category in our model: the first; the other WordPress categories become tags
    assert meta["category"] == "Actualités"
    assert meta["tags"] == ["Lens", "Égalité", "Médiation(s)"]
    assert meta["cover"] == "images/2023/atelier-fresque.jpg"
    assert meta["cover_alt"] == "Huit personnes autour d'une table couverte de cartes, à Lens"
    assert "status" not in meta
    # the link, ?p=ID and the address of the former slug all redirect
    assert meta["aliases"] == [
        "/2023/05/12/forum-numeriquelles/",
        "/?p=10",
        "/2023/05/12/numeriquelles-forum/",
    ]


def test_title_html_uncategorized_and_cover_without_alt(french):
    meta = french.meta("articles/inclusion.md")
    assert meta["title"] == "L’inclusion & le numérique"
    assert "category" not in meta  # « Non classé » is the site's default category
    assert meta["cover"] == "images/2023/portrait.png"
    assert meta["cover_alt"] == "[à compléter]"
    assert "content/articles/inclusion.md : image de couverture sans texte alternatif" in french.report.text()
    assert (
        french.page("/actualites/inclusion/").find("h1").get_text(strip=True) == "L’inclusion & le numérique"
    )


def test_drafts_pending_and_private_items_are_drafts(french):
    for name in ("brouillon-sans-date", "en-relecture", "note-interne"):
        assert french.meta(f"articles/{name}.md")["status"] == "draft"
        assert not (french.output / "actualites" / name).exists()
    # a draft with no GMT date keeps its local date
    assert french.meta("articles/brouillon-sans-date.md")["date"] == "2024-01-15 18:00"


def test_trash_auto_drafts_and_password_protected_items_are_skipped_and_listed(french):
    files = {p.name for p in (french.content / "articles").iterdir()}
    assert not {"supprime.md", "partenaires.md", "brouillon-automatique.md"} & files
    text = french.report.text()
    assert "post 15 « Supprimé » : dans la corbeille" in text
    assert "post 16 « Brouillon automatique » : brouillon automatique" in text
    assert "post 17 « Réservé aux partenaires » : protégé par un mot de passe" in text


def test_duplicate_slugs_and_dates_far_in_the_past(french):
    meta = french.meta("articles/forum-numeriquelles-2.md")
    assert meta["date"] == "1899-12-31 22:09"  # Paris was GMT+0:09 then
    assert meta["authors"] == ["inconnu"]  # an author missing from the export keeps the login
    assert "forum-numeriquelles-2" in french.report.text()
    # a year our dates do not take (1000 to 2999) is replaced, and the report says so
    assert french.meta("articles/date-impossible.md")["date"] == "2000-01-01 00:00"
    assert "post 23 : date absente, invalide ou hors des années 1000 à 2999 (« 0999-01-01 09:00:00 »)" in (
        french.report.text()
    )
    assert (french.output / "actualites" / "forum-numeriquelles-2" / "index.html").is_file()


def test_an_old_address_that_is_the_new_one_is_not_a_redirect(french):
    assert french.meta("articles/meme-adresse.md")["aliases"] == ["/?p=19"]
    page = french.page("/actualites/meme-adresse/")
    assert page.find("h1").get_text(strip=True) == "Même adresse qu'avant"
    assert not page.find("meta", attrs={"http-equiv": "refresh"})


def test_pages_keep_order_and_child_pages_their_old_path(french):
    meta = french.meta("pages/equipe.md")
    assert meta == {"title": "L'équipe", "order": 2, "aliases": ["/a-propos/equipe/", "/?page_id=20"]}
    redirect = french.page("/a-propos/equipe/")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith("/equipe/")
    # pages have no cover: the featured image opens the body
    assert (
        french.source("pages/a-propos.md")
        .split("---")[2]
        .lstrip()
        .startswith(
            "![Huit personnes autour d'une table couverte de cartes, à Lens]({static}/images/2023/atelier-fresque.jpg)"
        )
    )


def test_body_structure_survives(french):
    body = french.body("/actualites/forum-numeriquelles/")
    assert body.find("h2").get_text() == "Au programme"
    assert body.select_one("ul > li > ul > li").get_text() == "avec des employeurs"
    figure = body.find("figure")
    assert figure.find("img")["alt"] == "Huit personnes autour d'une table couverte de cartes, à Lens"
    assert figure.find("figcaption").decode_contents() == "L'atelier <em>Fresque du numérique</em>"
    assert body.find("blockquote").get_text(strip=True) == "Le numérique doit être un levier d'émancipation."
    assert body.select_one("pre code").get_text() == 'print("Bonjour Lens")\n'
    assert [td.get_text() for td in body.select("table tbody td")] == ["Lens", "80", "Roubaix", "40"]
    assert body.find("a", href=True, string="https://www.youtube.com/watch?v=abc123")
    # hostile text stays text; the script is gone
    assert "Un texte <script>alert(1)</script> qui reste du texte, et un piège." in body.get_text()
    assert not body.find("a", string="un piège")  # a javascript: link keeps its text only
    assert not french.page("/actualites/forum-numeriquelles/").find("script", string=re.compile("alert"))
    notes = french.body("/actualites/inclusion/")
    assert [li.get_text() for li in notes.select("ol > li")][:2] == ["Repérer", "Accompagner"]
    assert "Selon le baromètre." in notes.select_one("div.footnote").get_text()
    assert notes.find("h2").get_text() == "Pourquoi"
    # a reusable block is copied where it was used
    assert "Inscriptions : à l'accueil de POP." in notes.get_text()
    # a body's <h1> moves down: the title is the page's only <h1>
    assert french.body("/equipe/").find("h2").get_text() == "Qui sommes-nous"


def test_images_are_copied_by_year_and_links_rewritten(french):
    assert sorted(
        p.relative_to(french.content).as_posix() for p in (french.content / "images").rglob("*")
    ) == [
        "images/2023",
        "images/2023/atelier-fresque-2.jpg",  # same name, other month: both kept
        "images/2023/atelier-fresque.jpg",
        "images/2023/portrait.png",
        "images/2023/programme.pdf",
    ]
    assert (french.content / "images/2023/atelier-fresque.jpg").read_bytes() == (
        UPLOADS / "2023/05/atelier-fresque.jpg"
    ).read_bytes()
    source = french.source("articles/forum-numeriquelles.md")
    assert "[notre équipe]({filename}/pages/equipe.md)" in source
    assert "[l'inclusion]({filename}/articles/inclusion.md)" in source
    assert "[programme en PDF]({static}/images/2023/programme.pdf)" in source
    body = french.body("/actualites/forum-numeriquelles/")
    assert body.find("a", string="notre équipe")["href"] == f"{SITE_URL}/equipe/"
    assert_images_exist(french)


def test_missing_media_stay_links_and_are_listed(french):
    source = french.source("articles/forum-numeriquelles.md")
    missing = "https://ancien.pop.example/wp-content/uploads/2023/05/absente.jpg"
    assert f"[Image : Une photo perdue]({missing})" in source
    text = french.report.text()
    assert f"- content/articles/forum-numeriquelles.md : {missing}" in text
    assert "clip.mp4" in text
    # an image of another site is not loaded from there: a link, noted in the report
    assert "[Image : Logo du partenaire](https://partenaire.example/logo.png)" in source
    assert (
        "forum-numeriquelles.md : image d'un autre site remplacée par un lien : https://partenaire.example/logo.png"
        in text
    )


def test_unknown_shortcodes_and_blocks_stay_as_text_and_are_listed_with_their_line(french):
    text = french.report.text()
    for path, what, needles in (
        (
            "articles/forum-numeriquelles.md",
            "code court [contact-form-7]",
            [
                '[contact-form-7 id="5" title="Contact"]',
                'Ou écrivez-nous : [contact-form-7 id="6" title="Partenaires"]',
            ],
        ),
        (
            "articles/inclusion.md",
            "bloc jetpack/contact-form",
            ["[bloc WordPress « jetpack/contact-form » non converti]"],
        ),
    ):
        # one report line per name, with each line where it stands
        found = re.search(rf"content/{re.escape(path)}:([\d, ]+) : {re.escape(what)}\n", text)
        assert found, text
        lines = french.source(path).splitlines()
        assert [lines[int(n) - 1] for n in found.group(1).split(", ")] == needles
    assert "<!--" not in french.source("articles/inclusion.md")  # block comments are gone


def test_the_report_counts_every_type(french):
    text = french.report.text()
    for line in (
        "- articles publiés : 5",
        "- pages publiées : 3",
        "- fichiers écrits : 11, inchangés : 0, conservés sans --force : 0",
        "- articles en brouillon : 3",
        "- non importés : médias (attachment) (copiés seulement quand un contenu les utilise) : 3",
        "- non importés : éléments de menu (nav_menu_item) (le menu du site se règle avec le champ « menu » des pages) : 1",
        "- non importés : blocs réutilisables (wp_block) (recopiés dans les contenus qui les utilisent) : 1",
        "- commentaires non importés (le site n'a pas de commentaires) : 2",
        "- images et médias copiés : 4",
    ):
        assert line in text, text


def test_every_old_address_still_leads_somewhere(french, tmp_path):
    links = [i.link for i in published_items(EXPORT)]
    ids = [
        f"https://ancien.pop.example/?{'page_id' if i.type == 'page' else 'p'}={i.id}"
        for i in published_items(EXPORT)
    ]
    sitemap = old_sitemap(tmp_path / "old.xml", links + ids)
    assert addresses.lost_addresses(addresses.read_sitemap(str(sitemap)), french.output) == []
    # the check is not blind: the password-protected post was not imported, so it is lost
    lost = "https://ancien.pop.example/2023/03/01/partenaires/"
    sitemap = old_sitemap(tmp_path / "old.xml", [*links, lost, "https://ancien.pop.example/?p=17"])
    assert addresses.lost_addresses(addresses.read_sitemap(str(sitemap)), french.output) == [
        lost,
        "https://ancien.pop.example/?p=17",
    ]
    assert (
        french.page("/?p=10/")
        .find("meta", attrs={"http-equiv": "refresh"})["content"]
        .endswith("/actualites/forum-numeriquelles/")
    )


def test_the_documented_nginx_block_serves_former_query_addresses(french, tmp_path):
    """The block of docs/import-wordpress.md, beside the configuration the build wrote, in a real nginx."""
    needs.program("nginx")
    from sitetools.nginx import Nginx  # noqa: PLC0415

    output = french.output  # the generated configuration alone, as a server would include it

    def get(server, path: str) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.getheader("Location") or "", response.read().decode("utf-8")
        finally:
            connection.close()

    with Nginx(output) as server:
        for former, target in (("/?p=10", "/actualites/forum-numeriquelles/"), ("/?page_id=20", "/equipe/")):
            status, location, _ = get(server, former)
            assert (status, location) == (301, SITE_URL + target), (former, server.error_log())
        for home in ("/", "/?utm_source=lettre", "/?p=999", "/?p=10&utm_source=lettre"):
            status, _, body = get(server, home)
            assert status == 200 and "<title>Accueil" in body, home


def test_running_again_gives_the_same_files_and_overwrites_only_with_force(tmp_path):
    root = tmp_path / "site"
    write_site(root, {})
    content = root / "content"
    existing = (content / "pages/contact.md").read_text(encoding="utf-8")
    first = import_wordpress(EXPORT, content, UPLOADS)
    assert "content/pages/contact.md" in first.kept  # the site's own page is not replaced
    assert (content / "pages/contact.md").read_text(encoding="utf-8") == existing
    before = tree_digest(content)
    again = import_wordpress(EXPORT, content, UPLOADS)
    assert tree_digest(content) == before
    assert again.written == [] and again.images == []
    assert len(again.unchanged) == len(first.written)
    # an edited file is kept, and listed, unless --force
    edited = content / "articles/inclusion.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAjout de la rédaction.\n", encoding="utf-8")
    kept = import_wordpress(EXPORT, content, UPLOADS)
    assert "content/articles/inclusion.md" in kept.kept
    assert "Ajout de la rédaction." in edited.read_text(encoding="utf-8")
    assert "content/articles/inclusion.md" in kept.text()
    forced = import_wordpress(EXPORT, content, UPLOADS, force=True)
    assert "content/articles/inclusion.md" in forced.written
    assert "Ajout de la rédaction." not in edited.read_text(encoding="utf-8")
    assert (content / "pages/contact.md").read_text(encoding="utf-8") != existing


def test_command_prints_the_report_writes_it_and_refuses_bad_input(tmp_path, capsys):
    write_site(tmp_path / "site", {})
    report = tmp_path / "rapport.md"
    assert command(str(EXPORT), tmp_path / "site/content", str(UPLOADS), report=str(report)) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Import WordPress : pop-export.xml\n")
    assert report.read_text(encoding="utf-8") in out
    broken = tmp_path / "casse.xml"
    broken.write_text("<rss><channel><item>\n<title>x</item></channel></rss>", encoding="utf-8")
    assert command(str(broken), tmp_path / "site/content", str(tmp_path / "absent")) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'absent'} : dossier --uploads introuvable" in err
    assert command(str(broken), tmp_path / "site/content") == 1
    err = capsys.readouterr().err
    assert f"{broken}:2 : export WordPress illisible" in err
    assert "Traceback" not in err


HOSTILE = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><link>https://x.example</link><item><title>T {title}</title><link>https://x.example/t/</link>
<content:encoded>{body}</content:encoded><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status><wp:post_name>t</wp:post_name>
<wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt></item></channel></rss>
"""


def test_a_blog_in_a_folder_keeps_its_folder_in_short_addresses(tmp_path):
    export = tmp_path / "blog.xml"
    export.write_text(
        EXPORT.read_text(encoding="utf-8").replace(
            "<wp:base_blog_url>https://ancien.pop.example</wp:base_blog_url>",
            "<wp:base_blog_url>https://ancien.pop.example/blog</wp:base_blog_url>",
        ),
        encoding="utf-8",
    )
    import_wordpress(export, tmp_path / "content")
    meta = yaml.safe_load(
        (tmp_path / "content/articles/meme-adresse.md").read_text(encoding="utf-8").split("---")[1]
    )
    assert meta["aliases"] == ["/blog/?p=19", "/?p=19"]  # the guid is at the root


def test_the_invoke_task_is_there_and_refuses_what_it_cannot_read():
    def invoke(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "invoke", "import", *args], cwd=ROOT, capture_output=True, text=True
        )

    missing = invoke("wordpress", "absent-export.xml")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "absent-export.xml : fichier d'export introuvable"
    other = invoke("joomla", str(EXPORT))
    assert other.returncode == 1
    assert "Source inconnue : « joomla ». Seule « wordpress » est possible." in other.stderr


def test_entity_bombs_and_external_entities_are_not_expanded(tmp_path, capsys):
    content = tmp_path / "content"
    bomb = tmp_path / "bombe.xml"
    bomb.write_text(HOSTILE.format(title="&e;", body="&e;&e;&e;"), encoding="utf-8")
    assert command(str(bomb), content) == 1
    assert "export WordPress illisible" in capsys.readouterr().err
    assert not content.exists()
    external = tmp_path / "externe.xml"
    external.write_text(HOSTILE.format(title="&secret;", body="avant &secret; après"), encoding="utf-8")
    assert command(str(external), content) == 0
    written = (content / "articles" / "t.md").read_text(encoding="utf-8")
    assert "root:" not in written and "avant après" in written


# --- the real exports ------------------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(REAL))
def real(request, tmp_path_factory) -> tuple[str, Path, Imported]:
    export = needs.shared_file(f"wordpress/{REAL[request.param]}")
    site = import_and_build(tmp_path_factory.mktemp(request.param) / "site", export)
    return request.param, export, site


def test_real_export_every_published_item_is_imported_and_the_site_builds(real):
    _, export, site = real
    assert_built_without_error(site)
    items = [i for i in wxr.read(export).items if i.type in ("post", "page")]
    published = [i for i in items if i.status in ("publish", "future") and not i.password]
    written = [p for folder in ("articles", "pages") for p in (site.content / folder).glob("*.md")]
    imported = [p for p in written if p.name not in ("bienvenue.md", "contact.md")]
    statuses = [yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1]).get("status") for p in imported]
    assert statuses.count(None) == len(published)
    assert statuses.count("draft") == len([i for i in items if i.status in ("draft", "pending", "private")])
    for item in items:
        if item.password:
            assert f"{item.type} {item.id} «" in site.report.text()
    assert_images_exist(site)


def test_real_export_no_old_address_is_lost(real, tmp_path):
    _, export, site = real
    items = published_items(export)
    forms = [i.link for i in items] + [
        f"https://wpthemetestdata.wordpress.com/?{'page_id' if i.type == 'page' else 'p'}={i.id}"
        for i in items
    ]
    sitemap = old_sitemap(tmp_path / "old.xml", forms)
    assert addresses.lost_addresses(addresses.read_sitemap(str(sitemap)), site.output) == []


def test_real_export_media_are_listed_missing_without_breaking_the_build(real):
    _, _, site = real
    text = site.report.text()
    assert re.search(r"## Médias manquants \(à ajouter dans --uploads puis relancer\) \([1-9]\d*\)", text)
    assert "wpthemetestdata.files.wordpress.com" in text
    assert not (site.content / "images").exists()


def _article(site: Imported, slug: str) -> BeautifulSoup:
    [path] = [p for p in site.output.glob(f"*/{slug}/index.html") if p.parent.parent.name != "mots-cles"]
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return page.select_one("article .content")


# Ten chosen posts: what each must still show once imported and built.
CHOSEN = {
    "classique": {
        "markup-html-tags-and-formatting": lambda b: (
            [h.name for h in b.find_all(re.compile("^h[2-6]$"))][:6] == ["h2", "h3", "h4", "h5", "h6", "h6"]
            and len(b.find_all("blockquote")) == 2
            and b.find("table") is not None
            and b.find("pre") is not None
            and b.find("dl") is not None
        ),
        "edge-case-nested-and-mixed-lists": lambda b: (
            b.select_one("ul ol") is not None
            and b.select_one("ol ul") is not None
            and len(b.find_all("li")) > 20
        ),
        "post-format-image-caption": lambda b: (
            b.find("figure") is not None
            and b.find("figcaption").get_text() == "Bell on wharf in San Francisco"
        ),
        "post-format-quote": lambda b: b.select_one("blockquote a") is not None,
        "markup-image-alignment": lambda b: (
            len([a for a in b.find_all("a") if a.get_text().startswith("Image :")]) >= 6 and not b.find("img")
        ),
    },
    "blocs": {
        "heading": lambda b: (
            {h.name for h in b.find_all(re.compile("^h[2-6]$"))} == {"h2", "h3", "h4", "h5", "h6"}
        ),
        "list": lambda b: (
            b.find("ul") is not None and b.find("ol") is not None and b.select_one("li ul, li ol")
        ),
        "quote": lambda b: len(b.find_all("blockquote")) >= 2,
        "code": lambda b: (
            len(b.select("pre code")) > 10 and "Hello World" in b.select_one("pre code").get_text()
        ),
        "footnotes": lambda b: (
            len(b.select("div.footnote li")) == 2 and len(b.select("sup a.footnote-ref")) == 2
        ),
    },
}


def test_real_export_ten_chosen_posts_keep_their_structure(real):
    name, _, site = real
    for slug, check in CHOSEN[name].items():
        body = _article(site, slug)
        assert check(body), f"{slug}:\n{body}"


def test_real_export_odd_titles_and_block_comments(real):
    name, _, site = real
    for path in (site.content / "articles").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        outside_code = re.sub(r"```.*?```", "", text, flags=re.S)
        assert "<!-- wp:" not in outside_code, path
        title = yaml.safe_load(text.split("---")[1])["title"]
        assert "<" not in title and title.strip() == title, path
    if name == "classique":
        # a title of ~300 characters and one with HTML build as plain titles
        assert _article(site, "title-should-not-overflow-the-content-area") is not None
        meta = yaml.safe_load(
            (site.content / "articles/markup-title-with-markup.md").read_text().split("---")[1]
        )
        assert meta["title"] == "Markup: Title With Markup"
        # a Greek slug is spelled in Latin letters, and its old address redirects
        greek = yaml.safe_load((site.content / "pages/epipedo-2.md").read_text().split("---")[1])
        assert greek["aliases"][0] == "/greek/επίπεδο-2/"
        # a "|" in a table cell stays in its cell; a URL alone on its line becomes a link
        table = _article(site, "title-with-special-characters").find("table")
        assert {len(row.find_all(["td", "th"])) for row in table.find_all("tr")} == {10}
        video = _article(site, "post-format-video-youtube")
        assert video.find("a", href="https://www.youtube.com/watch?v=SQEQr7c0-dw")
