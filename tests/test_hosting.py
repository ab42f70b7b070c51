"""Production hosting (plugins/hosting): hashed names of the theme's files and their rewritten
references, reproducible .gz/.br copies made only when a file changed, and the server
configurations rendered from one table of rules. nginx itself is in test_nginx.py."""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import os
import re
import shlex
import shutil
import stat
import subprocess

import brotli
import pytest
from hosting.compress import compress_output
from hosting.config import ConfigError, read_config
from hosting.fingerprint import fingerprint
from hosting.servers import (
    Redirect,
    render_apache,
    render_headers_file,
    render_nginx,
    render_redirects_file,
    render_s3_sync,
)
from minisite import build_tiny

SITE = "https://www.pop.eu.com"
FINGERPRINT = ["theme/**/*.{css,js,svg}"]
REWRITE = ["*.{html,css,js,xml}"]


def write(root, files: dict[str, str | bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def sha10(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


THEME = {
    "theme/favicon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "theme/css/site.css": "body{background:url(../favicon.svg) no-repeat}",
    "theme/js/search.js": 'import {x} from "./util.js";\nconsole.log(x);',
    "theme/js/util.js": "export const x = 1;",
    "index.html": f'<link rel="stylesheet" href="{SITE}/theme/css/site.css"><link rel="icon" href="/theme/favicon.svg">',
    "a/b/index.html": '<script type="module" src="../../theme/js/search.js"></script><p>theme/css/site.css</p>',
    "feeds/all.atom.xml": f"<feed><icon>{SITE}/theme/favicon.svg</icon></feed>",
}


# --------------------------------------------------------------------------- fingerprints


def test_theme_files_get_their_content_hash_and_every_reference_follows(tmp_path):
    write(tmp_path, THEME)
    names = fingerprint(tmp_path, FINGERPRINT, REWRITE)

    assert set(names) == {"theme/favicon.svg", "theme/css/site.css", "theme/js/search.js", "theme/js/util.js"}
    for old, new in names.items():
        assert not (tmp_path / old).exists()
        data = (tmp_path / new).read_bytes()
        assert new == re.sub(r"\.(\w+)$", rf".{sha10(data)}.\1", old)  # the hash of what is served
    home = (tmp_path / "index.html").read_text()
    assert f'href="{SITE}/{names["theme/css/site.css"]}"' in home
    assert f'href="/{names["theme/favicon.svg"]}"' in home
    deep = (tmp_path / "a/b/index.html").read_text()
    assert f'src="../../{names["theme/js/search.js"]}"' in deep
    assert "<p>theme/css/site.css</p>" in deep  # words in the text are not addresses
    assert names["theme/favicon.svg"] in (tmp_path / "feeds/all.atom.xml").read_text()
    # inside the renamed files: the style sheet's image, the script's module
    css = (tmp_path / names["theme/css/site.css"]).read_text()
    assert f"url(../{names['theme/favicon.svg'].removeprefix('theme/')})" in css
    script = (tmp_path / names["theme/js/search.js"]).read_text()
    assert f'from "./{names["theme/js/util.js"].removeprefix("theme/js/")}"' in script


def test_a_changed_image_renames_the_style_sheet_that_points_to_it(tmp_path):
    write(tmp_path / "one", THEME)
    write(
        tmp_path / "two", {**THEME, "theme/favicon.svg": "<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>"}
    )
    first = fingerprint(tmp_path / "one", FINGERPRINT, REWRITE)
    second = fingerprint(tmp_path / "two", FINGERPRINT, REWRITE)
    assert first["theme/favicon.svg"] != second["theme/favicon.svg"]
    assert first["theme/css/site.css"] != second["theme/css/site.css"]  # else a browser keeps the old one
    assert first["theme/js/search.js"] == second["theme/js/search.js"]


# --------------------------------------------------------------------------- compression

BIG_PAGE = "<p>" + " ".join(f"mot{i % 97}" for i in range(3000)) + "</p>"
FILES = {
    "index.html": BIG_PAGE,
    "petit.html": "<p>court</p>",  # under 1 KB: not worth it
    "feeds/all.atom.xml": "<feed>" + BIG_PAGE + "</feed>",
    "formations/sessions.ics": "BEGIN:VCALENDAR\r\n" + "X-A:b\r\n" * 400,
    "outillerie/kit/kit.zip": bytes(range(256)) * 40,  # not text
}


def compressed(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.suffix in (".gz", ".br")
    }


def test_text_files_over_1_kb_get_reproducible_gzip_and_brotli_copies(tmp_path):
    config = read_config({"SITEURL": SITE})
    for run in ("a", "b"):
        write(tmp_path / run, FILES)
        compress_output(tmp_path / run, config, cache_dir=None)
    copies = compressed(tmp_path / "a")
    assert set(copies) == {
        f"{name}{suffix}"
        for name in ("index.html", "feeds/all.atom.xml", "formations/sessions.ics")
        for suffix in (".gz", ".br")
    }
    assert copies == compressed(tmp_path / "b")  # byte for byte
    for name in ("index.html", "feeds/all.atom.xml", "formations/sessions.ics"):
        original = (tmp_path / "a" / name).read_bytes()
        packed = copies[f"{name}.gz"]
        assert gzip.decompress(packed) == original
        assert packed[3] & 0x08 == 0 and packed[4:8] == b"\0\0\0\0"  # no file name, no date
        assert brotli.decompress(copies[f"{name}.br"]) == original
        assert len(copies[f"{name}.br"]) < len(packed) < len(original)


def test_only_changed_files_are_compressed_again(tmp_path):
    config = read_config({"SITEURL": SITE})
    cache = tmp_path / "cache"
    write(tmp_path / "first", FILES)
    stats = compress_output(tmp_path / "first", config, cache)
    assert (stats.made, stats.reused) == (6, 0)
    # the next build writes a new output folder: same files, one page changed
    write(tmp_path / "second", {**FILES, "index.html": BIG_PAGE.replace("mot1 ", "mot2 ")})
    stats = compress_output(tmp_path / "second", config, cache)
    assert (stats.made, stats.reused) == (2, 4)
    assert gzip.decompress((tmp_path / "second/index.html.gz").read_bytes()).startswith(b"<p>mot0 mot2")
    assert (
        compressed(tmp_path / "second")["feeds/all.atom.xml.gz"]
        == compressed(tmp_path / "first")["feeds/all.atom.xml.gz"]
    )


def test_copies_from_the_cache_are_links_readable_by_the_server_and_dated_like_their_page(tmp_path):
    config = read_config({"SITEURL": SITE})
    cache = tmp_path / "cache"
    write(tmp_path / "first", FILES)
    compress_output(tmp_path / "first", config, cache)
    write(tmp_path / "second", FILES)
    page = tmp_path / "second" / "index.html"
    os.utime(page, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    stats = compress_output(tmp_path / "second", config, cache)
    assert stats.made == 0
    for suffix in (".gz", ".br"):
        copy = page.with_name("index.html" + suffix)
        # the cache's file itself, not a new one (making files is what a big site pays for)
        assert copy.stat().st_nlink >= 2
        assert copy.stat().st_ino in {p.stat().st_ino for p in cache.glob(f"*/*{suffix}")}
        assert stat.S_IMODE(copy.stat().st_mode) == 0o644  # a web server running as another user
        assert copy.stat().st_mtime_ns == page.stat().st_mtime_ns  # Last-Modified of the page
    assert gzip.decompress((tmp_path / "second/index.html.gz").read_bytes()) == page.read_bytes()
    # the first output's copies still hold their own page's bytes
    assert compressed(tmp_path / "first") == compressed(tmp_path / "second")


def test_cached_copies_no_build_used_for_a_month_are_forgotten(tmp_path, monkeypatch):
    import hosting.compress as compress  # noqa: PLC0415

    config = read_config({"SITEURL": SITE})
    cache = tmp_path / "cache"
    write(tmp_path / "first", FILES)
    compress_output(tmp_path / "first", config, cache)
    kept = sorted(cache.glob("*/*"))
    compress.Compressor(cache).prune()
    assert sorted(cache.glob("*/*")) == kept  # used today, whatever the pages' dates
    now = compress.time.time()
    monkeypatch.setattr(compress.time, "time", lambda: now + (compress.UNUSED_DAYS + 1) * 86400)
    compress.Compressor(cache).prune()
    assert kept and not list(cache.glob("*/*"))
    # the outputs keep their copies: links, not the cache's only name
    assert gzip.decompress((tmp_path / "first/index.html.gz").read_bytes()).startswith(b"<p>mot0")


# --------------------------------------------------------------------------- rules → configurations

REDIRECTS = [Redirect("/2023/trophee/", f"{SITE}/actualites/trophee-2023/")]


def test_a_former_address_with_a_query_string_is_redirected_in_every_form():
    """WordPress's /?p=12: servers match the query string, which no location or path sees."""
    config = read_config({"SITEURL": SITE})
    target = f"{SITE}/actualites/forum/"
    former = [Redirect("/?p=12", target), Redirect("/blog/?page_id=3", f"{SITE}/equipe/")]
    assert former[0].sources() == ["/?p=12"]
    nginx = render_nginx(config, former, None)
    assert f'if ($request_uri = "/?p=12") {{ return 301 "{target}"; }}' in nginx
    assert 'location = "/?p=12' not in nginx
    apache = render_apache(config, former, None)
    assert f'RewriteCond "%{{QUERY_STRING}}" "^p=12$"\n  RewriteRule "^$" "{target}" [R=301,L,QSD]' in apache
    assert 'RewriteCond "%{QUERY_STRING}" "^page_id=3$"\n  RewriteRule "^blog/$"' in apache
    assert f"/ p=12 {target} 301" in render_redirects_file(former, None).splitlines()


def test_one_table_of_rules_gives_every_server_the_same_types_cache_and_headers(tmp_path):
    settings = {
        "SITEURL": SITE,
        "HOSTING": {
            "RULES": [
                {"match": "*.ics", "type": "text/calendar; charset=utf-8", "cache": "download"},
                {"match": "*.html", "type": "text/html; charset=utf-8", "cache": "revalidate"},
                {"match": "**", "cache": "download"},
            ]
        },
    }
    config = read_config(settings)
    write(tmp_path, {"index.html": "x", "formations/sessions.ics": "x"})
    nginx = render_nginx(config, REDIRECTS, "404.html")
    apache = render_apache(config, REDIRECTS, "404.html")
    headers = render_headers_file(config, tmp_path)
    redirects = render_redirects_file(REDIRECTS, "404.html")
    day = "public, max-age=86400"

    # the calendar rule, in each form
    assert re.search(
        r'location ~ "\^/\(\?:\.\*/\)\?\[\^/\]\*\\\\\.ics\$" \{[^}]*\}?\s*default_type "text/calendar; charset=utf-8";\s*add_header Cache-Control "'
        + day,
        nginx,
    )
    assert f'ForceType "text/calendar; charset=utf-8"\n  Header set Cache-Control "{day}"' in apache
    assert f"/formations/*\n  Cache-Control: {day}\n  Content-Type: text/calendar; charset=utf-8" in headers
    # the alias, a 301 in each form, and the 404 page
    target = f"{SITE}/actualites/trophee-2023/"
    assert f'location = "/2023/trophee/" {{ return 301 "{target}"; }}' in nginx
    assert f'location = "/2023/trophee" {{ return 301 "{target}"; }}' in nginx
    assert f'RewriteRule "^2023/trophee/$" "{target}" [R=301,L]' in apache
    assert f"/2023/trophee/ {target} 301" in redirects.splitlines()
    assert "error_page 403 404 =404 /404.html;" in nginx
    assert "ErrorDocument 404 /404.html" in apache
    assert "gzip_static on;" in nginx and "gzip_vary on;" in nginx
    # security headers everywhere; HSTS because the site is https
    for text in (nginx, apache, headers):
        for name in (
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Permissions-Policy",
        ):
            assert name in text
        assert "max-age=63072000; includeSubDomains" in text
        assert "frame-ancestors 'none'" in text
        assert "unsafe-inline" not in text and "unsafe-eval" not in text.replace("wasm-unsafe-eval", "")


def test_no_hsts_for_a_site_served_over_http():
    config = read_config({"SITEURL": "http://127.0.0.1:8000"})
    assert "Strict-Transport-Security" not in config.headers()
    assert "upgrade-insecure-requests" not in config.csp()
    assert "Strict-Transport-Security" not in render_nginx(config, [], None)


def test_the_first_rule_that_matches_wins():
    config = read_config({"SITEURL": SITE})
    assert config.rule_for("theme/css/site.0123456789.css").cache == "public, max-age=31536000, immutable"
    assert config.rule_for("theme/css/site.css").cache == "public, max-age=300, must-revalidate"
    assert config.rule_for("feeds/all.atom.xml").content_type == "application/atom+xml; charset=utf-8"
    assert config.rule_for("feeds/all.rss.xml").content_type == "application/rss+xml; charset=utf-8"
    assert config.rule_for("formations/lheo.xml").content_type == "application/xml; charset=utf-8"
    assert config.rule_for("outillerie/kit/kit.zip").content_type == "application/zip"
    assert config.rule_for("fichier.inconnu").content_type == "application/octet-stream"


def test_a_faulty_setting_lists_every_problem_in_french():
    with pytest.raises(ConfigError) as error:
        read_config(
            {
                "HOSTING": {
                    "RULES": [{"match": "*.html", "cache": "toujours"}, "*.css"],
                    "BROTLI_QUALITY": "max",
                    "GZIP": 9,
                }
            }
        )
    assert error.value.problems == [
        "HOSTING[« GZIP »] : réglage inconnu (attendu l'un de " + ", ".join(read_config({}).raw) + ")",
        "HOSTING[« RULES »] règle 1 (*.html) : cache « toujours » inconnu (attendu l'un de immutable, revalidate, download)",
        "HOSTING[« RULES »] règle 2 : attendu un dictionnaire avec « match », trouvé '*.css'",
        "HOSTING[« RULES »] : la dernière règle doit être « ** » (tous les autres fichiers)",
        "HOSTING[« BROTLI_QUALITY »] : attendu un entier positif, trouvé 'max'",
    ]


# --------------------------------------------------------------------------- in a build


def test_a_publish_build_writes_hashed_names_compressed_copies_and_every_configuration(tmp_path):
    site = build_tiny(
        tmp_path,
        {
            "content/articles/trophee.md": """
                ---
                title: Trophée
                date: 2026-01-10
                aliases:
                  - /2023/trophee/
                ---
                """
            + "Un long texte. " * 200,
        },
    )
    assert site.code == 0, site.log
    files = site.files()
    styles = [f for f in files if re.fullmatch(r"theme/css/site\.[0-9a-f]{10}\.css", f)]
    assert len(styles) == 1 and "theme/css/site.css" not in files
    page = site.read("actualites/trophee/index.html")
    assert f'href="{SITE}/{styles[0]}"' in page
    assert "actualites/trophee/index.html.gz" in files and "actualites/trophee/index.html.br" in files
    target = f"{SITE}/actualites/trophee/"
    assert f"/2023/trophee/ {target} 301" in site.read("_redirects")
    assert f'return 301 "{target}"' in site.read(".hosting/nginx.conf")
    assert f'"{target}" [R=301,L]' in site.read(".htaccess")
    assert "Content-Security-Policy:" in site.read("_headers")
    assert "aws s3 sync" in site.read(".hosting/s3-sync.sh")
    # the meta-refresh page stays, for hosts that read none of these files
    assert f'content="0; url={target}"' in site.read("2023/trophee/index.html")
    shutil.rmtree(site.output)


def test_a_site_rule_comes_before_the_default_rules_everywhere():
    """The example of docs/deploiement.md: calendars kept one hour."""
    config = read_config(
        {
            "SITEURL": SITE,
            "HOSTING": {
                "CACHE_POLICIES": {"heure": "public, max-age=3600"},
                "EXTRA_RULES": [{"match": "*.ics", "type": "text/calendar; charset=utf-8", "cache": "heure"}],
            },
        }
    )
    assert config.rule_for("formations/sessions.ics").cache == "public, max-age=3600"
    assert config.rule_for("index.html").cache == "public, max-age=300, must-revalidate"
    nginx = render_nginx(config, [], None)
    assert nginx.index('add_header Cache-Control "public, max-age=3600"') < nginx.index("# *.html")


ADMIN_POLICY = {"admin/": {"script-src": "'self' 'unsafe-eval'", "style-src": "'self' 'unsafe-inline'"}}


def test_a_folder_with_a_policy_of_its_own_gets_it_in_every_form_and_nowhere_else(tmp_path):
    config = read_config({"SITEURL": SITE, "HOSTING": {"CSP_PATHS": ADMIN_POLICY}})
    write(
        tmp_path,
        {"index.html": "x", "admin/index.html": "x", "admin/decap-cms.js": "x", "a/b/index.html": "x"},
    )
    site, admin = config.csp(), config.csp("admin/")
    assert "'unsafe-eval'" in admin and "'unsafe-eval'" not in site
    nginx = render_nginx(config, [], "404.html")
    block = nginx[nginx.index("location ^~ /admin/ {") : nginx.index("# one block per rule")]
    assert f'add_header Content-Security-Policy "{admin}" always;' in block and site not in block
    assert f'add_header Content-Security-Policy "{site}" always;' in nginx.replace(block, "")
    apache = render_apache(config, [], "404.html")
    assert (
        f'<If "%{{REQUEST_URI}} =~ m#^/admin/#">\n  Header always set Content-Security-Policy "{admin}"'
        in apache
    )
    headers = render_headers_file(config, tmp_path)
    # a host joins the values of two matching blocks: no policy in /*, one per root entry
    blocks = dict(re.findall(r"^(/\S*)\n  Content-Security-Policy: (.+)$", headers, re.M))
    assert blocks == {"/": site, "/a/*": site, "/admin/*": admin, "/index.html": site}


def aws_upload_plan(script: str, plain: dict[str, bytes], packed: dict[str, bytes]) -> dict[str, tuple]:
    """What ``aws s3 sync`` would upload with the script's commands: for each file, the
    headers of the last command whose filters take it (AWS CLI: filters apply in order, the
    last one that matches decides, ``*`` also crosses folders)."""
    plan = {}
    for line in script.splitlines():
        words = shlex.split(line.split(' "$BUCKET"')[0]) if line.startswith("aws s3 sync") else []
        if not words or "--delete" in words:
            continue
        folder = plain if words[-1] == "plain" else packed
        filters, headers, i = [], {}, 3
        while i < len(words) - 1:
            if words[i] in ("--include", "--exclude"):
                filters.append((words[i], words[i + 1]))
                i += 2
            elif words[i].startswith("--content") or words[i] == "--cache-control":
                headers[words[i]] = words[i + 1]
                i += 2
            else:
                i += 1
        for path in folder:
            taken = True
            for kind, pattern in filters:
                if fnmatch.fnmatchcase(path, pattern):
                    taken = kind == "--include"
            if taken:
                assert path not in plan, f"{path} envoyé deux fois"
                plan[path] = (
                    headers["--content-type"],
                    headers["--cache-control"],
                    headers.get("--content-encoding"),
                )
    return plan


def test_the_object_store_script_gives_each_file_the_headers_of_its_rule(tmp_path):
    config = read_config({"SITEURL": SITE})
    files = {
        **FILES,
        "theme/css/site.0123456789.css": "body{}" * 300,
        "feeds/all.rss.xml": "<rss/>",
        "robots.txt": "User-agent: *",
        "pagefind/fragment/fr_1.pf_fragment": b"\x1f\x8b",
        "formations/lheo.xml": "<lheo/>" * 300,
    }
    write(tmp_path, files)
    compress_output(tmp_path, config, cache_dir=None)
    script = render_s3_sync(config)
    packed = {name for name in files if (tmp_path / f"{name}.gz").is_file()}
    plan = aws_upload_plan(script, {n: b"" for n in files if n not in packed}, {n: b"" for n in packed})
    assert set(plan) == set(files)
    for name in files:
        rule = config.rule_for(name)
        assert plan[name] == (rule.content_type, rule.cache, "gzip" if name in packed else None), name
    assert subprocess.run(["sh", "-n"], input=script, text=True).returncode == 0  # valid shell


def test_no_published_page_holds_what_the_policy_would_block(sample_site):
    """Inline scripts (JSON-LD data is not run), <style>, style="…" and on…="…" handlers:
    the Content-Security-Policy blocks them all; the browser test sees one page per
    template, this one every page of the sample."""
    from bs4 import BeautifulSoup  # noqa: PLC0415

    found = []
    for name in sample_site.files():
        if not name.endswith(".html"):
            continue
        soup = BeautifulSoup(sample_site.read(name), "html.parser")
        for script in soup.find_all("script"):
            if not script.get("src") and script.get("type") != "application/ld+json":
                found.append(f"{name} : <script> en ligne")
        found += [f"{name} : <style>" for _ in soup.find_all("style")]
        for element in soup.find_all(True):
            found += [
                f"{name} : <{element.name} {a}>" for a in element.attrs if a == "style" or a.startswith("on")
            ]
    assert found == []
