"""Generators of the custom content types for the benchmark corpus: trainings with three
sessions, Outillerie resources with three small files, Médiation(s) issues whose contents
are articles of the corpus.

Each function ``(rng, count, corpus)`` writes the project's files under ``corpus.content``,
with the vocabulary keys of the sample's ``content/data/`` (copied into the corpus first),
so that the generated items are valid for the project's schemas (CONTENT-MODEL.md).
"""

from __future__ import annotations

import datetime
import json
import random
import re
from pathlib import Path

WORDS = (
    "numérique inclusion médiation atelier formation données personnelles réseau accompagnement "
    "cybersécurité développement web design accessibilité citoyenneté parentalité santé emploi "
    "insertion territoire bibliothèque association solidarité apprentissage compétences"
).split()


def keys(corpus, vocabulary: str) -> list[str]:
    """The keys of ``content/data/<vocabulary>.yml`` in the corpus (top-level mapping keys)."""
    path = Path(corpus.content) / "data" / f"{vocabulary}.yml"
    if not path.is_file():
        return []
    return re.findall(r"^([a-z0-9][a-z0-9-]*):", path.read_text(encoding="utf-8"), flags=re.M)


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def phrase(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize()


def paragraphs(rng: random.Random, count: int) -> str:
    return "\n\n".join(phrase(rng, 40) + "." for _ in range(count)) + "\n"


def build_date(corpus) -> datetime.date:
    from bench.corpus import BUILD_DATE  # noqa: PLC0415

    return datetime.date.fromisoformat(BUILD_DATE)


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def generate_trainings(rng: random.Random, count: int, corpus) -> None:
    places = keys(corpus, "places") or ["distanciel"]
    domains = keys(corpus, "domains")
    funders = keys(corpus, "funders")
    today = build_date(corpus)
    for number in range(1, count + 1):
        start = today + datetime.timedelta(days=rng.randint(10, 200))
        sessions = []
        for s in range(3):
            begin = start + datetime.timedelta(days=90 * s)
            end = begin + datetime.timedelta(days=rng.randint(20, 180))
            sessions += [
                f"  - start: {begin.isoformat()}",
                f"    end: {end.isoformat()}",
                f"    location: {rng.choice(places)}",
                f"    seats: {rng.randint(8, 20)}",
            ]
        funding = rng.sample(funders, min(2, len(funders))) if funders else []
        lines = [
            "---",
            f"title: {q('Formation ' + phrase(rng, 3).lower() + f' {number}')}",
            f"summary: {q(phrase(rng, 18) + '.')}",
            f"domain: {rng.choice(domains)}",
            "certification:",
            f"  name: {q('Titre professionnel ' + phrase(rng, 2).lower())}",
            f"  code: RNCP{30000 + number}",
            f"  level: {rng.randint(3, 6)}",
            "  certifier: Ministère du Travail",
            "duration:",
            f"  hours: {rng.randint(70, 900)}",
            f"  in_company_hours: {rng.randint(0, 300)}",
            f"  weeks: {rng.randint(2, 40)}",
            f"modality: {rng.choice(['presentiel', 'distanciel', 'hybride'])}",
            f"audience: {q(phrase(rng, 12) + '.')}",
            "prerequisites:",
            "  - Aucun diplôme requis",
            "objectives:",
            *[f"  - {q(phrase(rng, 6))}" for _ in range(4)],
            "access:",
            f"  process: {q(phrase(rng, 15) + '.')}",
            "  delay: 2 à 4 semaines",
            "price:",
            f"  amount_eur: {rng.choice([0, 0, 1500, 4200])}",
            *(["funding:"] + [f"  - {f}" for f in funding] if funding else []),
            f"methods: {q(phrase(rng, 14) + '.')}",
            f"evaluation: {q(phrase(rng, 10) + '.')}",
            f"accessibility: {q(phrase(rng, 12) + '.')}",
            "contact:",
            "  email: formations@example.org",
            "results:",
            f"  - year: {today.year - 1}",
            f"    learners: {rng.randint(8, 40)}",
            f"    certification_rate: {rng.randint(50, 95)}",
            "sessions:",
            *sessions,
            f"updated: {(today - datetime.timedelta(days=rng.randint(1, 90))).isoformat()}",
            "---",
            "",
        ]
        write(
            corpus.content / "formations" / f"formation-{number:04d}.md",
            "\n".join(lines) + paragraphs(rng, 4),
        )


def generate_resources(rng: random.Random, count: int, corpus) -> None:
    objectives = keys(corpus, "objectives")
    themes = keys(corpus, "themes")
    audiences = keys(corpus, "audiences")
    licenses = keys(corpus, "licenses") or ["CC-BY-SA-4.0"]
    today = build_date(corpus)
    for number in range(1, count + 1):
        folder = corpus.content / "outillerie" / f"ressource-{number:04d}"
        files = []
        for f in range(3):
            name = f"fiche-{f + 1}.csv" if f == 2 else f"fiche-{f + 1}.txt"
            body = (
                paragraphs(rng, rng.randint(3, 30))
                if f < 2
                else "colonne;valeur\n"
                + "".join(f"{rng.choice(WORDS)};{rng.randint(1, 99)}\n" for _ in range(50))
            )
            write(folder / name, body)
            files += [f"  - path: {name}", f"    title: {q('Fiche ' + phrase(rng, 3).lower())}"]
        lines = [
            "---",
            f"title: {q('Atelier ' + phrase(rng, 3).lower() + f' {number}')}",
            f"summary: {q(phrase(rng, 18) + '.')}",
            "objectives:",
            *[f"  - {k}" for k in rng.sample(objectives, min(2, len(objectives)))],
            *(["themes:"] + [f"  - {k}" for k in rng.sample(themes, min(2, len(themes)))] if themes else []),
            "audiences:",
            *[f"  - {k}" for k in rng.sample(audiences, min(1, len(audiences)))],
            f"duration_minutes: {rng.choice([45, 90, 120])}",
            "participants: 8 à 15",
            f"license: {rng.choice(licenses)}",
            "authors:",
            "  - Les Assembleurs",
            f"version: {q('1.' + str(rng.randint(0, 9)))}",
            f"updated: {(today - datetime.timedelta(days=rng.randint(1, 300))).isoformat()}",
            "files:",
            *files,
            "---",
            "",
        ]
        write(folder / "index.md", "\n".join(lines) + paragraphs(rng, 3))


def generate_editions(rng: random.Random, count: int, corpus) -> None:
    """``count`` issues, each of up to 6 articles of the media in the corpus (given
    ``edition`` and ``edition_order`` in their front matter), dated before the build date."""
    today = build_date(corpus)
    # the media's articles (an issue's contents are articles of the media's category)
    published = [
        a
        for a in corpus.articles
        if a.status == "published" and a.date <= today and a.category == "Médiation(s)"
    ]
    rng.shuffle(published)
    for number in range(1, count + 1):
        chosen = published[(number - 1) * 6 : number * 6]
        dates = [a.date for a in chosen] or [today]
        lines = [
            "---",
            f"number: {number}",
            f"title: {q(phrase(rng, 4) + ' ?')}",
            f"date: {min(dates).isoformat()}",
            f"summary: {q(phrase(rng, 15) + '.')}",
            "---",
            "",
        ]
        write(corpus.content / "editions" / f"numero-{number}.md", "\n".join(lines) + paragraphs(rng, 3))
        for order, article in enumerate(chosen, 1):
            path = corpus.content / "articles" / f"{article.slug}.md"
            text = path.read_text(encoding="utf-8")
            path.write_text(
                text.replace("---\n", f"---\nedition: {number}\nedition_order: {order}\n", 1),
                encoding="utf-8",
            )
