"""The training catalogue: the sample's pages, and its machine-readable outputs read back by
real parsers (json, icalendar, lxml with the LHEO 2.3 schema, feedparser).

The sample is built at the frozen date 2026-11-20 (tests/minisite.py), in strict mode.
"""

from __future__ import annotations

import datetime
import json
import re
import textwrap
from pathlib import Path

import feedparser
import icalendar
from lxml import etree
from minisite import build_tiny, pelican, write_site
from needs import shared_file

SITE = "https://www.pop.eu.com/"
NS = {"l": "http://lheo.gouv.fr/2.3"}
ISO_HOURS = re.compile(r"^PT[1-9]\d*H$")
MODALITIES = {"presentiel": "Présentiel", "distanciel": "À distance", "hybride": "Hybride"}

# The headings of a training page, in their fixed order (« Débouchés » and « Programme »
# only when the training has outcomes and a body).
HEADINGS = [
    "À qui s’adresse la formation",
    "Prérequis",
    "Objectifs",
    "Programme",
    "Durée et modalités",
    "Méthodes pédagogiques",
    "Évaluation",
    "Certification",
    "Débouchés",
    "Modalités et délai d’accès",
    "Sessions",
    "Prix et financement",
    "Accessibilité aux personnes en situation de handicap",
    "Résultats",
    "Contact",
]

# --------------------------------------------------------------------------- tiny sites

VOCABULARIES = {
    "content/data/domains.yml": """
        developpement:
          name: Développement web
          formacode: ["31088"]
          nsf: ["326"]
          rome: ["M1805"]
        design:
          name: Design numérique
        """,
    "content/data/places.yml": """
        lens:
          name: Lens — Louvre Lens Vallée
          address: Rue Paul-Bert
          postcode: "62300"
          city: Lens
        roubaix:
          name: Roubaix — Blanchemaille
          address: 75 rue du Grand Chemin
          postcode: "59100"
          city: Roubaix
        """,
    "content/data/funders.yml": """
        france-travail:
          name: France Travail
          lheo_code: "4"
        region-hdf:
          name: Région Hauts-de-France
          lheo_code: "2"
        """,
}

TRAINING = """\
---
title: Développeur·se web
summary: Devenir développeur·se web en sept mois.
domain: developpement
certification:
  name: Titre professionnel Développeur web et web mobile
  code: RNCP37674
  level: 5
  certifier: Ministère du Travail
duration:
  hours: 735
  in_company_hours: 280
  weeks: 31
modality: presentiel
audience: Demandeur·euses d'emploi.
prerequisites:
  - Aucun diplôme requis
objectives:
  - Développer une application web
access:
  process: Réunion d'information, tests, entretien.
  delay: 3 à 6 semaines
price:
  amount_eur: 0
  note: Financé par la Région.
funding:
  - region-hdf
  - france-travail
methods: Pédagogie active.
evaluation: Examen devant un jury.
accessibility: Locaux accessibles ; référente handicap joignable.
contact:
  email: formation@example.org
results:
  - year: 2023
    learners: 24
    certification_rate: 76
sessions:
  - start: 2027-03-01
    end: 2027-07-02
    location: lens
    seats: 16
    registration_deadline: 2027-02-12
updated: 2026-11-02
---
### Module 1

Le programme.
"""


def training(**changes: str) -> str:
    """The valid training above with some lines replaced: ``old line`` → ``new lines``."""
    text = TRAINING
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def tiny_site(tmp_path, files: dict, **kwargs):
    merged = {**VOCABULARIES, **files}
    return build_tiny(tmp_path, {name: textwrap.dedent(text) for name, text in merged.items()}, **kwargs)


# --------------------------------------------------------------------------- helpers


def catalogue(site) -> dict:
    return json.loads(site.read("formations/catalogue.json"))


def trainings_by_slug(site) -> dict:
    return {t["slug"]: t for t in catalogue(site)["trainings"]}


def jsonld(site, slug: str) -> dict:
    page = site.soup(f"formations/{slug}/index.html")
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def events(text: str) -> list:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


# --------------------------------------------------------------------------- the sample


