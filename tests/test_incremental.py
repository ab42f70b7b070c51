"""Previews render again only what an edit touches, and never show a stale page."""

from __future__ import annotations

import re

from minisite import pelican, write_site


def rendered(log: str) -> int:
    return int(re.search(r"Pages rendues : (\d+)", log).group(1))


def test_preview_renders_only_what_changed_and_stays_right(tmp_path):
    root = tmp_path / "site"
    files = {
        f"content/articles/a{n}.md": f"---\ntitle: Article {n}\ndate: 2025-01-{n:02d}\ntags:\n  - T{n % 2}\n---\nTexte {n}\n"
        for n in range(1, 31)
    }
    write_site(root, files, publish=False)
    (root / "conf.py").write_text(
        (root / "conf.py").read_text()
        + "CACHE_PATH = 'cache'\nLOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\n"
        # the first build, with no cache yet, reads ahead in worker processes
        + "CONTENTKIT = {**CONTENTKIT, 'PARALLEL_MIN_FILES': 1}\n"
    )
    output = tmp_path / "out"
    code, first = pelican(root, output)
    assert code == 0, first
    total = rendered(first)
    assert total > 10

    code, again = pelican(root, output)
    assert code == 0 and rendered(again) == 0, again

    article = root / "content/articles/a28.md"
    article.write_text(article.read_text().replace("Article 28", "Article trois"))
    code, edited = pelican(root, output)
    assert code == 0, edited
    assert 0 < rendered(edited) < total / 2
    for page in (
        "actualites/a28/index.html",
        "index.html",
        "mots-cles/t0/index.html",
        "plan-du-site/index.html",
    ):
        assert "Article trois" in (output / page).read_text(), page
    assert "Article trois" not in (output / "actualites/a27/index.html").read_text()

    article.unlink()
    code, removed = pelican(root, output)
    assert code == 0, removed
    assert not (output / "actualites/a28/index.html").exists()
    assert "Article trois" not in (output / "index.html").read_text()


def test_a_truncated_content_cache_is_dropped_not_fatal(tmp_path):
    root = tmp_path / "site"
    write_site(root, {}, publish=False)
    (root / "conf.py").write_text(
        (root / "conf.py").read_text()
        + "CACHE_PATH = 'cache'\nLOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\n"
    )
    output = tmp_path / "out"
    code, log = pelican(root, output)
    assert code == 0, log
    readers = root / "cache" / "ArticlesGenerator-Readers"
    readers.write_bytes(readers.read_bytes()[:-10])  # a build stopped while saving its cache

    code, log = pelican(root, output)
    assert code == 0, log
    assert "Cache incomplet effacé (ArticlesGenerator-Readers)" in log
    assert "Traceback" not in log
    assert "Bienvenue" in (output / "actualites/bienvenue/index.html").read_text()


def test_a_refused_file_stays_refused_in_the_next_preview(tmp_path):
    """Pelican's reader cache kept the refusal without its errors: the next build, after any
    other edit, succeeded without the broken article."""
    root = tmp_path / "site"
    files = {
        f"content/articles/a{n}.md": f"---\ntitle: Article {n}\ndate: 2025-01-0{n}\n---\nTexte\n"
        for n in (1, 2)
    }
    write_site(root, files, publish=False)
    (root / "conf.py").write_text(
        (root / "conf.py").read_text()
        + "CACHE_PATH = 'cache'\nLOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\n"
    )
    output = tmp_path / "out"
    assert pelican(root, output)[0] == 0
    (root / "content/articles/a2.md").write_text(
        "---\ntitle: Titre : « revu »\ndate: 2025-01-02\n---\nTexte\n"
    )
    code, log = pelican(root, output)
    assert code == 1 and "a2.md:2: syntaxe YAML invalide" in log, log
    (root / "content/articles/a1.md").write_text("---\ntitle: Autre\ndate: 2025-01-01\n---\nTexte\n")
    code, log = pelican(root, output)
    assert code == 1 and "a2.md:2: syntaxe YAML invalide" in log, log
    assert "Titre" not in (output / "index.html").read_text()
