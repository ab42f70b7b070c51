"""Server configurations rendered from the rules, the redirects and the 404 page.

Four targets, one source (:mod:`.config`): an nginx include for a ``server`` block, an
Apache ``.htaccess``, ``_headers`` and ``_redirects`` for hosts that read them (Netlify,
Cloudflare Pages…), and a shell script that copies the site to an S3-compatible bucket
with each file's headers. None of them is edited by hand: the next build writes them again.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .config import HostingConfig

GENERATED = "Écrit par le plugin hosting à chaque construction du site : ne pas modifier à la main."
SERVER_FILES = ("_headers", "_redirects")


@dataclass(frozen=True)
class Redirect:
    source: str  # a path from the root: /2023/ancienne-adresse/
    target: str  # where it leads: an absolute address, or a path from the root

    @property
    def query(self) -> tuple[str, str] | None:
        """(path, query) of a former address with a query string (WordPress's ``/?p=12``)."""
        if "?" not in self.source:
            return None
        path, query = self.source.split("?", 1)
        return path or "/", query

    def sources(self) -> list[str]:
        """The forms a reader may type: with and without the final slash, with index.html."""
        if self.query:
            return [self.source]
        path = "/" + self.source.strip("/")
        if path.endswith((".html", ".htm")) or path == "/":
            return [path]
        return [path + "/", path, path + "/index.html"]


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ----------------------------------------------------------------------------- nginx


def nginx_headers(config: HostingConfig, indent: str) -> list[str]:
    return [f"{indent}add_header {name} {quote(value)} always;" for name, value in config.headers().items()]


def render_nginx(config: HostingConfig, redirects: list[Redirect], not_found: str | None) -> str:
    """Directives for the inside of a ``server`` block that sets ``root`` to the output."""
    lines = [
        f"# {GENERATED}",
        "# À inclure dans le bloc server du site, après « root /chemin/du/site; » :",
        "#     include /chemin/du/site/" + config["NGINX"] + ";",
        "",
        "index index.html;",
        "absolute_redirect off;  # the trailing-slash redirects stay on the address the reader used",
        "server_tokens off;",
        "gzip_static on;  # page.html.gz, written beside each text file by the build",
        "gzip_vary on;",
        ("" if config["NGINX_BROTLI"] else "# ") + "brotli_static on;  # needs the ngx_brotli module",
        "default_type application/octet-stream;",
    ]
    if not_found:
        # a folder without index.html is « not found » too, rather than « forbidden »
        lines.append(f"error_page 403 404 =404 /{not_found};")
    lines += nginx_headers(config, "")
    lines += [
        "",
        "# files of the build that are not pages: the server's configuration",
        "location ~ /\\. { return 404; }",
        "location ~ ^/_(headers|redirects)$ { return 404; }",
        "",
        "# former addresses (the « aliases » of the content, HOSTING REDIRECTS)",
    ]
    for redirect in redirects:
        if redirect.query:
            # a location never sees the query string: the whole request line is compared
            lines.append(
                f"if ($request_uri = {quote(redirect.source)}) {{ return 301 {quote(redirect.target)}; }}"
            )
            continue
        for source in redirect.sources():
            lines.append(f"location = {quote(source)} {{ return 301 {quote(redirect.target)}; }}")
    for prefix in config["CSP_PATHS"]:
        # ^~: no regular-expression location outside it answers below this folder
        lines += ["", f"# HOSTING CSP_PATHS: {prefix} has a policy of its own", f"location ^~ /{prefix} {{"]
        lines.append("    location ~ /\\. { return 404; }")
        lines += rule_locations(config, "    ", prefix)
        lines.append("}")
    lines += ["", "# one block per rule of HOSTING RULES: the first that matches wins"]
    lines += rule_locations(config, "", None)
    return "\n".join(lines) + "\n"


def rule_locations(config: HostingConfig, indent: str, prefix: str | None) -> list[str]:
    lines = []
    for rule in config.rules:
        lines.append(f"{indent}location ~ {quote(rule.regex)} {{  # {rule.match}")
        lines += [
            f"{indent}    types {{ }}",
            f"{indent}    default_type {quote(rule.content_type or 'application/octet-stream')};",
        ]
        lines.append(f"{indent}    add_header Cache-Control {quote(rule.cache)};")
        # add_header in a location hides the server's: the security headers again
        lines += [
            f"{indent}    add_header {name} {quote(value)} always;"
            for name, value in config.headers(prefix).items()
        ]
        lines.append(f"{indent}}}")
    return lines


# ----------------------------------------------------------------------------- Apache


def render_apache(config: HostingConfig, redirects: list[Redirect], not_found: str | None) -> str:
    """An ``.htaccess`` for the output root (mod_rewrite, mod_headers, mod_mime, mod_alias)."""
    lines = [
        f"# {GENERATED}",
        "# Il demande AllowOverride All (ou FileInfo Indexes Options) et les modules rewrite et headers.",
        "",
        "Options -Indexes -MultiViews",
        "DirectoryIndex index.html",
        "ServerSignature Off",
    ]
    if not_found:
        lines.append(f"ErrorDocument 404 /{not_found}")
    lines += [
        "",
        "<IfModule mod_headers.c>",
        *(f"  Header always set {name} {quote(value)}" for name, value in config.headers().items()),
        "</IfModule>",
        "",
        "<IfModule mod_rewrite.c>",
        "  RewriteEngine On",
        "  # files of the build that are not pages: the server's configuration",
        '  RewriteRule "(^|/)\\.(?!well-known/)" - [R=404,L]',
        '  RewriteRule "^_(headers|redirects)$" - [R=404,L]',
        "  # former addresses (the « aliases » of the content, HOSTING REDIRECTS)",
    ]
    for redirect in redirects:
        if redirect.query:
            path, query = redirect.query
            lines.append(f'  RewriteCond "%{{QUERY_STRING}}" "^{re.escape(query)}$"')
            pattern = re.escape(path.lstrip("/"))
            lines.append(f'  RewriteRule "^{pattern}$" {quote(redirect.target)} [R=301,L,QSD]')
            continue
        for source in redirect.sources():
            pattern = re.escape(source.lstrip("/"))
            lines.append(f'  RewriteRule "^{pattern}$" {quote(redirect.target)} [R=301,L]')
    lines += [
        "  # the pre-compressed copy when the browser accepts it (brotli first)",
        '  RewriteCond "%{HTTP:Accept-Encoding}" "br"',
        '  RewriteCond "%{REQUEST_FILENAME}.br" -f',
        '  RewriteRule "^(.+)$" "$1.br" [L]',
        '  RewriteCond "%{HTTP:Accept-Encoding}" "gzip"',
        '  RewriteCond "%{REQUEST_FILENAME}.gz" -f',
        '  RewriteRule "^(.+)$" "$1.gz" [L]',
        '  RewriteRule "\\.(br|gz)$" - [E=no-gzip:1,E=no-brotli:1]',
        "</IfModule>",
        '<FilesMatch "\\.br$">',
        "  Header set Content-Encoding br",
        "  Header append Vary Accept-Encoding",
        "</FilesMatch>",
        '<FilesMatch "\\.gz$">',
        "  Header set Content-Encoding gzip",
        "  Header append Vary Accept-Encoding",
        "</FilesMatch>",
        "",
        "# HOSTING RULES, most general first: with <If>, the last block that matches wins,",
        "# so the first rule of the table is written last. The address may end in .gz or .br",
        "# once rewritten above.",
    ]
    for rule in reversed(config.rules):
        regex = rule.regex[:-1] + "(?:\\.gz|\\.br)?$"
        lines += [
            f'<If "%{{REQUEST_URI}} =~ m#{regex}#">  # {rule.match}',
            f"  ForceType {quote(rule.content_type or 'application/octet-stream')}",
            f"  Header set Cache-Control {quote(rule.cache)}",
            "</If>",
        ]
    for prefix in config["CSP_PATHS"]:
        lines += [
            f"# HOSTING CSP_PATHS: {prefix} has a policy of its own",
            f'<If "%{{REQUEST_URI}} =~ m#^/{re.escape(prefix)}#">',
            f"  Header always set Content-Security-Policy {quote(config.csp(prefix))}",
            "</If>",
        ]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- _headers, _redirects


def site_files(output: Path) -> list[str]:
    """The files readers may ask for: not the compressed copies nor the server files."""
    return sorted(
        relative
        for path in output.rglob("*")
        if path.is_file()
        and path.suffix not in (".gz", ".br")
        and not (relative := path.relative_to(output).as_posix()).startswith(".")
        and "/." not in relative
        and relative not in SERVER_FILES
    )


def file_headers(config: HostingConfig, path: str) -> tuple[tuple[str, str], ...]:
    rule = config.rule_for(path)
    headers = [("Cache-Control", rule.cache)]
    if rule.content_type:
        headers.append(("Content-Type", rule.content_type))
    return tuple(headers)


def grouped_paths(config: HostingConfig, files: list[str]) -> list[tuple[str, tuple]]:
    """(path pattern, headers) for every file: a whole folder as ``/folder/*`` when all the
    files below it share their headers, else the files of one suffix as ``/folder/*.suffix``
    when they share them, else each file. Short even for a big site, and the same from one
    build to the next when only hashed names (Pagefind's) change."""
    per_file = {path: file_headers(config, path) for path in files}
    below: dict[str, set] = defaultdict(set)
    by_suffix: dict[tuple[str, str], set] = defaultdict(set)
    for path, headers in per_file.items():
        suffix = posixpath.splitext(path)[1]
        by_suffix[(posixpath.dirname(path), suffix)].add(headers)
        folder = posixpath.dirname(path)
        while folder:
            below[folder].add(headers)
            folder = posixpath.dirname(folder)
            # a host may let « * » cross folders: /a/*.ics is used only if no folder below
            # /a has .ics files, else two blocks would both match and their values be joined
            by_suffix[(folder, suffix)].add(("deeper",))
    entries, covered = [], set()
    for path in files:
        folder, top = posixpath.dirname(path), None
        while folder:
            if len(below[folder]) == 1:
                top = folder
            folder = posixpath.dirname(folder)
        suffix = (posixpath.dirname(path), posixpath.splitext(path)[1])
        if top is not None:
            key, pattern = top, f"/{top}/*"
        elif suffix[0] and suffix[1] and len(by_suffix[suffix]) == 1:
            key, pattern = suffix, f"/{suffix[0]}/*{suffix[1]}".replace("//", "/")
        else:
            key, pattern = path, f"/{path}"
        if key not in covered:
            covered.add(key)
            entries.append((pattern, per_file[path]))
    return entries


def csp_blocks(config: HostingConfig, files: list[str]) -> list[str]:
    """With CSP_PATHS, the policy cannot be in ``/*`` (a host would join two policies, and a
    browser enforce both): one block per folder or file of the root instead, going down
    into the folders that hold a folder of CSP_PATHS."""
    prefixes = set(config["CSP_PATHS"])
    blocks = [("/", None)]

    def cover(folder: str) -> None:
        names = sorted(
            {
                f[len(folder) :].split("/", 1)[0] + ("/" if "/" in f[len(folder) :] else "")
                for f in files
                if f.startswith(folder)
            }
        )
        for name in names:
            path = folder + name
            if path in prefixes:
                blocks.append((f"/{path}*", path))
            elif name.endswith("/") and any(p.startswith(path) for p in prefixes):
                blocks.append((f"/{path}", None))
                cover(path)
            else:
                blocks.append((f"/{path}*" if name.endswith("/") else f"/{path}", None))

    cover("")
    lines = []
    for pattern, prefix in blocks:
        lines += [pattern, f"  Content-Security-Policy: {config.csp(prefix)}"]
    return lines


def render_headers_file(config: HostingConfig, output: Path) -> str:
    files = site_files(output)
    common = config.headers()
    if config["CSP_PATHS"]:
        del common["Content-Security-Policy"]
    lines = [f"# {GENERATED}", "/*", *(f"  {name}: {value}" for name, value in common.items())]
    if config["CSP_PATHS"]:
        lines += csp_blocks(config, files)
    # pages keep the host's own answer (text/html, revalidated): only the others are listed
    pages = file_headers(config, "index.html")
    for pattern, headers in grouped_paths(config, files):
        if headers == pages:
            continue
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in headers]
    return "\n".join(lines) + "\n"


