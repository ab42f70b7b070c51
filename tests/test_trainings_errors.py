"""Editors' mistakes in a training: each gives its exact French message (file, line, field,
expected, found), a non-zero exit, no traceback, and leaves the built site as it was."""

from __future__ import annotations

import textwrap

import pytest
from minisite import ENV, assert_refused, built_output, write_site
from test_trainings import TRAINING, VOCABULARIES, training

from sitetools.build import atomic_build

FILE = "content/formations/dev.md"
SHOWN = "content/formations/dev.md"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The line (1-based) of the ``occurrence``-th line holding ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return found[occurrence - 1]


def case(changes: dict, message: str, needle: str, occurrence: int = 1, field_prefix: str = SHOWN):
    """A faulty training and the one message expected, at the line holding ``needle``."""
    text = training(**changes)
    return {FILE: text}, [f"{field_prefix}:{line_of(text, needle, occurrence)}: {message}"]


CASES = {
    "missing-required-field": case(
        {"audience: Demandeur·euses d'emploi.\n": ""},
        "champ « audience » : champ obligatoire manquant",
        "title:",
    ),
    "certification-code": case(
        {"code: RNCP37674": "code: 37674"},
        "champ « certification.code » : attendu un code RNCP ou RS (par exemple RNCP37674 ou RS5568), "
        "trouvé « 37674 »",
        "code: 37674",
    ),
    "rncp-without-level": case(
        {"  level: 5\n": ""},
        "champ « certification.level » : champ obligatoire pour un code RNCP (un niveau de 3 à 8)",
        "  name: Titre professionnel",
    ),
    "rs-with-level": case(
        {"code: RNCP37674": "code: RS5568"},
        "champ « certification.level » : attendu aucun niveau pour un code RS (le Répertoire spécifique "
        "n'a pas de niveaux), trouvé « 5 »",
        "level: 5",
    ),
    "level-out-of-range": case(
        {"level: 5": "level: 9"},
        "champ « certification.level » : attendu un nombre entier de 3 à 8, trouvé « 9 »",
        "level: 9",
    ),
    "rate-above-100": case(
        {"certification_rate: 76": "certification_rate: 120"},
        "champ « results[1].certification_rate » : attendu un nombre de 0 à 100, trouvé « 120 »",
        "certification_rate:",
    ),
    "hours-not-positive": case(
        {"hours: 735": "hours: 0"},
        "champ « duration.hours » : attendu un nombre entier supérieur ou égal à 1, trouvé « 0 »",
        "hours: 0",
    ),
    "hours-not-a-number": case(
        {"in_company_hours: 280": "in_company_hours: beaucoup"},
        "champ « duration.in_company_hours » : attendu un nombre entier supérieur ou égal à 0, "
        "trouvé « beaucoup »",
        "in_company_hours:",
    ),
    "end-before-start": case(
        {"end: 2027-07-02": "end: 2027-02-01"},
        "champ « sessions[1].end » : attendu une date de fin qui ne précède pas le début (2027-03-01), "
        "trouvé « 2027-02-01 »",
        "end: 2027-02-01",
    ),
    "deadline-after-start": case(
        {"registration_deadline: 2027-02-12": "registration_deadline: 2027-03-05"},
        "champ « sessions[1].registration_deadline » : attendu une date limite d'inscription au plus tard "
        "le jour du début (2027-03-01), trouvé « 2027-03-05 »",
        "registration_deadline:",
    ),
    "unknown-domain": case(
        {"domain: developpement": "domain: informatique"},
        "champ « domain » : attendu une valeur de data/domains.yml parmi developpement, design, "
        "trouvé « informatique »",
        "domain:",
    ),
    "unknown-location": case(
        {"location: lens": "location: lille"},
        "champ « sessions[1].location » : attendu une valeur de data/places.yml parmi lens, roubaix, "
        "distanciel, trouvé « lille »",
        "location: lille",
    ),
    "unknown-funder": case(
        {"  - france-travail\n": "  - pole-emploi\n"},
        "champ « funding[2] » : attendu une valeur de data/funders.yml parmi france-travail, region-hdf, "
        "trouvé « pole-emploi »",
        "  - pole-emploi",
    ),
    "modality": case(
        {"modality: presentiel": "modality: en ligne"},
        "champ « modality » : attendu une valeur parmi presentiel, distanciel, hybride, trouvé « en ligne »",
        "modality:",
    ),
    "session-status": case(
        {"    seats: 16\n": "    seats: 16\n    status: ouvert\n"},
        "champ « sessions[1].status » : attendu une valeur parmi full, cancelled, trouvé « ouvert »",
        "status: ouvert",
    ),
    "contact-email": case(
        {"email: formation@example.org": "email: formation-chez-pop"},
        "champ « contact.email » : attendu une adresse électronique (nom@domaine.fr), "
        "trouvé « formation-chez-pop »",
        "email:",
    ),
    "same-start-twice": case(
        {
            "updated: 2026-11-02": (
                "  - start: 2027-03-01\n    end: 2027-08-06\n    location: roubaix\nupdated: 2026-11-02"
            )
        },
        "champ « sessions[2].start » : la date de début 2027-03-01 sans « id » est déjà celle de la "
        "session 1 : donnez à chaque session un « id » différent",
        "start: 2027-03-01",
        occurrence=2,
    ),
    "no-upcoming-session-in-strict-mode": case(
        {
            "  - start: 2027-03-01\n": "  - start: 2026-03-02\n",
            "end: 2027-07-02": "end: 2026-07-03",
            "registration_deadline: 2027-02-12": "registration_deadline: 2026-02-12",
        },
        "champ « sessions » : aucune session à venir au 20 novembre 2026 : ajoutez une session, ou "
        "« permanent_entry: oui » pour une formation à entrée permanente",
        "sessions:",
    ),
}