def test_the_sample_builds_a_catalogue_of_at_least_six_trainings(sample_site):
    files = set(sample_site.files())
    trainings = trainings_by_slug(sample_site)
    assert len(trainings) >= 6
    for slug in trainings:
        assert f"formations/{slug}/index.html" in files
    for name in (
        "formations/index.html",
        "formations/sessions/index.html",
        "formations/sessions.ics",
        "formations/catalogue.json",
        "formations/lheo.xml",
        "feeds/formations.atom.xml",
    ):
        assert name in files, name
    for place in ("lens", "roubaix", "tourcoing", "saint-quentin-en-yvelines", "distanciel"):
        assert f"formations/lieux/{place}/index.html" in files, place
    assert "formations/domaines/developpement/index.html" in files
    dwwm = trainings["developpeur-web-web-mobile"]
    assert dwwm["certification"]["code"] == "RNCP37674" and dwwm["certification"]["level"] == 5
    assert trainings["ma-prepa-numerique"]["permanent_entry"] is True


def test_a_training_page_shows_every_required_field_under_headings_in_order(sample_site):
    for slug, data in trainings_by_slug(sample_site).items():
        page = sample_site.soup(f"formations/{slug}/index.html")
        article = page.find("article", class_="training")
        text = " ".join(article.get_text(" ").split())
        headings = [h.get_text(" ", strip=True) for h in article.find_all("h2")]
        expected = [h for h in HEADINGS if h in headings]
        assert headings == expected, slug
        missing = set(HEADINGS) - set(headings) - {"Débouchés", "Programme"}
        assert not missing, (slug, missing)
        assert article.find("h1").get_text(strip=True) == data["title"]
        for value in (
            data["summary"],
            data["domain"]["name"],
            data["audience"],
            *data["prerequisites"],
            *data["objectives"],
            data["access"]["process"],
            data["access"]["delay"],
            data["methods"],
            data["evaluation"],
            data["accessibility"],
            data["contact"]["email"],
            MODALITIES[data["modality"]],
        ):
            if value is None:  # a placeholder « [à compléter…] », left out of the open data
                continue
            assert " ".join(value.split()) in text, (slug, value)
        hours = f"{data['duration']['hours']:,}".replace(",", "\u202f")
        assert f"{hours} heures en centre de formation" in text, slug
        assert ("Gratuit pour l’apprenant·e" in text) == data["price"]["free"], slug
        updated = day(data["updated"])
        stamp = article.find("time", attrs={"datetime": updated.isoformat()})
        assert stamp is not None and "Informations mises à jour le" in stamp.parent.get_text(), slug
        assert article.find("a", class_="button", string="Candidater"), slug


def test_the_sessions_table_and_the_results_table(sample_site):
    page = sample_site.soup("formations/developpeur-web-web-mobile/index.html")
    table = page.find("table", class_="sessions-table")
    assert table.find("caption")
    assert [th["scope"] for th in table.find("thead").find_all("th")] == ["col"] * 5
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == 3  # the session of March 2026 is over: it leaves the table
    first = " ".join(rows[0].get_text(" ").split())
    assert "du 11 janvier 2027 au 6 août 2027" in first
    assert "Rue Paul-Bert" in first and "62300 Lens" in first
    assert "16" in first and "Complet" in first
    assert "18 décembre 2026" in first
    assert "Inscriptions ouvertes" in rows[1].get_text()
    assert "Sessions passées" in page.get_text() and "2 mars 2026" in page.get_text()
    results = page.find("section", class_="training-results").find("table")
    assert results.find("caption")
    cells = [c.get_text(" ", strip=True) for c in results.find("tbody").find("tr").find_all(["th", "td"])]
    assert cells[:3] == ["2023", "24", "76 %"]


def test_session_statuses_at_the_frozen_date(sample_site):
    trainings = trainings_by_slug(sample_site)

    def status(slug, start):
        session = next(s for s in trainings[slug]["sessions"] if s["start"] == start)
        return session["status"], session["past"]

    assert status("developpeur-web-web-mobile", "2026-03-02") == ("closed", True)  # over
    assert status("developpeur-web-web-mobile", "2027-01-11") == ("full", False)  # given
    assert status("developpeur-web-web-mobile", "2027-03-01") == ("open", False)  # before its deadline
    assert status("designer-web", "2026-12-07") == ("closed", False)  # deadline 2026-11-13 passed
    assert status("technicien-cybersecurite", "2026-09-14") == ("closed", False)  # under way
    assert status("technicien-cybersecurite", "2026-12-07") == ("cancelled", False)  # given
    # the next session: the earliest starting from the build date, not cancelled (full or not)
    assert trainings["developpeur-web-web-mobile"]["next_session"] == "2027-01-11"
    assert trainings["technicien-cybersecurite"]["next_session"] == "2027-01-18"
    assert trainings["ma-prepa-numerique"]["next_session"] is None
    page = sample_site.soup("formations/technicien-cybersecurite/index.html").get_text()
    for label in ("Clôturé", "Annulé", "Inscriptions ouvertes"):
        assert label in page


