"""A synthetic corpus of the site's content, written three ways: for the project, for vanilla
Pelican (native ``key: value`` metadata) and for Hugo (its own front matter and a minimal layout).

The same articles (same titles, dates, tags, bodies) go to the three generators, so that their
build times compare. The text is French, about 300 words an article, with headings, lists,
emphasis, links between articles and a few images, drawn from a fixed bank with a seeded
random generator: a corpus of a given size is the same on every run.

Content types other than articles and pages (trainings, resources, issues) are generated only
when the project has a plugin for them: see :data:`KINDS`. Adding one is one function
``(rng, count, corpus) -> None`` that writes the project's files under ``corpus.content``.
"""

from __future__ import annotations

import datetime
import json
import random
import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import corpus_types

ROOT = Path(__file__).resolve().parent.parent  # the project
BUILD_DATE = "2026-11-20"
SITEURL = "https://www.pop.eu.com"
SEED = 20261120

# --------------------------------------------------------------------------- text bank

PLACES = ["Lens", "Lille", "Roubaix", "Tourcoing", "Valenciennes", "Saint-Quentin-en-Yvelines", "Liévin"]
SKILLS = [
    "la cybersécurité",
    "le développement web",
    "la médiation numérique",
    "la communication digitale",
    "le design web",
    "l'accessibilité numérique",
    "la fabrication numérique",
    "l'analyse de données",
]
SENTENCES = [
    "POP forme aux métiers du numérique les personnes qui en sont éloignées, sans condition de diplôme.",
    "L'école de {place} accueille chaque année plusieurs promotions d'apprenant·es venus de tous les horizons.",
    "La formation dure {n} semaines et alterne projets réels, ateliers collectifs et périodes en entreprise.",
    "Les entreprises du territoire peinent à recruter des profils techniques, alors que {n} postes restent à pourvoir dans la région.",
    "Apprendre à apprendre, apprendre par la pratique, apprendre ensemble : la pédagogie tient en quelques principes simples.",
    "Les conseillers numériques formés à {place} accompagnent désormais les habitants dans leurs démarches en ligne.",
    "Près d'une personne sur cinq renonce à une démarche administrative faute d'aide pour la faire en ligne.",
    "L'Outillerie en Commun rassemble des kits d'ateliers libres, prêts à l'emploi pour les professionnel·les de la médiation.",
    "Chaque kit précise sa licence, son format et sa taille avant le téléchargement, pour que chacun sache ce qu'il récupère.",
    "Médiation(s) publie quatre numéros thématiques par an, qui croisent dialogues, entretiens, reportages et portraits.",
    "Le média part des réalités du terrain et du vécu des actrices et des acteurs de l'inclusion numérique.",
    "La matinée a commencé par un tour de table où chacun a raconté son parcours et ses attentes.",
    "Les stagiaires ont présenté leurs projets devant un jury composé de professionnels du secteur.",
    "Le fablab d'insertion remobilise des personnes éloignées de l'emploi en menant des projets pour de vrais clients.",
    "Dans le bassin minier, le numérique est aussi une chance de créer des emplois qui restent sur le territoire.",
    "La Région Hauts-de-France et le Fonds social européen financent une grande partie de ces parcours.",
    "Une quinzaine de partenaires se sont réunis pour imaginer la suite du programme et partager leurs retours.",
    "À l'issue de la formation, plus de {pct} % des personnes ont trouvé un emploi ou repris des études.",
    "Les ateliers sont gratuits et ouverts à toutes et à tous, sur inscription auprès de l'équipe.",
    "La journée portes ouvertes permet de découvrir les locaux, de rencontrer l'équipe et d'assister à une séance d'information.",
    "Les femmes restent trop peu nombreuses dans les métiers techniques du numérique, et le programme veut changer cela.",
    "Un temps d'échange a suivi, nourri par les questions du public et les témoignages d'anciens apprenants.",
    "Le kit comprend un guide d'animation, des fiches à imprimer et un jeu de cartes pour lancer la discussion.",
    "L'objectif est de rendre chacun autonome avec les outils du quotidien : messagerie, agenda, espace personnel en ligne.",
    "La sobriété numérique fait désormais partie de chaque module, du choix du matériel à l'hébergement des sites.",
    "Les médiathèques et les centres sociaux du territoire relaient l'information auprès des habitants.",
    "Un jury a récompensé le projet pour son impact social et la qualité de son accompagnement.",
    "La promotion compte {n} personnes âgées de 18 à 55 ans, dont une majorité de demandeurs d'emploi.",
    "Les candidatures sont ouvertes jusqu'à la fin du mois, après une séance d'information et un entretien.",
    "Cette rencontre a aussi été l'occasion de signer une convention de partenariat avec la collectivité.",
    "Les participants ont testé des outils libres pour créer un site, gérer un projet et travailler à plusieurs.",
    "Le numérique est partout, et nous avons toutes et tous besoin d'être accompagnés à un moment ou à un autre.",
    "La médiation numérique ne consiste pas seulement à transmettre des gestes techniques, mais à redonner confiance.",
    "L'équipe pédagogique réunit des développeurs, des designers et des médiatrices numériques expérimentées.",
    "Les apprenant·es travaillent en binôme et présentent chaque vendredi l'avancée de leur projet.",
    "Une cérémonie de remise des certificats a clôturé la session, en présence des familles et des partenaires.",
    "Le programme s'appuie sur un réseau de tiers-lieux qui accueillent les ateliers au plus près des habitants.",
    "Chaque numéro du média part d'une question simple, par exemple : à qui se fier quand on cherche une information ?",
    "Les ressources sont publiées sous licence libre : chacun peut les réutiliser, les adapter et les partager.",
    "Des entreprises partenaires accueillent les stagiaires pour une période d'application de plusieurs semaines.",
    "En {year}, l'école a changé d'échelle avec l'ouverture d'un nouveau site et le doublement des promotions.",
    "La mobilité reste un frein important : certaines personnes mettent plus d'une heure pour rejoindre le centre.",
    "Le dispositif propose aussi des permanences numériques dans les quartiers, sans rendez-vous.",
    "Ce reportage raconte une journée ordinaire dans un espace public numérique, de l'ouverture à la fermeture.",
    "La donnée ouverte permet aux partenaires de réutiliser le catalogue des formations dans leurs propres outils.",
    "L'intelligence artificielle s'invite dans les ateliers, avec une approche critique et concrète de ses usages.",
    "Les seniors forment une part croissante du public accueilli lors des ateliers de prise en main.",
    "Un hackathon de deux jours a réuni étudiants, associations et agents publics autour de projets d'intérêt général.",
]
HEADINGS = [
    "Un parcours pour se reconvertir",
    "Ce qu'en disent les participants",
    "Des partenaires engagés",
    "Comment candidater",
    "Les chiffres clés",
    "Une pédagogie par projets",
    "Et ensuite ?",
    "Sur le terrain",
    "Le programme en détail",
    "Des outils libres et partagés",
    "Un territoire mobilisé",
    "Pour aller plus loin",
]
LIST_ITEMS = [
    "une séance d'information collective",
    "des ateliers de découverte du code",
    "un entretien individuel de motivation",
    "une période d'application en entreprise",
    "un accompagnement vers l'emploi",
    "des fiches d'animation à imprimer",
    "un guide pour les médiatrices et médiateurs",
    "une évaluation des acquis en fin de parcours",
    "des permanences sans rendez-vous",
    "un espace de travail partagé",
]
QUOTES = [
    (
        "On m'a fait confiance alors que je n'avais aucun diplôme : aujourd'hui je suis développeuse.",
        "Une ancienne apprenante",
    ),
    ("Le numérique doit rester un moyen, jamais une barrière.", "Une médiatrice numérique"),
    ("Nous voulons former des gens d'ici pour les emplois d'ici.", "L'équipe de POP School"),
    ("Partager nos outils, c'est permettre à d'autres de ne pas repartir de zéro.", "Les Assembleurs"),
]
TITLE_SUBJECTS = [
    "La promotion de {place}",
    "L'école du numérique de {place}",
    "Le réseau des conseillers numériques",
    "La médiation numérique",
    "L'Outillerie en Commun",
    "Le fablab d'insertion",
    "L'association Les Assembleurs",
    "Médiation(s)",
    "La nouvelle promotion de POP School",
    "Un atelier sur {skill}",
    "Le réseau des tiers-lieux",
    "Le collectif des partenaires de {place}",
]
TITLE_PREDICATES = [
    "fête ses {k} ans",
    "ouvre ses portes",
    "accueille {n} nouvelles personnes",
    "lance un appel à témoignages",
    "se forme à {skill}",
    "dresse son bilan",
    "change d'échelle",
    "rencontre les entreprises du territoire",
    "publie un nouveau kit",
    "prépare la rentrée",
    "reçoit un prix",
    "ouvre les candidatures",
]
CATEGORIES = {
    "Actualités": 40,
    "Médiation(s)": 20,
    "POP School": 15,
    "Outillerie": 10,
    "Portraits": 8,
    "Événements": 7,
}
TAGS = [
    "Formation", "Inclusion numérique", "Médiation numérique", "Développement web", "Cybersécurité",
    "Communs", "Lens", "Lille", "Roubaix", "Tourcoing", "Valenciennes", "Saint-Quentin-en-Yvelines",
    "Emploi", "Reconversion", "Femmes et numérique", "Jeunesse", "Fablab", "Design", "Accessibilité",
    "Données ouvertes", "Logiciel libre", "Éducation populaire", "Partenariats", "Entreprises",
    "Apprentissage", "Conseillers numériques", "Territoires", "Bassin minier", "Tiers-lieux",
    "Hackathon", "Portes ouvertes", "Témoignages", "Numérique responsable", "Sobriété", "Santé",
    "Seniors", "Parentalité", "Démarches en ligne", "Intelligence artificielle", "Réseaux sociaux",
    "Cartographie", "Open source", "Python", "JavaScript", "Communication digitale", "Marketing",
    "Référent numérique", "Qualiopi", "Certification", "France Travail", "Région Hauts-de-France",
    "Europe", "Fonds social européen", "Grande École du Numérique", "Ateliers", "Kits pédagogiques",
    "Animation", "Jeux sérieux", "Médiathèques", "Centres sociaux", "Associations", "ESS",
    "Entrepreneuriat", "Mobilité", "Illectronisme", "Alternance", "Stage", "Promotion", "Cérémonie",
]  # fmt: skip
AUTHORS = [
    "Équipe POP", "Les Assembleurs", "Rédaction de Médiation(s)", "Camille Durand", "Nadia Benali",
    "Julien Lefebvre", "Sophie Martin", "Karim Haddad", "Léa Dupont", "Thomas Leroy", "Inès Moreau",
    "Mathieu Caron", "Fatou Diallo", "Hugo Lemaire", "Chloé Petit", "Yanis Boucher", "Manon Fournier",
    "Éric Delattre", "Amandine Roussel", "Samir Kaci", "Pauline Vasseur", "Bruno Dufour",
    "Claire Lambert", "Mehdi Ouali", "Aurélie Bernard", "Vincent Carpentier", "Élodie Masson",
    "Nicolas Delmotte", "Sarah Cohen", "Olivier Declercq",
]  # fmt: skip
PAGE_TITLES = ["À propos de POP", "Contact", "Accessibilité", "Mentions légales"]


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# --------------------------------------------------------------------------- the model


