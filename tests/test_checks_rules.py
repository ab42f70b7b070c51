"""Checks across items (``contentkit.checks``), in process: the messages an editor reads.

A tiny site with one of each mistake (two files at one address, a former address taken, a
link to a missing file, to a draft, to a missing anchor, a plain path that leads nowhere, a
Markdown file in no content type's folder) is read once by Pelican's generators in this
process; each test runs one check on it and compares every message, word for word, and the
silence on what is right. Edges that a tiny site cannot reach are tested on small objects.
The same messages in whole builds: test_errors.py, test_messages.py.
"""

from __future__ import annotations

import dataclasses
import os
from types import SimpleNamespace

import pytest
from minisite import FROZEN_DATE, write_site

from contentkit import checks
from contentkit.errors import Report
from contentkit.items import all_items
from contentkit.state import Run, get_run

A = "content/articles/"
P = "content/pages/"
JPEG = b"\xff\xd8\xff\xe0 not decoded by the checks"

FILES = {
    # a slug that asks for the address another file has by its name
    A + "autre.md": "---\ntitle: Autre\ndate: 2026-01-02\nslug: bienvenue\n---\nx\n",
    # two slugs asking for one address; b-un comes first in Pelican's order (newer)
    A + "a-deux.md": "---\ntitle: Deux\ndate: 2026-01-03\nslug: pareil\n---\nx\n",
    A + "b-un.md": "---\ntitle: Un\ndate: 2026-01-04\nslug: pareil\n---\nx\n",
    A + "suite.md": "---\ntitle: Suite\ndate: 2026-01-05\n---\n## Le déroulé\n\nTexte.\n",
    A + "liens.md": (
        "---\ntitle: Liens\ndate: 2026-01-06\n---\n"
        "## Accès\n\n"
        "Voir [plus bas](#acces-handicap) et [ici](#acces).\n\n"  # 7
        "Un [contact]({filename}../pages/contact.md) et [absente]({filename}/pages/absente.md).\n\n"  # 9
        "La [suite]({filename}suite.md#programme), [le déroulé]({filename}suite.md#le-deroule).\n\n"  # 11
        "[Pas prêt]({filename}brouillon.md), [image]({static}/images/manquante.jpg), "
        "[photo]({static}/images/ok.jpg#x), [espace]({static}/images/mon%20image.jpg).\n\n"  # 13
        "[Accueil]({index}), [Lens]({tag}Lens), [haut]({filename}#acces), "
        "[données]({filename}/data/formats.yml).\n\n"  # 15
        '<span id="café"></span>[café](#caf%C3%A9) et [thé](#th%C3%A9).\n\n'  # 17
        # after links of other kinds, still checked; a {static} link aims at a file, not a content
        "[annexe]({attach}annexe.pdf), [source]({static}brouillon.md#nulle).\n"  # 19
    ),
    A + "brouillon.md": (
        "---\ntitle: Pas prêt\ndate: 2026-01-07\nstatus: draft\nslug: liens\n---\n"
        "[Moi]({filename}brouillon.md), [nulle part](/nulle-part/), ![x](/images/absente.jpg).\n"
    ),
    A + "chemins.md": (
        "---\ntitle: Chemins\ndate: 2026-01-08\n---\n## Accès\n\n"
        "![Absente](/images/absente.jpg) et ![Relative](../images/ok.jpg)\n\n"  # 7
        "[contact](/contact/), [photo](/images/ok.jpg), [variante](/images/ok-480w.jpg), "
        "[flux](/feeds/all.atom.xml), [ailleurs](https://example.net/), [courriel](mailto:a@b.fr), "
        "[cdn](//cdn.example.net/x.js), [ancre](#acces), [page 2](?page=2), "
        "[espace](/images/mon%20image.jpg), [ancienne](/ancienne-adresse/), [archives](/archives/)\n\n"  # 9
        "[inconnue](/formations/inconnue/), [relatif](autre-page/)\n\n"  # 11
        # the missing file of another page's {static} link is no file of the site either
        "[guide](/documents/Guide.PDF), ![manquante](/images/manquante.jpg)\n"  # 13
    ),
    P + "archives.md": "---\ntitle: Archives\n---\nx\n",
    P + "a/info.md": "---\ntitle: Info A\n---\nx\n",
    P + "b/info.md": "---\ntitle: Info B\n---\nx\n",
    P + "anciens.md": (
        "---\ntitle: Anciens\naliases:\n  - /contact/\n  - /anciens/\n  - /vieille-page.html\n"
        "  - /ancienne-adresse/\n---\nx\n"
    ),
    P + "z-autre.md": "---\ntitle: Z\naliases:\n  - /ancienne-adresse/\n---\nx\n",
    P + "brouillon-contact.md": "---\ntitle: Bientôt\nslug: contact\nstatus: draft\n---\nx\n",
    "content/images/ok.jpg": JPEG,
    "content/images/mon image.jpg": JPEG,
    "content/a-relire/note.md": "---\ntitle: Note\n---\nx\n",
    "content/a-relire/notes.txt": "pas du Markdown\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The tiny site read by Pelican's generators in this process, nothing written: the items,
    the generators and their shared context, as the checks receive them in a build."""
    from pelican import Pelican
    from pelican.settings import read_settings

    root = tmp_path_factory.mktemp("checks")
    write_site(root, FILES)
    here = os.getcwd()
    os.chdir(root)  # messages name files from the folder the build runs in
    try:
        settings = read_settings("conf.py", override={"OUTPUT_PATH": str(root / "output")})
        settings["CONTENTKIT"] = {**settings["CONTENTKIT"], "BUILD_DATE": FROZEN_DATE, "PARALLEL": False}
        pelican = Pelican(settings)
        context = {
            **settings,
            "generated_content": {},
            "static_links": set(),
            "static_content": {},
            "localsiteurl": settings["SITEURL"],
        }
        generators = [
            cls(
                context=context,
                settings=settings,
                path=pelican.path,
                theme=pelican.theme,
                output_path=pelican.output_path,
            )
            for cls in pelican._get_generator_classes()
        ]
        for generator in generators:
            generator.generate_context()
    finally:
        os.chdir(here)
    from contentkit import logcount

    logcount.detach(get_run(settings).log_counter)
    return SimpleNamespace(
        root=root, settings=settings, generators=generators, context=context, items=all_items(generators)
    )


def fresh_run(site, show_drafts: bool = False) -> Run:
    """A run of the site with no problem yet."""
    built = get_run(site.settings)
    config = {**built.config, "SHOW_DRAFTS": show_drafts}
    return dataclasses.replace(built, config=config, report=Report(), extras={}, log_counter=None)


def messages(run: Run) -> list[str]:
    return [f"{p.severity}: {p.format()}" for p in run.report.problems]


def report_of(run: Run) -> list[str]:
    """The report as the editor reads it, one line each."""
    return run.report.render().splitlines()


SAME_ADDRESS = "deux contenus ne peuvent pas avoir la même adresse"


# --- addresses ----------------------------------------------------------------------


def test_two_contents_at_one_address_name_both_files_and_blame_the_edited_one(site):
    run = fresh_run(site)
    checks.check_addresses(run, site.items, site.generators)
    assert report_of(run) == [
        "6 erreurs dans le contenu :",
        # the slug that asks for an address another file has by its name is the one to change
        "  content/articles/autre.md:4: champ « slug » : l'adresse /actualites/bienvenue/ est déjà celle de "
        f"content/articles/bienvenue.md (adresse tirée du nom du fichier) : {SAME_ADDRESS} ; changez le « slug »",
        # two slugs: the second file in alphabetical order is blamed, whatever Pelican's order
        "  content/articles/b-un.md:4: champ « slug » : l'adresse /actualites/pareil/ est déjà celle de "
        f"content/articles/a-deux.md (champ « slug », ligne 4) : {SAME_ADDRESS} ; changez le « slug »",
        # a former address that is a page of the site; the item's own address among its aliases is fine
        "  content/pages/anciens.md:3: champ « aliases » : l'adresse /contact/ est déjà celle de "
        f"content/pages/contact.md (adresse tirée du nom du fichier) : {SAME_ADDRESS} ; changez le « aliases »",
        # a listing page of the site, by the file's name
        "  content/pages/archives.md:1: l'adresse /archives/ (tirée du nom du fichier) est déjà celle de la "
        f"page « archives » du site : {SAME_ADDRESS} ; ajoutez un « slug » à l'un des deux",
        # two files named alike in two folders
        "  content/pages/b/info.md:1: l'adresse /info/ (tirée du nom du fichier) est déjà celle de "
        f"content/pages/a/info.md (adresse tirée du nom du fichier) : {SAME_ADDRESS} ; ajoutez un « slug » "
        "à l'un des deux",
        # the same former address given by two files
        "  content/pages/z-autre.md:3: champ « aliases » : l'adresse /ancienne-adresse/ est déjà celle de "
        f"content/pages/anciens.md (champ « aliases », ligne 3) : {SAME_ADDRESS} ; changez le « aliases »",
    ]
    # drafts are not written: brouillon.md (slug « liens ») and brouillon-contact.md (slug
    # « contact ») take no address


def test_an_alias_never_takes_an_address_from_an_item(site):
    """Items claim their own addresses first: the alias is blamed even when its file comes first."""
    first = SimpleNamespace(
        source_path=str(site.root / "content/pages/a.md"),
        save_as="a/index.html",
        aliases=["/b/"],
        field_lines={"aliases": 3},
    )
    second = SimpleNamespace(source_path=str(site.root / "content/pages/b.md"), save_as="b/index.html")
    run = fresh_run(site)
    checks.check_addresses(run, [second, first], [])
    assert report_of(run)[1:] == [
        "  content/pages/a.md:3: champ « aliases » : l'adresse /b/ est déjà celle de content/pages/b.md "
        f"(adresse tirée du nom du fichier) : {SAME_ADDRESS} ; changez le « aliases »"
    ]


def test_former_addresses_are_written_where_a_browser_asks():
    assert checks.alias_save_as("/ancienne-adresse/") == "ancienne-adresse/index.html"
    assert checks.alias_save_as("/mediations/numero-1") == "mediations/numero-1/index.html"
    assert checks.alias_save_as("/vieille-page.html") == "vieille-page.html"
    assert checks.alias_save_as("/vieux/plan.htm") == "vieux/plan.htm"
    assert checks.alias_save_as("/Xavier/") == "Xavier/index.html"
    assert checks.alias_save_as("/") == "index.html"
    assert checks.alias_save_as("") == "index.html"


def test_address_origin_names_the_field_and_its_line_or_the_file_name():
    item = SimpleNamespace(field_lines={"slug": 4, "aliases": 6})
    assert checks.address_origin(item, "slug", "content/a.md") == "content/a.md (champ « slug », ligne 4)"
    assert checks.address_origin(item, "aliases", "a.md") == "a.md (champ « aliases », ligne 6)"
    assert (
        checks.address_origin(SimpleNamespace(), "slug", "b.md") == "b.md (adresse tirée du nom du fichier)"
    )
    assert checks.address_origin(SimpleNamespace(field_lines=None), "slug", "b.md") == (
        "b.md (adresse tirée du nom du fichier)"
    )


def test_reserved_outputs_of_the_site(site):
    outputs = checks.reserved_outputs(site.settings, site.generators)
    assert outputs == {
        "index.html": "la page « index » du site",
        "mots-cles/index.html": "la page « tags » du site",
        "categories/index.html": "la page « categories » du site",
        "auteurs/index.html": "la page « authors » du site",
        "archives/index.html": "la page « archives » du site",
        "plan-du-site/index.html": "la page « sitemap_page » du site",
        "404.html": "la page « 404 » du site",
        "recherche/index.html": "la page « search » du site",
        "donnees-ouvertes/index.html": "la page des données ouvertes",
        "categories/actualites/index.html": "la page de la catégorie « Actualités »",
        "mots-cles/lens/index.html": "la page du mot-clé « Lens »",
        "auteurs/equipe-pop/index.html": "la page de l'auteur·rice « Équipe POP »",
        "auteurs/pop/index.html": "la page de l'auteur·rice « POP »",
        "formations/index.html": "la page « Catalogue des formations »",
        "formations/sessions/index.html": "la page « Prochaines sessions de formation »",
        "outillerie/index.html": "la page « L'Outillerie »",
        "mediations/index.html": "la page « Médiation(s) »",
        "mediations/numeros/index.html": "la page « Médiation(s) : tous les numéros »",
    }


def test_reserved_outputs_edges():
    """A direct template without its own setting is written at <name>.html, one with an empty
    setting is not written; the first page to claim an address keeps it; a list page's
    address without a final slash is a file."""
    settings = {
        "DIRECT_TEMPLATES": ["index", "galerie", "cache"],
        "INDEX_SAVE_AS": "accueil/index.html",
        "CACHE_SAVE_AS": "",
    }

    class Named:
        def __init__(self, name, save_as):
            self.name, self.save_as = name, save_as

        def __str__(self):
            return self.name

    generator = SimpleNamespace(
        categories=[(Named("Lens", "themes/lens/index.html"), [])],
        tags={Named("lens", "themes/lens/index.html"): [], Named("Lille", "mots/lille/index.html"): []},
        authors=[(Named("Ada", "themes/lens/index.html"), []), (Named("Léa", "gens/lea/index.html"), [])],
    )
    lists = SimpleNamespace(
        list_pages=lambda: [("Catalogue", "catalogue/"), ("Tout", ""), ("Plan", "plan.xml")],
        categories=None,
        tags=None,
        authors=None,
    )
    bare = SimpleNamespace()  # a generator with no list of its own (static files)
    outputs = checks.reserved_outputs(settings, [bare, generator, lists])
    assert outputs == {
        "accueil/index.html": "la page « index » du site",
        "galerie.html": "la page « galerie » du site",
        "themes/lens/index.html": "la page de la catégorie « Lens »",
        "mots/lille/index.html": "la page du mot-clé « Lille »",
        "gens/lea/index.html": "la page de l'auteur·rice « Léa »",
        "catalogue/index.html": "la page « Catalogue »",
        "index.html": "la page « Tout »",
        "plan.xml": "la page « Plan »",
    }
    assert checks.reserved_outputs({"OPEN_DATA_SAVE_AS": "donnees/index.html"}, []) == {
        "donnees/index.html": "la page des données ouvertes"
    }
    assert checks.reserved_outputs({"OPEN_DATA_SAVE_AS": ""}, []) == {}


# --- {filename}, {static} links and anchors ---------------------------------------


def test_internal_links_lead_to_a_published_file_and_an_existing_anchor(site):
    run = fresh_run(site)
    checks.check_links(run, site.items, site.context)
    assert report_of(run) == [
        "7 erreurs dans le contenu :",
        "  content/articles/liens.md:7: lien « #acces-handicap » : attendu une ancre #acces-handicap "
        "existante dans cette page, trouvé aucun intertitre avec cet identifiant (identifiants : acces, café)",
        "  content/articles/liens.md:9: lien « {filename}/pages/absente.md » : attendu un fichier du dossier "
        "content/, trouvé aucun fichier content/pages/absente.md",
        "  content/articles/liens.md:11: lien « {filename}suite.md#programme » : attendu une ancre #programme "
        "existante dans content/articles/suite.md, trouvé aucun intertitre avec cet identifiant "
        "(identifiants : le-deroule)",
        "  content/articles/liens.md:13: lien « {filename}brouillon.md » : attendu un contenu publié, trouvé un "
        "brouillon ou un contenu programmé, qui ne sera pas en ligne",
        "  content/articles/liens.md:13: lien « {static}/images/manquante.jpg » : attendu un fichier du "
        "dossier content/, trouvé aucun fichier content/images/manquante.jpg",
        "  content/articles/liens.md:17: lien « #th%C3%A9 » : attendu une ancre #thé existante dans cette "
        "page, trouvé aucun intertitre avec cet identifiant (identifiants : acces, café)",
        "  content/articles/liens.md:19: lien « {attach}annexe.pdf » : attendu un fichier du dossier "
        "content/, trouvé aucun fichier content/articles/annexe.pdf",
    ]
    # no message for: ../pages/contact.md, suite.md#le-deroule, {static}…ok.jpg#x, a space
    # written %20, {index}, {tag}, {filename}#acces, a data file, #acces, #caf%C3%A9; and a
    # draft may link to a draft (brouillon.md to itself)


def test_an_anchor_in_a_page_without_any_identifier(site):
    item = SimpleNamespace(source_path=str(site.root / A / "chemins.md"), _content="<p>Rien</p>")
    run = fresh_run(site)
    checks.check_anchor(run, item, "#haut", "haut", item, 3)
    checks.check_anchor(run, item, "#x", "x", SimpleNamespace(source_path=item.source_path), 0)
    assert report_of(run)[1:] == [
        "  content/articles/chemins.md: lien « #x » : attendu une ancre #x existante dans "
        "content/articles/chemins.md, trouvé aucun intertitre avec cet identifiant (identifiants : aucun)",
        "  content/articles/chemins.md:3: lien « #haut » : attendu une ancre #haut existante dans cette page, "
        "trouvé aucun intertitre avec cet identifiant (identifiants : aucun)",
    ]


def test_anchors_are_the_ids_of_the_text():
    # a data-id is no anchor: the browser does not scroll to it
    text = '<h2 id="acces">Accès</h2><p id=\'b\'>x</p><div data-id="non" id="z-1"></div><a href="#nope">'
    assert checks.anchors(SimpleNamespace(_content=text)) == {"acces", "b", "z-1"}
    assert checks.anchors(SimpleNamespace(_content=None)) == set()
    assert checks.anchors(SimpleNamespace()) == set()


def test_find_line_gives_the_first_line_holding_the_text_or_zero(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\n---\nUn [lien](/x/).\nEncore /x/.\n", encoding="utf-8")
    assert checks.find_line(str(path), "/x/") == 4
    assert checks.find_line(str(path), "---") == 1
    assert checks.find_line(str(path), "absent") == 0
    assert checks.find_line(str(tmp_path / "absent.md"), "x") == 0
    (tmp_path / "latin.md").write_bytes("---\ntitle: Café\n".encode("latin-1"))
    assert checks.find_line(str(tmp_path / "latin.md"), "title") == 0


def test_same_page_anchors_are_read_from_links_only(site):
    """A data-href is no link; the text of a link is found in the file for its line."""
    path = site.root / A / "liens.md"
    # an item read by another reader: no {filename} links to look for, even with braces
    text = '<p data-href="#nulle">{x}</p><h2 id="haut">H</h2><a href="#haut">h</a><a href=\'#bas\'>b</a>'
    run = fresh_run(site)
    checks.check_links(run, [SimpleNamespace(source_path=str(path), _content=text)], {})
    assert report_of(run) == [
        "1 erreur dans le contenu :",
        "  content/articles/liens.md: lien « #bas » : attendu une ancre #bas existante dans cette page, "
        "trouvé aucun intertitre avec cet identifiant (identifiants : haut)",
    ]


# --- plain Markdown paths ---------------------------------------------------------


def test_plain_paths_lead_to_a_page_or_a_file_of_the_site(site):
    run = fresh_run(site)
    checks.check_plain_links(run, site.items, site.generators, site.context)
    assert report_of(run) == [
        "5 erreurs dans le contenu :",
        "  content/articles/chemins.md:7: image « ../images/ok.jpg » : attendu une page ou un fichier du site, "
        "trouvé un chemin relatif, que le navigateur lit depuis l'adresse de la page "
        "(/actualites/images/ok.jpg, qui n'existe pas) : écrivez {static}/images/ok.jpg",
        "  content/articles/chemins.md:7: image « /images/absente.jpg » : attendu une page ou un fichier du "
        "site, trouvé aucune page ni aucun fichier /images/absente.jpg",
        "  content/articles/chemins.md:11: lien « autre-page/ » : attendu une page ou un fichier du site, "
        "trouvé aucune page ni aucun fichier /actualites/chemins/autre-page/",
        "  content/articles/chemins.md:13: image « /images/manquante.jpg » : attendu une page ou un fichier "
        "du site, trouvé aucune page ni aucun fichier /images/manquante.jpg",
        "  content/articles/chemins.md:13: lien « /documents/Guide.PDF » : attendu une page ou un fichier du "
        "site, trouvé aucune page ni aucun fichier /documents/Guide.PDF",
    ]
    # a page that a later step of the build may write is looked for in the written site
    deferred = run.extras["plain_links"]
    assert [(link.value, link.absolute) for link in deferred] == [
        ("/formations/inconnue/", "/formations/inconnue/")
    ]
    # no message for: pages, static files, a width variant, the feed, a former address, a
    # listing page, a space written %20, other sites, mail, #anchors, ?queries; nor for the
    # draft's links (brouillon.md is not written)


def test_plain_paths_are_read_when_there_is_none(site):
    """The outputs of the site are listed once, and only when a page holds a plain path."""
    item = SimpleNamespace(source_path=str(site.root / A / "x.md"), url="x/", save_as="x/index.html")
    run = fresh_run(site)
    plain = SimpleNamespace(**vars(item), _content='<a href="https://example.net/">x</a> <b>=</b>')
    checks.check_plain_links(run, [plain, SimpleNamespace(**vars(item), _content="a = b")], None, None)
    assert run.report.problems == [] and run.extras["plain_links"] == []


def test_the_outputs_a_plain_path_may_aim_at(site, tmp_path):
    run = fresh_run(site)
    run.settings = {"FEED_ALL_ATOM": "flux/tout.atom", "FEED_ALL_RSS": "flux/tout.rss", "FEED_RSS": None}
    items = [
        SimpleNamespace(save_as="a/index.html", aliases=["/ancien/", "/vieux.html"]),
        SimpleNamespace(save_as="b/index.html", status="draft", aliases=["/b-ancien/"]),
        SimpleNamespace(save_as="c/index.html", aliases=None),
    ]
    generators = [
        SimpleNamespace(open_data=lambda: [{"url": "/donnees/sessions.ics"}, {"url": "/X-liste.csv"}]),
        SimpleNamespace(),
    ]
    (tmp_path / "a.jpg").write_bytes(JPEG)
    context = {
        "staticfiles": [
            SimpleNamespace(save_as="images/a.jpg", source_path=str(tmp_path / "a.jpg")),
            # the target of a {static} link that leads nowhere: Pelican lists it all the same
            SimpleNamespace(save_as="images/b.jpg", source_path=str(tmp_path / "b.jpg")),
        ]
    }
    assert checks.site_outputs(run, items, generators, context) == {
        "a/index.html",
        "ancien/index.html",
        "vieux.html",
        "c/index.html",
        "images/a.jpg",
        "flux/tout.atom",
        "flux/tout.rss",
        "donnees/sessions.ics",
        "X-liste.csv",
    }
    run.settings = {"FEED_ATOM": "flux/a.atom", "FEED_RSS": "flux/a.rss"}
    assert checks.site_outputs(run, [], [], {"staticfiles": None}) == {"flux/a.atom", "flux/a.rss"}


def test_output_of_an_address():
    assert checks.output_of("/formations/a/") == "formations/a/index.html"
    assert checks.output_of("/Xavier/") == "Xavier/index.html"
    assert checks.output_of("/") == "index.html"
    assert checks.output_of("") == "index.html"
    assert checks.output_of("/images/mon%20image.jpg") == "images/mon image.jpg"
    assert checks.output_of("//feeds/all.atom.xml") == "feeds/all.atom.xml"


def test_a_plain_link_left_for_later_is_found_in_the_written_site(site, tmp_path):
    run = fresh_run(site)
    checks.check_plain_links(run, site.items, site.generators, site.context)
    (tmp_path / "formations" / "inconnue").mkdir(parents=True)
    (tmp_path / "formations" / "inconnue" / "index.html").write_text("")
    assert checks.check_written_links(run, str(tmp_path)) == []
    assert "plain_links" not in run.extras  # checked once

    (tmp_path / "formations" / "inconnue" / "index.html").unlink()  # a folder is no page
    checks.check_plain_links(run, site.items, site.generators, site.context)
    said = len(run.report.problems)
    new = checks.check_written_links(run, tmp_path)
    assert [f"{p.severity}: {p.format()}" for p in new] == [
        "erreur: content/articles/chemins.md:11: lien « /formations/inconnue/ » : attendu une page ou un "
        "fichier du site, trouvé aucune page ni aucun fichier /formations/inconnue/"
    ]
    assert run.report.problems[said:] == new  # only the new ones are returned, to be said


def test_a_preview_warns_of_a_plain_link_it_did_not_write(site, tmp_path):
    """A preview writes less than a publish build (no sitemap.xml…): a warning only."""
    run = fresh_run(site, show_drafts=True)
    checks.check_plain_links(run, site.items, site.generators, site.context)
    run.report = Report()
    assert [f"{p.severity}: {p.format()}" for p in checks.check_written_links(run, tmp_path)] == [
        "avertissement: content/articles/chemins.md:11: lien « /formations/inconnue/ » : attendu une page ou "
        "un fichier du site, trouvé aucune page ni aucun fichier /formations/inconnue/"
    ]
    assert checks.check_written_links(run, tmp_path) == []  # nothing left


def test_nothing_left_for_later_writes_nothing(site, tmp_path):
    assert checks.check_written_links(fresh_run(site), tmp_path) == []


def test_a_plain_link_names_an_image_or_a_link_and_advises_static_for_a_relative_file(site):
    (site.root / A / "fiche.pdf").write_bytes(b"%PDF-1.4")
    item = SimpleNamespace(
        source_path=str(site.root / A / "chemins.md"), relative_source_path="articles/chemins.md"
    )
    run = fresh_run(site)
    checks.PlainLink(item, "href", "fiche.pdf", "fiche.pdf", "/actualites/chemins/fiche.pdf").report(run)
    checks.PlainLink(item, "src", "/fiche.pdf", "/fiche.pdf", "/fiche.pdf").report(run, warning=True)
    checks.PlainLink(item, "href", "../pages/x", "../pages/x", "/actualites/pages/x").report(run, False)
    assert [f"{p.severity}: {p.format()}" for p in run.report.problems] == [
        "erreur: content/articles/chemins.md: lien « fiche.pdf » : attendu une page ou un fichier du site, "
        "trouvé un chemin relatif, que le navigateur lit depuis l'adresse de la page "
        "(/actualites/chemins/fiche.pdf, qui n'existe pas) : écrivez {static}/articles/fiche.pdf",
        # an absolute path is not read from the Markdown file's folder
        "avertissement: content/articles/chemins.md: image « /fiche.pdf » : attendu une page ou un fichier "
        "du site, trouvé aucune page ni aucun fichier /fiche.pdf",
        "erreur: content/articles/chemins.md: lien « ../pages/x » : attendu une page ou un fichier du site, "
        "trouvé aucune page ni aucun fichier /actualites/pages/x",
    ]


# --- stray files, all checks, references ------------------------------------------


def test_a_markdown_file_outside_every_content_folder_is_named(site):
    run = fresh_run(site)
    checks.check_stray_files(run)
    assert report_of(run) == [
        "1 avertissement :",
        "  content/a-relire/note.md: fichier ignoré : il n'est dans le dossier d'aucun type de contenu "
        "(par exemple content/articles/ ou content/pages/)",
    ]
    strict = dataclasses.replace(run, report=Report(strict=True))
    checks.check_stray_files(strict)
    assert report_of(strict)[0] == "1 erreur dans le contenu :"


def test_all_checks_run_and_each_content_type_adds_its_own(site, monkeypatch):
    seen = []
    monkeypatch.setattr(checks, "CROSS_CHECKS", [lambda *args: seen.append(args)])
    run = fresh_run(site)
    checks.run_checks(run, site.items, site.generators, site.context)
    assert seen == [(run, site.items, site.context)]
    lines = report_of(run)
    assert lines[0] == "18 erreurs dans le contenu :" and lines[-2] == "1 avertissement :"
    for part in ("autre.md:4: champ « slug »", "liens.md:9: lien", "chemins.md:13: lien", "note.md: fichier"):
        assert sum(part in line for line in lines) == 1, part
    assert [link.value for link in run.extras["plain_links"]] == ["/formations/inconnue/"]


def test_a_reference_names_an_existing_item_of_the_other_type(site):
    run = fresh_run(site)
    where = str(site.root / A / "ko.md")
    items = [
        SimpleNamespace(content_type="lieu", key="lens", source_path="x"),
        SimpleNamespace(content_type="lieu", key="lille", source_path="x"),
        SimpleNamespace(content_type="lieu", source_path="x"),  # no key: not listed
        SimpleNamespace(content_type="lieu", key=None, source_path="x"),
        SimpleNamespace(content_type="formation", place="lens", source_path=where),
        SimpleNamespace(content_type="formation", source_path=where),  # not given: another rule
        SimpleNamespace(
            content_type="formation", place="roubaix", source_path=where, field_lines={"place": 6}
        ),
        SimpleNamespace(content_type="article", place="ailleurs", source_path=where),  # another type
        SimpleNamespace(source_path=where, place="nulle-part"),
    ]
    checks.reference("formation", "place", "lieu", "key", "un lieu")(run, items, {})
    checks.reference("article", "place", "salle", "key", "une salle")(run, items, {})
    assert report_of(run)[1:] == [
        "  content/articles/ko.md:1: champ « place » : attendu une salle existant parmi (aucun), "
        "trouvé « ailleurs »",
        "  content/articles/ko.md:6: champ « place » : attendu un lieu existant parmi lens, lille, "
        "trouvé « roubaix »",
    ]
    numbers = [
        SimpleNamespace(content_type="n", number=2, source_path="x"),
        SimpleNamespace(content_type="a", edition=2, source_path=where),
    ]
    run = fresh_run(site)
    checks.reference("a", "edition", "n", "number", "un numéro")(run, numbers, {})
    assert run.report.problems == []  # 2 and « 2 » are one number


def test_items_without_lines_at_one_address(site):
    """Files read by another reader than ours have no lines: the address comes from the name."""
    first = SimpleNamespace(source_path=str(site.root / P / "a.html"), save_as="a/index.html")
    second = SimpleNamespace(source_path=str(site.root / P / "b.html"), save_as="a/index.html")
    run = fresh_run(site)
    checks.check_addresses(run, [second, first], [])
    assert report_of(run)[1:] == [
        "  content/pages/b.html:1: l'adresse /a/ (tirée du nom du fichier) est déjà celle de "
        f"content/pages/a.html (adresse tirée du nom du fichier) : {SAME_ADDRESS} ; ajoutez un « slug » "
        "à l'un des deux"
    ]


def test_a_relative_path_is_read_from_the_page_address_whatever_its_form(site):
    """Addresses set to begin with « / » in the settings, or with a capital letter."""
    item = SimpleNamespace(
        source_path=str(site.root / A / "chemins.md"),
        relative_source_path="articles/chemins.md",
        url="/Xénia/page/",
        save_as="Xénia/page/index.html",
        _content='<a href="autre/">a</a>',
    )
    run = fresh_run(site)
    checks.check_plain_links(run, [item], [], {})
    assert report_of(run)[1:] == [
        "  content/articles/chemins.md: lien « autre/ » : attendu une page ou un fichier du site, trouvé "
        "aucune page ni aucun fichier /Xénia/page/autre/"
    ]
