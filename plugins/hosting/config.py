"""The ``HOSTING`` setting: one table of rules, the single source of every server's configuration.

A rule gives a file pattern its Content-Type, its cache policy and whether it is
pre-compressed. The first rule that matches a path wins, as in Hugo's ``[deployment]``
matchers. nginx, Apache, ``_headers`` and the object-store sync are all rendered from it
(:mod:`.servers`), so no target can disagree with another.

Patterns are globs on the path from the output root: ``*`` stays within one folder, ``**/``
is any number of folders, ``{a,b}`` is either, ``[0-9a-f]`` a character class. A pattern
without ``/`` matches a file name in any folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The names fingerprinted files get: stem, dot, this many hex digits of SHA-256, suffix.
HASH_LENGTH = 10
HASHED = "[0-9a-f]{" + str(HASH_LENGTH) + "}"

DEFAULTS = {
    # Files renamed with a hash of their content (globs from the output root; {theme} is
    # THEME_STATIC_DIR); every reference in REWRITE files follows. Only these may be cached
    # for a year.
    "FINGERPRINT": ["{theme}/**/*.{css,js,svg,png,jpg,jpeg,webp,avif,gif,ico,woff,woff2}"],
    # Files where references to fingerprinted files are rewritten.
    "REWRITE": ["*.{html,css,js,mjs,xml,json,txt,webmanifest}"],
    # Text files bigger than this get a .gz and a .br beside them (rules with "compress").
    "COMPRESS_MIN_BYTES": 1024,
    "GZIP_LEVEL": 9,
    # 9, not 11: 11 costs about 13 times the time for 7 % fewer bytes, and a publish build from
    # a fresh machine (CI) has no cache of earlier copies
    "BROTLI_QUALITY": 9,
    "CACHE_DIR": "hosting",  # below the settings' CACHE_PATH: compressed files by content hash
    # Processes that rewrite and compress the output after the build: 0 is one per core.
    "JOBS": 0,
    "CACHE_POLICIES": {
        "immutable": "public, max-age=31536000, immutable",
        # pages, feeds and data: a few minutes, then asked again (ETag / Last-Modified)
        "revalidate": "public, max-age=300, must-revalidate",
        # downloads and content images keep their address when they change: one day
        "download": "public, max-age=86400",
    },
    # Rules of the site, checked before RULES (the simplest way to change one type of file).
    "EXTRA_RULES": [],
    # Ordered: the first match wins. type: exact Content-Type; cache: a CACHE_POLICIES key.
    "RULES": [
        {
            "match": "**/*." + HASHED + ".css",
            "type": "text/css; charset=utf-8",
            "cache": "immutable",
            "compress": True,
        },
        {
            "match": "**/*." + HASHED + ".{js,mjs}",
            "type": "text/javascript; charset=utf-8",
            "cache": "immutable",
            "compress": True,
        },
        {"match": "**/*." + HASHED + ".svg", "type": "image/svg+xml", "cache": "immutable", "compress": True},
        {"match": "**/*." + HASHED + ".{png,jpg,jpeg,webp,avif,gif,ico,woff,woff2}", "cache": "immutable"},
        # Pagefind names its index files after their content; its entry files keep one name
        {
            "match": "pagefind/**/*.{pf_fragment,pf_index,pf_meta,pf_filter}",
            "type": "application/octet-stream",
            "cache": "immutable",
        },
        {"match": "pagefind/*.pagefind", "type": "application/octet-stream", "cache": "revalidate"},
        {"match": "*.html", "type": "text/html; charset=utf-8", "cache": "revalidate", "compress": True},
        {"match": "*.css", "type": "text/css; charset=utf-8", "cache": "revalidate", "compress": True},
        {
            "match": "*.{js,mjs}",
            "type": "text/javascript; charset=utf-8",
            "cache": "revalidate",
            "compress": True,
        },
        {
            "match": "*.atom.xml",
            "type": "application/atom+xml; charset=utf-8",
            "cache": "revalidate",
            "compress": True,
        },
        {
            "match": "*.rss.xml",
            "type": "application/rss+xml; charset=utf-8",
            "cache": "revalidate",
            "compress": True,
        },
        {"match": "*.xml", "type": "application/xml; charset=utf-8", "cache": "revalidate", "compress": True},
        {"match": "*.ics", "type": "text/calendar; charset=utf-8", "cache": "revalidate", "compress": True},
        {"match": "*.json", "type": "application/json", "cache": "revalidate", "compress": True},
        {
            "match": "*.{yml,yaml}",
            "type": "text/yaml; charset=utf-8",
            "cache": "revalidate",
            "compress": True,
        },
        {
            "match": "*.webmanifest",
            "type": "application/manifest+json",
            "cache": "revalidate",
            "compress": True,
        },
        {"match": "*.txt", "type": "text/plain; charset=utf-8", "cache": "revalidate", "compress": True},
        {"match": "*.csv", "type": "text/csv; charset=utf-8", "cache": "download", "compress": True},
        {"match": "*.md", "type": "text/markdown; charset=utf-8", "cache": "download", "compress": True},
        {"match": "*.svg", "type": "image/svg+xml", "cache": "download", "compress": True},
        {"match": "*.zip", "type": "application/zip", "cache": "download"},
        {"match": "*.pdf", "type": "application/pdf", "cache": "download"},
        {"match": "*.odt", "type": "application/vnd.oasis.opendocument.text", "cache": "download"},
        {"match": "*.ods", "type": "application/vnd.oasis.opendocument.spreadsheet", "cache": "download"},
        {"match": "*.odp", "type": "application/vnd.oasis.opendocument.presentation", "cache": "download"},
        {"match": "*.{jpg,jpeg}", "type": "image/jpeg", "cache": "download"},
        {"match": "*.png", "type": "image/png", "cache": "download"},
        {"match": "*.webp", "type": "image/webp", "cache": "download"},
        {"match": "*.avif", "type": "image/avif", "cache": "download"},
        {"match": "*.gif", "type": "image/gif", "cache": "download"},
        {"match": "*.ico", "type": "image/x-icon", "cache": "download"},
        {"match": "*.woff2", "type": "font/woff2", "cache": "download"},
        {"match": "*.mp3", "type": "audio/mpeg", "cache": "download"},
        {"match": "*.mp4", "type": "video/mp4", "cache": "download"},
        {"match": "**", "type": "application/octet-stream", "cache": "download"},
    ],
    # Sent with every answer (404s and redirects too).
    "HEADERS": {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    },
    # No 'unsafe-inline' nor 'unsafe-eval': the theme has no inline script or style.
    # Pagefind compiles its WebAssembly: 'wasm-unsafe-eval' allows that and nothing else.
    "CSP": {
        "default-src": "'none'",
        "script-src": "'self' 'wasm-unsafe-eval'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "manifest-src": "'self'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "object-src": "'none'",
    },
    # Folders with a policy of their own: {"admin/": {"script-src": "'self' 'unsafe-eval'"}},
    # directives that replace the site's for every address below the folder (an editing
    # application that needs what the public site refuses).
    "CSP_PATHS": {},
    # Sent only when SITEURL is https (a browser ignores it over http anyway).
    "HSTS": "max-age=63072000; includeSubDomains",
    # Former addresses besides the content's « aliases »: {"/ancienne/adresse/": "/nouvelle/"}.
    "REDIRECTS": {},
    # What the site writes for servers, relative to the output root ("" for none). The
    # nginx include lives in a hidden folder that the include itself refuses to serve.
    "NGINX": ".hosting/nginx.conf",
    "NGINX_BROTLI": False,  # brotli_static needs the ngx_brotli module (not in Debian's nginx)
    "APACHE": ".htaccess",
    "HEADERS_FILE": "_headers",
    "REDIRECTS_FILE": "_redirects",
    "S3_SYNC": ".hosting/s3-sync.sh",
}


class ConfigError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def glob_to_regex(pattern: str) -> str:
    """A glob (see the module) as a regular expression on « /path », valid in Python, PCRE
    (nginx, Apache) alike."""
    out, i = [], 0
    if "/" not in pattern.rstrip("/") and pattern != "**":
        out.append("(?:.*/)?")
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "{" and re.match(r"\{\d+\}", pattern[i:]):
            end = pattern.index("}", i)  # a regular-expression count, e.g. [0-9a-f]{10}
            out.append(pattern[i : end + 1])
            i = end
        elif char == "{":
            end = pattern.index("}", i)
            out.append("(?:" + "|".join(re.escape(part) for part in pattern[i + 1 : end].split(",")) + ")")
            i = end
        elif char == "[":
            end = pattern.index("]", i)
            out.append(pattern[i : end + 1])
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "^/" + "".join(out) + "$"


@dataclass
class Rule:
    match: str
    content_type: str | None
    cache: str  # the Cache-Control value
    compress: bool
    regex: str = field(init=False)

    def __post_init__(self):
        self.regex = glob_to_regex(self.match)
        self._compiled = re.compile(self.regex)

    def matches(self, path: str) -> bool:
        return bool(self._compiled.match("/" + path.lstrip("/")))


@dataclass
class HostingConfig:
    raw: dict
    rules: list[Rule]
    site_url: str

    def __getitem__(self, key):
        return self.raw[key]

    @property
    def https(self) -> bool:
        return self.site_url.startswith("https://")

    def rule_for(self, path: str) -> Rule:
        return next(rule for rule in self.rules if rule.matches(path))

    def csp(self, prefix: str | None = None) -> str:
        """The policy of the site, or of the folder ``prefix`` of CSP_PATHS."""
        policy = {**self.raw["CSP"], **((self.raw["CSP_PATHS"].get(prefix) or {}) if prefix else {})}
        directives = [f"{name} {value}".strip() for name, value in policy.items() if value is not None]
        if self.https:
            directives.append("upgrade-insecure-requests")
        return "; ".join(directives)

    def headers(self, prefix: str | None = None) -> dict[str, str]:
        """Headers of every answer (``prefix``: below a folder of CSP_PATHS): security headers,
        CSP, HSTS over https."""
        headers = {**self.raw["HEADERS"], "Content-Security-Policy": self.csp(prefix)}
        if self.https and self.raw["HSTS"]:
            headers["Strict-Transport-Security"] = self.raw["HSTS"]
        return {name: value for name, value in headers.items() if value}


def read_config(settings: dict) -> HostingConfig:
    """The HOSTING setting over the defaults, checked: every problem at once (ConfigError)."""
    given = settings.get("HOSTING") or {}
    problems = []
    if not isinstance(given, dict):
        raise ConfigError([f"HOSTING : attendu un dictionnaire, trouvé {type(given).__name__}"])
    unknown = sorted(set(given) - set(DEFAULTS))
    problems += [
        f"HOSTING[« {key} »] : réglage inconnu (attendu l'un de {', '.join(DEFAULTS)})" for key in unknown
    ]
    raw = {**DEFAULTS, **given}
    raw["CACHE_POLICIES"] = {**DEFAULTS["CACHE_POLICIES"], **(given.get("CACHE_POLICIES") or {})}
    theme = (settings.get("THEME_STATIC_DIR") or "theme").strip("/")
    raw["FINGERPRINT"] = [pattern.replace("{theme}", theme) for pattern in raw["FINGERPRINT"]]
    rules = []
    entries = [("EXTRA_RULES", n, e) for n, e in enumerate(raw["EXTRA_RULES"] or [], start=1)]
    entries += [("RULES", n, e) for n, e in enumerate(raw["RULES"], start=1)]
    for key, number, entry in entries:
        where = f"HOSTING[« {key} »] règle {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("match"), str):
            problems.append(f"{where} : attendu un dictionnaire avec « match », trouvé {entry!r}")
            continue
        policy = entry.get("cache", "download")
        if policy not in raw["CACHE_POLICIES"]:
            problems.append(
                f"{where} ({entry['match']}) : cache « {policy} » inconnu "
                f"(attendu l'un de {', '.join(raw['CACHE_POLICIES'])})"
            )
            continue
        try:
            rules.append(
                Rule(
                    entry["match"],
                    entry.get("type"),
                    raw["CACHE_POLICIES"][policy],
                    bool(entry.get("compress")),
                )
            )
        except (ValueError, re.error) as exc:
            problems.append(f"{where} : motif « {entry['match']} » invalide ({exc})")
    if not rules or rules[-1].match != "**":
        problems.append("HOSTING[« RULES »] : la dernière règle doit être « ** » (tous les autres fichiers)")
    for prefix in raw["CSP_PATHS"] or {}:
        if not re.fullmatch(r"[\w.-]+(/[\w.-]+)*/", prefix):
            problems.append(
                f"HOSTING[« CSP_PATHS »] : « {prefix} » : attendu un dossier du site, comme « admin/ »"
            )
    for key in ("COMPRESS_MIN_BYTES", "GZIP_LEVEL", "BROTLI_QUALITY", "JOBS"):
        if not isinstance(raw[key], int) or isinstance(raw[key], bool) or raw[key] < 0:
            problems.append(f"HOSTING[« {key} »] : attendu un entier positif, trouvé {raw[key]!r}")
    if problems:
        raise ConfigError(problems)
    site_url = (settings.get("SITE_ABSOLUTE_URL") or settings.get("SITEURL") or "").rstrip("/")
    return HostingConfig(raw, rules, site_url)
