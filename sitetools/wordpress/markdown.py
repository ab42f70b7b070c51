"""A WordPress body (classic HTML, shortcodes or Gutenberg blocks) → clean Markdown.

The work is done in three passes: block comments and shortcodes are rewritten as plain
HTML (what WordPress itself would have rendered, minus scripts and third-party players);
the HTML tree is then fixed up (images, internal links, footnotes) by a :class:`Resolver`
given by the importer; ``markdownify`` with :class:`Converter` writes the Markdown.
Nothing is fetched from the network.
"""

from __future__ import annotations

import html
import json
import re
import shlex
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString
from markdownify import MarkdownConverter

# Blocks whose saved HTML holds their whole content: the comments go, the HTML stays.
# Any other block (dynamic ones like latest-posts, archives, search, calendar, plugins'
# blocks) renders nothing without WordPress: it is listed and left as a visible note.
KNOWN_BLOCKS = {
    "paragraph", "heading", "list", "list-item", "quote", "pullquote", "code", "preformatted",
    "verse", "table", "separator", "image", "gallery", "columns", "column", "group", "cover",
    "media-text", "buttons", "button", "file", "audio", "video", "embed", "spacer", "more",
    "nextpage", "html", "footnotes", "details", "freeform", "shortcode", "missing", "text-columns",
    "subhead", "row", "stack",
}  # fmt: skip

# Shortcodes converted here; any other `[name …]` stays as text and is listed.
KNOWN_SHORTCODES = {"caption", "wp_caption", "gallery", "embed", "video", "audio"}

BLOCK_RE = re.compile(r"<!--\s*(/?)wp:([a-z0-9_-]+(?:/[a-z0-9_-]+)?)(\s+\{.*?\})?\s*(/?)\s*-->", re.S)
SHORTCODE_RE = re.compile(r"\[(\[?)([a-zA-Z_][\w-]*)((?:\s[^\]]*?)?)(/?)\](?:(.*?)\[/\2\])?(\]?)", re.S)
URL_LINE_RE = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$", re.M)


@dataclass
class Unknown:
    """An unknown shortcode or block, found again in the written Markdown for its line."""

    kind: str  # "shortcode" or "bloc"
    name: str
    needle: str  # text to look for in the Markdown


@dataclass
class Result:
    markdown: str
    unknown: list[Unknown] = field(default_factory=list)


class Resolver:
    """What the importer knows: where images went, which links are internal. Overridden."""

    def image(self, url: str) -> str | None:
        """The new ``{static}`` address of an image or media file, None when missing."""
        return None

    def is_media(self, url: str) -> bool:
        """Whether ``url`` is a file of the old site's uploads."""
        return False

    def link(self, url: str) -> str:
        """The new address of a link (``{filename}`` for an imported item), or ``url``."""
        return url

    def attachment(self, attachment_id: int) -> tuple[str, str, str] | None:
        """(url, alt, caption) of an attachment of the export."""
        return None

    def children_images(self) -> list[int]:
        """Attachment ids attached to the current item (for ``[gallery]`` with no ids)."""
        return []

    def footnotes(self) -> dict[str, str]:
        return {}

    def reusable(self, ref: int) -> str | None:
        """The content of a reusable block (``wp_block`` item) of the export."""
        return None


def _attributes(text: str) -> dict[str, str]:
    """Shortcode attributes: ``a="x" b='y' c=z``, positional ones under their index."""
    attributes: dict[str, str] = {}
    try:
        parts = shlex.split(html.unescape(text.replace("\u201d", '"').replace("\u2033", '"')))
    except ValueError:
        parts = text.split()
    for index, part in enumerate(parts):
        key, sep, value = part.partition("=")
        if sep:
            attributes[key.lower()] = value
        else:
            attributes[str(index)] = part
    return attributes


def _figure(image_html: str, caption: str) -> str:
    caption = caption.strip()
    return f"<figure>{image_html}<figcaption>{caption}</figcaption></figure>" if caption else image_html


def _media_link(url: str, label: str) -> str:
    return f'<p><a href="{html.escape(url)}">{html.escape(label)}</a></p>'


