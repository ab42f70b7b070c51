"""Atom feeds of the media: one entry per issue (its editorial and contents), and one feed
per issue holding exactly its articles. Links are absolute (``SITE_ABSOLUTE_URL`` when
publishing, ``FEED_DOMAIN`` in previews), ids are stable ``tag:`` URIs."""

from __future__ import annotations

from feedgenerator import Atom1Feed, get_tag_uri
from markupsafe import Markup, escape
from pelican.utils import set_date_tzinfo


def site_root(settings: dict) -> str:
    return (
        settings.get("SITE_ABSOLUTE_URL") or settings.get("FEED_DOMAIN") or settings.get("SITEURL") or ""
    ).rstrip("/")


def plain(html) -> str:
    return Markup(html or "").striptags()


def names(article) -> str:
    return ", ".join(str(author) for author in getattr(article, "authors", None) or [])


def dated(settings: dict, value):
    return set_date_tzinfo(value, settings.get("TIMEZONE")) if value else None


class DatedFeed(Atom1Feed):
    """An Atom feed whose ``updated`` never depends on when it was written: with no entry
    yet (an issue announced before its articles), it is ``empty_date``, not the clock, so
    that two builds of the same content give the same bytes."""

    empty_date = None

    def latest_post_date(self):
        if not any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            return self.empty_date or super().latest_post_date()
        return super().latest_post_date()


def new_feed(
    settings: dict,
    title: str,
    page_url: str,
    feed_path: str,
    subtitle: str = "",
    author: str = "",
    empty_date=None,
) -> Atom1Feed:
    root = site_root(settings)
    feed = DatedFeed(
        title=title,
        link=f"{root}/{page_url}",
        feed_url=f"{root}/{feed_path}",
        feed_guid=f"{root}/{feed_path}",  # the feed's own address: no other feed has it
        author_name=author or None,  # RFC 4287 § 4.1.1: for entries that name no author
        description=subtitle,
        subtitle=subtitle or None,
        language=settings.get("DEFAULT_LANG") or "fr",
    )
    feed.empty_date = empty_date
    return feed


def issue_feed(settings: dict, config, issue) -> str:
    """Exactly the published articles of ``issue``, in the order of its contents."""
    root = site_root(settings)
    feed = new_feed(
        settings,
        issue.feed_title,
        issue.url,
        issue.feed,
        plain(issue.summary),
        config["NAME"],
        empty_date=dated(settings, issue.date),
    )
    for article in issue.contents:
        link = f"{root}/{article.url}"
        label = getattr(article, "editorial_format", None)
        feed.add_item(
            title=plain(article.title),
            link=link,
            unique_id=get_tag_uri(link, article.date),
            description=str(article.summary or ""),
            content=article.get_content(root),
            author_name=names(article) or None,
            categories=[label.name] if label else None,
            pubdate=dated(settings, article.date),
            updateddate=dated(settings, getattr(article, "modified", None) or article.date),
        )
    return feed.writeString("utf-8")


def contents_html(root: str, issue) -> str:
    """An issue's contents as HTML for a feed entry: title, format and authors of each article."""
    rows = []
    for article in issue.contents:
        details = [
            getattr(article, "editorial_format", None) and article.editorial_format.name,
            names(article),
        ]
        extra = " — ".join(escape(d) for d in details if d)
        rows.append(
            f'<li><a href="{escape(root)}/{escape(article.url)}">{escape(plain(article.title))}</a>'
            + (f" ({extra})" if extra else "")
            + "</li>"
        )
    if not rows:
        return ""
    return "<h2>Au sommaire</h2>\n<ol>\n" + "\n".join(rows) + "\n</ol>"


def media_feed(settings: dict, config, media) -> str:
    """One entry per issue, newest first: its editorial, then its contents."""
    root = site_root(settings)
    feed = new_feed(settings, media.feed_title, media.url, media.feed, config["DESCRIPTION"], config["NAME"])
    for issue in media.issues:
        link = f"{root}/{issue.url}"
        feed.add_item(
            title=issue.heading,
            link=link,
            unique_id=get_tag_uri(link, issue.date),
            description=str(issue.summary or ""),
            content=issue.get_content(root) + "\n" + contents_html(root, issue),
            author_name=getattr(issue, "editorial_author", None) or config["NAME"],
            pubdate=dated(settings, issue.date),
            updateddate=dated(settings, issue.date),
        )
    return feed.writeString("utf-8")
