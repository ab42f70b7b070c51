"""Shared fixtures: the sample site built once, and tiny sites written inline."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins"), str(ROOT / "tests")]

from minisite import FROZEN_DATE, build_sample  # noqa: E402


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The published build of the sample content, at a frozen build date."""
    return build_sample(tmp_path_factory.mktemp("sample") / "output", "publishconf.py")


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory):
    """The preview build of the sample content (drafts and future items shown, marked)."""
    folder = tmp_path_factory.mktemp("preview")
    return build_sample(folder / "output", "pelicanconf.py", {"PELICAN_CACHE_PATH": str(folder / "cache")})


@pytest.fixture()
def frozen_date():
    return FROZEN_DATE


def pytest_collection_modifyitems(items):
    """The quality checks (tests/quality) run last: their browser lives for the whole session
    in the main thread, where Playwright's sync API allows one running instance only, so the
    modules that open a browser of their own must come before."""
    items.sort(key=lambda item: "quality" in item.path.parts)
