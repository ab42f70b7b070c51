"""`invoke check --sitemap …`: formerly published addresses that a new build would lose."""

from __future__ import annotations

import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def read_sitemap(source: str) -> list[str]:
    """The <loc> addresses of a sitemap given as a file path or an http(s) address."""
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=30) as response:  # noqa: S310
            data = response.read()
    else:
        data = Path(source).read_bytes()
    root = ET.fromstring(data)
    return [loc.text.strip() for loc in root.iter(f"{SITEMAP_NS}loc") if loc.text]


def resolves(output: Path, address: str) -> bool:
    parsed = urlparse(address)
    path = unquote(parsed.path).lstrip("/")
    if parsed.query:
        # a former `/?p=12` (alias `/?p=12`) has its redirect page in the folder `?p=12/`;
        # the server maps the query to it (docs/import-wordpress.md)
        path = f"{path}?{unquote(parsed.query)}/"
    target = output / path
    if target.is_dir() or not path or path.endswith("/"):
        target = target / "index.html"
    return target.is_file()


def lost_addresses(addresses: list[str], output: Path) -> list[str]:
    """Addresses with neither a page nor a redirect in ``output``."""
    return [a for a in addresses if not resolves(output, a)]
