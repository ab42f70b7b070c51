"""Pelican's writer, with these changes.

- Each site or category feed is what RFC 4287 and RSS 2.0 ask: its own id (the feed's own
  address: Pelican gives every one the home page's), an author at feed level (``AUTHOR``),
  a description (``SITE_DESCRIPTION``; a category's own sentence), its language, and a
  category feed links to its category page rather than to the home page.
- RSS guids are honestly marked as not being permalinks: Pelican gives each RSS item a
  ``tag:`` URI as guid without ``isPermaLink``, which RSS then takes for a link.
- In incremental mode (previews), pages whose inputs did not change are not rendered
  again (see :mod:`.incremental`).
- In parallel mode, each process writes only its share of the files (see :mod:`.parallel`).
"""

import datetime
import os

from feedgenerator import Rss201rev2Feed
from pelican.writers import Writer

from .incremental import CachedTemplate, PageCache
from .parallel import ShardTemplate, owns
from .placeholders import MarkedTemplate
from .state import get_run, truthy


class FeedWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        run = get_run(settings)
        self.run = run
        self.page_cache = None
        if truthy(run.config.get("INCREMENTAL")):
            self.page_cache = run.page_cache = PageCache(settings, output_path)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if path and not owns(self.run, path):
            return None
        self.feed_category = category_of(context, self.settings, path)
        return super().write_feed(elements, context, path, *args, **kwargs)

    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        description = context.get("SITESUBTITLE") or context.get("SITE_DESCRIPTION") or ""
        category = getattr(self, "feed_category", None)
        if category is not None:
            feed.feed["link"] = self.urljoiner(self.site_url, category.url)
            description = f"Les articles de la catégorie « {category.name} » — {context.get('SITENAME', '')}"
        feed.feed["id"] = self.feed_url  # one id per feed, stable: its own address
        feed.feed["author_name"] = context.get("AUTHOR") or context.get("SITENAME")
        feed.feed["description"] = description
        feed.feed["language"] = context.get("DEFAULT_LANG") or None  # xml:lang, RSS <language>
        if not isinstance(feed, Rss201rev2Feed):
            feed.feed["subtitle"] = description or None
        return feed

    def write_file(self, name, template, context, *args, **kwargs):
        template = MarkedTemplate(template)  # placeholders shown marked on every page
        if self.run.sharing:
            # a list may run to many pages: share them out one by one
            template = ShardTemplate(template, self.run)
        elif self.page_cache is not None:
            template = CachedTemplate(template, self.page_cache)
        return super().write_file(name, template, context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        name = os.path.relpath(filename, self.output_path)
        if self.run.sharing and not owns(self.run, name):
            return open(os.devnull, "w", encoding=encoding)  # the other process writes it
        if self.page_cache is not None and name in self.page_cache.unchanged:
            return open(os.devnull, "w", encoding=encoding)  # the page on disk is up to date
        return super()._open_w(filename, encoding, override)

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        # every author, not only the first; none at all: the entry inherits the feed's author
        # (RFC 4287 § 4.1.2) rather than carrying an empty name
        names = ", ".join(str(author) for author in getattr(item, "authors", None) or [])
        feed.items[-1]["author_name"] = names or None
        if isinstance(feed, Rss201rev2Feed):
            feed.items[-1]["unique_id_is_permalink"] = False
        for key in ("pubdate", "updateddate"):
            feed.items[-1][key] = whole_minute_offset(feed.items[-1].get(key))


def whole_minute_offset(moment):
    """A date a feed can write: before 1911 Paris time was UTC+00:09:21, an offset that
    RFC 3339 and RFC 822 cannot express; such dates are written in UTC."""
    if moment is None or moment.utcoffset() is None or not moment.utcoffset().seconds % 60:
        return moment
    return moment.astimezone(datetime.UTC)


def category_of(context, settings, path):
    """The category whose feed is written at ``path``, or None for any other feed."""
    if not path:
        return None
    for category, _ in context.get("categories") or ():
        for key in ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"):
            pattern = settings.get(key)
            if pattern and str(pattern).format(slug=category.slug) == path:
                return category
    return None
