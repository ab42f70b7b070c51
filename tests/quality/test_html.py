"""Every page of the published site is valid HTML for the current Nu HTML Checker."""

from __future__ import annotations

import json
import subprocess
from urllib.parse import unquote, urlsplit

from qualitykit import npm_file, system_tool


def test_every_page_passes_the_nu_html_checker(sample_site):
    java = system_tool("java")
    checker = npm_file("vnu-jar")
    pages = [f for f in sample_site.files() if f.endswith(".html")]
    styles = [f for f in sample_site.files() if f.endswith(".css")]
    images = [f for f in sample_site.files() if f.endswith(".svg")]
    command = [java, "-jar", str(checker), "--format", "json", "--errors-only", "--stdout"]
    command += ["--also-check-css", "--also-check-svg"]
    process = subprocess.run(
        command + pages + styles + images,
        cwd=sample_site.output,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.stdout.strip(), (
        f"le validateur n'a rien rendu (code {process.returncode}) :\n{process.stderr}"
    )
    messages = json.loads(process.stdout)["messages"]
    problems = []
    for message in messages:
        if message.get("type") != "error" and message.get("subType") != "fatal":
            continue
        name = unquote(urlsplit(message.get("url", "")).path).removeprefix(str(sample_site.output) + "/")
        line = message.get("lastLine", "?")
        column = message.get("firstColumn", message.get("lastColumn", "?"))
        extract = " ".join(message.get("extract", "").split())
        problems.append(f"{name}:{line}:{column} : {message['message']} — dans « {extract} »")
    assert not problems, f"{len(problems)} erreur(s) du validateur HTML Nu :\n" + "\n".join(problems)
    assert process.returncode == 0, process.stderr
    assert len(pages) > 20
