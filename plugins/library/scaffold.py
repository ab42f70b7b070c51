"""`invoke new ressource "Titre"`: a resource folder with its ``index.md`` to fill."""

from __future__ import annotations

import datetime
from pathlib import Path

from .config import library_config

# The body is a placeholder (`invoke check --production` finds it); the advice stays in
# YAML comments, which are never published.
BODY = """
[à compléter : la ressource et la façon d'animer l'atelier, en Markdown : le déroulé, le matériel, les conseils d'animation]
"""
ADVICE = """\
# Déposez les fichiers à télécharger dans ce dossier, à côté de ce fichier, puis listez-les
# dans « files » (par exemple « - path: guide.pdf » et « title: Guide d'animation »).
# Quand tout est prêt, retirez « status: draft ».
"""


def scaffold(title: str, content_root: Path, today: datetime.date, options: dict) -> Path:
    from pelican.utils import slugify  # noqa: PLC0415

    from sitetools.scaffold import front_matter  # noqa: PLC0415 — only `invoke` runs this

    from .schema import RESOURCE  # noqa: PLC0415

    slug = slugify(
        title, regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]
    )
    folder = content_root / library_config({})["FOLDER"] / slug
    if folder.exists():
        raise SystemExit(f"{folder} existe déjà : choisissez un autre titre.")
    folder.mkdir(parents=True)
    path = folder / "index.md"
    # a draft: it may be previewed before its files are there
    text = front_matter(RESOURCE, title, today, {"status": "draft"})
    text = text.removesuffix("---\n") + ADVICE + "---\n"
    path.write_text(text + BODY, encoding="utf-8")
    return path
