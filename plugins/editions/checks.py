"""Rules across items, once everything is read: issue numbers are unique, an article's
issue exists (draft or not) and its place in the contents is free, an issue has articles,
and no item takes the address of one of the media's pages."""

from __future__ import annotations

from collections import defaultdict

from contentkit.items import field_line, is_published

from .config import read_config
from .content import label_of

ISSUE, ARTICLE = "numero", "article"


def of_type(items, name: str) -> list:
    return sorted((i for i in items if getattr(i, "content_type", "") == name), key=lambda i: i.source_path)


def check_editions(run, items, context) -> None:
    config = read_config(run.settings)
    issues = unique_issues(run, of_type(items, ISSUE))
    members = issue_members(run, of_type(items, ARTICLE), issues, config["CATEGORY"])
    for number, articles in members.items():
        check_order(run, number, articles)
    for number, issue in issues.items():
        # an issue in preparation (draft or future) may wait for its articles; a published
        # one with an empty contents would disappoint its readers
        held = getattr(issue, "is_draft", False) or getattr(issue, "is_scheduled", False)
        if number not in members and is_published(issue) and not held:
            run.report.warning(
                run.display(issue.source_path),
                field_line(issue, "number"),
                "number",
                f"le {label_of(run.settings, number)} n'a aucun article : ajoutez « edition: {number} » "
                "et « edition_order » aux articles de ce numéro",
            )
    check_addresses(run, items, config)


def unique_issues(run, issues) -> dict:
    """Number → issue; a second file with a number already taken is an error."""
    by_number: dict = {}
    for issue in issues:
        other = by_number.get(issue.number)
        if other is None:
            by_number[issue.number] = issue
            continue
        run.report.error(
            run.display(issue.source_path),
            field_line(issue, "number"),
            "number",
            f"attendu un numéro qu'aucun autre numéro n'a, trouvé « {issue.number} », "
            f"déjà celui de {run.display(other.source_path)}",
        )
    return by_number


def issue_members(run, articles, issues: dict, category: str | None) -> dict:
    """Number → its articles (any status); an article naming a missing issue is an error."""
    known = ", ".join(str(n) for n in sorted(issues)) or "(aucun)"
    members = defaultdict(list)
    for article in articles:
        shown = run.display(article.source_path)
        number = getattr(article, "edition", None)
        if number is None:
            if getattr(article, "edition_order", None) is not None:
                run.report.error(
                    shown,
                    field_line(article, "edition_order"),
                    "edition",
                    "champ obligatoire quand « edition_order » est renseigné",
                )
            continue
        if number not in issues:
            run.report.error(
                shown,
                field_line(article, "edition"),
                "edition",
                f"attendu un numéro existant parmi {known}, trouvé « {number} »",
            )
            continue
        members[number].append(article)
        found = str(getattr(article, "category", "") or "")
        if category and found != category:
            given = "category" in (getattr(article, "field_lines", None) or {})
            run.report.warning(
                shown,
                field_line(article, "category" if given else "edition"),
                "category",
                f"attendu « {category} » pour un article d'un numéro, trouvé « {found} »"
                + ("" if given else " (la rubrique par défaut)"),
            )
    return members


def check_order(run, number: int, articles) -> None:
    """Two articles of an issue cannot have the same place in its contents."""
    taken: dict = {}
    for article in articles:
        order = article.edition_order
        if order not in taken:
            taken[order] = article
            continue
        run.report.error(
            run.display(article.source_path),
            field_line(article, "edition_order"),
            "edition_order",
            f"attendu une place libre dans le sommaire du {label_of(run.settings, number)}, "
            f"trouvé « {order} », déjà celle de {run.display(taken[order].source_path)}",
        )


def media_pages(run, config) -> dict[str, str]:
    """The media's own pages: save_as → how a message names them."""
    name = config["NAME"]
    pages = {
        config["EDITIONS_SAVE_AS"]: f"l'accueil de {name}",
        config["EDITIONS_ARCHIVE_SAVE_AS"]: f"la page des numéros de {name}",
        config["EDITION_FORMATS_SAVE_AS"]: f"la page des formats de {name}",
    }
    for key, entry in (run.vocabularies.get(config["FORMATS"]) or {}).items():
        save_as = config["EDITION_FORMAT_SAVE_AS"].format(key=key)
        pages[save_as] = f"la page du format « {entry['name']} »"
    return pages


def check_addresses(run, items, config) -> None:
    pages = media_pages(run, config)
    for item in sorted((i for i in items if is_published(i)), key=lambda i: i.source_path):
        what = pages.get(item.save_as)
        if what is None:
            continue
        given = "slug" in (getattr(item, "field_lines", None) or {})
        run.report.error(
            run.display(item.source_path),
            field_line(item, "slug"),
            "slug" if given else None,
            f"l'adresse /{item.save_as.removesuffix('index.html')}"
            + ("" if given else " (tirée du nom du fichier)")
            + f" est déjà celle de {what} : deux contenus ne peuvent pas avoir la même adresse",
        )
