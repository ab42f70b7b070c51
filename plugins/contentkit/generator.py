"""The generator of a custom content type, in the shape of Pelican's ``PagesGenerator``:
read every file of the type (through the shared reader, so that its errors look like all
the others), gather the context, then write one page per item and the type's own lists.

A content type plugin subclasses :class:`ItemGenerator`, sets the class attributes and
overrides the hooks it needs (``prepare``, ``write_lists``, ``list_pages``, ``open_data``,
``source_files``)::

    class TrainingGenerator(ItemGenerator):
        content_type = TRAINING          # a registered types.ContentType
        content_class = Training         # a Content subclass (its name gives the URL settings)
        context_name = "trainings"       # the published items, in the templates' context

The item's page is rendered with ``content_class.default_template`` and receives the item
as ``item`` and under the template's name (``training``…). An item whose page also shows
other items (previous/next, files…) sets ``contentkit_depends`` so that previews render it
again when those change; list pages and data files say which items they show with
``depends=`` (``write_page``, ``write_text``).
"""

from __future__ import annotations

import os

from pelican.contents import Content, SkipStub
from pelican.generators import CachingGenerator

from .items import is_published
from .limits import unexpected
from .parallel import owns
from .state import get_run


class ItemContent(Content):
    """Base of the content classes of custom types: the item's status is decided by the
    shared reader (drafts and future items held back), so these are the ones allowed."""

    mandatory_properties = ("title",)
    allowed_statuses = ("published", "hidden", "draft", "skip")
    default_status = "published"


class ItemGenerator(CachingGenerator):
    content_type = None  # types.ContentType
    content_class: type[Content] = ItemContent
    context_name = "items"
    shardable = True  # item pages are shared out between processes in full builds (parallel.py)

    def __init__(self, *args, **kwargs):
        self.items: list = []  # published (in previews: drafts too, marked)
        self.held: list = []  # read but not published in this build (drafts, future items)
        super().__init__(*args, **kwargs)

    # --- reading ---------------------------------------------------------------------

    def source_files(self) -> list[str]:
        """The files of the type, relative to the content root."""
        return self.get_files(self.content_type.paths(self.settings), extensions=("md", "markdown"))

    def generate_context(self):
        self.run = get_run(self.settings)
        for path in self.source_files():
            item = self.get_cached_data(path, None)
            if item is None:
                try:
                    item = self.readers.read_file(
                        base_path=self.path, path=path, content_class=self.content_class, context=self.context
                    )
                except Exception as exc:  # Pelican's own code around our reader: one of our errors
                    full = os.path.join(self.path, path)
                    self.run.report.error(self.run.display(full), 1, None, unexpected(exc))
                    self._add_failed_source_path(path)
                    continue
                if isinstance(item, SkipStub):
                    continue  # its errors are in the report
                if not item.is_valid():
                    self._add_failed_source_path(path)
                    continue
                self.cache_data(path, item)
            (self.items if is_published(item) else self.held).append(item)
            self.add_source_path(item)
            self.add_static_links(item)
        self.prepare()
        self.context[self.context_name] = self.items
        self.save_cache()
        self.readers.save_cache()

    def prepare(self) -> None:
        """Derived values, order, lists: everything the templates need (override)."""

    def contentkit_items(self) -> list:
        """Every item read, held or not: cross checks and the address check see them all."""
        return self.items + self.held

    # --- writing ---------------------------------------------------------------------

    def generate_output(self, writer):
        for item in self.items:
            self.write_item(writer, item)
        self.write_lists(writer)

    def write_item(self, writer, item) -> None:
        template = item.template
        writer.write_file(
            item.save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            override_output=hasattr(item, "override_save_as"),
            url=item.url,
            item=item,
            **{template: item},
        )

    def write_page(self, writer, save_as: str, template: str, depends=None, **values) -> None:
        """A list page of the type (catalogue, filters…), with ``values`` in its context.

        ``depends``: the items the page shows; an incremental preview renders it again only
        when one of them changes (by default, when any item of the site changes)."""
        if depends is not None:
            values["page_items"] = list(depends)
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            **values,
        )

    def owns(self, name: str) -> bool:
        """Whether this process writes the output file ``name`` (in a full build, two
        processes run ``generate_output``: a file written directly, not through the
        writer, must be written by one of them only)."""
        return owns(self.run, name)

    def write_text(self, name: str, text, depends=None) -> None:
        """A file of the output that is no page (calendar, JSON…), written by one process.

        ``text`` may be a function that makes it; with ``depends`` (the items it shows),
        an incremental preview neither makes nor writes it again while they are unchanged."""
        if not self.owns(name):
            return
        cache = self.run.page_cache
        if depends is not None and cache is not None:
            if cache.unchanged_data(name, depends):
                return
        path = os.path.join(self.output_path, name)
        text = text() if callable(text) else text
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)

    def write_lists(self, writer) -> None:
        """The type's own pages besides the items' (override)."""

    def list_pages(self) -> list[tuple[str, str]]:
        """The type's own list pages as (French title, url relative to the site), for the
        site map page and sitemap.xml (override)."""
        return []

    def open_data(self) -> list[dict]:
        """Machine-readable outputs of the type, for the open data page: dicts with
        ``title``, ``url`` (relative to the site), ``format``, ``description`` (override)."""
        return []
