"""`invoke import wordpress EXPORT.xml`: a WordPress site (WXR export) into our content model.

- :mod:`.wxr` reads the export;
- :mod:`.markdown` turns a body (HTML, shortcodes, blocks) into Markdown;
- :mod:`.importer` plans file names and addresses, copies media, writes the files and the
  French report.
"""

from .importer import Report, import_wordpress

__all__ = ["Report", "import_wordpress"]


def command(
    export: str, content, uploads: str | None = None, force: bool = False, report: str | None = None
) -> int:
    """`invoke import wordpress`: import, print the French report (and write it to ``report``)."""
    import sys  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from lxml import etree  # noqa: PLC0415

    problems = []
    if not Path(export).is_file():
        problems.append(f"{export} : fichier d'export introuvable")
    if uploads and not Path(uploads).is_dir():
        problems.append(f"{uploads} : dossier --uploads introuvable")
    if not problems:
        try:
            result = import_wordpress(Path(export), Path(content), Path(uploads) if uploads else None, force)
        except (etree.XMLSyntaxError, ValueError) as error:
            line = getattr(error, "lineno", None)
            problems.append(f"{export}{f':{line}' if line else ''} : export WordPress illisible : {error}")
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    text = result.text()
    print(text, end="")
    if report:
        Path(report).write_text(text, encoding="utf-8")
        print(f"Rapport écrit dans {report}")
    return 0
