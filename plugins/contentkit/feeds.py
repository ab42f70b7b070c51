"""Pelican's writer, with two changes.

- RSS guids are honestly marked as not being permalinks: Pelican gives each RSS item a
  ``tag:`` URI as guid without ``isPermaLink``, which RSS then takes for a link.
- In incremental mode (previews), pages whose inputs did not change are not rendered
  again (see :mod:`.incremental`).
- In parallel mode, each process writes only its share of the files (see :mod:`.parallel`).
"""

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
        return super().write_feed(elements, context, path, *args, **kwargs)

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
        if isinstance(feed, Rss201rev2Feed):
            feed.items[-1]["unique_id_is_permalink"] = False
