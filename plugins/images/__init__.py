"""images — content images served at the width the reader's screen needs.

Once every page is written (Pelican's ``finalized`` signal), each ``<img>`` of the HTML
output that shows a raster image of the site itself (JPEG, PNG or WebP) and has no
``srcset`` yet gets:

- copies of the image resized to each width of ``WIDTHS`` narrower than the original,
  written beside it (``photo.jpg`` → ``photo-480w.jpg``, ``photo-800w.jpg``…); the original
  is served as it is when it is not wider than the largest width and not heavier than
  ``MAX_BYTES``, otherwise it gets a copy at the largest width too;
- ``srcset`` listing them with their widths, ``sizes``, and ``src`` on the largest one;
- ``width`` and ``height`` (the largest copy's), so that the page does not jump while the
  image loads;
- ``decoding="async"``.

The original file stays where it was (feeds, Open Graph and links to it keep working).
A copy heavier than ``MAX_BYTES`` is reported as a warning naming the image; an image
that cannot be read stops the build, after listing every such image.
Work already done is kept: an image with a ``srcset`` is left alone, and a copy newer than
its original is not made again (previews).

Settings: ``IMAGES`` (a dict, see :data:`DEFAULTS`). Needs Pillow.
"""

from __future__ import annotations

import html
import logging
import os
import re
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican import signals

__all__ = ["register", "DEFAULTS"]

logger = logging.getLogger(__name__)

DEFAULTS = {
    "WIDTHS": (480, 800, 1200),  # widths of the copies, in pixels
    "QUALITY": 80,  # JPEG and WebP quality of the copies
    # how wide the image is shown: the browser picks the copy from this and the screen
    "SIZES": "(min-width: 60rem) 56rem, 100vw",
    "MAX_BYTES": 200_000,  # heavier copies are reported
    "EXTENSIONS": (".jpg", ".jpeg", ".png", ".webp"),
}

IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class Copy:
    name: str  # file name, beside the original
    width: int
    height: int


class _Attributes(HTMLParser):
    """The attributes of one start tag, in their order, as the HTML parser reads them."""

    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str | None]] = []
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.attrs = attrs

    handle_startendtag = handle_starttag


def serialize(attrs: list[tuple[str, str | None]]) -> str:
    parts = [name if value is None else f'{name}="{html.escape(value, quote=True)}"' for name, value in attrs]
    return "<img " + " ".join(parts) + ">"


