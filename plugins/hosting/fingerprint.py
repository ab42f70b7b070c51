"""Content hashes in the names of the theme's files, and every reference rewritten.

``theme/css/site.css`` becomes ``theme/css/site.1a2b3c4d5e.css``: a new version gets a new
name, so browsers and CDNs may keep each one for a year. References are rewritten in the
pages, feeds and data (``/theme/css/site.css`` after any origin, or a path relative to the
root) and inside the fingerprinted files themselves (``url(…)`` in CSS, relative
``import`` in JavaScript), which is why files that others point to are named first:
images and fonts, then style sheets, then scripts.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

from .config import HASH_LENGTH, HASHED, Rule

# images and fonts first: style sheets point to them, and scripts may import each other last
ORDER = {".css": 1, ".js": 2, ".mjs": 2}
ALREADY = re.compile(r"\." + HASHED + r"\.[^./]+$")
CSS_URL = re.compile(r"""(url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")
JS_IMPORT = re.compile(r"""((?:\bfrom|\bimport|\bimport\(|new URL\()\s*['"])(\.{1,2}/[^'"]+)""")
PATH_END = r"(?=[\"'\s?#)<>,;]|$)"
BEFORE = "/\"'(="  # what may come before a reference, besides white space


def hashed_name(path: str, data: bytes) -> str:
    stem, dot, suffix = path.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    return f"{stem}.{digest}.{suffix}" if dot else f"{path}.{digest}"


def rewrite_relative(text: str, source: str, names: dict[str, str], pattern: re.Pattern) -> str:
    """References relative to ``source`` (a path from the root) that lead to a renamed file."""
    folder = posixpath.dirname(source)

    def replace(match):
        reference = match.group(2)
        if reference.startswith(("data:", "http:", "https:", "/", "#")):
            return match.group(0)
        path, _, rest = reference.partition("?")
        target = posixpath.normpath(posixpath.join(folder, path))
        if target not in names:
            return match.group(0)
        new = posixpath.relpath(names[target], folder or ".")
        if reference.startswith("./") and not new.startswith("."):
            new = "./" + new
        return match.group(1) + new + (f"?{rest}" if rest else "")

    return pattern.sub(replace, text)


def references(names: dict[str, str]) -> re.Pattern:
    """Paths from the root of renamed files, after an origin, a ``/``, a quote or ``(``."""
    choices = "|".join(re.escape(p) for p in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<=[/\"'(=\s])(" + choices + ")" + PATH_END)


def referenced(output: Path, path: str, chosen: set[str]) -> set[str]:
    """The chosen files that ``path`` (a style sheet or a script) points to."""
    if not path.endswith((".css", ".js", ".mjs")):
        return set()
    text = (output / path).read_text(encoding="utf-8", errors="replace")
    pattern = CSS_URL if path.endswith(".css") else JS_IMPORT
    folder = posixpath.dirname(path)
    found = {
        posixpath.normpath(posixpath.join(folder, m.group(2).partition("?")[0]))
        for m in pattern.finditer(text)
    }
    found |= {other for other in chosen if other != path and f"/{other}" in text}
    return found & chosen


def dependency_order(output: Path, chosen: list[str]) -> list[str]:
    """Files that others point to first: a file's hash covers the new names inside it."""
    pool = set(chosen)
    deps = {path: referenced(output, path, pool) for path in chosen}
    ordered, done, visiting = [], set(), set()

    def visit(path):
        if path in done or path in visiting:  # a cycle cannot be ordered: left as it comes
            return
        visiting.add(path)
        for dep in sorted(deps[path]):
            visit(dep)
        visiting.discard(path)
        done.add(path)
        ordered.append(path)

    for path in sorted(chosen, key=lambda f: (ORDER.get(posixpath.splitext(f)[1], 0), f)):
        visit(path)
    return ordered


def rename_assets(output: Path, files: list[str], patterns: list[str]) -> dict[str, str]:
    """Rename the files of ``output`` (``files``: paths from the root) matching ``patterns``
    after their content, references between them rewritten. Returns old path → new path."""
    matchers = [Rule(p, None, "", False) for p in patterns]
    chosen = [f for f in files if any(m.matches(f) for m in matchers) and not ALREADY.search(f)]
    chosen = dependency_order(output, chosen)
    names: dict[str, str] = {}
    for path in chosen:
        source = output / path
        data = source.read_bytes()
        if path.endswith((".css", ".js", ".mjs")) and names:
            text = data.decode("utf-8")
            text = rewrite_relative(text, path, names, CSS_URL if path.endswith(".css") else JS_IMPORT)
            text = references(names).sub(lambda m: names[m.group(1)], text)
            data = text.encode("utf-8")
        new = hashed_name(path, data)
        (output / new).write_bytes(data)
        source.unlink()
        names[path] = new
    return names


class Rewriter:
    """References to renamed files in the pages, feeds and data (files matching ``rewrite``):
    any origin or relative prefix, then the path from the root."""

    def __init__(self, names: dict[str, str], rewrite: list[str]):
        self.names = names
        self.rewriters = [Rule(p, None, "", False) for p in rewrite]
        self.markers = {p.split("/", 1)[0].encode() for p in names}
        self.renamed = set(names.values())
        # Same matches as references(), written to start with the literal prefix the names
        # share (the theme's folder), which the regex engine finds fast; the character
        # before a match is checked by hand (a look-behind first would try every position).
        prefix = posixpath.commonprefix(list(names)) if names else ""
        choices = "|".join(re.escape(p[len(prefix) :]) for p in sorted(names, key=len, reverse=True))
        self.pattern = re.compile(re.escape(prefix) + "(?:" + choices + ")" + PATH_END) if names else None

    def applies(self, path: str) -> bool:
        if not self.names or path in self.names or path in self.renamed:
            return False
        return any(r.matches(path) for r in self.rewriters)

    def __call__(self, data: bytes) -> bytes:
        """``data`` with its references rewritten (the same object when none is found)."""
        if not any(m in data for m in self.markers):
            return data
        text = data.decode("utf-8", errors="surrogateescape")

        def replace(match):
            start = match.start()
            if start and (text[start - 1] in BEFORE or text[start - 1].isspace()):
                return self.names[match.group(0)]
            return match.group(0)

        new_text = self.pattern.sub(replace, text)
        return data if new_text == text else new_text.encode("utf-8", errors="surrogateescape")


def output_files(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())


def fingerprint(output: Path, patterns: list[str], rewrite: list[str]) -> dict[str, str]:
    """Rename the files of ``output`` matching ``patterns`` after their content and rewrite
    every reference to them in files matching ``rewrite``. Returns old path → new path.

    The publish build does the same in one pass with the compression
    (:func:`.compress.finish_output`); this is the step on its own."""
    files = output_files(output)
    names = rename_assets(output, files, patterns)
    rewriter = Rewriter(names, rewrite)
    for path in files:
        if not rewriter.applies(path):
            continue
        target = output / path
        data = target.read_bytes()
        new = rewriter(data)
        if new is not data:
            target.write_bytes(new)
    return names
