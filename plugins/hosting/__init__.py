"""hosting — what a static site needs to be served fast and safely in production.

Once the whole site is written, and after every other plugin's last step (the search
index, the images), three things happen to the output folder:

1. the theme's files get a content hash in their names and every reference follows
   (:mod:`.fingerprint`), so they can be cached for a year;
2. every text file over ``COMPRESS_MIN_BYTES`` gets a ``.gz`` and a ``.br`` beside it,
   reproducible and taken from the cache when the file did not change (:mod:`.compress`);
3. the server configurations are written from one table of rules (:mod:`.config`) and the
   former addresses of the content: an nginx include, an Apache ``.htaccess``, ``_headers``
   and ``_redirects``, a sync script for an object store (:mod:`.servers`).

It belongs in the publishing settings only: previews keep plain names for live reload.

Settings: ``HOSTING`` (a dict, see :data:`.config.DEFAULTS`); ``SITEURL`` (HSTS when https).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals

from contentkit.errors import stop_on_setting

from .compress import finish_output
from .config import ConfigError, read_config
from .fingerprint import Rewriter, output_files, rename_assets
from .servers import Redirect, write_server_files

__all__ = ["register"]

logger = logging.getLogger(__name__)
REDIRECTS_KEY = "_HOSTING_REDIRECTS"  # this build's redirects, kept in its settings


def on_initialized(pelican):
    try:
        read_config(pelican.settings)
    except ConfigError as exc:
        stop_on_setting("HOSTING", exc.problems)
    pelican.settings[REDIRECTS_KEY] = []
    # Pelican calls the receivers of its last signal (finalized) in no fixed order, and the
    # search index and the images rewrite the output there: this step runs after all of them.
    run = pelican.run

    def run_then_prepare():
        run()
        prepare_output(pelican)

    pelican.run = run_then_prepare


def on_all_generators_finalized(generators):
    """The former addresses of every published item (contentkit's « aliases »)."""
    if not generators:
        return
    from contentkit.checks import alias_save_as  # noqa: PLC0415
    from contentkit.items import all_items, is_published  # noqa: PLC0415
    from contentkit.site import absolute  # noqa: PLC0415

    settings = generators[0].settings
    redirects = settings.setdefault(REDIRECTS_KEY, [])
    for item in all_items(generators):
        if not is_published(item):
            continue
        for alias in getattr(item, "aliases", None) or []:
            # /?p=12 stays as typed: servers match its query string, not a folder
            source = alias if "?" in alias else "/" + alias_save_as(alias).removesuffix("index.html")
            redirects.append(Redirect(source, absolute(settings, item.url)))


def redirects_of(settings: dict, config) -> list[Redirect]:
    redirects = list(settings.get(REDIRECTS_KEY) or [])
    base = config.site_url
    for source, target in (config["REDIRECTS"] or {}).items():
        if not target.startswith(("http://", "https://")) and base:
            target = base + "/" + target.lstrip("/")
        redirects.append(Redirect(source, target))
    return sorted(set(redirects), key=lambda r: r.source)


def prepare_output(pelican) -> None:
    settings = pelican.settings
    config = read_config(settings)
    output = Path(pelican.output_path)
    files = output_files(output)
    names = rename_assets(output, files, config["FINGERPRINT"])
    files = output_files(output) if names else files
    cache_dir = Path(settings.get("CACHE_PATH") or ".cache") / config["CACHE_DIR"]
    rewrite = Rewriter(names, config["REWRITE"])
    stats = finish_output(output, config, cache_dir, rewrite, files, jobs=config["JOBS"] or usable_cores())
    not_found = settings.get("404_SAVE_AS", "404.html")
    not_found = not_found if (output / not_found).is_file() else None
    written = write_server_files(output, config, redirects_of(settings, config), not_found)
    print(
        f"Hébergement : {len(names)} fichier(s) du thème renommé(s) d'après leur contenu, "
        f"{stats.files} fichier(s) texte compressé(s) (copies faites : {stats.made}, reprises du cache : "
        f"{stats.reused}) : {kb(stats.original_bytes)} Ko deviennent {kb(stats.gzip_bytes)} Ko en gzip, "
        f"{kb(stats.brotli_bytes)} Ko en brotli ; configuration écrite : {', '.join(written) or 'aucune'}",
        flush=True,
    )


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def kb(size: int) -> str:
    return f"{size / 1024:.0f}"


def register():
    signals.initialized.connect(on_initialized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
