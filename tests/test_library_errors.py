"""Editors' mistakes in resources: each gives its French message with file, line and field
(``files[2].path``), a non-zero exit, no traceback, and leaves the site online as it was."""

from __future__ import annotations

import os

import pytest
from minisite import ENV, assert_refused, built_output, write_site

from sitetools.build import atomic_build

INDEX = "content/outillerie/kit/index.md"
SHOWN = "content/outillerie/kit/index.md"

VOCABULARIES = {
    "content/data/objectives.yml": "sensibiliser:\n  name: Sensibiliser\ntravailler-en-reseau:\n  name: Travailler en réseau\n",
    "content/data/themes.yml": "sobriete:\n  name: Sobriété numérique\n",
    "content/data/audiences.yml": "mediateurs:\n  name: Médiateur·rices\n",
    "content/data/licenses.yml": (
        "cc-by-4-0:\n  spdx: CC-BY-4.0\n  name: Creative Commons BY 4.0\n"
        "cc-by-sa-4-0:\n  spdx: CC-BY-SA-4.0\n  name: Creative Commons BY-SA 4.0\n"
    ),
}

GUIDE = "  - path: guide.txt\n    title: Guide\n"


def kit(
    files=GUIDE, license="CC-BY-SA-4.0", objectives="[sensibiliser]", version='version: "1.0"\n', extra=""
):
    """The resource's index.md; line 10 is « files: » (or the first line of ``extra``)."""
    return (
        "---\n"
        "title: Kit\n"  # 2
        "summary: Un kit.\n"  # 3
        f"objectives: {objectives}\n"  # 4
        "audiences: [mediateurs]\n"  # 5
        f"license: {license}\n"  # 6
        "authors: [Les Assembleurs]\n"  # 7
        f"{version}"  # 8
        "updated: 2026-01-10\n"  # 9
        f"{extra}" + (f"files:\n{files}" if files is not None else "") + "---\nLe déroulé.\n"
    )


def site(index: str, **files) -> dict:
    return {**VOCABULARIES, INDEX: index, "content/outillerie/kit/guide.txt": "Guide\n", **files}


def link(name: str, target: str):
    def setup(root):
        os.symlink(target, root / "content/outillerie/kit" / name)

    return setup


def outside_folder(root):
    (root / "ailleurs").mkdir()
    (root / "ailleurs/x.txt").write_text("secret\n", encoding="utf-8")
    os.symlink(root / "ailleurs", root / "content/outillerie/kit/annexes")


