"""The ``ADMIN`` setting: defaults, and whether the admin is written at all."""

from __future__ import annotations

DEFAULTS = {
    "ENABLED": False,
    "PATH": "admin",  # output folder of the admin: /admin/
    "TITLE": "Administration du contenu",
    "LOCALE": "fr",
    # Decap's backend, as in its config.yml (GitLab PKCE, GitHub through an OAuth proxy…);
    # None: only the local backend (decap-server) of a preview.
    "BACKEND": None,
    # decap-server's address (``True``: Decap's default, http://localhost:8081/api/v1);
    # None or False: no local backend.
    "LOCAL_BACKEND": True,
    # « editorial_workflow » (drafts, review, publish as merge requests) needs a Git
    # backend; decap-server's file-system mode has none.
    "PUBLISH_MODE": None,
    "SITE_URL": "",  # the public site, for « voir en ligne » links
    "REPO_ROOT": None,  # folder the backend's paths start from; None: the build's folder
    "MEDIA_FOLDER": "images",  # uploaded images, relative to the content folder
    "DECAP_DIST": "node_modules/decap-cms/dist",  # the npm package's bundle (never a CDN)
    "JS_YAML": "node_modules/js-yaml/dist/js-yaml.min.js",  # reads and writes vocabularies
    # French names of field names and of fixed choices; other labels come from each field's help
    "LABELS": {
        "title": "Titre",
        "date": "Date de publication",
        "modified": "Date de modification",
        "summary": "Résumé",
        "slug": "Adresse (slug)",
        "status": "Statut",
        "tags": "Mots-clés",
        "authors": "Auteur·rices",
        "category": "Rubrique",
        "aliases": "Anciennes adresses",
        "name": "Nom",
        "key": "Clé",
    },
    "CHOICE_LABELS": {"published": "Publié", "draft": "Brouillon"},
    "SINGULAR": {},  # type name → singular label (« Formation »); by default the name
    "SLUGS": {},  # type name → Decap slug template of new files; default « {{slug}} »
    # text fields edited in a multi-line box rather than one line
    "MULTILINE": ["summary", "audience", "methods", "evaluation", "accessibility", "process", "note"],
}


def admin_config(settings: dict) -> dict:
    config = {**DEFAULTS, **(settings.get("ADMIN") or {})}
    for key in ("LABELS", "CHOICE_LABELS"):
        config[key] = {**DEFAULTS[key], **((settings.get("ADMIN") or {}).get(key) or {})}
    return config
