"""``invoke new formation "Titre"``: a new training file with every field of the contract,
nested ones included, each with a comment saying what to write."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from pathlib import Path

from .schema import TRAINING


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    return "-".join(words) or "formation"


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def first_key(content_root: Path, vocabulary: str, fallback: str) -> str:
    """The first key of ``data/<vocabulary>.yml``, as an example that builds."""
    path = Path(content_root) / "data" / f"{vocabulary}.yml"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return fallback
    match = next((m for m in (re.match(r"^([a-z0-9][a-z0-9-]*):", line) for line in lines) if m), None)
    return match.group(1) if match else fallback


def template(title: str, today: datetime.date, content_root: Path = Path("content")) -> str:
    domain = first_key(content_root, "domains", "domaine")
    place = first_key(content_root, "places", "distanciel")
    funder = first_key(content_root, "funders", "financeur")
    start = today + datetime.timedelta(days=90)
    end = start + datetime.timedelta(days=180)
    deadline = start - datetime.timedelta(days=21)
    return f"""---
# Champs obligatoires : title, summary, domain, duration, modality, audience,
# prerequisites, objectives, access, price, methods, evaluation, accessibility,
# contact, updated. Le guide : docs/formations.md.
title: {q(title)}
summary: "[à compléter : à quoi mène la formation, en une ou deux phrases]"
domain: {domain}  # une clé de content/data/domains.yml
# certification:  # facultatif : retirez les « # » de ces 5 lignes s'il y a une certification
#   name: "Titre professionnel …"  # intitulé exact, sur francecompetences.fr
#   code: RNCP…  # RNCP suivi de chiffres, ou RS suivi de chiffres
#   level: …  # de 3 à 8 pour un code RNCP ; à supprimer pour un code RS
#   certifier: "…"  # l'organisme certificateur
duration:
  hours: 400  # heures en centre de formation
  in_company_hours: 0  # heures de stage en entreprise
  weeks: 16  # durée totale en semaines
modality: presentiel  # presentiel, distanciel ou hybride
audience: "[à compléter : à qui s'adresse la formation]"
prerequisites:
  - "[à compléter : un prérequis par ligne, par exemple Aucun diplôme requis]"
objectives:
  - "[à compléter : ce que l'apprenant·e saura faire à la fin, un objectif par ligne]"
access:
  process: "[à compléter : étapes pour entrer en formation, par exemple réunion d'information, tests, entretien]"
  delay: "[à compléter : délai entre la candidature et l'entrée en formation]"
price:
  amount_eur: 0  # 0 = gratuit pour l'apprenant·e
  note: "[à compléter : qui prend en charge le coût de la formation]"
funding:  # clés de content/data/funders.yml
  - {funder}
methods: "[à compléter : méthodes pédagogiques]"
evaluation: "[à compléter : comment les acquis sont évalués]"
accessibility: "[à compléter : accessibilité aux personnes en situation de handicap ; référent·e handicap : nom, courriel]"
contact:
  name: "[à compléter : prénom et nom]"
  email: "[à compléter : adresse électronique]"
  phone: "[à compléter : téléphone]"
outcomes:  # facultatif : métiers visés, poursuites d'études
  - "[à compléter : métier visé]"
sessions:  # facultatif si permanent_entry: oui
  - start: {start.isoformat()}
    end: {end.isoformat()}
    location: {place}  # une clé de content/data/places.yml, ou distanciel
    seats: 16
    registration_deadline: {deadline.isoformat()}
# permanent_entry: oui  # entrée à tout moment (e-learning), sans session
# results:  # résultats des années passées (taux en %)
#   - year: {today.year - 1}
#     learners: 12
#     certification_rate: 80
updated: {today.isoformat()}  # date de la dernière vérification des informations
status: draft  # à supprimer pour publier
---

### [à compléter : titre du module 1]

[à compléter : le programme détaillé, module par module, en Markdown]
"""


def scaffold(title: str, content_root: Path, today: datetime.date, options: dict) -> Path:
    path = Path(content_root) / TRAINING.folder / f"{slugify(title)}.md"
    if path.exists():
        raise SystemExit(f"{path} existe déjà : choisissez un autre titre.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template(title, today, content_root), encoding="utf-8")
    return path