# case → (files, setup or None, expected messages)
CASES = {
    "traversal": (
        site(kit(GUIDE + "  - path: ../../../conf.py\n    title: Réglages\n")),
        None,
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu un chemin qui reste dans le dossier de la "
            "ressource, trouvé « ../../../conf.py » (« .. » sort du dossier)"
        ],
    ),
    "traversal-inside-a-path": (
        site(kit("  - path: annexes/../../autre/guide.txt\n    title: Guide\n")),
        None,
        [
            f"{SHOWN}:11: champ « files[1].path » : attendu un chemin qui reste dans le dossier de la "
            "ressource, trouvé « annexes/../../autre/guide.txt » (« .. » sort du dossier)"
        ],
    ),
    "absolute-path": (
        site(kit(GUIDE + "  - path: /etc/passwd\n    title: Mots de passe\n")),
        None,
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu un chemin relatif au dossier de la ressource "
            "(par exemple guide.pdf ou annexes/fiche.odt), trouvé « /etc/passwd » (chemin absolu refusé)"
        ],
    ),
    "symlink-outside": (
        site(kit(GUIDE + "  - path: lien.txt\n    title: Lien\n")),
        link("lien.txt", "../../../conf.py"),
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu un fichier du dossier de la ressource, "
            "trouvé « lien.txt » (lien symbolique qui mène hors du dossier)"
        ],
    ),
    "symlinked-folder-outside": (
        site(kit(GUIDE + "  - path: annexes/x.txt\n    title: Annexe\n")),
        outside_folder,
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu un fichier du dossier de la ressource, "
            "trouvé « annexes/x.txt » (lien symbolique qui mène hors du dossier)"
        ],
    ),
    "symlink-outside-even-in-progress": (
        site(kit("  - path: lien.txt\n    title: Lien\n", extra="status: in-progress\n")),
        link("lien.txt", "/etc/hostname"),
        [
            f"{SHOWN}:12: champ « files[1].path » : attendu un fichier du dossier de la ressource, trouvé « lien.txt »"
        ],
    ),
    "missing-file": (
        site(kit(GUIDE + "  - path: absent.pdf\n    title: Absent\n")),
        None,
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu un fichier existant dans le dossier de la "
            "ressource, trouvé « absent.pdf » (introuvable)"
        ],
    ),
    "folder-listed-as-a-file": (
        site(
            kit(GUIDE + "  - path: annexes\n    title: Annexes\n"),
            **{"content/outillerie/kit/annexes/a.txt": "a\n"},
        ),
        None,
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu un fichier ordinaire, trouvé « annexes » (c'est un dossier)"
        ],
    ),
    "unknown-licence": (
        site(kit(license="CC-BY-NC-4.0")),
        None,
        [
            f"{SHOWN}:6: champ « license » : attendu un identifiant SPDX de data/licenses.yml parmi "
            "CC-BY-4.0, CC-BY-SA-4.0, trouvé « CC-BY-NC-4.0 »"
        ],
    ),
    "no-licence-list": (
        {**site(kit()), "content/data/licenses.yml": None},
        None,
        [
            f"{SHOWN}:6: champ « license » : attendu un identifiant SPDX de data/licenses.yml "
            "(fichier introuvable), trouvé « CC-BY-SA-4.0 »"
        ],
    ),
    "unknown-objective": (
        site(kit(objectives="[sensibilisation]")),
        None,
        [
            f"{SHOWN}:4: champ « objectives[1] » : attendu une valeur de data/objectives.yml parmi "
            "sensibiliser, travailler-en-reseau, trouvé « sensibilisation » (vouliez-vous dire « sensibiliser » ?)"
        ],
    ),
    "published-without-files": (
        site(kit(files="")),
        None,
        [
            f"{SHOWN}:10: champ « files » : attendu au moins un fichier pour une ressource publiée, "
            "trouvé aucun (une ressource en préparation prend « status: in-progress »)"
        ],
    ),
    "unlisted-file-strict": (
        site(kit(), **{"content/outillerie/kit/notes.txt": "brouillon\n"}),
        None,
        [
            f"{SHOWN}:10: champ « files » : le fichier « notes.txt » est dans le dossier mais dans aucune "
            "entrée : il ne sera pas publié (ajoutez-le à « files » ou retirez-le du dossier)"
        ],
    ),
    "missing-version": (
        site(kit(version="")),
        None,
        [f"{SHOWN}:2: champ « version » : champ obligatoire manquant"],
    ),
    "licence-file-name-reserved": (
        site(
            kit(GUIDE + "  - path: LICENCE.txt\n    title: Licence\n"),
            **{"content/outillerie/kit/LICENCE.txt": "x\n"},
        ),
        None,
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu un autre nom que LICENCE.txt (réservé à la "
            "licence que le site ajoute à l'archive), trouvé « LICENCE.txt »"
        ],
    ),
    "same-file-twice": (
        site(kit(GUIDE + "  - path: ./guide.txt\n    title: Encore\n")),
        None,
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu des fichiers tous différents, "
            "trouvé « guide.txt » déjà listé en files[1]"
        ],
    ),
    "description-listed": (
        site(kit(GUIDE + "  - path: index.md\n    title: Description\n")),
        None,
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu un fichier à télécharger, "
            "trouvé « index.md » (c'est la description de la ressource)"
        ],
    ),
    "file-entry-without-title": (
        site(kit("  - guide.txt\n")),
        None,
        [
            f"{SHOWN}:11: champ « files[1] » : attendu des champs « nom: valeur » indentés, trouvé « guide.txt »"
        ],
    ),
    "unknown-status": (
        site(kit(extra="status: en-cours\n")),
        None,
        [
            f"{SHOWN}:10: champ « status » : attendu une valeur parmi published, in-progress, draft, "
            "trouvé « en-cours »"
        ],
    ),
    "changelog-without-note": (
        site(kit(extra='changelog:\n  - version: "1.0"\n    date: 2026-01-10\n')),
        None,
        [f"{SHOWN}:11: champ « changelog[1].note » : champ obligatoire manquant"],
    ),
    "slug-of-a-filter-page": (
        {
            **VOCABULARIES,
            "content/outillerie/themes/index.md": kit(),
            "content/outillerie/themes/guide.txt": "Guide\n",
        },
        None,
        [
            "content/outillerie/themes/index.md: l'adresse /outillerie/themes/ (tirée du nom du dossier) "
            "est réservée à la liste des ressources par thème : choisissez un autre « slug » ou renommez le dossier"
        ],
    ),
    "file-named-like-the-page": (
        site(
            kit(GUIDE + "  - path: index.html\n    title: Page\n"),
            **{"content/outillerie/kit/index.html": "<p>x</p>"},
        ),
        None,
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu un autre nom de fichier, "
            "trouvé « index.html » (l'adresse de la page de la ressource)"
        ],
    ),
    "file-named-like-the-archive": (
        site(
            kit(GUIDE + "  - path: kit.zip\n    title: Archive\n"),
            **{"content/outillerie/kit/kit.zip": b"PK"},
        ),
        None,
        [
            f"{SHOWN}:13: champ « files[2].path » : attendu un autre nom de fichier, "
            "trouvé « kit.zip » (le nom de l'archive de la ressource)"
        ],
    ),
    "page-at-the-library-address": (
        {**site(kit()), "content/pages/outillerie.md": "---\ntitle: Outils\n---\nx\n"},
        None,
        [
            "content/pages/outillerie.md: l'adresse /outillerie/ est déjà celle de la page L'Outillerie : "
            "deux contenus ne peuvent pas avoir la même adresse"
        ],
    ),
    "folder-without-index": (
        site(kit(), **{"content/outillerie/vide/guide.pdf": b"%PDF-1.4\n"}),
        None,
        ["content/outillerie/vide: dossier ignoré : une ressource est un dossier avec un fichier index.md"],
    ),
}


