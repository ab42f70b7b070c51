"""Editors' mistakes: each gives a French message with file, line and field, a non-zero
exit, no traceback, and leaves the previously built site byte for byte as it was."""

from __future__ import annotations

import pytest
from minisite import ENV, assert_refused, built_output, write_site

from sitetools.build import atomic_build

ARTICLE = "content/articles/essai.md"

CASES = {
    "yaml-syntax": (
        {ARTICLE: "---\ntitle: Quatre: le retour\ndate: 2026-01-01\n---\nTexte\n"},
        ["content/articles/essai.md:2: syntaxe YAML invalide : « : » inattendu"],
    ),
    "missing-title": (
        {ARTICLE: "---\ndate: 2026-01-01\n---\nTexte\n"},
        ["content/articles/essai.md:2: champ « title » : champ obligatoire manquant"],
    ),
    "impossible-date": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-02-30\n---\nTexte\n"},
        [
            "content/articles/essai.md:3: champ « date » : attendu une date qui existe au format "
            "AAAA-MM-JJ, trouvé « 2026-02-30 » (ce jour n'existe pas)"
        ],
    ),
    "date-format": (
        {ARTICLE: "---\ntitle: Essai\ndate: 14/01/2026\n---\nTexte\n"},
        [
            "content/articles/essai.md:3: champ « date » : attendu une date au format AAAA-MM-JJ, "
            "trouvé « 14/01/2026 »"
        ],
    ),
    "tags-not-a-list": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\ntags: Lens, Formation\n---\nTexte\n"},
        [
            "content/articles/essai.md:4: champ « tags » : attendu une liste (un élément par ligne, "
            "commençant par « - »), trouvé « Lens, Formation »"
        ],
    ),
    "cover-without-alt": (
        {
            ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\ncover: images/photo.png\n---\nTexte\n",
            "content/images/photo.png": b"\x89PNG\r\n\x1a\n",
        },
        [
            "content/articles/essai.md:4: champ « cover_alt » : champ obligatoire quand « cover » "
            "est renseigné"
        ],
    ),
    "cover-missing-file": (
        {
            ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\ncover: images/absente.jpg\ncover_alt: Une photo\n---\nx\n"
        },
        [
            "content/articles/essai.md:4: champ « cover » : attendu un fichier existant, "
            "trouvé « images/absente.jpg » (introuvable)"
        ],
    ),
    "cover-not-an-image": (
        {
            ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\ncover: images/kit.pdf\ncover_alt: Le kit\n---\nx\n",
            "content/images/kit.pdf": b"%PDF-1.4\n",
        },
        [
            "content/articles/essai.md:4: champ « cover » : attendu une image (jpg, jpeg, png, webp, svg, gif), "
            "trouvé « images/kit.pdf »"
        ],
    ),
    "cover-outside-content": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\ncover: ../conf.py\ncover_alt: x\n---\nx\n"},
        [
            "content/articles/essai.md:4: champ « cover » : attendu un chemin de fichier relatif",
            "(sort du dossier content/)",
        ],
    ),
    "duplicate-url": (
        {"content/articles/autre.md": "---\ntitle: Autre\ndate: 2026-01-02\nslug: bienvenue\n---\nx\n"},
        [
            # the file whose « slug » asked for the address is the one to blame, and both are named
            "content/articles/autre.md:4: champ « slug » : l'adresse /actualites/bienvenue/ est déjà celle de "
            "content/articles/bienvenue.md (adresse tirée du nom du fichier) : deux contenus ne peuvent pas "
            "avoir la même adresse ; changez le « slug »"
        ],
    ),
    "not-utf8": (
        {ARTICLE: "---\ntitle: Caf\xe9\ndate: 2026-01-01\n---\nx\n".encode("latin-1")},
        ["content/articles/essai.md:2: le fichier n'est pas encodé en UTF-8 (octet 0xe9 illisible)"],
    ),
    "unknown-field": (
        {ARTICLE: "---\ntitel: Essai\ntitle: Essai\ndate: 2026-01-01\n---\nx\n"},
        ["content/articles/essai.md:2: champ « titel » : champ inconnu (vouliez-vous dire « title » ?)"],
    ),
    "no-front-matter": (
        {ARTICLE: "# Essai\n\nTexte\n"},
        ["content/articles/essai.md:1: le fichier doit commencer par un en-tête YAML"],
    ),
    "front-matter-not-closed": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\nTexte\n"},
        ["content/articles/essai.md:1: l'en-tête YAML n'est jamais refermé"],
    ),
    "broken-internal-link": (
        {
            ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\n---\nIntro.\n\nVoir [la page]({filename}/pages/absente.md).\n"
        },
        [
            "content/articles/essai.md:7: lien « {filename}/pages/absente.md » : attendu un fichier du "
            "dossier content/, trouvé aucun fichier content/pages/absente.md"
        ],
    ),
    "anchor-in-another-content": (
        {
            ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\n---\nVoir [la suite]({filename}suite.md#programme).\n",
            "content/articles/suite.md": "---\ntitle: Suite\ndate: 2026-01-01\n---\n## Le déroulé\n\nTexte.\n",
        },
        [
            "content/articles/essai.md:5: lien « {filename}suite.md#programme » : attendu une ancre #programme "
            "existante dans content/articles/suite.md, trouvé aucun intertitre avec cet identifiant "
            "(identifiants : le-deroule)"
        ],
    ),
    "anchor-in-the-same-page": (
        {
            ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\n---\n## Accès\n\nVoir [plus bas](#acces-handicap).\n"
        },
        [
            "content/articles/essai.md:7: lien « #acces-handicap » : attendu une ancre #acces-handicap existante "
            "dans cette page, trouvé aucun intertitre avec cet identifiant (identifiants : acces)"
        ],
    ),
    "link-to-draft": (
        {
            ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\n---\nVoir [ceci]({filename}brouillon.md).\n",
            "content/articles/brouillon.md": "---\ntitle: Pas prêt\ndate: 2026-01-01\nstatus: draft\n---\nx\n",
        },
        ["content/articles/essai.md:5: lien « {filename}brouillon.md » : attendu un contenu publié"],
    ),
    "unknown-format": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\nformat: interview\n---\nx\n"},
        [
            "content/articles/essai.md:4: champ « format » : attendu une valeur de data/formats.yml "
            "parmi dialogue, entretien, trouvé « interview »"
        ],
    ),
    "boolean": (
        {"content/pages/contact.md": "---\ntitle: Contact\nmenu: peut-être\n---\nx\n"},
        ["content/pages/contact.md:3: champ « menu » : attendu « oui » ou « non », trouvé « peut-être »"],
    ),
    "integer": (
        {"content/pages/contact.md": "---\ntitle: Contact\norder: premier\n---\nx\n"},
        [
            "content/pages/contact.md:3: champ « order » : attendu un nombre entier supérieur ou égal à 0, "
            "trouvé « premier »"
        ],
    ),
    "duplicate-key": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\ntitle: Encore\n---\nx\n"},
        ["content/articles/essai.md:4: le champ « title » est défini deux fois (déjà à la ligne 2)"],
    ),
    "edition-without-order": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\nedition: 2\n---\nx\n"},
        [
            "content/articles/essai.md:4: champ « edition_order » : champ obligatoire quand « edition » est renseigné"
        ],
    ),
    "alias-format": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\naliases:\n  - ancienne-page\n---\nx\n"},
        [
            "content/articles/essai.md:5: champ « aliases[1] » : attendu une adresse du site commençant par « / »"
        ],
    ),
    "alias-collides": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\naliases:\n  - /contact/\n---\nx\n"},
        [
            "content/articles/essai.md:4: champ « aliases » : l'adresse /contact/ est déjà celle de content/pages/contact.md"
        ],
    ),
    "tab-indentation": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\ntags:\n\t- Lens\n---\nx\n"},
        [
            "content/articles/essai.md:5: syntaxe YAML invalide : tabulation en colonne 1 : l'en-tête n'accepte "
            "que des espaces ; remplacez la tabulation par des espaces"
        ],
    ),
    "vocabulary-entry-without-name": (
        {"content/data/formats.yml": "dialogue:\n  name: Dialogue\nentretien:\n  description: Sans nom\n"},
        ["content/data/formats.yml:3: champ « entretien » : attendu au moins « name: » (le libellé affiché)"],
    ),
    "empty-title": (
        {ARTICLE: '---\ntitle: ""\ndate: 2026-01-01\n---\nx\n'},
        ["content/articles/essai.md:2: champ « title » : attendu un texte, trouvé une valeur vide"],
    ),
    "tag-twice": (
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\ntags:\n  - Lens\n  - Lille\n  - Lens\n---\nx\n"},
        [
            "content/articles/essai.md:7: champ « tags[3] » : attendu des éléments tous différents, trouvé « Lens » deux fois"
        ],
    ),
    "page-slug-collides-with-listing": (
        {"content/pages/archives.md": "---\ntitle: Archives\n---\nx\n"},
        [
            "content/pages/archives.md:1: l'adresse /archives/ (tirée du nom du fichier) est déjà celle de la page « archives » du site"
        ],
    ),
}