@dataclass
class Article:
    slug: str
    title: str
    date: datetime.date
    summary: str
    authors: list[str]
    category: str
    tags: list[str]
    body: str  # Markdown with @@ART:slug@@ and @@IMG:name@@ placeholders for links
    status: str = "published"
    format: str | None = None
    cover: str | None = None
    cover_alt: str | None = None


@dataclass
class Page:
    slug: str
    title: str
    summary: str
    order: int
    menu: bool
    body: str


@dataclass(frozen=True)
class Kind:
    """A content type of the site, for the corpus.

    ``names``: names that mean the project has this type (a contentkit type registered by a
    plugin, or a folder of plugins/). ``generate`` writes the project's files for ``count``
    items; ``None`` until someone writes it.
    """

    name: str
    label: str
    count: Callable[[int], int]
    names: tuple[str, ...]
    generate: Callable[[random.Random, int, Corpus], None] | None = None


@dataclass
class Corpus:
    root: Path
    n: int
    articles: list[Article] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)  # kind name -> items generated
    absent: dict[str, str] = field(default_factory=dict)  # kind name -> why not generated
    images: list[str] = field(default_factory=list)

    @property
    def project(self) -> Path:
        return self.root / "project"

    @property
    def content(self) -> Path:
        return self.project / "content"

    @property
    def vanilla(self) -> Path:
        return self.root / "vanilla"

    @property
    def hugo(self) -> Path:
        return self.root / "hugo"

    def published(self) -> list[Article]:
        return [a for a in self.articles if a.status == "published"]


