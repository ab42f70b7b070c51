"""admin — editing in the browser: a Decap CMS admin whose forms come from the schemas.

When the ``ADMIN`` setting's ``ENABLED`` is true, the build writes, under ``/admin/``:
``index.html`` (noindex, French), ``config.yml`` generated from the registered content
types and the vocabularies (:mod:`.decap`, never written by hand), Decap's bundle copied
from npm ``decap-cms`` (``node_modules``, never a CDN) and a small script that lets Decap
read and write front matter and the ``data/*.yml`` vocabularies (npm ``js-yaml``, see
``static/formats.js``).

The admin is no page of the site: it is outside the sitemap, the site map page, the
search index and the feeds; a published item whose address falls under it is an error.
Without the npm packages, a preview still builds (its admin page says « npm ci »); a
publish build with a backend configured stops.

Settings: ``ADMIN`` (a dict, see :data:`.config.DEFAULTS`).
"""

from __future__ import annotations

import html
import json
import os
import shutil
import sys
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from contentkit import checks as core_checks
from contentkit.items import is_published
from contentkit.state import get_run, truthy
from contentkit.types import REGISTRY

from .config import admin_config
from .decap import decap_config, dump

__all__ = ["register"]

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent  # the project that holds plugins/ (and node_modules/)
BUNDLE = "decap-cms.js"
FORMAT_SCRIPT = "formats.js"
YAML_SCRIPT = "js-yaml.min.js"

INDEX = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>L'administration du contenu a besoin de JavaScript.</noscript>
<script src="{yaml}"></script>
<script src="{bundle}"></script>
<script>window.ADMIN_TEXT_OR_LIST = {text_or_list};</script>
<script src="{format}"></script>
</body>
</html>
"""


MISSING = """<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow"><title>Administration</title></head>
<body><p>{notice}</p></body>
</html>
"""


def text_or_list_fields() -> list[str]:
    """Top-level fields that take a text or a list of texts (see static/formats.js)."""
    return sorted(
        {
            n
            for t in REGISTRY.values()
            for n, fl in t.schema.fields.items()
            if getattr(fl, "accepts_list", False)
        }
    )


def enabled(settings: dict) -> bool:
    return truthy(admin_config(settings)["ENABLED"])


def locate(setting: str) -> Path:
    """A path of the setting: from the build's folder, else from the project's."""
    path = Path(setting)
    if path.is_absolute() or path.exists():
        return path
    return PROJECT / path


def bundle_files(config: dict) -> list[Path]:
    """Decap's bundle and the chunks it loads beside itself (no source maps)."""
    dist = locate(config["DECAP_DIST"])
    main = dist / BUNDLE
    if not main.is_file():
        return []
    return [main, *sorted(dist.glob(f"*.{BUNDLE}"))]


def missing_packages(config: dict) -> list[str]:
    """The npm packages the admin needs and the build cannot find."""
    missing = [] if bundle_files(config) else ["decap-cms"]
    return missing + ([] if locate(config["JS_YAML"]).is_file() else ["js-yaml"])


def copy_if_changed(source: Path, target: Path) -> None:
    """Copy a file unless the same one is there (previews rebuild often; the bundle is 5 MB)."""
    if target.is_file():
        same = target.stat()
        if same.st_size == source.stat().st_size and same.st_mtime_ns == source.stat().st_mtime_ns:
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


class AdminGenerator(Generator):
    """Writes the admin into the output (nothing for the site's context)."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        if not enabled(self.settings):
            return
        config = admin_config(self.settings)
        folder = Path(self.output_path) / config["PATH"]
        folder.mkdir(parents=True, exist_ok=True)
        missing = missing_packages(config)
        if missing:
            # a preview without npm packages still builds; the admin page says what to install
            notice = f"Administration (/{config['PATH']}/) sans {', '.join(missing)} : lancez « npm ci »."
            print(notice, file=sys.stderr, flush=True)
            (folder / "index.html").write_text(
                MISSING.format(lang=html.escape(config["LOCALE"]), notice=html.escape(notice)),
                encoding="utf-8",
            )
            return
        for source in bundle_files(config):
            copy_if_changed(source, folder / source.name)
        copy_if_changed(locate(config["JS_YAML"]), folder / YAML_SCRIPT)
        copy_if_changed(HERE / "static" / FORMAT_SCRIPT, folder / FORMAT_SCRIPT)
        vocabularies = get_run(self.settings).vocabularies
        (folder / "config.yml").write_text(dump(decap_config(self.settings, vocabularies)), encoding="utf-8")
        index = INDEX.format(
            lang=html.escape(config["LOCALE"]),
            title=html.escape(f"{config['TITLE']} — {self.settings.get('SITENAME', '')}".strip(" —")),
            yaml=YAML_SCRIPT,
            bundle=BUNDLE,
            format=FORMAT_SCRIPT,
            text_or_list=html.escape(json.dumps(text_or_list_fields()), quote=False),
        )
        (folder / "index.html").write_text(index, encoding="utf-8")


def check_admin(run, items, context) -> None:
    """The admin's files are there, and no published item takes its address."""
    settings = run.settings
    if not enabled(settings):
        return
    config = admin_config(settings)
    if config["BACKEND"]:  # an admin published on purpose must work
        for package in missing_packages(config):
            run.report.error(
                "ADMIN",
                None,
                None,
                f"attendu le paquet npm {package} dans node_modules/, trouvé aucun (npm ci)",
            )
    prefix = config["PATH"].strip("/") + "/"
    for item in items:
        save_as = str(getattr(item, "save_as", "") or "").replace(os.sep, "/")
        if is_published(item) and save_as.startswith(prefix):
            run.report.error(
                run.display(item.source_path),
                (getattr(item, "field_lines", None) or {}).get("slug"),
                "slug",
                f"attendu une autre adresse, trouvé /{prefix} (réservée à l'administration du contenu)",
            )


def on_get_generators(pelican):
    return AdminGenerator


def register():
    signals.get_generators.connect(on_get_generators)
    if check_admin not in core_checks.CROSS_CHECKS:
        core_checks.CROSS_CHECKS.append(check_admin)
