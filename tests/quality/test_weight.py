"""What a first visit of each template costs, measured in Chromium over HTTP with gzip:
HTML + CSS + JS + fonts ≤ 30 KB transferred and ≤ 6 requests (content images aside), no
request to another host, and an ecoindex of grade A."""

from __future__ import annotations

from collections import namedtuple

import pytest
from qualitykit import ecoindex, ecoindex_grade, note

Load = namedtuple("Load", "url kind size status encoding")
BUDGET_BYTES = 30 * 1024
BUDGET_REQUESTS = 6
ECOINDEX_VIEWPORT = {"width": 1920, "height": 1080, "scale": 1}  # ecoindex's own measuring window

# Every address an image element of the page may load (src and srcset candidates).
CONTENT_IMAGES = """
() => {
  const urls = new Set();
  for (const el of document.querySelectorAll('img, picture source')) {
    const candidates = (el.getAttribute('srcset') || '').split(',').map((c) => c.trim().split(/\\s+/)[0]);
    for (const url of [el.getAttribute('src'), ...candidates]) {
      if (url) urls.add(new URL(url, document.baseURI).href);
    }
  }
  return [...urls];
}
"""
# DOM elements as ecoindex counts them: all of them, but not those inside an <svg>.
DOM_SIZE = "() => document.querySelectorAll('*').length - document.querySelectorAll('svg *').length"


@pytest.fixture(scope="session")
def first_visits(templates, first_visit, site_server, quality_report):
    """For each template: the requests of a first visit (:class:`Load`), the content
    images' addresses and the DOM size."""
    visits = {}
    for template in (t for t in templates if not t.scripted):
        with first_visit(template, **ECOINDEX_VIEWPORT) as (page, requests):
            images = set(page.evaluate(CONTENT_IMAGES))
            dom = page.evaluate(DOM_SIZE)
            loads = []
            for request in requests:
                response = request.response()
                size, status, encoding = 0, None, None
                if response is not None:
                    sizes = request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    status, encoding = response.status, response.headers.get("content-encoding")
                loads.append(Load(request.url, request.resource_type, size, status, encoding))
        visits[template] = {"requests": loads, "images": images, "dom": dom}
        own = [load for load in loads if load.url not in images]
        total = sum(load.size for load in loads)
        score = ecoindex(dom, len(loads), total / 1024)
        visits[template]["ecoindex"] = score
        note(quality_report, template, "poids", f"{sum(load.size for load in own) / 1024:.1f}")
        note(
            quality_report,
            template,
            "requêtes",
            f"{len(own)}+{len(loads) - len(own)}" if len(own) < len(loads) else str(len(own)),
        )
        note(quality_report, template, "ecoindex", f"{score:.0f} {ecoindex_grade(score)}")
    return visits


def describe(loads) -> str:
    return ", ".join(
        f"/{load.url.split('/', 3)[-1]} ({load.kind}) {load.size / 1024:.1f} Ko" for load in loads
    )


def test_no_request_to_another_host_and_none_fails(first_visits, site_server):
    problems = []
    for template, visit in first_visits.items():
        for load in visit["requests"]:
            if not load.url.startswith(site_server.origin + "/"):
                problems.append(
                    f"{template} : règle « aucun autre hôte » — requête {load.kind} vers {load.url}"
                )
            elif load.status is None or load.status >= 400:
                if not (template.name == "404" and load.url == site_server.url(template.address)):
                    problems.append(
                        f"{template} : règle « ressource présente » — {load.kind} {load.url} : statut {load.status}"
                    )
    assert not problems, "\n".join(problems)


def test_pages_stay_within_the_weight_budget(first_visits):
    """HTML, CSS, JS, fonts, icon… as transferred, content images aside."""
    problems = []
    for template, visit in first_visits.items():
        own = [load for load in visit["requests"] if load.url not in visit["images"]]
        weight = sum(load.size for load in own)
        if weight > BUDGET_BYTES:
            problems.append(
                f"{template} : règle « ≤ 30 Ko transférés » — {weight / 1024:.1f} Ko : {describe(own)}"
            )
        if len(own) > BUDGET_REQUESTS:
            problems.append(
                f"{template} : règle « ≤ {BUDGET_REQUESTS} requêtes » — {len(own)} : {describe(own)}"
            )
    assert not problems, "\n".join(problems)


def test_text_is_measured_as_sent_gzipped(first_visits):
    """The measure is the one of a server that compresses text, as production must."""
    problems = [
        f"{template} : {load.url} ({load.kind}) envoyé sans gzip"
        for template, visit in first_visits.items()
        for load in visit["requests"]
        if load.kind in ("document", "stylesheet", "script") and load.encoding != "gzip"
    ]
    assert not problems, "\n".join(problems)


def test_every_template_has_an_ecoindex_of_grade_a(first_visits, capsys):
    lines, problems = [], []
    for template, visit in first_visits.items():
        requests = len(visit["requests"])
        size = sum(load.size for load in visit["requests"]) / 1024
        score = visit["ecoindex"]
        grade = ecoindex_grade(score)
        lines.append(
            f"ecoindex {template} : {score:.1f} ({grade}) — DOM {visit['dom']}, {requests} requêtes, {size:.1f} Ko"
        )
        if grade != "A":
            problems.append(
                f"{template} : règle « ecoindex A (> 80) » — {score:.1f} ({grade}) : DOM {visit['dom']} éléments, "
                f"{requests} requêtes, {size:.1f} Ko : {describe(visit['requests'])}"
            )
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("dom", "requests", "size", "score", "grade"),
    [  # the reference implementation's own test values (cnumr/ecoindex_python)
        (100, 100, 100, 72, "B"),
        (100, 100, 1000, 67, "C"),
        (100, 100, 10000, 58, "C"),
        (200, 200, 10000, 46, "D"),
        (2355, 267, 2493, 10, "G"),
        (240, 20, 331, 83, "A"),
    ],
)
def test_ecoindex_formula_matches_the_reference(dom, requests, size, score, grade):
    assert round(ecoindex(dom, requests, size)) == score
    assert ecoindex_grade(round(ecoindex(dom, requests, size))) == grade