# Problems outside the training file: a reserved address, the vocabularies LHEO needs.
CASES["reserved-address"] = (
    {"content/formations/sessions.md": TRAINING},
    [
        "content/formations/sessions.md:1: l'adresse /formations/sessions/ (tirée du nom du fichier) est "
        "réservée à la page des prochaines sessions : choisissez un autre « slug »"
    ],
)
CASES["place-without-postcode"] = (
    {
        FILE: TRAINING,
        "content/data/places.yml": VOCABULARIES["content/data/places.yml"].replace(
            'postcode: "62300"', "postcode: Lens"
        ),
    },
    [
        "content/data/places.yml:4: champ « lens.postcode » : attendu un code postal de 5 chiffres, trouvé « Lens »"
    ],
)
CASES["funder-lheo-code"] = (
    {
        FILE: TRAINING,
        "content/data/funders.yml": VOCABULARIES["content/data/funders.yml"].replace('"4"', '"42"'),
    },
    [
        "content/data/funders.yml:3: champ « france-travail.lheo_code » : attendu le code financeur LHEO "
        "(un nombre de 0 à 20), trouvé « 42 »"
    ],
)
CASES["domain-formacode"] = (
    {
        FILE: TRAINING,
        "content/data/domains.yml": VOCABULARIES["content/data/domains.yml"].replace("31088", "3108"),
    },
    [
        "content/data/domains.yml:3: champ « developpement.formacode » : attendu des codes FORMACODE "
        "de 5 chiffres, trouvé « 3108 »"
    ],
)


def site_files(files: dict) -> dict:
    merged = {**VOCABULARIES, **files}
    return {name: textwrap.dedent(text) if name.endswith(".yml") else text for name, text in merged.items()}


@pytest.fixture(scope="module")
def good_output(tmp_path_factory):
    """A site with one valid training: what is online before the faulty edit."""
    return built_output(tmp_path_factory.mktemp("good"), site_files({FILE: TRAINING}))


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_bad_training_is_reported_and_output_kept(name, tmp_path, good_output):
    files, expected = CASES[name]
    assert_refused(tmp_path, good_output, site_files(files), expected)


def test_no_upcoming_session_is_only_a_warning_outside_strict_mode(tmp_path):
    files, expected = CASES["no-upcoming-session-in-strict-mode"]
    write_site(tmp_path / "site", site_files(files))
    result = atomic_build("conf.py", tmp_path / "output", {**ENV, "STRICT": ""}, cwd=tmp_path / "site")
    assert result.code == 0, result.output
    assert "1 avertissement" in result.output and expected[0] in result.output
    assert (tmp_path / "output/formations/dev/index.html").is_file()


def test_a_permanent_entry_training_needs_no_session(tmp_path):
    text = training(**{"sessions:\n": "permanent_entry: oui\nsessions:\n"})
    start = text.index("sessions:\n")
    text = text[:start] + text[text.index("updated:") :]
    write_site(tmp_path / "site", site_files({FILE: text}))
    result = atomic_build("conf.py", tmp_path / "output", ENV, cwd=tmp_path / "site")
    assert result.code == 0, result.output


def test_every_problem_of_a_training_is_listed_at_once(tmp_path):
    text = training(
        **{
            "hours: 735": "hours: -3",
            "domain: developpement": "domain: info",
            "end: 2027-07-02": "end: 2027-01-01",
            "certification_rate: 76": "certification_rate: 101",
        }
    )
    write_site(tmp_path / "site", site_files({FILE: text}))
    result = atomic_build("conf.py", tmp_path / "output", ENV, cwd=tmp_path / "site")
    assert result.code == 1
    assert "4 erreurs dans le contenu" in result.output
    for field_name in ("duration.hours", "domain", "sessions[1].end", "results[1].certification_rate"):
        assert f"champ « {field_name} »" in result.output, field_name


def organisation_site(tmp_path, **identifiers):
    """A tiny site with one training, the organisation's identifiers set in its settings."""
    write_site(tmp_path / "site", site_files({FILE: training()}))
    conf = tmp_path / "site" / "conf.py"
    values = ", ".join(f"{key!r}: {value!r}" for key, value in identifiers.items())
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + f'\nTRAININGS = {{**TRAININGS, "ORGANISATION": {{**TRAININGS["ORGANISATION"], {values}}}}}\n',
        encoding="utf-8",
    )
    return atomic_build("conf.py", tmp_path / "output", ENV, cwd=tmp_path / "site")


def test_the_organisations_siret_and_activity_number_are_checked(tmp_path):
    result = organisation_site(tmp_path, siret="123456789", activity_number="3259123456")
    assert result.code == 1, result.output
    assert (
        "réglage TRAININGS: champ « ORGANISATION.siret » : attendu un numéro SIRET de 14 chiffres "
        "(pour l'export LHEO), trouvé « 123456789 »" in result.output
    )
    assert (
        "réglage TRAININGS: champ « ORGANISATION.activity_number » : attendu un numéro de déclaration "
        "d'activité de 11 chiffres (pour l'export LHEO), trouvé « 3259123456 »" in result.output
    )


def test_real_identifiers_reach_the_lheo_export(tmp_path):
    result = organisation_site(tmp_path, siret="12345678900011", activity_number="32591234567")
    assert result.code == 0, result.output
    lheo = (tmp_path / "output" / "formations" / "lheo.xml").read_text(encoding="utf-8")
    assert "<SIRET>12345678900011</SIRET>" in lheo
    assert "<numero-activite>32591234567</numero-activite>" in lheo
