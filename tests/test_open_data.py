"""The « Données ouvertes » page: every machine-readable output of the site, its format, its
address and the data's licence; each address it gives leads to a file of the site."""

from __future__ import annotations

from urllib.parse import urlsplit

from minisite import build_tiny


def listed(site) -> list[tuple[str, str, str]]:
    """(title, format, address) of each row of the page."""
    rows = []
    for row in site.soup("donnees-ouvertes/index.html").select("table tbody tr"):
        title = row.th.find(string=True, recursive=False).strip()
        cells = row.find_all("td")
        rows.append((title, cells[0].get_text(strip=True), cells[1].a["href"]))
    return rows


def test_sample_open_data_page_lists_outputs_that_exist(sample_site):
    rows = listed(sample_site)
    formats = {fmt for _, fmt, _ in rows}
    assert {"Atom", "RSS 2.0", "XML Sitemap 0.9"} <= formats
    for title, _, href in rows:
        path = urlsplit(href).path.lstrip("/")
        assert (sample_site.output / path).is_file(), f"« {title} » : {href} n'existe pas dans le site"
    text = sample_site.soup("donnees-ouvertes/index.html").main.get_text(" ", strip=True)
    assert "Licence Ouverte 2.0" in text


def test_open_data_page_is_in_footer_and_site_maps(sample_site):
    home = sample_site.soup("index.html")
    assert home.select_one('footer a[href$="/donnees-ouvertes/"]').get_text() == "Données ouvertes"
    assert "/donnees-ouvertes/</loc>" in sample_site.read("sitemap.xml")


def test_licence_comes_from_settings(tmp_path):
    site = build_tiny(tmp_path, {"content/pages/contact.md": None})
    assert site.code == 0, site.log
    conf = site.root / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + 'OPEN_DATA_LICENCE = {"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"}\n',
        encoding="utf-8",
    )
    from minisite import pelican  # noqa: PLC0415

    code, log = pelican(site.root, site.output)
    assert code == 0, log
    link = site.soup("donnees-ouvertes/index.html").find("a", string="CC0 1.0")
    assert link["href"] == "https://creativecommons.org/publicdomain/zero/1.0/"
