"""Markdown results kept between publish builds (contentkit.mdcache): a second publish gives
the same site, an edited text is converted again, and a change of the Markdown settings is
never served from the cache."""

from __future__ import annotations

import marshal

from minisite import pelican, tree_digest, write_site

from contentkit.mdcache import CACHE_FILE, MarkdownCache

# enough files for the reading to go to the worker processes (prefetch), like a big site
ARTICLES = {
    f"content/articles/a{n}.md": (
        f"---\ntitle: Article {n}\ndate: 2025-02-{n:02d}\nsummary: Résumé *{n}*\n---\n"
        f"## Partie {n}\n\nTexte **{n}** de l'article.\n"
    )
    for n in range(1, 9)
}
WORKERS = 'CONTENTKIT = {**CONTENTKIT, "PARALLEL_MIN_FILES": 1}\n'


def site(tmp_path, files, extra_settings=""):
    root = tmp_path / "site"
    write_site(root, files)
    conf = root / "conf.py"
    conf.write_text(conf.read_text() + WORKERS + extra_settings)
    return root


def build(root, output):
    code, log = pelican(root, output)
    assert code == 0, log
    return tree_digest(output)


def test_a_second_publish_takes_the_markdown_from_the_cache_and_writes_the_same_site(tmp_path):
    root = site(tmp_path, ARTICLES)
    first = build(root, tmp_path / "un")
    cache = root / ".cache" / CACHE_FILE
    entries = marshal.loads(cache.read_bytes())
    assert len(entries) == 18  # 10 bodies (with the base site's two) and 8 formatted summaries
    assert build(root, tmp_path / "deux") == first

    # a cached entry is what the build shows: proof that the second build read the cache
    planted = {key: html.replace("de l'article", "DU CACHE") for key, html in entries.items()}
    cache.write_bytes(marshal.dumps(planted))
    build(root, tmp_path / "trois")
    assert "DU CACHE" in (tmp_path / "trois" / "actualites" / "a3" / "index.html").read_text()


def test_an_edited_text_is_converted_again_and_unused_entries_are_dropped(tmp_path):
    root = site(tmp_path, ARTICLES)
    build(root, tmp_path / "un")
    (root / "content/articles/a3.md").write_text(
        "---\ntitle: Article 3\ndate: 2025-02-03\nsummary: Résumé *3*\n---\nTexte *réécrit*.\n",
        encoding="utf-8",
    )
    build(root, tmp_path / "deux")
    page = (tmp_path / "deux" / "actualites" / "a3" / "index.html").read_text()
    assert "Texte <em>réécrit</em>." in page
    assert "Partie 3" not in page
    # the old text of a3 is no longer used by any file: forgotten, the new one kept
    assert len(marshal.loads((root / ".cache" / CACHE_FILE).read_bytes())) == 18


def test_other_markdown_settings_never_reuse_the_cache(tmp_path):
    root = site(tmp_path, ARTICLES)
    build(root, tmp_path / "un")
    page = (tmp_path / "un" / "actualites" / "a2" / "index.html").read_text()
    assert '<h2 id="partie-2">' in page  # the toc extension gives headings their anchors
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text() + 'MARKDOWN = {**MARKDOWN, "extension_configs": {"markdown.extensions.extra": {}}}\n'
    )
    build(root, tmp_path / "deux")
    page = (tmp_path / "deux" / "actualites" / "a2" / "index.html").read_text()
    assert "<h2>Partie 2</h2>" in page


def test_without_the_setting_nothing_is_kept(tmp_path):
    root = site(tmp_path, ARTICLES, 'CONTENTKIT = {**CONTENTKIT, "MARKDOWN_CACHE": False}\n')
    build(root, tmp_path / "un")
    assert not (root / ".cache" / CACHE_FILE).exists()


def test_an_unreadable_cache_file_is_started_afresh(tmp_path):
    path = tmp_path / CACHE_FILE
    path.write_bytes(b"\x00pas un cache")
    cache = MarkdownCache(path, {"extensions": []})
    assert cache.convert("body", "*a*", lambda: "<p><em>a</em></p>") == "<p><em>a</em></p>"
    cache.save()
    again = MarkdownCache(path, {"extensions": []})
    assert again.convert("body", "*a*", lambda: "converti de nouveau") == "<p><em>a</em></p>"
    # same text, other kind of field or other settings: another entry
    assert again.convert("inline", "*a*", lambda: "en ligne") == "en ligne"
    other = MarkdownCache(path, {"extensions": ["toc"]})
    assert other.convert("body", "*a*", lambda: "autres réglages") == "autres réglages"
