"""`invoke import wordpress EXPORT.xml`: a WordPress site (WXR export) into our content model.

- :mod:`.wxr` reads the export;
- :mod:`.markdown` turns a body (HTML, shortcodes, blocks) into Markdown;
- :mod:`.importer` plans file names and addresses, copies media, writes the files and the
  French report.
"""

from .importer import Report, import_wordpress

__all__ = ["Report", "import_wordpress"]
