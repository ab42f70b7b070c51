"""The catalogue in LHEO 2.3 XML, the format of the regional Carif-Oref catalogues
(``lheo > offres > formation > action > session``).

Each training is one ``formation`` with one ``action`` per place, holding the sessions to
come there (past and cancelled sessions are not offered any more). A training with
entry at any time (``permanent_entry``) and no session gets one session with LHEO's
unknown dates (``00000000`` to ``99999999``). A training with nothing to offer is left
out. A text longer than its field allows is cut at the end of a sentence, or else
between two words, and ends with « … »: never inside a word.

The entry level (``code-niveau-entree``, ``niveau-entree-obligatoire``) is read from the
prerequisites (``ENTRY_LEVELS``, documented in docs/formations.md); each action's teaching
mode is the JSON-LD ``courseMode`` of its sessions (a session at a distance is « entièrement
à distance »); the programme keeps its headings on lines of their own.

Codes: the domain's ``formacode``, ``nsf`` and ``rome`` (data/domains.yml), the funders'
``lheo_code`` (data/funders.yml), the organisation's identifiers and the other codes
from the ``TRAININGS`` setting (``ORGANISATION``, ``LHEO_CODES``).
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

from lxml import etree
from lxml import html as lxml_html

from contentkit.placeholders import public

from .jsonld import course_mode
from .model import plain

NAMESPACE = "http://lheo.gouv.fr/2.3"
UNKNOWN_START, UNKNOWN_END = "00000000", "99999999"
# modalites-enseignement: 0 entièrement présentielle, 1 mixte, 2 entièrement à distance
TEACHING = {"onsite": "0", "blended": "1", "online": "2"}  # keys: schema.org courseMode
ELLIPSIS = "…"

# The entry level, from the prerequisites: the first rule (in this order) that one
# prerequisite matches gives ``code-niveau-entree`` (LHEO's codes 11 to 18 are the levels 1
# to 8 of the 2019 national framework, 1 is « sans niveau spécifique », 0 « information non
# communiquée ») and ``niveau-entree-obligatoire`` (1 when the level is required, 0 when an
# equivalent experience is accepted instead). Patterns are matched without accents, in
# lower case. Documented in docs/formations.md: keep both in step.
ENTRY_LEVELS = (
    (r"\b(bac|baccalaureat) ?\+ ?(5|cinq)\b|\bmaster\b", "17"),
    (r"\b(bac|baccalaureat) ?\+ ?(3|4|trois|quatre)\b|\blicence\b", "16"),
    (r"\b(bac|baccalaureat) ?\+ ?(2|deux)\b|\bbts\b|\bdut\b", "15"),
    (r"\b(bac|baccalaureat)\b", "14"),
    (r"\b(cap|bep)\b", "13"),
    (r"\b(aucun|sans)( \w+)? (diplome|niveau|prerequis)\b", "1"),
)
EQUIVALENCE = re.compile(r"\bou (une )?(experience|equivalen|niveau equivalent)")
SENTENCE_END = re.compile(r"[.!?…](?:\s*»)?(?=\s)")
OPEN, CLOSED = "1", "2"  # etat-recrutement


def lheo_date(day) -> str:
    return day.strftime("%Y%m%d")


def clip(text, limit: int, lines: bool = False) -> str:
    """``text`` in at most ``limit`` characters, cut at the end of a sentence when one ends in
    the second half of the room, or else between two words, followed by « … ». Spaces are
    collapsed; with ``lines``, line breaks are kept."""
    if lines:
        rows = (" ".join(row.split()) for row in str(text or "").split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(rows)).strip()
    else:
        text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    room = limit - 2  # the ellipsis and the space before it
    head = text[: room + 1]  # one more: a sentence or a word may end exactly at the limit
    ends = [m.end() for m in SENTENCE_END.finditer(head) if m.end() <= room]
    if ends and ends[-1] >= room // 2:
        return head[: ends[-1]] + " " + ELLIPSIS
    cut = max(head.rfind(" "), head.rfind("\n"))
    if cut <= 0:  # one word longer than the field: no honest way to shorten it
        return head[: room + 1] + ELLIPSIS
    kept = head[:cut].rstrip(" ,;:\n")
    for dash in (" –", " —", " -"):  # a dash between two words goes with the cut
        kept = kept.removesuffix(dash)
    return kept.rstrip(" ,;:\n") + ELLIPSIS


def folded(text: str) -> str:
    """Lower case without accents, for matching French words."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def entry_level(prerequisites, default="0") -> tuple[str, str]:
    """(``code-niveau-entree``, ``niveau-entree-obligatoire``) read from the prerequisites;
    when no rule matches, ``default`` (the setting ``LHEO_CODES["entry_level"]``), not required."""
    for pattern, code in ENTRY_LEVELS:
        for prerequisite in prerequisites or ():
            text = folded(prerequisite)
            if re.search(pattern, text):
                required = "0" if code == "1" or EQUIVALENCE.search(text) else "1"
                return code, required
    return str(default or "0"), "0"


BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dt", "dd", "pre"}


def programme_text(html: str) -> str:
    """The programme as plain text: each heading, paragraph and list item on a line of its
    own, headings after a blank line, list items after « - »."""
    if not str(html or "").strip():
        return ""
    root = lxml_html.fragment_fromstring(str(html), create_parent="div")
    rows: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in BLOCKS:
            continue
        if any(a.tag in BLOCKS for a in element.iterancestors()):
            continue  # a paragraph inside a list item: the item holds its text
        text = " ".join(element.text_content().split())
        if not text:
            continue
        if element.tag.startswith("h"):
            rows += ["", text]
        else:
            rows.append(f"- {text}" if element.tag == "li" else text)
    return "\n".join(rows).strip()


def codes(value) -> list[str]:
    """A vocabulary's code attribute: one code or a list of them."""
    if value is None or value == "":
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values if str(v).strip()]


class Builder:
    """Elements in the LHEO namespace, children in the order the schema wants."""

    def __init__(self):
        self.root = etree.Element(f"{{{NAMESPACE}}}lheo", nsmap={None: NAMESPACE})

    @staticmethod
    def add(parent, name: str, text=None, **attributes):
        element = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}")
        for key, value in attributes.items():
            element.set(key.replace("_", "-"), str(value))
        if text is not None:
            element.text = str(text)
        return element


def address(b: Builder, parent, place: dict) -> None:
    """``adresse``: name, street lines of at most 50 characters, postcode and city."""
    element = b.add(parent, "adresse")
    place = public(place)  # a placeholder « [à compléter…] » is left out
    if place.get("name"):
        b.add(element, "denomination", clip(place["name"], 255))
    street = " ".join(str(place.get("address") or place.get("street") or "").split())
    lines = textwrap.wrap(street, 50)[:4] or [clip(place.get("name") or "-", 50)]
    for line in lines:
        b.add(element, "ligne", line)
    b.add(element, "codepostal", str(place.get("postcode") or ""))
    b.add(element, "ville", clip(place.get("city") or "", 50))
    b.add(element, "pays", "FR")


def coordinates(b: Builder, parent, name=None, phone=None, email=None, web=None, place=None) -> None:
    element = b.add(parent, "coordonnees")
    if name:
        b.add(element, "nom", clip(name, 50))
    if place:
        address(b, element, place)
    if phone:
        b.add(b.add(element, "telfixe"), "numtel", clip(phone, 25))
    if email:
        b.add(element, "courriel", clip(email, 160))
    if web:
        b.add(b.add(element, "web"), "urlweb", clip(web, 400))


def organisation_place(org: dict) -> dict:
    place = dict(org.get("address") or {})
    place.setdefault("name", org.get("name"))
    return place


def offered_sessions(training) -> list:
    return [s for s in training.session_list if not s.past and s.status != "cancelled"]


