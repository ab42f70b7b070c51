"""The generator of the media: issues read through contentkit, linked to their articles
once everything is read, then the media's pages and feeds.

Context for templates:
- ``editions``: the published issues (previews: drafts too, marked), newest first;
- ``editions_media``: a :class:`Media` (name, addresses, issues, formats…);
- on each article of an issue: ``issue``, ``issue_previous``, ``issue_next``; on each
  article with a format: ``editorial_format`` (a :class:`Format`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contentkit.generator import ItemGenerator

from . import feeds
from .config import read_config
from .content import NUMERO, Edition
from .holds import EXTRAS_KEY, front_values


@dataclass
class Format:
    """An editorial format (« Dialogue ») and its published articles across issues."""

    key: str
    name: str
    description: str
    url: str
    save_as: str
    articles: list = field(default_factory=list)


@dataclass
class Media:
    name: str
    description: str
    url: str
    archive_url: str
    formats_url: str
    feed: str  # path of the media's feed, "" when it has no issue
    feed_title: str
    about_url: str
    category: object = None  # Pelican's Category of the media's articles, if any
    issues: list = field(default_factory=list)  # newest first
    formats: list = field(default_factory=list)  # formats with at least one article

    @property
    def latest(self):
        return self.issues[0] if self.issues else None

    @property
    def earlier(self) -> list:
        return self.issues[1:]


def contents_key(article):
    """Articles of a format: by issue, newest issue first, in the issue's order; then the
    articles outside any issue, newest first."""
    issue = getattr(article, "issue", None)
    if issue is not None:
        return (0, -issue.number, article.edition_order, 0)
    return (1, 0, 0, -article.date.timestamp())


class EditionGenerator(ItemGenerator):
    content_type = NUMERO
    content_class = Edition
    context_name = "editions"

    def generate_context(self):
        self.config = read_config(self.settings)
        super().generate_context()
        # after the cache is saved: the links between items are this build's only
        self.link()

    def prepare(self) -> None:
        for items in (self.items, self.held):
            items.sort(key=lambda issue: issue.number, reverse=True)

    def drop_taken_numbers(self) -> None:
        """A number already taken is an error (checks.py); the second issue gets no
        address, so that the error is said once, about the number. (Not in ``prepare``:
        the cached item must keep its address for the next build.)"""
        taken = set()
        for issue in sorted(self.items + self.held, key=lambda i: i.source_path):
            if issue.number in taken:
                issue.override_save_as = issue.override_url = ""
                if issue in self.items:
                    self.items.remove(issue)
                    self.held.append(issue)
            taken.add(issue.number)

    # --- linking issues, articles and formats ------------------------------------------

    def link(self) -> None:
        config = self.config
        self.drop_taken_numbers()
        articles = list(self.context.get("articles", []))
        if self.run.show_drafts:
            refresh_marks(self.run, articles, self.items + self.held)
        issues = self.items
        by_number = {issue.number: issue for issue in issues}
        for issue in issues:
            issue.contents = []
            issue.previous_issue = issue.next_issue = None
            issue.feed = config["EDITION_FEED_ATOM"].format(number=issue.number)
            issue.feed_title = config["ISSUE_FEED_TITLE"].format(
                name=config["NAME"], label=issue.label, title=issue.title, number=issue.number
            )
        for article in articles:
            issue = by_number.get(getattr(article, "edition", None))
            if issue is not None:
                article.issue = issue
                issue.contents.append(article)
        for newer, older in zip(issues, issues[1:], strict=False):
            newer.previous_issue, older.next_issue = older, newer
        for issue in issues:
            issue.contents.sort(key=lambda article: article.edition_order)
            for index, article in enumerate(issue.contents):
                article.issue_previous = issue.contents[index - 1] if index else None
                article.issue_next = issue.contents[index + 1] if index + 1 < len(issue.contents) else None
                # the article's page shows these: previews render it again when they change
                article.contentkit_depends = (
                    issue.heading,
                    issue.url,
                    [(a.title, a.url) for a in (article.issue_previous, article.issue_next) if a is not None],
                )
        formats = self.link_formats(articles)
        media = Media(
            name=config["NAME"],
            description=config["DESCRIPTION"],
            url=config["EDITIONS_URL"],
            archive_url=config["EDITIONS_ARCHIVE_URL"],
            formats_url=config["EDITION_FORMATS_URL"] if formats else "",
            feed=config["EDITIONS_FEED_ATOM"] if issues else "",
            feed_title=config["FEED_TITLE"].format(name=config["NAME"]),
            about_url=self.about_url(),
            category=next(
                (
                    c
                    for c, _ in self.context.get("categories", [])
                    if config["CATEGORY"] and c.name == config["CATEGORY"]
                ),
                None,
            ),
            issues=issues,
            formats=formats,
        )
        self.context["editions_media"] = media
        self.run.extras.setdefault(EXTRAS_KEY, {})["held_covers"] = held_covers(self.held, issues, articles)
        if config["HOME_BLOCK"] and issues:
            self.context.setdefault("home_blocks", []).append(config.template("home_block.html"))

    def about_url(self) -> str:
        """The credits page's address, if the site has that page."""
        wanted = self.config["ABOUT_URL"]
        pages = self.context.get("pages", []) + self.context.get("hidden_pages", [])
        return wanted if wanted and any(page.url == wanted for page in pages) else ""

    def link_formats(self, articles) -> list[Format]:
        config = self.config
        vocabulary = self.run.vocabularies.get(config["FORMATS"]) or {}
        formats = {
            key: Format(
                key=key,
                name=str(entry["name"]),
                description=str(entry.get("description") or ""),
                url=config["EDITION_FORMAT_URL"].format(key=key),
                save_as=config["EDITION_FORMAT_SAVE_AS"].format(key=key),
            )
            for key, entry in vocabulary.items()
        }
        for article in articles:
            found = formats.get(getattr(article, "format", None))
            if found is not None:
                article.editorial_format = found
                found.articles.append(article)
        for found in formats.values():
            found.articles.sort(key=contents_key)
        return [f for f in formats.values() if f.articles]

    # --- writing -----------------------------------------------------------------------

    def write_item(self, writer, item) -> None:
        # Given as `edition`; `page_items`: previews render the page again when the issue
        # or one of its articles changes (its contents are other files).
        writer.write_file(
            item.save_as,
            self.get_template(self.config.template("numero")),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            override_output=hasattr(item, "override_save_as"),
            url=item.url,
            edition=item,
            media=self.context["editions_media"],
            page_items=[item, *item.contents],
        )

    def write_lists(self, writer) -> None:
        config = self.config
        media = self.context["editions_media"]
        pages = [
            (config["EDITIONS_SAVE_AS"], "index", config["EDITIONS_URL"], {}),
            (config["EDITIONS_ARCHIVE_SAVE_AS"], "numeros", config["EDITIONS_ARCHIVE_URL"], {}),
        ]
        if media.formats:
            pages.append((config["EDITION_FORMATS_SAVE_AS"], "formats", config["EDITION_FORMATS_URL"], {}))
        pages += [(f.save_as, "format", f.url, {"editorial_format": f}) for f in media.formats]
        # what the media's pages show: its issues, their articles, the articles of a format
        shown = [*media.issues, *{id(a): a for f in media.formats for a in f.articles}.values()]
        shown += [a for issue in media.issues for a in issue.contents]
        for save_as, template, url, values in pages:
            self.write_page(
                writer, save_as, config.template(template), depends=shown, url=url, media=media, **values
            )
        if media.issues:
            self.write_text(media.feed, lambda: feeds.media_feed(self.settings, config, media), depends=shown)
        for issue in media.issues:
            self.write_text(
                issue.feed,
                lambda issue=issue: feeds.issue_feed(self.settings, config, issue),
                depends=[issue, *issue.contents],
            )

    def list_pages(self) -> list[tuple[str, str]]:
        media = self.context.get("editions_media")
        if media is None:
            return []
        pages = [(media.name, media.url), (f"{media.name} : tous les numéros", media.archive_url)]
        if media.formats_url:
            pages.append((f"{media.name} : les formats", media.formats_url))
        return pages

    def open_data(self) -> list[dict]:
        media = self.context.get("editions_media")
        if media is None or not media.issues:
            return []
        entries = [
            {
                "title": f"{media.name} : tous les numéros",
                "url": media.feed,
                "format": "Atom",
                "description": "un élément par numéro paru : son édito et son sommaire",
            }
        ]
        entries += [
            {
                "title": f"{media.name} : {issue.heading}",
                "url": issue.feed,
                "format": "Atom",
                "description": "les articles de ce numéro, dans l'ordre du sommaire",
            }
            for issue in media.issues
        ]
        return entries


def held_covers(held, issues, articles) -> set[str]:
    """Covers of held issues that nothing published shows: not copied to the output."""
    shown = {getattr(item, "cover", None) for item in [*issues, *articles]}
    return {issue.cover for issue in held if getattr(issue, "cover", None)} - shown


def refresh_marks(run, articles, issues) -> None:
    """Previews: an article read from Pelican's cache keeps the marks of the build that
    cached it; its issue may have changed since (published, put back in draft…)."""
    reasons = {
        issue.number: "draft" if issue.is_draft else "scheduled" if issue.is_scheduled else None
        for issue in issues
    }
    for article in articles:
        number = getattr(article, "edition", None)
        if number is None:
            continue
        reason = reasons.get(number)
        article.is_scheduled = article.date.date() > run.build_date or reason == "scheduled"
        if reason == "draft":
            article.is_draft = True
        elif getattr(article, "is_draft", False):
            # a draft by itself, or only because of its issue? its file says (rarely read)
            article.is_draft = (front_values(article.source_path) or {}).get("status") == "draft"