def render_redirects_file(redirects: list[Redirect], not_found: str | None) -> str:
    lines = [f"# {GENERATED}"]
    for redirect in redirects:
        if redirect.query:  # Netlify's form: the path, then the query parameters to match
            path, query = redirect.query
            lines.append(f"{path} {query.replace('&', ' ')} {redirect.target} 301")
            continue
        lines += [f"{source} {redirect.target} 301" for source in redirect.sources()]
    if not_found:
        # Netlify and Cloudflare Pages send 404.html by themselves; others read this line
        lines.append(f"/* /{not_found} 404")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- object store


def aws_patterns(glob: str) -> list[str]:
    """A rule's glob as AWS CLI filters (fnmatch, where ``*`` also crosses folders)."""
    choice = re.search(r"\{(?!\d+\})", glob)  # {a,b}, not a count such as {10}
    if choice:
        start = choice.start()
        end = glob.index("}", start)
        return [
            pattern
            for choice in glob[start + 1 : end].split(",")
            for pattern in aws_patterns(glob[:start] + choice + glob[end + 1 :])
        ]
    # a counted class, [0-9a-f]{10}, written out
    glob = re.sub(r"(\[[^\]]+\])\{(\d+)\}", lambda m: m.group(1) * int(m.group(2)), glob)
    glob = glob.replace("**/", "*").replace("**", "*")
    if "/" in glob or glob.startswith("*"):
        return [glob]
    return [glob, "*/" + glob]  # a file name, in any folder