# --------------------------------------------------------------------------- generation


def fill(template: str, rng: random.Random) -> str:
    return template.format(
        place=rng.choice(PLACES),
        skill=rng.choice(SKILLS),
        n=rng.choice([12, 15, 18, 24, 30, 45, 120, 300, 500]),
        k=rng.choice([2, 3, 5, 7, 10]),
        pct=rng.choice([60, 65, 70, 72, 75, 80]),
        year=rng.randint(2016, 2025),
    )


def words(text: str) -> int:
    return len(text.split())


def sentences(rng: random.Random, count: int) -> list[str]:
    return [fill(rng.choice(SENTENCES), rng) for _ in range(count)]


def emphasize(rng: random.Random, sentence: str) -> str:
    """Bold or italic on a few words of a sentence, sometimes."""
    parts = sentence.split(" ")
    if len(parts) < 6 or rng.random() < 0.6:
        return sentence
    start = rng.randint(0, len(parts) - 4)
    mark = rng.choice(["**", "*"])
    parts[start] = mark + parts[start]
    parts[start + 2] = parts[start + 2] + mark
    return " ".join(parts)


def make_body(rng: random.Random, targets: list[Article], images: list[str]) -> str:
    """About 300 words of Markdown: paragraphs, headings, a list, a quote, links."""
    goal = rng.randint(240, 310)
    blocks = [" ".join(emphasize(rng, s) for s in sentences(rng, 3))]
    headings = rng.sample(HEADINGS, 4)
    listed = quoted = linked = False
    while sum(words(b) for b in blocks) < goal:
        blocks.append(f"## {headings.pop() if headings else rng.choice(HEADINGS)}")
        blocks.append(" ".join(emphasize(rng, s) for s in sentences(rng, rng.randint(2, 4))))
        if not listed and rng.random() < 0.7:
            blocks.append("\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, rng.randint(3, 5))))
            listed = True
        elif not quoted and rng.random() < 0.4:
            text, who = rng.choice(QUOTES)
            blocks.append(f"> « {text} »\n> — {who}")
            quoted = True
        if not linked and targets and rng.random() < 0.3:
            other = rng.choice(targets)
            blocks.append(f"À lire aussi : [{other.title}](@@ART:{other.slug}@@).")
            linked = True
    if images and rng.random() < 0.1:
        name = rng.choice(images)
        blocks.insert(1, f"![Illustration : {name.split('.')[0].replace('-', ' ')}](@@IMG:{name}@@)")
    if rng.random() < 0.3:
        blocks.append(
            "Plus d'informations sur le [site de la Région](https://www.hautsdefrance.fr/) "
            "ou auprès de l'équipe."
        )
    return "\n\n".join(blocks) + "\n"


def weighted_tags(rng: random.Random) -> list[str]:
    weights = [1 / (i + 1) ** 0.8 for i in range(len(TAGS))]
    chosen: list[str] = []
    wanted = rng.randint(2, 5)
    while len(chosen) < wanted:
        tag = rng.choices(TAGS, weights)[0]
        if tag not in chosen:
            chosen.append(tag)
    return chosen


def make_articles(rng: random.Random, n: int, formats: list[str], images: list[str]) -> list[Article]:
    start = datetime.date(2015, 10, 1)
    span = (datetime.date.fromisoformat(BUILD_DATE) - datetime.timedelta(days=1) - start).days
    categories, weights = list(CATEGORIES), list(CATEGORIES.values())
    articles: list[Article] = []
    for index in range(n):
        title = fill(f"{rng.choice(TITLE_SUBJECTS)} {rng.choice(TITLE_PREDICATES)}", rng)
        slug = f"{slugify(title)[:60].rstrip('-')}-{index + 1}"
        category = rng.choices(categories, weights)[0]
        published = [a for a in articles[-200:] if a.status == "published"]
        article = Article(
            slug=slug,
            title=title,
            date=start + datetime.timedelta(days=rng.randint(0, span)),
            summary=fill(rng.choice(SENTENCES), rng),
            authors=rng.sample(AUTHORS, 2 if rng.random() < 0.15 else 1),
            category=category,
            tags=weighted_tags(rng),
            body=make_body(rng, published, images),
            status="draft" if rng.random() < 0.02 else "published",
        )
        if category == "Médiation(s)" and formats:
            article.format = rng.choice(formats)
        if images and rng.random() < 0.2:
            article.cover = rng.choice(images)
            article.cover_alt = f"Photo : {article.cover.split('.')[0].replace('-', ' ')}"
        articles.append(article)
    return articles


def make_pages(rng: random.Random, n: int) -> list[Page]:
    titles = PAGE_TITLES + [f"{rng.choice(HEADINGS)} ({i})" for i in range(1, n // 100 + 1)]
    pages = []
    for order, title in enumerate(titles, start=1):
        body = "\n\n".join(" ".join(sentences(rng, 4)) for _ in range(3)) + "\n"
        pages.append(
            Page(
                slug=slugify(title.replace("À propos de POP", "a propos")),
                title=title,
                summary=fill(rng.choice(SENTENCES), rng),
                order=order,
                menu=order <= 3,
                body=body,
            )
        )
    return pages


# --------------------------------------------------------------------------- writers


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def render_body(body: str, target: str) -> str:
    if target == "hugo":
        body = re.sub(r"@@ART:([^@]+)@@", r"/posts/\1/", body)
        return re.sub(r"@@IMG:([^@]+)@@", r"/images/\1", body)
    body = re.sub(r"@@ART:([^@]+)@@", r"{filename}/articles/\1.md", body)
    return re.sub(r"@@IMG:([^@]+)@@", r"{static}/images/\1", body)


def project_article(a: Article) -> str:
    lines = ["---", f"title: {yaml_str(a.title)}", f"date: {a.date.isoformat()}"]
    lines.append(f"summary: {yaml_str(a.summary)}")
    lines += ["authors:"] + [f"  - {yaml_str(x)}" for x in a.authors]
    lines.append(f"category: {yaml_str(a.category)}")
    lines += ["tags:"] + [f"  - {yaml_str(t)}" for t in a.tags]
    if a.cover:
        lines += [f"cover: images/{a.cover}", f"cover_alt: {yaml_str(a.cover_alt or '')}"]
    if a.format:
        lines.append(f"format: {a.format}")
    lines += [f"slug: {a.slug}", f"status: {a.status}", "---", ""]
    return "\n".join(lines) + render_body(a.body, "pelican")


def project_page(p: Page) -> str:
    lines = ["---", f"title: {yaml_str(p.title)}", f"summary: {yaml_str(p.summary)}"]
    lines += [f"order: {p.order}", f"menu: {'oui' if p.menu else 'non'}", "---", ""]
    return "\n".join(lines) + p.body


def vanilla_article(a: Article) -> str:
    lines = [
        f"Title: {a.title}",
        f"Date: {a.date.isoformat()}",
        f"Summary: {a.summary}",
        f"Authors: {', '.join(a.authors)}",
        f"Category: {a.category}",
        f"Tags: {', '.join(a.tags)}",
        f"Slug: {a.slug}",
    ]
    if a.status != "published":
        lines.append(f"Status: {a.status}")
    return "\n".join(lines) + "\n\n" + render_body(a.body, "pelican")


def vanilla_page(p: Page) -> str:
    return f"Title: {p.title}\nSummary: {p.summary}\nSlug: {p.slug}\n\n{p.body}"


def hugo_article(a: Article) -> str:
    lines = ["---", f"title: {yaml_str(a.title)}", f"date: {a.date.isoformat()}"]
    lines.append(f"summary: {yaml_str(a.summary)}")
    lines.append(f"authors: {json.dumps(a.authors, ensure_ascii=False)}")
    lines.append(f"categories: [{yaml_str(a.category)}]")
    lines.append(f"tags: {json.dumps(a.tags, ensure_ascii=False)}")
    lines.append(f"slug: {a.slug}")
    if a.status != "published":
        lines.append("draft: true")
    lines += ["---", ""]
    return "\n".join(lines) + render_body(a.body, "hugo")


def hugo_page(p: Page) -> str:
    return f"---\ntitle: {yaml_str(p.title)}\nsummary: {yaml_str(p.summary)}\nslug: {p.slug}\n---\n\n{p.body}"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- settings

PROJECT_SETTINGS = '''"""Benchmark settings: the project's {base} on the synthetic corpus ({what})."""

import sys

sys.path.insert(0, {root!r})
from {base} import *  # noqa: E402,F403

PATH = {content!r}
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
# Search indexing is measured on its own (publish_search.py): off everywhere else.
if {search!r}:
    PLUGINS = [*PLUGINS, "search"] if "search" not in PLUGINS else PLUGINS  # noqa: F405
SEARCH = {{**globals().get("SEARCH", {{}}), "ENABLED": {search!r}}}
LOAD_CONTENT_CACHE = CACHE_CONTENT = {cache!r}
CACHE_PATH = {cache_path!r}
{extra}'''

VANILLA_SETTINGS = '''"""Vanilla Pelican: default theme, no plugins, pagination 10, Atom feeds."""

AUTHOR = "POP"
SITENAME = "POP"
SITEURL = {siteurl!r}
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
DEFAULT_PAGINATION = 10
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
LOAD_CONTENT_CACHE = CACHE_CONTENT = {cache!r}
CACHE_PATH = {cache_path!r}
'''

HUGO_CONFIG = """baseURL = "{siteurl}/"
locale = "fr"
defaultContentLanguage = "fr"
title = "POP"
disableKinds = ["sitemap", "robotsTXT"]

[pagination]
pagerSize = 10

[taxonomies]
tag = "tags"
category = "categories"
author = "authors"

[permalinks.page]
posts = "/:section/:slug/"
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }} — {{ site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ $p := .Paginate (where site.RegularPages "Section" "posts") }}
{{ range $p.Pages }}{{ partial "card.html" . }}{{ end }}{{ partial "pager.html" $p }}{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $p := .Paginate .Pages }}{{ range $p.Pages }}{{ partial "card.html" . }}{{ end }}{{ partial "pager.html" $p }}{{ end }}
""",
    "term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $p := .Paginate .Pages }}{{ range $p.Pages }}{{ partial "card.html" . }}{{ end }}{{ partial "pager.html" $p }}{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ end }}
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
{{ range .GetTerms "authors" }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>{{ end }}
""",
    "_partials/card.html": """<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Date.Format "2006-01-02" }}</p><p>{{ .Summary }}</p></article>
""",
    "_partials/pager.html": """<nav>{{ with .Prev }}<a href="{{ .URL }}">Précédente</a>{{ end }}
{{ with .Next }}<a href="{{ .URL }}">Suivante</a>{{ end }}</nav>
""",
}


def project_settings(corpus: Corpus, base: str, cache: bool, search: bool, what: str, extra: str = "") -> str:
    return PROJECT_SETTINGS.format(
        extra=extra,
        base=base,
        what=what,
        root=str(ROOT),
        content=str(corpus.content),
        theme=str(ROOT / "theme"),
        plugins=str(ROOT / "plugins"),
        search=search,
        cache=cache,
        cache_path=str(corpus.project / f".cache-{base}"),
    )


def write_settings(corpus: Corpus) -> None:
    settings = {
        "publish_cold.py": ("publishconf", False, False, "publication, caches coupés"),
        "publish_warm.py": ("publishconf", True, False, "publication, cache actif"),
        "publish_search.py": ("publishconf", False, True, "publication avec l'index de recherche"),
        "preview.py": ("pelicanconf", True, False, "prévisualisation, cache actif"),
    }
    for name, (base, cache, search, what) in settings.items():
        write(corpus.project / name, project_settings(corpus, base, cache, search, what))
    # One process only, for cProfile (bench/profile.py): no parallel rendering.
    serial = 'CONTENTKIT = {**CONTENTKIT, "PARALLEL": False}  # noqa: F405\n'
    text = project_settings(corpus, "publishconf", False, False, "publication, un seul processus", serial)
    write(corpus.project / "publish_serial.py", text)
    for name, cache in (("pelicanconf.py", False), ("pelicanconf_warm.py", True)):
        text = VANILLA_SETTINGS.format(
            siteurl=SITEURL, cache=cache, cache_path=str(corpus.vanilla / ".cache")
        )
        write(corpus.vanilla / name, text)
    write(corpus.hugo / "hugo.toml", HUGO_CONFIG.format(siteurl=SITEURL))
    for name, text in HUGO_LAYOUTS.items():
        write(corpus.hugo / "layouts" / name, text)


# --------------------------------------------------------------------------- content types


def project_types() -> set[str]:
    """Names of the project's content types and plugin folders (read in a child process)."""
    code = textwrap.dedent(
        """
        import importlib, json, os, sys
        root = sys.argv[1]
        sys.path[:0] = [root, os.path.join(root, "plugins")]
        names = set()
        plugins = os.path.join(root, "plugins")
        for entry in sorted(os.listdir(plugins)) if os.path.isdir(plugins) else []:
            if entry.startswith((".", "_")):
                continue
            names.add(entry)
            try:
                importlib.import_module(entry)
            except Exception:
                pass
        try:
            from contentkit import types
            names.update(types.REGISTRY)
        except Exception:
            pass
        print(json.dumps(sorted(names)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    try:
        return set(json.loads(result.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError):
        return set()


def generate_articles(rng: random.Random, count: int, corpus: Corpus) -> None:
    for a in corpus.articles:
        write(corpus.content / "articles" / f"{a.slug}.md", project_article(a))


def generate_pages(rng: random.Random, count: int, corpus: Corpus) -> None:
    for p in corpus.pages:
        write(corpus.content / "pages" / f"{p.slug}.md", project_page(p))


KINDS = [
    Kind("article", "articles", lambda n: n, ("article",), generate_articles),
    Kind("page", "pages", lambda n: 4 + n // 100, ("page",), generate_pages),
    Kind(
        "training",
        "formations (N/10, 3 sessions)",
        lambda n: n // 10,
        ("training", "formation", "formations", "trainings"),
        corpus_types.generate_trainings,
    ),
    Kind(
        "resource",
        "ressources Outillerie (N/10, 3 fichiers)",
        lambda n: n // 10,
        ("resource", "ressource", "outillerie", "resources", "library"),
        corpus_types.generate_resources,
    ),
    # after the articles: an issue's contents are articles of the corpus
    Kind(
        "edition",
        "numéros de Médiation(s) (N/25)",
        lambda n: max(1, n // 25),
        ("edition", "editions", "numero", "mediations"),
        corpus_types.generate_editions,
    ),
]


def read_formats(data_dir: Path) -> list[str]:
    path = data_dir / "formats.yml"
    if not path.is_file():
        return []
    return re.findall(r"^([a-z0-9-]+):", path.read_text(encoding="utf-8"), flags=re.M)


def generate(root: Path, n: int, seed: int = SEED, types: set[str] | None = None) -> Corpus:
    """Write the corpus of ``n`` articles under ``root`` (project/, vanilla/, hugo/)."""
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    corpus = Corpus(root=root, n=n)
    types = project_types() if types is None else types
    rng = random.Random(seed)

    source_data = ROOT / "content" / "data"
    (corpus.content / "data").mkdir(parents=True, exist_ok=True)
    for path in sorted(source_data.glob("*.yml")):
        shutil.copy2(path, corpus.content / "data" / path.name)
    images_src = ROOT / "content" / "images"
    for target in (
        corpus.content / "images",
        corpus.vanilla / "content" / "images",
        corpus.hugo / "static" / "images",
    ):
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(images_src.glob("*.jpg")) if images_src.is_dir() else []:
            shutil.copy2(path, target / path.name)
    corpus.images = sorted(p.name for p in images_src.glob("*.jpg")) if images_src.is_dir() else []

    corpus.articles = make_articles(rng, n, read_formats(corpus.content / "data"), corpus.images)
    corpus.pages = make_pages(rng, n)
    for kind in KINDS:
        if not set(kind.names) & types:
            corpus.absent[kind.name] = "type absent"
        elif kind.generate is None:
            corpus.absent[kind.name] = "générateur du corpus à écrire (bench/corpus.py)"
        else:
            count = kind.count(n)
            kind.generate(rng, count, corpus)
            corpus.extra[kind.name] = count

    for a in corpus.articles:
        write(corpus.vanilla / "content" / "articles" / f"{a.slug}.md", vanilla_article(a))
        write(corpus.hugo / "content" / "posts" / f"{a.slug}.md", hugo_article(a))
    for p in corpus.pages:
        write(corpus.vanilla / "content" / "pages" / f"{p.slug}.md", vanilla_page(p))
        write(corpus.hugo / "content" / "pages" / f"{p.slug}.md", hugo_page(p))
    write_settings(corpus)
    return corpus


def edit_article(corpus: Corpus, slug: str, marker: str) -> list[Path]:
    """Add a paragraph holding ``marker`` at the end of one article, in every copy."""
    paths = [
        corpus.content / "articles" / f"{slug}.md",
        corpus.vanilla / "content" / "articles" / f"{slug}.md",
        corpus.hugo / "content" / "posts" / f"{slug}.md",
    ]
    for path in paths:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nMise à jour : {marker}.\n")
    return paths


if __name__ == "__main__":  # python -m bench.corpus DIR N: write a corpus to look at
    target, size = Path(sys.argv[1]), int(sys.argv[2])
    made = generate(target, size)
    total = sum(words(a.body) for a in made.articles)
    print(
        f"{len(made.articles)} articles ({total // max(1, len(made.articles))} mots en moyenne), "
        f"{len(made.pages)} pages dans {target}; absents : {made.absent}"
    )
