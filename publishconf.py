"""Settings for publishing: absolute addresses, nothing held back is written anywhere."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://www.pop.eu.com").rstrip("/")
SITE_ABSOLUTE_URL = SITEURL
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL

# Full builds render on two cores; previews render incrementally instead.
CONTENTKIT = {  # noqa: F405
    **CONTENTKIT,  # noqa: F405
    "SHOW_DRAFTS": False,
    "INCREMENTAL": False,
    "PARALLEL": os.environ.get("PARALLEL", "1"),
}

SEARCH = {**SEARCH, "ENABLED": True}  # noqa: F405

# Production hosting (plugins/hosting): hashed theme file names, .gz and .br copies, and the
# nginx, Apache, _headers/_redirects and object-store configurations (docs/deploiement.md).
PLUGINS = [*PLUGINS, "hosting"]  # noqa: F405
HOSTING = {}  # any key of plugins/hosting/config.py DEFAULTS, e.g. "REDIRECTS": {"/ancien/": "/nouveau/"}

# Every publish build reads everything afresh: the build date may have moved on.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