def exported(trainings: list) -> list:
    """The trainings the export offers: sessions to come, or entry at any time."""
    return [t for t in trainings if offered_sessions(t) or t.permanent]


def session_element(b: Builder, action, session, registration_place: dict) -> None:
    element = b.add(action, "session", numero=session.key)
    period = b.add(element, "periode")
    b.add(period, "debut", lheo_date(session.start))
    b.add(period, "fin", lheo_date(session.end))
    address(b, b.add(element, "adresse-inscription"), registration_place)
    if session.deadline:
        inscription = b.add(b.add(element, "periode-inscription"), "periode")
        b.add(inscription, "debut", UNKNOWN_START)
        b.add(inscription, "fin", lheo_date(session.deadline))
    b.add(element, "etat-recrutement", OPEN if session.is_open else CLOSED)
    if session.apply_url:
        b.add(b.add(element, "url-session"), "urlweb", clip(session.apply_url, 400))


def action_element(b: Builder, parent, training, location: str | None, sessions: list, config: dict) -> None:
    lheo = config["LHEO_CODES"]
    org = public(config.get("ORGANISATION") or {})
    action = b.add(parent, "action", numero=f"{training.slug}-{location or 'entree-permanente'}")
    rhythm = lheo.get("rhythm_permanent") if training.permanent else lheo.get("rhythm")
    b.add(action, "rythme-formation", clip(rhythm or "Temps plein", 3000))
    for code in codes(lheo.get("public"))[:10]:
        b.add(action, "code-public-vise", code)
    b.add(action, "info-public-vise", clip(training.audience, 250))
    b.add(
        action, "niveau-entree-obligatoire", entry_level(training.prerequisites, lheo.get("entry_level"))[1]
    )
    company = training.company_hours
    b.add(
        action,
        "modalites-alternance",
        f"Stage en entreprise de {company} heures" if company else "Sans alternance",
    )
    b.add(
        action, "modalites-enseignement", TEACHING[course_mode(training, sessions[0] if sessions else None)]
    )
    b.add(action, "conditions-specifiques", clip(" ; ".join(training.prerequisites), 3000))
    b.add(action, "prise-en-charge-frais-possible", "1" if training.funders or training.is_free else "0")
    place = sessions[0].place if sessions and not sessions[0].online else None
    if place:
        coordinates(b, b.add(action, "lieu-de-formation"), place=place)
    b.add(action, "modalites-entrees-sorties", "1" if training.permanent else "0")
    b.add(b.add(action, "url-action"), "urlweb", clip(training.absolute_url, 400))
    registration = place or organisation_place(org)
    if sessions:
        for session in sessions:
            session_element(b, action, session, registration)
    else:
        element = b.add(action, "session", numero="entree-permanente")
        period = b.add(element, "periode")
        b.add(period, "debut", UNKNOWN_START)
        b.add(period, "fin", UNKNOWN_END)
        address(b, b.add(element, "adresse-inscription"), registration)
        b.add(element, "etat-recrutement", OPEN)
    if public(training.accessibility):  # optional in LHEO: left out while a placeholder remains
        b.add(action, "acces-handicapes", clip(training.accessibility, 250))
    b.add(action, "langue-formation", lheo.get("language") or "fr")
    b.add(
        action,
        "modalites-recrutement",
        clip(f"{training.access['process']} Délai : {training.access['delay']}", 3000),
    )
    b.add(action, "modalites-pedagogiques", clip(training.methods, 200))
    b.add(action, "prix-total-TTC", f"{training.price_amount:.2f}")
    if training.weeks:
        b.add(action, "duree-indicative", f"{training.weeks} semaines")
    b.add(action, "nombre-heures-centre", training.hours)
    b.add(action, "nombre-heures-entreprise", company)
    b.add(action, "nombre-heures-total", training.total_hours)
    if training.price.get("note"):
        b.add(action, "detail-conditions-prise-en-charge", clip(training.price["note"], 600))
    seen = []
    for funder in training.funders:
        code = str(funder.get("lheo_code", "")).strip()
        if code and code not in seen:
            seen.append(code)
    for code in seen[:8]:
        b.add(b.add(action, "organisme-financeur"), "code-financeur", code)