def render_s3_sync(config: HostingConfig) -> str:
    """A shell script that copies the site to an S3-compatible bucket with the AWS CLI.

    An object store does not choose an encoding per request: each text file that has a
    gzip copy is uploaded as that copy under its own name, with ``Content-Encoding: gzip``
    (every browser accepts it). One ``aws s3 sync`` per rule and encoding, each rule's
    filters excluding what an earlier rule took (the first match wins, as everywhere), then
    one that deletes what the site no longer has.
    """
    lines = [
        "#!/bin/sh",
        f"# {GENERATED}",
        "# Usage, depuis n'importe où : sh output/.hosting/s3-sync.sh s3://mon-seau [options d'aws,",
        "# par exemple --endpoint-url https://s3.fr-par.scw.cloud]. Il faut l'AWS CLI (paquet awscli).",
        "set -eu",
        'BUCKET="${1:?Indiquez le seau : s3://mon-seau}"',
        "shift",
        'SITE="$(cd "$(dirname "$0")/.." && pwd)"',
        'WORK="$(mktemp -d)"',
        "trap 'rm -rf \"$WORK\"' EXIT",
        "# plain/: files sent as they are; packed/: the gzip copy under the file's own name",
        'mkdir "$WORK/plain" "$WORK/packed"',
        'cp -R "$SITE"/. "$WORK/plain"',
        'rm -rf "$WORK/plain/.hosting" "$WORK/plain/.htaccess" "$WORK/plain/_headers" "$WORK/plain/_redirects"',
        'find "$WORK/plain" -name "*.br" -delete',
        'cd "$WORK/plain"',
        'find . -name "*.gz" | while read -r packed; do',
        '    original="${packed%.gz}"',
        '    mkdir -p "$WORK/packed/$(dirname "$original")"',
        '    mv "$packed" "$WORK/packed/$original"',
        '    rm -f "$original"',
        "done",
        'cd "$WORK"',
    ]
    taken: list[str] = []
    for rule in config.rules:
        patterns = aws_patterns(rule.match)
        filters = ["--exclude", "*"]
        for pattern in patterns:
            filters += ["--include", pattern]
        for pattern in taken:
            filters += ["--exclude", pattern]
        headers = [
            "--content-type",
            rule.content_type or "application/octet-stream",
            "--cache-control",
            rule.cache,
        ]
        lines.append(f"# {rule.match}")
        for folder, encoding in (("plain", []), ("packed", ["--content-encoding", "gzip"])):
            command = ["aws", "s3", "sync", "--only-show-errors", *filters, *headers, *encoding]
            lines.append(" ".join(shlex.quote(part) for part in command) + f' {folder} "$BUCKET" "$@"')
        taken += patterns
    lines += [
        "# what the site no longer has",
        "cp -R packed/. plain/",
        'aws s3 sync --only-show-errors --delete --size-only plain "$BUCKET" "$@"',
    ]
    return "\n".join(lines) + "\n"


def write_server_files(
    output: Path, config: HostingConfig, redirects: list[Redirect], not_found: str | None
) -> list[str]:
    """Write every configured target into ``output``; returns their paths from the root."""
    targets = {
        "NGINX": lambda: render_nginx(config, redirects, not_found),
        "APACHE": lambda: render_apache(config, redirects, not_found),
        "HEADERS_FILE": lambda: render_headers_file(config, output),
        "REDIRECTS_FILE": lambda: render_redirects_file(redirects, not_found),
        "S3_SYNC": lambda: render_s3_sync(config),
    }
    written = []
    for key, render in targets.items():
        relative = config[key]
        if not relative:
            continue
        path = output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(), encoding="utf-8")
        written.append(relative)
    return written
