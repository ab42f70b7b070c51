"""trainings — the training catalogue (« formations »), a content type of contentkit.

One Markdown file per training in ``content/formations/`` (fields: CONTENT-MODEL.md,
« Training »; schema in :mod:`.schema`). The plugin writes the catalogue grouped by
domain with its filters, a page per place and per domain, the upcoming sessions, one
page per training with its schema.org JSON-LD, and open data: iCalendar files of the
sessions, a JSON catalogue, an LHEO 2.3 export and an Atom feed.

Modules: ``config`` (settings and defaults), ``schema`` (fields and rules), ``sessions``
(statuses on the build date), ``model`` (the content class, derived values), ``jsonld``,
``ical``, ``catalogue`` (JSON), ``lheo``, ``feed``, ``checks`` (across files),
``scaffold`` (``invoke new formation``), ``generator``.

Settings: ``TRAINING_URL``/``TRAINING_SAVE_AS`` and the other addresses of
:data:`config.ADDRESSES`; ``TRAININGS`` (see :data:`config.DEFAULTS`).
"""

from __future__ import annotations

from pelican import signals

from contentkit import checks as contentkit_checks
from contentkit import types

from . import config
from .checks import check_trainings
from .generator import TrainingGenerator
from .scaffold import scaffold
from .schema import TRAINING

TRAINING.scaffold = scaffold
types.register(TRAINING)


def on_initialized(pelican):
    config.install_defaults(pelican.settings)
    config.install_filters(pelican.settings)


def on_get_generators(pelican):
    return TrainingGenerator


def register():
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(on_get_generators)
    if check_trainings not in contentkit_checks.CROSS_CHECKS:
        contentkit_checks.CROSS_CHECKS.append(check_trainings)