class Resizer:
    """The copies of each image of one build (state of one run, not of the module)."""

    def __init__(self, output: Path, site_url: str, config: dict):
        self.output = Path(os.path.abspath(output))
        self.site_url = site_url.rstrip("/")
        self.config = config
        self.copies: dict[Path, list[Copy]] = {}
        self.problems: list[str] = []

    def local_file(self, src: str, page: Path) -> Path | None:
        """The output file an ``src`` of ``page`` points to, if it is one of the site's."""
        if self.site_url and src.startswith(self.site_url + "/"):
            path = self.output / unquote(urlsplit(src[len(self.site_url) + 1 :]).path)
        else:
            parts = urlsplit(src)
            if parts.scheme or parts.netloc or not parts.path:
                return None
            base = self.output if parts.path.startswith("/") else page.parent
            path = base / unquote(parts.path).lstrip("/")
        path = Path(os.path.normpath(path))  # not resolve(): static files may be links
        if self.output not in path.parents or not path.is_file():
            return None
        if path.suffix.lower() not in self.config["EXTENSIONS"]:
            return None
        return path

    def copies_of(self, original: Path) -> list[Copy]:
        if original not in self.copies:
            try:
                self.copies[original] = self.make_copies(original)
            except (OSError, ValueError) as exc:  # Pillow's UnidentifiedImageError is an OSError
                self.problems.append(f"{original.relative_to(self.output)} : image illisible ({exc})")
                self.copies[original] = []
        return self.copies[original]

    def make_copies(self, original: Path) -> list[Copy]:
        from PIL import Image, ImageOps  # noqa: PLC0415  (only builds with images need Pillow)

        with Image.open(original) as opened:
            turned = opened.getexif().get(EXIF_ORIENTATION, 1) != 1
            image = ImageOps.exif_transpose(opened)
            width, height = image.size
            largest = max(self.config["WIDTHS"])
            # served as it is: not wider than needed, not too heavy, upright
            as_is = width <= largest and original.stat().st_size <= self.config["MAX_BYTES"] and not turned
            widths = {w for w in self.config["WIDTHS"] if w < width}
            if not as_is:
                widths.add(min(width, largest))
            copies = [self.resize(original, image, w, round(height * w / width)) for w in sorted(widths)]
        if as_is:
            copies.append(Copy(original.name, width, height))
        return copies

    def resize(self, original: Path, image, width: int, height: int) -> Copy:
        from PIL import Image  # noqa: PLC0415

        suffix = original.suffix.lower()
        target = original.with_name(f"{original.stem}-{width}w{original.suffix}")
        if not (target.exists() and target.stat().st_mtime >= original.stat().st_mtime):
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            kind = FORMATS[suffix]
            options = {"optimize": True}
            if kind == "JPEG":
                resized = resized.convert("RGB")
                options.update(quality=self.config["QUALITY"], progressive=True)
            elif kind == "WEBP":
                options.update(quality=self.config["QUALITY"], method=6)
            resized.save(target, kind, **options)
        if target.stat().st_size > self.config["MAX_BYTES"]:
            logger.warning(
                "Image trop lourde : %s pèse %d Ko à %d px de large (au plus %d Ko) : réduisez-la ou compressez-la.",
                target.relative_to(self.output),
                target.stat().st_size // 1000,
                width,
                self.config["MAX_BYTES"] // 1000,
            )
        return Copy(target.name, width, height)

    def rewrite_tag(self, tag: str, page: Path) -> str:
        attrs = _Attributes(tag).attrs
        names = {name for name, _ in attrs}
        src = dict(attrs).get("src")
        if "srcset" in names or not src:
            return tag
        original = self.local_file(src, page)
        if original is None:
            return tag
        copies = self.copies_of(original)
        if not copies:
            return tag
        folder = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
        largest = copies[-1]
        added = {
            "src": folder + largest.name,
            "srcset": ", ".join(f"{folder}{copy.name} {copy.width}w" for copy in copies),
            "sizes": self.config["SIZES"],
            "width": str(largest.width),
            "height": str(largest.height),
            "decoding": "async",
        }
        result = [(name, added.pop(name) if name == "src" else value) for name, value in attrs]
        result += [(name, value) for name, value in added.items() if name not in names]
        return serialize(result)

    def rewrite_page(self, page: Path) -> None:
        text = page.read_text(encoding="utf-8")
        if "<img" not in text and "<IMG" not in text:
            return
        rewritten = IMG_TAG.sub(lambda match: self.rewrite_tag(match.group(0), page), text)
        if rewritten != text:
            page.write_text(rewritten, encoding="utf-8")


STARTED_KEY = "_IMAGES_BUILD_STARTED"


def on_initialized(pelican):
    pelican.settings[STARTED_KEY] = time.time()


def on_finalized(pelican):
    config = {**DEFAULTS, **(pelican.settings.get("IMAGES") or {})}
    output = Path(pelican.output_path)
    resizer = Resizer(output, pelican.settings.get("SITEURL") or "", config)
    # A page this build did not write (an incremental preview left it as it was) was
    # already rewritten by an earlier build.
    started = pelican.settings.get(STARTED_KEY, 0) - 2
    for page in sorted(output.rglob("*.html")):
        if page.stat().st_mtime >= started:
            resizer.rewrite_page(page)
    if resizer.problems:
        print(
            f"{len(resizer.problems)} image(s) impossible(s) à redimensionner :\n"
            + "\n".join(f"  {problem}" for problem in resizer.problems)
            + "\nRemplacez ces fichiers par des images JPEG, PNG ou WebP valides.",
            file=sys.stderr,
            flush=True,
        )
        raise SystemExit(1)


def register():
    signals.initialized.connect(on_initialized)
    signals.finalized.connect(on_finalized)
