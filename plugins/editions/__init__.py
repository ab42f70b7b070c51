"""editions — a media's numbered issues (« numéros »): each issue has a number, a theme,
a date, a cover and an editorial (its body); articles join it with ``edition`` and
``edition_order`` and share its fate (a draft or future issue holds its articles back).

Pages: the media's home (latest issue up front, then the earlier ones), the archive of
issues, one page per issue (editorial, contents in order), one page per editorial format
(``content/data/formats.yml``) listing its articles across issues. Feeds: one entry per
issue for the media, and one feed per issue with exactly its articles. On an article of an
issue, templates get the issue and the previous and next articles of that issue.

Modules: ``config`` (settings), ``content`` (the type and its class), ``holds`` (articles
held by their issue), ``checks`` (rules across items), ``generator``, ``feeds``,
``scaffold`` (``invoke new numero``).

Settings: ``EDITIONS`` (a dict, see :data:`.config.DEFAULTS`) and the addresses of
:data:`.config.ADDRESSES` (``EDITION_URL``, ``EDITIONS_FEED_ATOM``…).
"""

from __future__ import annotations

from pelican import signals

from contentkit import checks as core_checks
from contentkit import reader, types
from contentkit.errors import stop_on_setting
from contentkit.state import get_run

from .checks import check_editions
from .config import ConfigError, install_addresses, read_config
from .content import NUMERO
from .generator import EditionGenerator
from .holds import EXTRAS_KEY, hold

__all__ = ["register"]


def on_initialized(pelican):
    try:
        read_config(pelican.settings)
    except ConfigError as exc:
        stop_on_setting("EDITIONS", exc.problems)
    install_addresses(pelican.settings)


def on_get_generators(pelican):
    return EditionGenerator


def on_static_generator_finalized(generator):
    """The cover of an issue that is not published is not copied either (unless a
    published item links to it)."""
    run = get_run(generator.settings)
    covers = run.extras.get(EXTRAS_KEY, {}).get("held_covers") or set()
    linked = set(generator.context.get("static_links") or ())
    dropped = {cover for cover in covers if cover not in linked}
    if dropped:
        generator.staticfiles[:] = [f for f in generator.staticfiles if f.relative_source_path not in dropped]


types.register(NUMERO)


def register():
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(on_get_generators)
    signals.static_generator_finalized.connect(on_static_generator_finalized)
    if hold not in reader.HOLDS:
        reader.HOLDS.append(hold)
    if check_editions not in core_checks.CROSS_CHECKS:
        core_checks.CROSS_CHECKS.append(check_editions)
