"""Full builds: the two-core build writes the same site as a one-core build."""

from __future__ import annotations

from minisite import build_sample


def test_two_core_build_writes_exactly_what_one_core_writes(sample_site, tmp_path):
    single = build_sample(tmp_path / "single", "publishconf.py", {"PARALLEL": "0"})

    def pages(site):
        return {f for f in site.files() if not f.startswith("pagefind/")}

    assert pages(single) == pages(sample_site)
    for name in pages(single):
        assert (single.output / name).read_bytes() == (sample_site.output / name).read_bytes(), name
