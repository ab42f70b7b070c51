"""Editors' mistakes about issues and their articles: each one reported in French with
file, line, field, what was expected and what was found; exit 1, no traceback."""

from __future__ import annotations

import pytest
from minisite import build_tiny

ISSUE = "content/editions/2-confiance.md"
ARTICLE = "content/articles/mediations/essai.md"
GOOD_ISSUE = "---\nnumber: 2\ntitle: À qui se fier ?\ndate: 2026-01-10\n---\nÉdito.\n"
GOOD_ARTICLE = (
    "---\ntitle: Essai\ndate: 2026-01-10\ncategory: Médiation(s)\nformat: dialogue\n"
    "edition: 2\nedition_order: 1\n---\nTexte.\n"
)
PNG = b"\x89PNG\r\n\x1a\n"


def with_issue(**files):
    return {ISSUE: GOOD_ISSUE, ARTICLE: GOOD_ARTICLE, **files}


CASES = {
    "number-missing": (
        with_issue(**{ISSUE: "---\ntitle: À qui se fier ?\ndate: 2026-01-10\n---\nÉdito.\n"}),
        ["content/editions/2-confiance.md:2: champ « number » : champ obligatoire manquant"],
    ),
    "number-not-a-number": (
        with_issue(**{ISSUE: GOOD_ISSUE.replace("number: 2", "number: deux")}),
        [
            "content/editions/2-confiance.md:2: champ « number » : attendu un nombre entier "
            "supérieur ou égal à 1, trouvé « deux »"
        ],
    ),
    "number-zero": (
        with_issue(**{ISSUE: GOOD_ISSUE.replace("number: 2", "number: 0")}),
        [
            "content/editions/2-confiance.md:2: champ « number » : attendu un nombre entier "
            "supérieur ou égal à 1, trouvé « 0 »"
        ],
    ),
    "number-taken": (
        with_issue(**{"content/editions/autre.md": GOOD_ISSUE.replace("À qui", "Encore à qui")}),
        [
            "content/editions/autre.md:2: champ « number » : attendu un numéro qu'aucun autre numéro n'a, "
            "trouvé « 2 », déjà celui de content/editions/2-confiance.md"
        ],
    ),
    "issue-title-missing": (
        with_issue(**{ISSUE: "---\nnumber: 2\ndate: 2026-01-10\n---\nÉdito.\n"}),
        ["content/editions/2-confiance.md:2: champ « title » : champ obligatoire manquant"],
    ),
    "issue-date": (
        with_issue(**{ISSUE: GOOD_ISSUE.replace("2026-01-10", "janvier 2026")}),
        [
            "content/editions/2-confiance.md:4: champ « date » : attendu une date au format AAAA-MM-JJ, "
            "trouvé « janvier 2026 »"
        ],
    ),
    "issue-status": (
        with_issue(**{ISSUE: GOOD_ISSUE.replace("---\nÉdito", "status: brouillon\n---\nÉdito")}),
        [
            "content/editions/2-confiance.md:5: champ « status » : attendu une valeur parmi published, draft, "
            "trouvé « brouillon »"
        ],
    ),
    "issue-unknown-field": (
        with_issue(**{ISSUE: GOOD_ISSUE.replace("---\nÉdito", "numero: 2\n---\nÉdito")}),
        [
            "content/editions/2-confiance.md:5: champ « numero » : champ inconnu (vouliez-vous dire « number » ?) ; "
            "champs possibles : number, title, date, summary, editorial_author, cover, cover_alt, status, aliases"
        ],
    ),
    "cover-without-alt": (
        with_issue(
            **{
                ISSUE: GOOD_ISSUE.replace("---\nÉdito", "cover: images/couv.png\n---\nÉdito"),
                "content/images/couv.png": PNG,
            }
        ),
        [
            "content/editions/2-confiance.md:5: champ « cover_alt » : champ obligatoire quand « cover » est renseigné"
        ],
    ),
    "cover-missing-file": (
        with_issue(
            **{
                ISSUE: GOOD_ISSUE.replace(
                    "---\nÉdito", "cover: images/absente.jpg\ncover_alt: Une couverture\n---\nÉdito"
                )
            }
        ),
        [
            "content/editions/2-confiance.md:5: champ « cover » : attendu un fichier existant, "
            "trouvé « images/absente.jpg » (introuvable)"
        ],
    ),
    "edition-does-not-exist": (
        with_issue(**{ARTICLE: GOOD_ARTICLE.replace("edition: 2", "edition: 7")}),
        [
            "content/articles/mediations/essai.md:6: champ « edition » : attendu un numéro existant parmi 2, "
            "trouvé « 7 »"
        ],
    ),
    "edition-not-a-number": (
        with_issue(**{ARTICLE: GOOD_ARTICLE.replace("edition: 2", "edition: N°2")}),
        [
            "content/articles/mediations/essai.md:6: champ « edition » : attendu un nombre entier "
            "supérieur ou égal à 1, trouvé « N°2 »"
        ],
    ),
    "edition-without-order": (
        with_issue(**{ARTICLE: GOOD_ARTICLE.replace("edition_order: 1\n", "")}),
        [
            "content/articles/mediations/essai.md:6: champ « edition_order » : champ obligatoire quand "
            "« edition » est renseigné"
        ],
    ),
    "order-without-edition": (
        with_issue(
            **{
                "content/articles/mediations/autre.md": GOOD_ARTICLE.replace("edition: 2\n", "").replace(
                    "Essai", "Autre"
                )
            }
        ),
        [
            "content/articles/mediations/autre.md:6: champ « edition » : champ obligatoire quand "
            "« edition_order » est renseigné"
        ],
    ),
    "order-taken": (
        with_issue(**{"content/articles/mediations/second.md": GOOD_ARTICLE.replace("Essai", "Second")}),
        [
            "content/articles/mediations/second.md:7: champ « edition_order » : attendu une place libre dans "
            "le sommaire du N°2, trouvé « 1 », déjà celle de content/articles/mediations/essai.md"
        ],
    ),
    "unknown-format": (
        with_issue(**{ARTICLE: GOOD_ARTICLE.replace("format: dialogue", "format: interview")}),
        [
            "content/articles/mediations/essai.md:5: champ « format » : attendu une valeur de data/formats.yml "
            "parmi dialogue, entretien, trouvé « interview »"
        ],
    ),
    "issue-without-article": (
        {ISSUE: GOOD_ISSUE},
        [
            "content/editions/2-confiance.md:2: champ « number » : le N°2 n'a aucun article : ajoutez "
            "« edition: 2 » et « edition_order » aux articles de ce numéro"
        ],
    ),
    "article-of-an-issue-in-another-category": (
        with_issue(**{ARTICLE: GOOD_ARTICLE.replace("category: Médiation(s)", "category: Actualités")}),
        [
            "content/articles/mediations/essai.md:4: champ « category » : attendu « Médiation(s) » pour un article "
            "d'un numéro, trouvé « Actualités »"
        ],
    ),
    "article-of-an-issue-without-category": (
        with_issue(**{ARTICLE: GOOD_ARTICLE.replace("category: Médiation(s)\n", "")}),
        [
            "content/articles/mediations/essai.md:5: champ « category » : attendu « Médiation(s) » pour un article "
            "d'un numéro, trouvé « Actualités » (la rubrique par défaut)"
        ],
    ),
    "article-takes-the-archive-address": (
        with_issue(
            **{
                "content/articles/mediations/numeros.md": "---\ntitle: Nos numéros\ndate: 2026-01-01\ncategory: Médiation(s)\n---\nx\n"
            }
        ),
        [
            "content/articles/mediations/numeros.md:1: l'adresse /mediations/numeros/ (tirée du nom du fichier) "
            "est déjà celle de la page des numéros de Médiation(s) : deux contenus ne peuvent pas avoir la même adresse"
        ],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_reported_exactly(case, tmp_path):
    files, expected = CASES[case]
    site = build_tiny(tmp_path, files)
    assert site.code == 1, site.log
    for message in expected:
        assert message in site.log, site.log
    assert "Traceback" not in site.log
    assert "Construction annulée" in site.log


def test_all_problems_of_issues_are_listed_at_once(tmp_path):
    files = {
        ISSUE: GOOD_ISSUE,
        "content/editions/autre.md": GOOD_ISSUE,
        ARTICLE: GOOD_ARTICLE.replace("edition: 2", "edition: 9"),
        "content/articles/mediations/b.md": GOOD_ARTICLE.replace("Essai", "B"),
        "content/articles/mediations/c.md": GOOD_ARTICLE.replace("Essai", "C"),
    }
    site = build_tiny(tmp_path, files)
    assert site.code == 1
    assert "3 erreurs dans le contenu" in site.log, site.log
    for where in (
        "autre.md:2: champ « number »",
        "essai.md:6: champ « edition »",
        "c.md:7: champ « edition_order »",
    ):
        assert where in site.log


def test_an_issue_without_article_is_only_a_warning_outside_strict_mode(tmp_path):
    site = build_tiny(tmp_path, {ISSUE: GOOD_ISSUE}, env={"STRICT": ""})
    assert site.code == 0, site.log
    assert "1 avertissement" in site.log
    assert "le N°2 n'a aucun article" in site.log


def test_a_wrong_editions_setting_is_reported(tmp_path):
    from minisite import pelican, write_site

    root = tmp_path / "site"
    write_site(root, {})
    conf = root / "conf.py"
    conf.write_text(conf.read_text() + "EDITIONS = {**EDITIONS, 'NOM': 'x', 'LABEL': 3}\n", encoding="utf-8")
    code, log = pelican(root, tmp_path / "out")
    assert code == 1
    assert "2 erreur(s) dans le réglage EDITIONS" in log
    assert "EDITIONS : clé « NOM » inconnue (clés possibles : NAME, DESCRIPTION," in log
    assert "EDITIONS : « LABEL » : attendu un texte, trouvé « 3 »" in log
    assert "Traceback" not in log
