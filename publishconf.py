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

# Admin (/admin/): written only when a Git backend is configured. Decap's backend, e.g.
# GitLab with PKCE (no server; an OAuth application of the GitLab instance, its app_id):
#   {"name": "gitlab", "repo": "pop/site", "branch": "main", "auth_type": "pkce",
#    "app_id": "…", "api_root": "https://gitlab.com/api/v4", "base_url": "https://gitlab.com"}
# or GitHub through an OAuth proxy (a small server that holds the client secret):
#   {"name": "github", "repo": "pop/site", "branch": "main", "base_url": "https://auth.pop.eu.com"}
ADMIN_BACKEND = None
ADMIN = {  # noqa: F405
    **ADMIN,  # noqa: F405
    "ENABLED": bool(ADMIN_BACKEND),
    "BACKEND": ADMIN_BACKEND,
    "LOCAL_BACKEND": None,
    "PUBLISH_MODE": "editorial_workflow",  # draft, review, publish: one merge request each
    "SITE_URL": SITEURL,
}

# The admin (Decap CMS), when enabled, needs what the public pages refuse: eval for its form
# schemas, inline styles, its Git host's API and images; a policy for its folder only.
if globals().get("ADMIN", {}).get("ENABLED"):
    _git_hosts = sorted(
        {
            "/".join(url.split("/")[:3])
            for url in (globals().get("ADMIN_BACKEND") or {}).values()
            if str(url).startswith("https://")
        }
    )
    HOSTING = {
        **HOSTING,
        "CSP_PATHS": {
            ADMIN.get("PATH", "admin").strip("/") + "/": {  # noqa: F405
                "script-src": "'self' 'unsafe-eval'",
                "style-src": "'self' 'unsafe-inline'",
                "connect-src": " ".join(["'self'", *_git_hosts]),
                "img-src": " ".join(["'self' data: blob:", *_git_hosts]),
            }
        },
    }
