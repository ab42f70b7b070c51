"""`invoke check --sitemap …`: formerly published addresses that a new build would lose.

A sitemap that cannot be read (no such file, a site out of reach, not XML, not a
sitemap) is a :class:`SitemapError` with a French message saying what to do: never a
traceback.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
TIMEOUT = 30  # seconds
MAX_SITEMAPS = 50  # an index may point to other sitemaps; so many are plenty for this site


class SitemapError(Exception):
    """The sitemap cannot be read; the message is French and names the source."""


def fetch(source: str) -> bytes:
    if not urlparse(source).hostname:
        raise SitemapError(
            f"adresse incomplète « {source} » : attendu par exemple https://www.pop.eu.com/sitemap.xml"
        )
    try:
        request = urllib.request.Request(source, headers={"User-Agent": "pop-site-check"})
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as exc:
        raise SitemapError(
            f"le site a répondu {exc.code} ({exc.reason}) pour {source} : vérifiez l'adresse du sitemap "
            "(par exemple https://www.pop.eu.com/sitemap.xml)"
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            why = f"le nom « {urlparse(source).hostname} » est inconnu (faute de frappe ? pas de réseau ?)"
        elif isinstance(reason, (TimeoutError, socket.timeout)):
            why = f"pas de réponse en {TIMEOUT} s"
        elif isinstance(reason, ConnectionRefusedError):
            why = "connexion refusée"
        else:
            why = f"connexion impossible ({reason})"
        raise SitemapError(f"impossible de joindre {source} : {why}") from None
    except TimeoutError:
        raise SitemapError(f"impossible de joindre {source} : pas de réponse en {TIMEOUT} s") from None
    except (ValueError, OSError) as exc:
        raise SitemapError(f"adresse invalide « {source} » : {exc}") from None


def read_file(source: str) -> bytes:
    path = Path(source).expanduser()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SitemapError(
            f"aucun fichier « {source} » : donnez le chemin d'un fichier sitemap.xml, "
            "ou une adresse complète commençant par https://"
        ) from None
    except IsADirectoryError:
        raise SitemapError(
            f"« {source} » est un dossier : donnez le fichier sitemap.xml qu'il contient"
        ) from None
    except PermissionError:
        raise SitemapError(f"le fichier « {source} » ne peut pas être lu (droits insuffisants)") from None
    except OSError as exc:
        raise SitemapError(f"le fichier « {source} » ne peut pas être lu ({exc.strerror})") from None


def parse(data: bytes, source: str) -> ET.Element:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise SitemapError(
            f"{source} n'est pas un sitemap XML lisible (erreur ligne {line}, colonne {column + 1}) : "
            "vérifiez qu'il s'agit bien du fichier sitemap.xml du site"
        ) from None
    if root.tag not in (f"{SITEMAP_NS}urlset", f"{SITEMAP_NS}sitemapindex", "urlset", "sitemapindex"):
        raise SitemapError(
            f"{source} n'est pas un sitemap : attendu un élément <urlset> ou <sitemapindex>, "
            f"trouvé <{root.tag.split('}')[-1]}>"
        )
    return root


def locations(root: ET.Element) -> list[str]:
    """The <loc> of the <url> (or, in an index, <sitemap>) entries of a sitemap."""
    found = []
    for entry in root:
        if entry.tag.split("}")[-1] not in ("url", "sitemap"):
            continue
        for loc in entry:
            if loc.tag.split("}")[-1] == "loc" and loc.text and loc.text.strip():
                found.append(loc.text.strip())
    return found


def read_sitemap(source: str) -> list[str]:
    """The <loc> addresses of a sitemap given as a file path or an http(s) address; a
    sitemap index is followed to the sitemaps it lists."""
    source = str(source).strip()
    remote = source.startswith(("http://", "https://"))
    if not source:
        raise SitemapError(
            "aucune source : donnez un fichier sitemap.xml ou une adresse https://…/sitemap.xml"
        )
    root = parse(fetch(source) if remote else read_file(source), source)
    if root.tag.split("}")[-1] != "sitemapindex":
        return locations(root)
    addresses = []
    for child in locations(root)[:MAX_SITEMAPS]:
        if remote or child.startswith(("http://", "https://")):
            child = urljoin(source, child)
            data = fetch(child)
        else:
            data = read_file(str(Path(source).parent / child))
        addresses += locations(parse(data, child))
    return addresses


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