@pytest.fixture(scope="module")
def good_output(tmp_path_factory):
    return built_output(tmp_path_factory.mktemp("good"), {})


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_reported_and_output_kept(case, tmp_path, good_output):
    files, expected = CASES[case]
    assert_refused(tmp_path, good_output, files, expected)


def test_every_problem_of_a_build_is_listed_at_once(tmp_path):
    files = {
        "content/articles/a.md": "---\ntitle: A\ndate: 2026-13-01\n---\nx\n",
        "content/articles/b.md": "---\ndate: 2026-01-01\ntags: Lens\n---\nx\n",
        "content/pages/c.md": "---\ntitle: C\nmenu: parfois\n---\n[x]({filename}/nulle-part.md)\n",
    }
    write_site(tmp_path / "site", files)
    result = atomic_build("conf.py", tmp_path / "output", ENV, cwd=tmp_path / "site")
    assert result.code == 1
    assert "4 erreurs dans le contenu" in result.output
    for where in (
        "a.md:3: champ « date »",
        "b.md:2: champ « title »",
        "b.md:3: champ « tags »",
        "c.md:3: champ « menu »",
    ):
        assert where in result.output
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("slug", ["Mon Article/../../etc", "../../etc", "mon-article/page", "été-2026"])
def test_a_slug_is_never_a_path(tmp_path, slug):
    """A slug becomes a folder name: anything but lowercase words and dashes is refused,
    and nothing is written outside the output (``../../etc`` would climb out of it)."""
    write_site(tmp_path / "site", {ARTICLE: f'---\ntitle: Essai\ndate: 2026-01-01\nslug: "{slug}"\n---\nx\n'})
    result = atomic_build("conf.py", tmp_path / "output", ENV, cwd=tmp_path / "site")
    assert result.code == 1, result.output
    assert (
        f"content/articles/essai.md:4: champ « slug » : attendu un identifiant en minuscules sans accents, "
        f"mots séparés par des tirets, trouvé « {slug} »" in result.output
    )
    assert not [p for p in tmp_path.rglob("etc")] and not (tmp_path / "output").exists()


