"""The LHEO export says what the pages say: texts shortened between words, the entry level
read from the prerequisites, each session taught as its JSON-LD says, the programme's
headings on lines of their own. Checked on the published sample, with the LHEO 2.3 schema."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from needs import shared_file
from trainings.lheo import clip, entry_level

NS = {"l": "http://lheo.gouv.fr/2.3"}
TEACHING = {"0": "onsite", "1": "blended", "2": "online"}


@pytest.fixture(scope="module")
def lheo(sample_site):
    schema = etree.XMLSchema(etree.parse(str(shared_file("lheo/lheo-2.3.xsd"))))
    document = etree.fromstring(sample_site.read("formations/lheo.xml").encode("utf-8"))
    schema.validate(document)
    # the sample's SIRET and activity number are placeholders, left out (see CONTENT-MODEL):
    # every other element must be valid LHEO 2.3
    errors = [e for e in schema.error_log if not re.search(r"\}(SIRET|numero-activite)'", e.message)]
    assert not errors, "\n".join(f"{e.line}: {e.message}" for e in errors)
    return document


def formation(document, slug):
    return document.find(f"l:offres/l:formation[@numero='{slug}']", NS)


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


WORD = st.text(alphabet="abcdéèçœ·'-", min_size=1, max_size=10)  # a word always fits in 12
SEPARATOR = st.sampled_from([" ", " ", " ", ", ", " : ", ". ", " ; ", "! "])


@settings(database=None)  # nothing written in the project's folder
@given(
    st.lists(st.tuples(WORD, SEPARATOR), min_size=1, max_size=60), st.integers(min_value=12, max_value=200)
)
def test_a_shortened_text_ends_between_two_words_with_an_ellipsis(pieces, limit):
    text = "".join(word + sep for word, sep in pieces).strip()
    short = clip(text, limit)
    assert len(short) <= limit
    if short == text:
        return
    assert short.endswith("…")
    kept = short[:-1].rstrip()
    assert text.startswith(kept)
    following = text[len(kept) : len(kept) + 1]
    assert following in (" ", ",", ";", ":", ".", "!"), (text, short)  # a whole word was kept


def test_a_text_is_cut_at_the_end_of_a_sentence_when_one_is_near():
    text = "Première phrase assez longue pour compter. Seconde phrase qui ne tient pas dans la limite."
    assert clip(text, 60) == "Première phrase assez longue pour compter. …"
    assert clip("Un deux trois quatre cinq six", 16) == "Un deux trois…"


def test_sample_texts_are_never_cut_inside_a_word(lheo, sample_site):
    """Every shortened LHEO text keeps whole words: its last word is a word of the training file."""
    sources = {}
    for path in (sample_site.root / "content" / "formations").glob("*.md"):
        sources[path.stem] = words(path.read_text(encoding="utf-8"))
    shortened = 0
    for element in lheo.iter():
        text = element.text if isinstance(element.tag, str) else None
        if not text or not text.endswith("…"):
            continue
        shortened += 1
        slug = element.xpath("ancestor::l:formation/@numero", namespaces=NS)[0]
        last = re.findall(r"\w+", text)[-1]
        assert last in sources[slug], (element.tag, text[-40:])
    assert shortened  # the sample's long texts are shortened, not refused


@pytest.mark.parametrize(
    ("prerequisites", "expected"),
    [
        (["Aucun diplôme requis", "Savoir utiliser un ordinateur"], ("1", "0")),
        (["Niveau baccalauréat ou expérience professionnelle équivalente"], ("14", "0")),
        (["Bac+2 dans le domaine"], ("15", "1")),
        (["Titulaire d'un CAP ou d'un BEP"], ("13", "1")),
        (["Être motivé·e", "Avoir un but professionnel précis"], ("0", "0")),
        (["Bac + 5 en informatique ou master"], ("17", "1")),
    ],
)
def test_the_entry_level_is_read_from_the_prerequisites(prerequisites, expected):
    assert entry_level(prerequisites) == expected


def test_no_diploma_required_is_coded_as_no_specific_level(lheo):
    dwwm = formation(lheo, "developpeur-web-web-mobile")  # « Aucun diplôme requis »
    assert dwwm.findtext("l:code-niveau-entree", namespaces=NS) == "1"
    assert {
        a.findtext("l:niveau-entree-obligatoire", namespaces=NS) for a in dwwm.iterfind("l:action", NS)
    } == {"0"}
    seo = formation(lheo, "mediaplanneur-seo-sea")  # « Niveau baccalauréat ou expérience… équivalente »
    assert seo.findtext("l:code-niveau-entree", namespaces=NS) == "14"


def test_each_session_is_taught_in_lheo_as_in_json_ld(lheo, sample_site):
    compared = []
    for element in lheo.iterfind("l:offres/l:formation", NS):
        slug = element.get("numero")
        page = sample_site.soup(f"formations/{slug}/index.html")
        data = json.loads(page.find("script", type="application/ld+json").string)
        modes = {i["@id"].rpartition("#session-")[2]: i["courseMode"] for i in data["hasCourseInstance"]}
        for action in element.iterfind("l:action", NS):
            mode = TEACHING[action.findtext("l:modalites-enseignement", namespaces=NS)]
            for session in action.iterfind("l:session", NS):
                if session.get("numero") in modes:
                    assert modes[session.get("numero")] == mode, (slug, session.get("numero"))
                    compared.append((slug, session.get("numero"), mode))
    assert ("conseiller-mediateur-numerique", "2027-09-06", "online") in compared  # the distance session
    assert ("conseiller-mediateur-numerique", "2027-02-01", "blended") in compared
    assert len(compared) >= 10


def test_the_programme_keeps_its_headings_on_lines_of_their_own(lheo):
    programme = formation(lheo, "developpeur-web-web-mobile").findtext("l:contenu-formation", namespaces=NS)
    lines = programme.split("\n")
    for heading in (
        "Développer la partie front-end d'une application web",
        "Développer la partie back-end d'une application web",
        "Projet et stage",
    ):
        assert heading in lines
        assert lines[lines.index(heading) - 1] == ""  # a blank line before each heading
    assert lines[0].startswith("La formation prépare au titre professionnel")