def formation_element(b: Builder, offers, training, config: dict) -> None:
    # placeholders are left out; SIRET and numero-activite are required by LHEO, so they
    # stay empty (invalid) until filled in, and publishing refuses placeholders anyway
    org = public(config.get("ORGANISATION") or {})
    lheo = config["LHEO_CODES"]
    domain = training.domain_entry
    element = b.add(
        offers,
        "formation",
        numero=training.slug,
        datecrea=lheo_date(training.first_day),
        datemaj=lheo_date(training.updated_day),
    )
    domain_element = b.add(element, "domaine-formation")
    for name, limit in (("formacode", 5), ("nsf", 3), ("rome", 5)):
        tag = {"formacode": "code-FORMACODE", "nsf": "code-NSF", "rome": "code-ROME"}[name]
        for code in codes(domain.get(name))[:limit]:
            b.add(domain_element, tag, code)
    b.add(element, "intitule-formation", clip(training.title, 255))
    b.add(element, "objectif-formation", clip(" ; ".join(training.objectives), 3000))
    expected = training.credential + (
        " — " + " ; ".join(training.outcome_list) if training.outcome_list else ""
    )
    b.add(element, "resultats-attendus", clip(expected, 3000))
    programme = programme_text(training.get_content(""))
    b.add(element, "contenu-formation", clip(programme or plain(training.summary_text), 3000, lines=True))
    b.add(element, "certifiante", "1" if training.certification else "0")
    contact = public(training.contact)
    coordinates(
        b,
        b.add(element, "contact-formation"),
        name=contact.get("name"),
        phone=contact.get("phone"),
        email=contact.get("email"),
    )
    b.add(element, "parcours-de-formation", "2" if training.permanent else "1")  # individualisé / en groupe
    b.add(element, "code-niveau-entree", entry_level(training.prerequisites, lheo.get("entry_level"))[0])
    cert = training.certification
    if cert:
        number = cert["code"].removeprefix("RNCP").removeprefix("RS")
        certification = b.add(element, "certification")
        b.add(certification, "code-RNCP" if cert["code"].startswith("RNCP") else "code-RS", number)
        if cert.get("level"):
            # LHEO's codes 11 to 18 are the levels 1 to 8 of the 2019 national framework
            b.add(element, "code-niveau-sortie", str(10 + int(cert["level"])))
    b.add(b.add(element, "url-formation"), "urlweb", clip(training.absolute_url, 400))
    sessions = offered_sessions(training)
    by_place: dict[str, list] = {}
    for session in sessions:
        by_place.setdefault(session.location, []).append(session)
    if by_place:
        for location, group in by_place.items():
            action_element(b, element, training, location, group, config)
    else:
        action_element(b, element, training, None, [], config)
    responsible = b.add(element, "organisme-formation-responsable")
    b.add(responsible, "numero-activite", org.get("activity_number", ""))
    b.add(b.add(responsible, "SIRET-organisme-formation"), "SIRET", org.get("siret", ""))
    b.add(responsible, "nom-organisme", clip(org.get("name"), 250))
    b.add(responsible, "raison-sociale", clip(org.get("legal_name") or org.get("name"), 250))
    coordinates(
        b,
        b.add(responsible, "coordonnees-organisme"),
        place=organisation_place(org),
        phone=org.get("phone"),
        email=org.get("email"),
        web=org.get("url"),
    )
    coordinates(b, b.add(responsible, "contact-organisme"), phone=org.get("phone"), email=org.get("email"))


def export(trainings: list, config: dict) -> str:
    """The LHEO document of ``trainings`` (at least one must have something to offer)."""
    b = Builder()
    offers = b.add(b.root, "offres")
    for training in exported(trainings):
        formation_element(b, offers, training, config)
    text = etree.tostring(b.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return text.decode("utf-8")
