"""Content images are served resized: several widths in ``srcset``, each file at most
200 KB, ``width`` and ``height`` set. The ``images`` plugin does it; it is tested here on
tiny sites, then the published sample is checked."""

from __future__ import annotations

import io
import re

import pytest
from minisite import pelican, write_site

MAX_BYTES = 200_000
ENABLE = '\nPLUGINS = [*PLUGINS, "images"]\n'
SITE = "https://www.pop.eu.com"


def picture(width: int, height: int, kind: str = "JPEG", orientation: int | None = None) -> bytes:
    from PIL import Image  # noqa: PLC0415

    image = Image.new("RGB", (width, height))
    for x in range(0, width, 40):  # some detail, so that sizes are not trivial
        image.paste((x % 256, (x * 3) % 256, 120), (x, 0, x + 20, height))
    buffer = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(buffer, kind, exif=exif.tobytes() if orientation else b"")
    return buffer.getvalue()


def pelican_with_images(tmp_path, files: dict, publish: bool = True) -> tuple[int, str, object]:
    """A tiny site built with the project's settings plus the ``images`` plugin."""
    root = tmp_path / "site"
    write_site(root, files, publish)
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(ENABLE)
    output = tmp_path / "output"
    code, log = pelican(root, output)
    return code, log, output


def build_with_images(tmp_path, files: dict, publish: bool = True):
    code, log, output = pelican_with_images(tmp_path, files, publish)
    assert code == 0, log
    return output


