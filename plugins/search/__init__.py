"""search — full-text search of a static site with Pagefind, no search server.

Once every page is written (Pelican's ``finalized`` signal), Pagefind indexes the output
folder: only the elements marked ``data-pagefind-body`` (an item's own page, see
:mod:`.templating`), with the type of each item as a filter, a few pages at a time merged
into one index (:mod:`.indexer`, :mod:`.shards`) so that memory stays small. The index is a
folder of small files (``pagefind/``) that the search page's script loads when a reader
searches.
If indexing fails, the build fails with a French message.

Settings: ``SEARCH`` (a dict, see :data:`.config.DEFAULTS`). Templates get the Jinja
global ``search``.
"""

from __future__ import annotations

import logging
import sys

from pelican import signals

from contentkit.errors import stop_on_setting

from .config import ConfigError, read_config
from .indexer import IndexingError, folder_size, index_site
from .templating import SearchTemplates

__all__ = ["register"]

logger = logging.getLogger(__name__)


def fail(message: str):
    print(message, file=sys.stderr, flush=True)
    raise SystemExit(1)


def on_initialized(pelican):
    try:
        read_config(pelican.settings)
    except ConfigError as exc:
        stop_on_setting("SEARCH", exc.problems)


def on_generator_init(generator):
    generator.env.globals["search"] = SearchTemplates(read_config(generator.settings))


def on_finalized(pelican):
    config = read_config(pelican.settings)
    if not config.enabled:
        logger.info("Recherche : indexation désactivée (SEARCH[« ENABLED »])")
        return
    try:
        result = index_site(pelican.output_path, config)
    except IndexingError as exc:
        fail(
            f"Indexation de la recherche impossible : {exc}\n"
            "Construction annulée ; le site déjà construit n'a pas été modifié."
        )
    if result.bundle is None:
        logger.warning("Recherche : aucune page à indexer, pas d'index écrit")
        return
    logger.info(
        "Recherche : %d pages indexées en %.2f s, %d passage(s) de Pagefind (index de %d Ko)",
        result.pages,
        result.seconds,
        result.runs,
        folder_size(result.bundle) // 1024,
    )


def register():
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.finalized.connect(on_finalized)
