"""Full builds: the two-core build writes the same site as a one-core build."""

from __future__ import annotations

from minisite import build_sample, pelican, tree_digest, write_site


def test_two_core_build_writes_exactly_what_one_core_writes(sample_site, tmp_path):
    single = build_sample(tmp_path / "single", "publishconf.py", {"PARALLEL": "0"})

    def pages(site):
        return {f for f in site.files() if not f.startswith("pagefind/")}

    assert pages(single) == pages(sample_site)
    for name in pages(single):
        assert (single.output / name).read_bytes() == (sample_site.output / name).read_bytes(), name


def pages_digest(folder):
    """The site's files, without Pagefind's index (whose file names vary between runs)."""
    return {name: sha for name, sha in tree_digest(folder).items() if not name.startswith("pagefind/")}


def build_with(tmp_path, name, files, parallel):
    root = tmp_path / name
    write_site(root, files)
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text()
        + f'CONTENTKIT = {{**CONTENTKIT, "PARALLEL": "{parallel}", "PARALLEL_MIN_FILES": 1}}\n'
    )
    code, log = pelican(root, tmp_path / f"{name}-out")
    return code, log, tmp_path / f"{name}-out"


def test_reading_ahead_in_workers_gives_the_same_site_and_the_same_errors(tmp_path):
    files = {
        f"content/articles/a{n}.md": f"---\ntitle: Article {n}\ndate: 2025-02-{n:02d}\nsummary: Résumé *{n}*\n---\nTexte {n}\n"
        for n in range(1, 25)
    }
    code, log, parallel = build_with(tmp_path, "par", files, 1)
    assert code == 0, log
    code, log, single = build_with(tmp_path, "seq", files, 0)
    assert code == 0, log
    assert pages_digest(parallel) == pages_digest(single)

    files["content/articles/a7.md"] = "---\ntitle: Sept\ndate: 2025-02-31\n---\nx\n"
    code, log, _ = build_with(tmp_path, "bad", files, 1)
    assert code == 1
    assert "content/articles/a7.md:3: champ « date » : attendu une date qui existe" in log