def test_json_ld_is_a_course_with_provider_offers_credential_and_instances(sample_site):
    for slug, data in trainings_by_slug(sample_site).items():
        course = jsonld(sample_site, slug)
        assert course["@context"] == "https://schema.org" and course["@type"] == "Course"
        assert course["name"] == data["title"]
        assert course["provider"]["name"] and course["provider"]["@type"] == "EducationalOrganization"
        offers = course["offers"]
        assert offers[0]["@type"] == "Offer" and offers[0]["priceCurrency"] == "EUR"
        assert offers[0]["price"] == data["price"]["amount_eur"]
        credential = course["educationalCredentialAwarded"]
        assert credential["name"] == data["credential"]
        if data["certification"]:
            assert credential["identifier"] == data["certification"]["code"]
        instances = course["hasCourseInstance"]
        if data["permanent_entry"] and not data["sessions"]:
            assert len(instances) == 1 and ISO_HOURS.match(instances[0]["courseWorkload"])
            continue
        assert len(instances) == len(data["sessions"]), slug
        for instance, session in zip(instances, data["sessions"], strict=True):
            assert instance["@type"] == "CourseInstance"
            assert instance["courseMode"] in ("onsite", "online", "blended")
            assert instance["startDate"] == session["start"] and instance["endDate"] == session["end"]
            assert instance["location"]["name"] == session["location"]["name"]
            assert ISO_HOURS.match(instance["courseWorkload"]), instance["courseWorkload"]
            assert instance["courseWorkload"] == f"PT{data['duration']['total_hours']}H"


def test_calendars_parse_and_give_back_the_sessions_dates(sample_site):
    trainings = trainings_by_slug(sample_site)
    everything = events(sample_site.read("formations/sessions.ics"))
    uids = [str(e["UID"]) for e in everything]
    assert len(uids) == len(set(uids)) == sum(len(t["sessions"]) for t in trainings.values())
    for slug, data in trainings.items():
        if not data["sessions"]:
            assert f"formations/{slug}/sessions.ics" not in sample_site.files()
            continue
        own = events(sample_site.read(f"formations/{slug}/sessions.ics"))
        got = [
            (e.decoded("DTSTART"), e.decoded("DTEND") - datetime.timedelta(days=1), str(e["UID"]))
            for e in own
        ]
        wanted = [(day(s["start"]), day(s["end"]), s["uid"]) for s in data["sessions"]]
        assert got == wanted, slug
        for event in own:
            assert str(event["SUMMARY"]) == data["title"]
            assert str(event["URL"]) == data["url"]
            assert event.decoded("DTSTAMP") == datetime.datetime.combine(
                day(data["updated"]), datetime.time(), datetime.UTC
            )
    cancelled = [e for e in everything if str(e["STATUS"]) == "CANCELLED"]
    assert [str(e["UID"]) for e in cancelled] == ["technicien-cybersecurite-2026-12-07@www.pop.eu.com"]


def test_the_json_catalogue_holds_every_training(sample_site):
    data = catalogue(sample_site)
    pages = sorted(
        f.split("/")[1]
        for f in sample_site.files()
        if re.fullmatch(r"formations/(?!lieux/|domaines/|sessions/)[^/]+/index\.html", f)
    )
    assert sorted(t["slug"] for t in data["trainings"]) == pages
    assert data["licence"]["name"].startswith("Licence Ouverte")
    assert data["build_date"] == "2026-11-20"
    for training_data in data["trainings"]:
        assert training_data["url"].startswith(SITE)
        for name in (
            "title", "summary", "domain", "duration", "modality", "audience", "prerequisites",
            "objectives", "access", "price", "methods", "evaluation", "accessibility", "contact",
            "updated", "sessions", "results", "funding", "certification", "outcomes", "permanent_entry",
        ):  # fmt: skip
            assert name in training_data, name