class Shortcodes:
    """WordPress shortcodes → HTML; unknown ones stay as text and are recorded."""

    def __init__(self, resolver: Resolver, unknown: list[Unknown]):
        self.resolver = resolver
        self.unknown = unknown

    def __call__(self, text: str) -> str:
        return SHORTCODE_RE.sub(self.replace, text)

    def replace(self, match: re.Match) -> str:
        escaped_open, name, attrs, _, inner, escaped_close = match.groups()
        whole = match.group(0)
        if escaped_open and escaped_close:  # [[name]] is WordPress's way to show a shortcode
            return whole[1:-1]
        lower = name.lower()
        attributes = _attributes(attrs or "")
        inner = inner or ""
        if lower in ("caption", "wp_caption"):
            return self.caption(attributes, inner)
        if lower == "gallery":
            return self.gallery(attributes) + (inner or "")
        if lower == "embed":
            url = inner.strip() or attributes.get("src", "")
            return _media_link(url, url) if url else ""
        if lower in ("video", "audio"):
            url = next(
                (
                    v
                    for k, v in attributes.items()
                    if k in ("src", "mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav")
                ),
                inner.strip(),
            )
            label = ("Vidéo" if lower == "video" else "Son") + " : " + url.rsplit("/", 1)[-1]
            return _media_link(url, label) if url else ""
        if not self.looks_like_shortcode(name, attrs, match):
            return whole
        self.unknown.append(Unknown("shortcode", name, f"[{name}"))
        # stays as text; its content is converted like the rest
        opening = whole[: whole.index("]") + 1]
        return html.escape(opening) + (
            self(inner) + html.escape(f"[/{name}]") if match.group(5) is not None else ""
        )

    @staticmethod
    def looks_like_shortcode(name: str, attrs: str, match: re.Match) -> bool:
        """``[sic]`` or ``[1]`` in a sentence are not shortcodes: a name with attributes,
        a closing tag, or a lowercase name with ``_``/``-`` is."""
        if match.group(5) is not None or "=" in (attrs or ""):
            return True
        return name.islower() and bool(re.search(r"[_-]", name)) or name in ("contact-form", "playlist")

    def caption(self, attributes: dict, inner: str) -> str:
        soup = BeautifulSoup(inner, "html.parser")
        image = soup.find("img")
        if image is None:
            return inner
        holder = image.parent if image.parent is not None and image.parent.name == "a" else image
        image_html = str(holder)
        holder.extract()
        caption = attributes.get("caption") or soup.decode().strip()
        return _figure(image_html, caption)

    def gallery(self, attributes: dict) -> str:
        ids = [int(i) for i in re.findall(r"\d+", attributes.get("ids", "") or attributes.get("include", ""))]
        if not ids:
            ids = self.resolver.children_images()
        parts = []
        for attachment_id in ids:
            found = self.resolver.attachment(attachment_id)
            if found is None:
                continue
            url, alt, caption = found
            parts.append(
                _figure(f'<img src="{html.escape(url)}" alt="{html.escape(alt)}">', html.escape(caption))
            )
        return "".join(f"<p>{p}</p>" if not p.startswith("<figure") else p for p in parts)


def blocks(text: str, unknown: list[Unknown], resolver: Resolver | None = None, depth: int = 0) -> str:
    """Remove Gutenberg block comments; a reusable block is replaced by its content; unknown
    blocks leave a visible note."""

    def replace(match: re.Match) -> str:
        closing, name, attributes, self_closing = match.groups()
        short = name.removeprefix("core/")
        if short.startswith("core-embed/"):
            short = "embed"
        if closing or short in KNOWN_BLOCKS:
            return ""
        if short == "block" and resolver is not None and depth < 5:  # a block may hold another
            try:
                ref = json.loads(attributes or "{}").get("ref")
            except (ValueError, AttributeError):
                ref = None
            content = resolver.reusable(ref) if isinstance(ref, int) else None
            if content is not None:
                return blocks(content, unknown, resolver, depth + 1)
        unknown.append(Unknown("bloc", name, f"« {name} »"))
        # a wrapper's content is kept after the note
        return f"<p>[bloc WordPress « {html.escape(name)} » non converti]</p>"

    return BLOCK_RE.sub(replace, text)


