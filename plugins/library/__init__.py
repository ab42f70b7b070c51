"""library — an open library of downloadable resources (workshop kits, guides).

One folder per resource under the content folder (``outillerie/<slug>/index.md`` and its
files), read and checked by contentkit's shared reader (:mod:`.schema`), its files checked
on disk at every build (:mod:`.checks`). Each file is published byte for byte beside the
resource's page with its size, media type and SHA-256 (:mod:`.files`); each resource gets
one reproducible ZIP with a generated ``LICENCE.txt`` (:mod:`.archive`). The library page
and one static page per facet term (objective, theme, audience, licence), an open JSON
catalogue and schema.org JSON-LD (:mod:`.catalogue`), an Atom feed with the files as
enclosures (:mod:`.feed`). Checksums and archives are kept in ``<CACHE_PATH>/library/``:
a rebuild reads no unchanged file and makes no unchanged archive again.

Settings: ``LIBRARY`` (a dict, see :data:`.config.DEFAULTS`), ``RESOURCE_URL``,
``RESOURCE_SAVE_AS``. Templates: ``outillerie/resource.html``, ``outillerie/library.html``,
``outillerie/home.html``; Jinja filter ``file_size`` (« 1,2 Mo »).
"""

from __future__ import annotations

from pelican import signals

from contentkit.checks import CROSS_CHECKS
from contentkit.types import register as register_type

from .checks import check_list_pages
from .generator import LibraryGenerator
from .schema import RESOURCE
from .units import file_size

__all__ = ["RESOURCE", "register"]

register_type(RESOURCE)
if check_list_pages not in CROSS_CHECKS:
    CROSS_CHECKS.append(check_list_pages)


def on_initialized(pelican):
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters.setdefault("file_size", file_size)


def on_get_generators(pelican):
    return LibraryGenerator


def register():
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(on_get_generators)