def test_hashtag_in_a_plain_value_is_not_silently_cut(tmp_path):
    write_site(
        tmp_path / "site", {ARTICLE: "---\ntitle: Le #numérique pour tous\ndate: 2026-01-01\n---\nx\n"}
    )
    result = atomic_build("conf.py", tmp_path / "output", ENV, cwd=tmp_path / "site")
    assert result.code == 1
    assert "content/articles/essai.md:2: le texte après « # » serait ignoré" in result.output


def test_missing_static_image_is_an_error(tmp_path):
    write_site(
        tmp_path / "site",
        {ARTICLE: "---\ntitle: Essai\ndate: 2026-01-01\n---\n![Une photo]({static}/images/absente.jpg)\n"},
    )
    result = atomic_build("conf.py", tmp_path / "output", ENV, cwd=tmp_path / "site")
    assert result.code == 1
    assert (
        "content/articles/essai.md:5: lien « {static}/images/absente.jpg » : attendu un fichier"
        in result.output
    )


def test_markdown_outside_every_content_folder_is_reported(tmp_path):
    write_site(tmp_path / "site", {"content/a-relire/brouillon.md": "---\ntitle: X\n---\nx\n"})
    strict = atomic_build("conf.py", tmp_path / "output", ENV, cwd=tmp_path / "site")
    assert strict.code == 1
    assert "content/a-relire/brouillon.md: fichier ignoré" in strict.output
    lenient = atomic_build("conf.py", tmp_path / "output", {**ENV, "STRICT": ""}, cwd=tmp_path / "site")
    assert lenient.code == 0, lenient.output
    assert "1 avertissement" in lenient.output


BOOM_PLUGIN = """
from pelican import signals


def boom(content):
    if "editions" in (content.source_path or ""):
        raise RuntimeError("panne simulée")


def register():
    signals.content_object_init.connect(boom)
"""


def test_a_failure_around_the_reader_of_a_custom_type_is_one_of_our_errors(tmp_path):
    """Pelican's code runs around our reader (content objects, signals): what fails there, for
    a training, a resource or an issue, is reported like a content error, never a traceback."""
    write_site(
        tmp_path / "site",
        {
            "content/editions/1.md": "---\nnumber: 1\ntitle: Premier\ndate: 2026-03-01\n---\nÉdito.\n",
            "plugins_test/boom.py": BOOM_PLUGIN,
        },
    )
    conf = tmp_path / "site" / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + f"\nPLUGIN_PATHS = [*PLUGIN_PATHS, {str(tmp_path / 'site' / 'plugins_test')!r}]\n"
        + "PLUGINS = [*PLUGINS, 'boom']\n",
        encoding="utf-8",
    )
    result = atomic_build("conf.py", tmp_path / "output", ENV, cwd=tmp_path / "site")
    assert result.code == 1, result.output
    assert (
        "content/editions/1.md:1: lecture du fichier impossible, erreur inattendue (RuntimeError : panne simulée)"
        in result.output
    )
    assert "Traceback" not in result.output and "Could not process" not in result.output
