"""Pelican's writer, with RSS guids honestly marked as not being permalinks.

Pelican gives each RSS item a ``tag:`` URI as guid without ``isPermaLink``, which RSS
then takes for a link.
"""

from feedgenerator import Rss201rev2Feed
from pelican.writers import Writer


class FeedWriter(Writer):
    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        if isinstance(feed, Rss201rev2Feed):
            feed.items[-1]["unique_id_is_permalink"] = False
