"""The editors' guide cannot drift from the code: every message it documents is asserted by a test.

``docs/erreurs.md`` and each content type's guide show real messages in their tables (first
column, between backquotes). Each one must appear in a test that builds a site and checks its
output (the ``CASES`` of the error suites and the other message tests): a message reworded in
the code fails its test, and a message reworded in the guide fails here.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ["erreurs.md", "formations.md", "outillerie.md", "mediations.md"]
# the first cell of a table row, when it is a message between backquotes
ROW = re.compile(r"^\|\s*`([^`]+)`")
# what a documented message shows in place of what varies (« … », a list cut short)
ELLIPSIS = re.compile(r"…|\.\.\.")
# words of a message that are the example's own, not the message's: the file and line, or
# the option of invoke that the message is about
LOCATION = re.compile(r"^(\S+?\.(md|yml|py):\d+: |--[a-z-]+ : )")


def documented() -> list[tuple[str, str]]:
    """(guide, message) for every message shown in the first column of a guide's tables."""
    found = []
    for guide in GUIDES:
        for line in (ROOT / "docs" / guide).read_text(encoding="utf-8").splitlines():
            match = ROW.match(line)
            if match and ":" in match[1] and not match[1].startswith("invoke "):
                found.append((guide, match[1]))
    return found


@functools.cache
def asserted_texts() -> tuple[str, ...]:
    """Every string constant of the test modules (messages expected from real builds)."""
    texts = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if path.name == Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append(node.value)
            elif isinstance(node, ast.JoinedStr):  # an f-string: what varies stands as a number
                texts.append("".join(v.value if isinstance(v, ast.Constant) else "0" for v in node.values))
    return tuple(texts)


def normal(text: str) -> str:
    """A message with the example's own values blanked: what stands between « », numbers,
    paths. The sentence around them is the message itself."""
    text = LOCATION.sub("", text.strip())
    text = re.sub(r"«[^«»]*»", "«»", text)
    text = re.sub(r"\S*/\S*", "P", text)
    text = re.sub(r"\b\d{3} \([^)]*\)", "0 (R)", text)  # an HTTP status and its server's words
    return re.sub(r"\d+(, \d+)*", "0", text)  # a number, or a list of them


def produced(part: str, texts: tuple[str, ...]) -> bool:
    """A test expects this message: whole, or its beginning (at least 35 characters of it),
    as the error suites check the start of long messages."""
    wanted = normal(part)
    for text in texts:
        got = normal(text)
        if wanted in got or (len(got) >= min(35, len(wanted)) and wanted.startswith(got)):
            return True
    return False


def fragments(message: str) -> list[str]:
    """The parts of a documented message that a real message must contain."""
    message = LOCATION.sub("", message)
    return [part.strip(" ;,") for part in ELLIPSIS.split(message) if len(part.strip(" ;,")) >= 12]


def test_the_guides_document_messages():
    messages = documented()
    assert len(messages) >= 30, messages  # the tables were found and read


@pytest.mark.parametrize("guide,message", documented(), ids=lambda v: v[:60])
def test_every_documented_message_is_produced_by_a_test(guide, message):
    texts = asserted_texts()
    missing = [part for part in fragments(message) if not produced(part, texts)]
    assert not missing, (
        f"docs/{guide} documente « {message} », mais aucun test ne produit : {missing} "
        "(ajoutez un cas au test de ce type de contenu, ou corrigez le guide)"
    )
