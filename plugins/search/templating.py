"""What templates see: the Jinja global ``search``.

An item's own page puts the attributes on the element that holds its content (title
included), so that only that element is indexed, with its type as a filter and a
metadata:

    <article class="article"{{ search.attributes(article) if search is defined }}>
      <h1 data-pagefind-meta="title">{{ article.title }}</h1>

A template of another content type does the same with its item; other filters go in
``filters``, one value or several (``search.attributes(training, filters={"lieu":
training.places})``). Listing pages have none of it.

``search.enabled`` tells whether the site has an index (the header box shows only then).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .config import SearchConfig


def indexable(item) -> bool:
    """Only what a reader of the published site may find: no draft, nothing scheduled."""
    if getattr(item, "is_draft", False) or getattr(item, "is_scheduled", False):
        return False
    return getattr(item, "status", "published") == "published"


def inline(value) -> str:
    """A value written after ``key:`` in a Pagefind attribute (it runs to the end)."""
    return " ".join(str(value).split())


@dataclass(frozen=True)
class SearchTemplates:
    config: SearchConfig

    @property
    def enabled(self) -> bool:
        return self.config.enabled

    def type_label(self, item) -> str:
        content_type = getattr(item, "content_type", None) or type(item).__name__.lower()
        return self.config.type_labels.get(content_type, content_type.capitalize())

    def attributes(self, item, filters: dict | None = None) -> Markup:
        """`` data-pagefind-body …`` for an item's own page; empty if it must not be found."""
        if not self.config.enabled or not indexable(item):
            return Markup("")
        label = escape(inline(self.type_label(item)))
        name = escape(self.config.type_filter)
        data, captured = [], []
        for key, values in (filters or {}).items():
            values = [values] if isinstance(values, str) or not hasattr(values, "__iter__") else values
            for number, value in enumerate(v for v in values if v not in (None, "")):
                # one inline value per attribute, and last: the others are read from data-*
                attribute = f"data-search-{escape(key)}-{number}"
                data.append(f' {attribute}="{escape(inline(value))}"')
                captured.append(f"{escape(key)}[{attribute}], ")
        return Markup(
            " data-pagefind-body"
            + "".join(data)
            + f' data-pagefind-filter="{"".join(captured)}{name}:{label}"'
            + f' data-pagefind-meta="{name}:{label}"'
        )