def img_tags(page: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", page)


def attribute(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match.group(1) if match else None


ARTICLE = """
    ---
    title: Photos
    date: 2026-01-10
    authors:
      - Équipe POP
    cover: images/grande.jpg
    cover_alt: "Une grande photo"
    ---
    Texte.

    ![Une petite image]({static}/images/petite.png)

    ![Un logo]({static}/images/logo.svg)

    ![Une image d'ailleurs](https://example.org/photo.jpg)
    """


@pytest.fixture(scope="module")
def image_site(tmp_path_factory):
    files = {
        "content/articles/photos.md": ARTICLE,
        "content/images/grande.jpg": picture(1600, 900),
        "content/images/petite.png": picture(300, 200, "PNG"),
        "content/images/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    }
    return build_with_images(tmp_path_factory.mktemp("images"), files)


def test_a_wide_image_gets_copies_at_each_width_and_its_dimensions(image_site):
    from PIL import Image  # noqa: PLC0415

    page = (image_site / "actualites/photos/index.html").read_text("utf-8")
    cover = next(tag for tag in img_tags(page) if "grande" in tag)
    assert attribute(cover, "srcset") == (
        f"{SITE}/images/grande-480w.jpg 480w, {SITE}/images/grande-800w.jpg 800w, {SITE}/images/grande-1200w.jpg 1200w"
    )
    assert attribute(cover, "src") == f"{SITE}/images/grande-1200w.jpg"
    assert (attribute(cover, "width"), attribute(cover, "height")) == ("1200", "675")
    assert attribute(cover, "sizes") and attribute(cover, "alt") == "Une grande photo"
    for width, height in ((480, 270), (800, 450), (1200, 675)):
        with Image.open(image_site / f"images/grande-{width}w.jpg") as copy:
            assert copy.size == (width, height)
    assert (image_site / "images/grande.jpg").exists()  # feeds and Open Graph still use it


def test_a_narrow_image_is_served_as_it_is_with_its_dimensions(image_site):
    page = (image_site / "actualites/photos/index.html").read_text("utf-8")
    small = next(tag for tag in img_tags(page) if "petite" in tag)
    assert attribute(small, "src") == f"{SITE}/images/petite.png"
    assert attribute(small, "srcset") == f"{SITE}/images/petite.png 300w"
    assert (attribute(small, "width"), attribute(small, "height")) == ("300", "200")
    assert not list(image_site.glob("images/petite-*"))


def test_vector_and_foreign_images_are_left_alone(image_site):
    page = (image_site / "actualites/photos/index.html").read_text("utf-8")
    for tag in img_tags(page):
        if "logo.svg" in tag or "example.org" in tag:
            assert "srcset" not in tag, tag


def test_feeds_keep_the_original_image(image_site):
    feed = (image_site / "feeds/all.atom.xml").read_text("utf-8")
    assert "images/petite.png" in feed and "srcset" not in feed


def test_relative_addresses_of_previews_and_turned_photos(tmp_path):
    files = {
        "content/articles/photos.md": ARTICLE.replace(
            "cover: images/grande.jpg", "cover: images/tournee.jpg"
        ),
        "content/images/tournee.jpg": picture(900, 600, orientation=6),  # taken with the phone turned
        "content/images/petite.png": picture(300, 200, "PNG"),
        "content/images/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    }
    output = build_with_images(tmp_path, files, publish=False)
    page = (output / "actualites/photos/index.html").read_text("utf-8")
    cover = next(tag for tag in img_tags(page) if "tournee" in tag)
    assert (
        attribute(cover, "srcset") == "../../images/tournee-480w.jpg 480w, ../../images/tournee-600w.jpg 600w"
    )
    assert (attribute(cover, "width"), attribute(cover, "height")) == ("600", "900")


def test_a_second_pass_changes_nothing(image_site, tmp_path):
    from images import Resizer  # noqa: PLC0415

    page = image_site / "actualites/photos/index.html"
    before = page.read_text("utf-8")
    Resizer(image_site, SITE, {"WIDTHS": (480, 800, 1200), "QUALITY": 80, "SIZES": "100vw", "MAX_BYTES": MAX_BYTES,
                               "EXTENSIONS": (".jpg", ".png")}).rewrite_page(page)  # fmt: skip
    assert page.read_text("utf-8") == before


def test_unreadable_images_are_all_listed_and_stop_the_build(tmp_path):
    files = {
        "content/articles/photos.md": ARTICLE.replace("cover: images/grande.jpg", "cover: images/cassee.jpg"),
        "content/images/cassee.jpg": b"pas une image",
        "content/images/petite.png": b"pas une image non plus",
        "content/images/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    }
    code, log, _ = pelican_with_images(tmp_path, files)
    assert code == 1
    assert "2 image(s) impossible(s) à redimensionner" in log
    assert "images/cassee.jpg : image illisible" in log and "images/petite.png : image illisible" in log
    assert "Traceback" not in log


# --- the published sample ---------------------------------------------------------------


def test_sample_images_are_resized_light_and_sized(sample_site):
    from bs4 import BeautifulSoup  # noqa: PLC0415

    files = set(sample_site.files())
    problems, images, resized = [], 0, 0
    for name in sorted(f for f in files if f.endswith(".html")):
        for image in BeautifulSoup(sample_site.read(name), "html.parser").find_all("img"):
            images += 1
            element = f'<img src="{image.get("src", "")}" alt="{image.get("alt", "")[:40]}…">'
            candidates = [c.split() for c in image.get("srcset", "").split(",") if c.strip()]
            resized += bool(candidates)
            widths = {c[1] for c in candidates if len(c) == 2 and c[1].endswith("w")}
            if len(widths) < 2:
                problems.append(f"{name} : règle « plusieurs largeurs (srcset) » — {element}")
            for attr in ("width", "height"):
                if not (image.get(attr) or "").isdigit():
                    problems.append(f"{name} : règle « {attr} renseigné » — {element}")
            for url in {image.get("src", "")} | {c[0] for c in candidates}:
                path = url.removeprefix(SITE + "/")
                if path not in files:
                    problems.append(f"{name} : règle « image présente » — {url} manque — {element}")
                elif (size := (sample_site.output / path).stat().st_size) > MAX_BYTES:
                    problems.append(f"{name} : règle « ≤ 200 Ko » — {url} pèse {size // 1000} Ko — {element}")
    assert images, "le site d'exemple ne montre aucune image"
    hint = (
        "\n(Aucune image n'a de srcset : le plugin « images » est-il activé ? "
        'PLUGINS = [..., "images"] dans pelicanconf.py, et Pillow dans requirements.txt.)'
        if not resized
        else ""
    )
    assert not problems, f"{len(problems)} problème(s) d'images :\n" + "\n".join(problems) + hint