@pytest.fixture(scope="module")
def good_output(tmp_path_factory):
    return built_output(tmp_path_factory.mktemp("good"), {})


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_resource_is_reported_and_output_kept(case, tmp_path, good_output):
    files, setup, expected = CASES[case]
    assert_refused(tmp_path, good_output, files, expected, setup)


def test_an_unlisted_file_is_only_a_warning_out_of_strict_mode(tmp_path):
    write_site(tmp_path / "site", site(kit(), **{"content/outillerie/kit/notes.txt": "brouillon\n"}))
    result = atomic_build("conf.py", tmp_path / "output", {**ENV, "STRICT": ""}, cwd=tmp_path / "site")
    assert result.code == 0, result.output
    assert "1 avertissement" in result.output
    assert not (tmp_path / "output/outillerie/kit/notes.txt").exists()


def test_every_problem_of_a_resource_is_listed_at_once(tmp_path):
    index = kit(
        GUIDE + "  - path: ../x.pdf\n    title: X\n  - path: absent.odt\n    title: Y\n",
        license="MIT",
        objectives="[sensibiliser]\nthemes: [agir]",
    )
    write_site(tmp_path / "site", site(index))
    result = atomic_build("conf.py", tmp_path / "output", ENV, cwd=tmp_path / "site")
    assert result.code == 1
    assert "3 erreurs dans le contenu" in result.output, result.output
    for where in (
        "index.md:5: champ « themes[1] »",
        "index.md:7: champ « license »",
        "index.md:14: champ « files[2].path »",
    ):
        assert where in result.output