BLOCK_TAGS = (
    "address|article|aside|blockquote|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|"
    "ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)


def autop(text: str) -> str:
    """Classic bodies have no <p>: WordPress adds them on display (wpautop), so do we.

    Block-level tags stand in paragraphs of their own; other runs of text separated by a
    blank line become ``<p>``, single newlines ``<br>``. ``<pre>`` is left as it is.
    """
    if "<!-- wp:" in text:
        return text
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\n\n\x00{len(kept) - 1}\x00\n\n"

    text = re.sub(r"<pre[\s>].*?</pre>", keep, text, flags=re.S | re.I)
    text = re.sub(rf"(<(?:{BLOCK_TAGS})[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</(?:{BLOCK_TAGS})>)", r"\1\n\n", text, flags=re.I)
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text) if c.strip()]
    starts_block = re.compile(rf"^(?:</?(?:{BLOCK_TAGS})[\s/>]|\x00)", re.I)
    paragraphs = [c if starts_block.match(c) else "<p>" + c.replace("\n", "<br>\n") + "</p>" for c in chunks]
    text = "\n\n".join(paragraphs)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def fix_tree(soup: BeautifulSoup, resolver: Resolver) -> list[tuple[str, str]]:
    """Images, links, embeds and footnotes of the HTML tree; returns footnote definitions."""
    for junk in soup.find_all(
        ["script", "style", "noscript", "form", "input", "button", "select", "textarea"]
    ):
        junk.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for frame in soup.find_all(["iframe", "object", "embed"]):
        source = frame.get("src") or frame.get("data") or ""
        if source.startswith(("http://", "https://")):
            frame.replace_with(BeautifulSoup(_media_link(source, source), "html.parser"))
        else:
            frame.decompose()
    for media in soup.find_all(["video", "audio"]):
        source = media.get("src") or (media.find("source") or {}).get("src", "")
        label = "Vidéo" if media.name == "video" else "Son"
        if source:
            new = resolver.image(source) or source
            media.replace_with(
                BeautifulSoup(_media_link(new, f"{label} : {source.rsplit('/', 1)[-1]}"), "html.parser")
            )
        else:
            media.decompose()
    for wrapper in soup.select(".wp-block-embed__wrapper"):
        url = wrapper.get_text().strip()
        if url.startswith(("http://", "https://")) and not wrapper.find("a"):
            wrapper.clear()
            wrapper.append(
                BeautifulSoup(f'<a href="{html.escape(url)}">{html.escape(url)}</a>', "html.parser")
            )
    for image in soup.find_all("img"):
        source = image.get("src") or ""
        new = resolver.image(source) if source else None
        alt = image.get("alt") or ""
        parent = image.parent
        # a thumbnail linking to its full-size file or attachment page: the image alone
        if parent is not None and parent.name == "a" and len(parent.find_all(True)) == 1:
            href = parent.get("href") or ""
            if (
                resolver.is_media(href)
                or re.search(r"\.(jpe?g|png|gif|webp|svg)(\?|$)", href, re.I)
                or "attachment" in href
            ):
                parent.replace_with(image)
        if new:
            image.attrs = {"src": new, "alt": alt}
        elif source.startswith(("http://", "https://", "//")):
            url = "https:" + source if source.startswith("//") else source
            link = soup.new_tag("a", href=url)
            link.string = f"Image : {alt or url.rsplit('/', 1)[-1]}"
            image.replace_with(link)
        else:
            image.replace_with(f"Image : {alt}" if alt else "")
    for anchor in soup.find_all("a"):
        href = (anchor.get("href") or "").strip()
        if re.match(r"^\s*(javascript|vbscript|data):", href, re.I):
            anchor.unwrap()  # a link that runs code: its text stays, the link goes
        elif href:
            anchor["href"] = resolver.link(href)
    for foot in soup.find_all("tfoot"):
        foot.name = "tbody"  # markdownify writes a tfoot row as a second header: a Markdown table has none
    notes = resolver.footnotes()
    definitions = []
    for number, sup in enumerate(soup.select("sup[data-fn]"), 1):
        note_id = sup["data-fn"]
        sup.replace_with(NavigableString(f"[^{number}]"))
        definitions.append((str(number), notes.get(note_id, "")))
    for holder in soup.select(".wp-block-footnotes"):
        holder.decompose()
    # one <h1> per page, the title: headings of the body move one level down
    if soup.find("h1"):
        for heading in soup.find_all(re.compile(r"^h[1-5]$")):
            heading.name = f"h{int(heading.name[1]) + 1}"
    return definitions