# The sample's SIRET and activity number are placeholders « [à compléter…] », which LHEO
# leaves out although it requires them (publishing refuses placeholders): these two
# elements are filled with well-formed test values before validating the rest.
FILLED_IDENTIFIERS = {"numero-activite": "11111111111", "SIRET-organisme-formation/l:SIRET": "11111111111111"}


def lheo_document(site):
    schema = etree.XMLSchema(etree.parse(str(shared_file("lheo/lheo-2.3.xsd"))))
    document = etree.fromstring(site.read("formations/lheo.xml").encode("utf-8"))
    for path, value in FILLED_IDENTIFIERS.items():
        for element in document.iterfind(f".//l:organisme-formation-responsable/l:{path}", NS):
            element.text = element.text or value
    assert schema.validate(document), "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)
    return document


def test_the_lheo_export_is_valid_lheo_2_3(sample_site):
    document = lheo_document(sample_site)
    formations = document.findall("l:offres/l:formation", NS)
    numbers = [f.get("numero") for f in formations]
    assert "developpeur-web-web-mobile" in numbers and "ma-prepa-numerique" in numbers
    dwwm = formations[numbers.index("developpeur-web-web-mobile")]
    assert dwwm.findtext("l:certification/l:code-RNCP", namespaces=NS) == "37674"
    assert dwwm.findtext("l:code-niveau-sortie", namespaces=NS) == "15"
    starts = [s.findtext("l:periode/l:debut", namespaces=NS) for s in dwwm.iterfind(".//l:session", NS)]
    assert sorted(starts) == ["20270111", "20270301", "20270913"]  # past sessions are not offered
    organisation = dwwm.find("l:organisme-formation-responsable", NS)
    assert organisation.findtext("l:nom-organisme", namespaces=NS) == "POP School"


def test_a_permanent_entry_training_exports_with_lheo_unknown_dates(sample_site):
    document = lheo_document(sample_site)
    formation = document.find("l:offres/l:formation[@numero='ma-prepa-numerique']", NS)
    action = formation.find("l:action", NS)
    assert action.findtext("l:modalites-entrees-sorties", namespaces=NS) == "1"
    sessions = action.findall("l:session", NS)
    assert len(sessions) == 1
    assert sessions[0].findtext("l:periode/l:debut", namespaces=NS) == "00000000"
    assert sessions[0].findtext("l:periode/l:fin", namespaces=NS) == "99999999"


