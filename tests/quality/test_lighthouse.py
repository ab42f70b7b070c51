"""Lighthouse (mobile emulation) on the home, a training, a resource, an issue and an
article, as far as they exist: accessibility, best practices and SEO score 1.0; the
performance score depends on the machine's timing: it is reported, not asserted."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from qualitykit import lighthouse_pages, note, npm_file, system_tool

ASSERTED = ["accessibility", "best-practices", "seo"]
PERFORMANCE_TARGET = 0.98
SCRIPT = Path(__file__).with_name("lighthouse-batch.mjs")


@pytest.fixture(scope="session")
def lighthouse_reports(templates, site_server, tmp_path_factory, quality_report):
    """Lighthouse's report for each audited page, run once for the session."""
    chromium = system_tool("chromium")
    node = system_tool("node")
    npm_file("lighthouse")
    pages = lighthouse_pages(templates)
    folder = tmp_path_factory.mktemp("lighthouse")
    process = subprocess.run(
        [node, str(SCRIPT), str(folder), str(folder / "profile")]
        + [site_server.url(p.address) for p in pages],
        env={**os.environ, "CHROME_PATH": chromium},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )
    assert process.returncode == 0, f"Lighthouse a échoué (code {process.returncode}) :\n{process.stdout}"
    reports = {}
    for index, template in enumerate(pages):
        report = json.loads((folder / f"{index}.json").read_text("utf-8"))
        reports[template] = report
        scores = [report["categories"][c]["score"] for c in (*ASSERTED, "performance")]
        note(
            quality_report, template, "lighthouse", "/".join("—" if s is None else f"{s:.2f}" for s in scores)
        )
    return reports


def where(item: dict) -> str:
    """The element or resource a Lighthouse finding is about."""
    node = item.get("node") or {}
    if node:
        snippet = " ".join((node.get("snippet") or "").split())[:140]
        return f"{node.get('selector', '?')} « {snippet} »"
    for key in ("url", "source", "description"):
        value = item.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, dict) and value.get("url"):
            return value["url"]
    return json.dumps(item, ensure_ascii=False)[:160]


def findings(report: dict, category: str) -> list[str]:
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if audit.get("score") is None or audit["score"] >= 1 or not ref.get("weight"):
            continue
        items = (audit.get("details") or {}).get("items") or []
        elements = "; ".join(where(item) for item in items[:5]) or audit.get("displayValue") or "—"
        lines.append(f"règle « {ref['id']} » ({audit['title']}) — élément(s) : {elements}")
    return lines


def test_lighthouse_accessibility_best_practices_and_seo_are_perfect(lighthouse_reports):
    problems = []
    for template, report in lighthouse_reports.items():
        assert not report.get("runtimeError"), f"{template} : {report['runtimeError']}"
        for category in ASSERTED:
            score = report["categories"][category]["score"]
            if score is None or score < 1:
                for line in findings(report, category) or ["(aucune règle pondérée en défaut)"]:
                    problems.append(f"{template} : Lighthouse {category} {score} — {line}")
    assert not problems, "Lighthouse ne donne pas 1.0 :\n" + "\n".join(problems)


def test_lighthouse_performance_is_reported(lighthouse_reports, capsys):
    """Printed (and in the end-of-run table), not asserted: it depends on the machine."""
    with capsys.disabled():
        print()
        for template, report in lighthouse_reports.items():
            score = report["categories"]["performance"]["score"]
            metrics = {
                key: report["audits"][key].get("displayValue", "—")
                for key in (
                    "first-contentful-paint",
                    "largest-contentful-paint",
                    "total-blocking-time",
                    "cumulative-layout-shift",
                )
            }
            mark = (
                ""
                if score is not None and score >= PERFORMANCE_TARGET
                else f" (sous l'objectif {PERFORMANCE_TARGET})"
            )
            print(
                f"Lighthouse performance {template} : {score}{mark} — "
                + ", ".join(f"{k} {v}" for k, v in metrics.items())
            )
    assert lighthouse_reports