class Converter(MarkdownConverter):
    """markdownify with figures and captions, code languages and escaped raw HTML."""

    def __init__(self, **options):
        defaults = {
            "heading_style": "ATX",
            "bullets": "-",
            "table_infer_header": True,
            "code_language_callback": self.language,
            "escape_underscores": True,
            "escape_asterisks": True,
        }
        super().__init__(**{**defaults, **options})

    @staticmethod
    def language(element) -> str:
        classes = element.get("class") or []
        code = element.find("code")
        classes += (code.get("class") or []) if code else []
        for name in classes:
            if name.startswith(("language-", "lang-")):
                return re.sub(r"[^a-z0-9+#-]", "", name.split("-", 1)[1].lower())
        return ""

    def escape(self, text, parent_tags):
        text = super().escape(text, parent_tags)
        # text that looks like a tag must stay text: Markdown would pass it through as HTML
        return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)

    def convert_figure(self, el, text, parent_tags):
        caption = el.find("figcaption")
        if caption is None or "_inline" in parent_tags:
            return f"\n\n{text.strip()}\n\n"
        tags = {*parent_tags, "figure"}
        caption_md = re.sub(r"\s+", " ", self.process_tag(caption, parent_tags={*tags, "_inline"})).strip()
        body = "".join(
            self.process_element(child, tags) for child in el.children if child is not caption
        ).strip()
        if not caption_md:
            return f"\n\n{body}\n\n"
        return f'\n\n<figure markdown="1">\n\n{body}\n\n<figcaption markdown="span">{caption_md}</figcaption>\n</figure>\n\n'

    def convert_figcaption(self, el, text, parent_tags):
        return text if "_inline" in parent_tags else f"\n\n{text.strip()}\n\n"

    def convert_td(self, el, text, parent_tags):
        # a "|" in a cell would start a new column
        return super().convert_td(el, text.replace("|", "\\|"), parent_tags)

    def convert_th(self, el, text, parent_tags):
        return super().convert_th(el, text.replace("|", "\\|"), parent_tags)

    def convert_li(self, el, text, parent_tags):
        """markdownify indents a nested list by the bullet's width ("- " is 2): Python-Markdown
        needs 4 spaces, so every bullet is padded to 4 characters ("-   ", "1.  ")."""
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = int(parent["start"]) if str(parent.get("start", "")).isnumeric() else 1
            bullet = f"{start + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        bullet = bullet.ljust(3) + " "
        indent = " " * len(bullet)
        lines = text.split("\n")
        return (
            bullet + lines[0] + "".join("\n" + (indent + line if line else "") for line in lines[1:]) + "\n"
        )

    def convert_p(self, el, text, parent_tags):
        if "_inline" in parent_tags:
            return " " + text.strip() + " "
        return super().convert_p(el, text, parent_tags)


def convert(body: str, resolver: Resolver) -> Result:
    unknown: list[Unknown] = []
    text = blocks(body, unknown, resolver)
    text = Shortcodes(resolver, unknown)(text)
    # a URL alone on its line is an embed (oEmbed) in WordPress: here, a link
    text = URL_LINE_RE.sub(lambda m: "\n" + _media_link(m.group(1), m.group(1)) + "\n", text)
    text = autop(text)
    soup = BeautifulSoup(text, "html.parser")
    definitions = fix_tree(soup, resolver)
    converter = Converter()
    markdown = converter.convert_soup(soup)
    if definitions:
        lines = []
        for number, note in definitions:
            note_md = (
                converter.convert(note).strip().replace("\n", " ") if note else "[note absente de l'export]"
            )
            lines.append(f"[^{number}]: {note_md}")
        markdown += "\n\n" + "\n".join(lines)
    markdown = re.sub(r"[ \t]+\n", "\n", markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return Result(markdown, unknown)


def plain_text(fragment: str) -> str:
    """An excerpt or title as one line of text (tags dropped, entities decoded)."""
    soup = BeautifulSoup(blocks(fragment, []), "html.parser")
    for tag in soup.find_all(["br", "p", "div", "li"]):
        tag.insert_after(" ")  # words of two lines or paragraphs stay apart
    text = soup.get_text()
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