def test_the_atom_feed_of_trainings_parses_with_absolute_links(sample_site):
    parsed = feedparser.parse(sample_site.read("feeds/formations.atom.xml"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.link == SITE + "formations/"
    trainings = trainings_by_slug(sample_site)
    assert {e.link for e in parsed.entries} == {t["url"] for t in trainings.values()}
    updated = [e.updated_parsed for e in parsed.entries]
    assert updated == sorted(updated, reverse=True)  # newest update first
    for entry in parsed.entries:
        assert entry.link.startswith(SITE) and entry.id.startswith("tag:www.pop.eu.com,")
        for link in entry.get("links", []):
            assert link["href"].startswith(SITE)
    home = sample_site.soup("formations/index.html")
    link = home.find(
        "link", rel="alternate", type="application/atom+xml", href=SITE + "feeds/formations.atom.xml"
    )
    assert link is not None


def test_the_catalogue_is_grouped_by_domain_with_filters(sample_site):
    page = sample_site.soup("formations/index.html")
    groups = page.find(id="catalogue").find_all("section", attrs={"data-filters-group": "catalogue"})
    assert len(groups) >= 5
    assert [g.find("h2").get_text(strip=True) for g in groups][:2] == ["Développement web", "Cybersécurité"]
    form = page.find("form", attrs={"data-filters": "catalogue"})
    assert form.has_attr("hidden")  # shown by the script; the links below work without it
    assert {s["name"] for s in form.find_all("select")} == {"lieu", "domaine", "modalite"}
    assert form.find("input", type="checkbox", attrs={"name": "avenir", "value": "oui"})
    assert page.find(attrs={"data-filters-count": "catalogue"})
    assert page.find("script", src=re.compile("^" + re.escape(SITE) + r"theme/js/filters\.[0-9a-f]{10}\.js$"))
    cards = page.find(id="catalogue").select("li:not(li li)")
    assert len(cards) == len(trainings_by_slug(sample_site))
    dwwm = next(li for li in cards if "Développeur·se web" in li.get_text())
    assert dwwm["data-lieu"] == "lens roubaix" and dwwm["data-domaine"] == "developpement"
    assert dwwm["data-modalite"] == "presentiel" and dwwm["data-avenir"] == "oui"
    card = " ".join(dwwm.get_text(" ").split())
    for shown in (
        "RNCP37674, niveau 5",
        "735 h en centre + 280 h en entreprise",
        "Présentiel",
        "11 janvier 2027, Lens — Louvre Lens Vallée",
        "Gratuit pour l’apprenant·e",
    ):
        assert shown in card, shown
    priced = next(li for li in cards if "Médiaplanneur" in li.get_text())
    assert "4\u202f200 € ; financement possible : France Travail" in priced.get_text()
    facets = page.find("nav", class_="facets")
    assert facets.find("a", href=SITE + "formations/lieux/lens/")
    assert facets.find("a", href=SITE + "formations/domaines/design/")


def test_pages_per_place_and_per_domain_filter_without_javascript(sample_site):
    lens = sample_site.soup("formations/lieux/lens/index.html")
    titles = {a.get_text(strip=True) for a in lens.select(".card-title a")}
    assert "Développeur·se web et web mobile" in titles and "Designer web" not in titles
    assert "62300 Lens" in lens.get_text()
    online = sample_site.soup("formations/lieux/distanciel/index.html")
    assert "Ma Prépa Numérique" in {a.get_text(strip=True) for a in online.select(".card-title a")}
    design = sample_site.soup("formations/domaines/design/index.html")
    assert [a.get_text(strip=True) for a in design.select(".card-title a")] == ["Designer web"]
    assert design.find("h1").get_text(strip=True) == "Formations : Design numérique"


def test_upcoming_sessions_page_and_home_block(sample_site):
    page = sample_site.soup("formations/sessions/index.html")
    rows = page.find("table").find("tbody").find_all("tr")
    starts = [day(r.find("time")["datetime"]) for r in rows]
    assert starts == sorted(starts)
    assert datetime.date(2026, 3, 2) not in starts and datetime.date(2026, 10, 5) not in starts  # over
    assert datetime.date(2026, 9, 14) in starts  # under way: still listed
    home = sample_site.soup("index.html")
    block = home.find("section", attrs={"aria-labelledby": "prochaines-sessions"})
    items = block.find_all("li")
    assert len(items) == 3
    assert [day(li.find("time")["datetime"]) for li in items] == [
        datetime.date(2026, 12, 7),
        datetime.date(2027, 1, 11),
        datetime.date(2027, 1, 18),
    ]


def test_open_data_page_lists_the_catalogues_outputs(sample_site):
    page = sample_site.soup("donnees-ouvertes/index.html")
    links = {a["href"] for a in page.find("table").find_all("a")}
    for name in (
        "formations/sessions.ics",
        "formations/catalogue.json",
        "formations/lheo.xml",
        "feeds/formations.atom.xml",
    ):
        assert SITE + name in links, name
    assert "Licence Ouverte" in page.get_text()


def test_training_pages_are_marked_for_search_with_their_places(sample_site):
    page = sample_site.soup("formations/developpeur-web-web-mobile/index.html")
    body = page.find(attrs={"data-pagefind-body": True})
    assert body.name == "article" and "type:Formation" in body["data-pagefind-filter"]
    assert body.find("h1")["data-pagefind-meta"] == "title"
    for name in (
        "formations/index.html",
        "formations/sessions/index.html",
        "formations/lieux/lens/index.html",
    ):
        assert "data-pagefind-body" not in sample_site.read(name), name


# --------------------------------------------------------------------------- tiny sites


def test_a_site_without_trainings_still_builds(tmp_path):
    site = build_tiny(tmp_path, {})
    assert site.code == 0, site.log
    assert "Aucune formation" in site.read("formations/index.html")
    assert "formations/lheo.xml" not in site.files()
    assert "feeds/formations.atom.xml" not in site.files()


def test_outputs_do_not_change_with_the_build_date_alone(tmp_path):
    files = {"content/formations/dev.md": TRAINING}
    first = tiny_site(tmp_path / "a", files, env={"BUILD_DATE": "2026-11-20"})
    second = tiny_site(tmp_path / "b", files, env={"BUILD_DATE": "2026-12-01"})
    assert first.code == 0 and second.code == 0, first.log + second.log
    for name in ("formations/sessions.ics", "formations/dev/sessions.ics", "formations/lheo.xml"):
        assert first.read(name) == second.read(name), name
    assert "DTSTAMP:20261102T000000Z" in first.read("formations/sessions.ics")


def test_status_follows_the_deadline_day_included(tmp_path):
    files = {"content/formations/dev.md": TRAINING}
    for date, status in (("2027-02-12", "open"), ("2027-02-13", "closed"), ("2027-07-03", "closed")):
        site = tiny_site(tmp_path / date, files, env={"BUILD_DATE": date, "STRICT": ""})
        assert site.code == 0, site.log
        session = catalogue(site)["trainings"][0]["sessions"][0]
        assert session["status"] == status, date
        assert session["past"] == (date == "2027-07-03")


def test_a_session_id_keeps_its_calendar_uid_when_dates_move(tmp_path):
    moved = training(**{"  - start: 2027-03-01\n": "  - start: 2027-03-08\n    id: printemps-2027\n"})
    site = tiny_site(tmp_path, {"content/formations/dev.md": moved})
    assert site.code == 0, site.log
    (event,) = events(site.read("formations/dev/sessions.ics"))
    assert str(event["UID"]) == "dev-printemps-2027@www.pop.eu.com"
    assert event.decoded("DTSTART") == datetime.date(2027, 3, 8)


def test_an_rs_certification_needs_no_level_and_exports_as_rs(tmp_path):
    rs = training(**{"  code: RNCP37674\n  level: 5\n": "  code: RS5568\n"})
    site = tiny_site(tmp_path, {"content/formations/dev.md": rs})
    assert site.code == 0, site.log
    document = lheo_document(site)
    assert document.findtext(".//l:certification/l:code-RS", namespaces=NS) == "5568"
    assert document.find(".//l:code-niveau-sortie", NS) is None


def test_invoke_new_formation_creates_a_file_that_builds(tmp_path):
    from trainings.scaffold import scaffold  # noqa: PLC0415

    content = tmp_path / "content"
    for name, text in VOCABULARIES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    created = scaffold("Data analyste", content, datetime.date(2026, 11, 20), {})
    assert created == content / "formations" / "data-analyste.md"
    text = created.read_text(encoding="utf-8")
    assert 'title: "Data analyste"' in text and "domain: developpement" in text and "location: lens" in text
    site = tiny_site(tmp_path / "build", {"content/formations/data-analyste.md": text}, publish=False)
    assert site.code == 0, site.log
    assert "Brouillon" in site.read("formations/data-analyste/index.html")


def test_lheo_reads_codes_from_the_vocabularies(tmp_path):
    site = tiny_site(tmp_path, {"content/formations/dev.md": TRAINING})
    assert site.code == 0, site.log
    document = lheo_document(site)
    domain = document.find(".//l:domaine-formation", NS)
    assert [c.text for c in domain] == ["31088", "326", "M1805"]
    assert [c.text for c in document.iterfind(".//l:code-financeur", NS)] == ["2", "4"]
    assert (
        Path(site.output / "formations/lheo.xml")
        .read_bytes()
        .startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    )


def test_preview_makes_calendars_and_lists_again_only_when_a_training_changes(tmp_path):
    """In a preview, editing a news article leaves the catalogue, the calendars and the
    JSON as they are (not even rewritten); editing the training updates them all."""
    files = {"content/formations/dev.md": TRAINING}
    root = tmp_path / "site"
    write_site(root, {**VOCABULARIES, **files}, publish=False)
    (root / "conf.py").write_text(
        (root / "conf.py").read_text()
        + "CACHE_PATH = 'cache'\nLOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\n"
    )
    output = tmp_path / "out"
    outputs = ["formations/index.html", "formations/sessions.ics", "formations/dev/sessions.ics",
               "formations/catalogue.json"]  # fmt: skip
    code, log = pelican(root, output)
    assert code == 0, log
    stamps = {name: (output / name).stat().st_mtime_ns for name in outputs}

    article = root / "content/articles/bienvenue.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    code, log = pelican(root, output)
    assert code == 0, log
    assert {name: (output / name).stat().st_mtime_ns for name in outputs} == stamps

    source = root / "content/formations/dev.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Développeur·se web", "Dév web", 1))
    code, log = pelican(root, output)
    assert code == 0, log
    for name in outputs:
        assert "Dév web" in (output / name).read_text(encoding="utf-8"), name
