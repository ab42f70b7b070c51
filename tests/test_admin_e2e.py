"""The admin end to end, as an editor uses it: Chromium drives Decap CMS (/admin/ of a
preview build) talking to decap-server (npm) on a temporary copy of the site.

Through the forms: a place added to places.yml, a training with two sessions there, a
resource with an uploaded PDF, an article in issue N°2. The build of that copy then
passes and its pages show all four; a session made to end before it starts comes back as
the build's French error naming the file and the field. Screenshots go to the editors'
guide (docs/images/admin-*.png, with DOCS_SCREENSHOTS=1).
"""

from __future__ import annotations

import functools
import gzip
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import needs
import pytest
from minisite import ENV, SETTINGS, pelican, write_site

from sitetools.browser import CHROMIUM, CHROMIUM_ARGS
from sitetools.build import ROOT, run_pelican

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
DOCS_IMAGES = ROOT / "docs" / "images"
# a tiny valid PDF, the file an editor uploads with the resource
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
    b"endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}

    def log_message(self, format, *args):  # noqa: A002 (the name of the base class)
        pass


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """A copy of the site's content with its settings: what decap-server edits."""
    root = tmp_path_factory.mktemp("admin-e2e") / "site"
    shutil.copytree(ROOT / "content", root / "content")
    for base, name in (("pelicanconf", "conf.py"), ("publishconf", "publish.py")):
        (root / name).write_text(
            SETTINGS.format(
                root=str(ROOT), base=base, theme=str(ROOT / "theme"), plugins=str(ROOT / "plugins")
            ),
            encoding="utf-8",
        )
    return root


@pytest.fixture(scope="module")
def admin(copy, tmp_path_factory):
    """decap-server on the copy, the preview of the copy served over HTTP: the admin's URL."""
    needs.program("node")
    needs.program("chromium")
    needs.module("playwright.sync_api")
    if not DECAP_SERVER.is_file():
        needs.missing("paquet npm absent : decap-server (npm ci)")
    decap_port, web_port = free_port(), free_port()
    output = tmp_path_factory.mktemp("admin-preview")
    env = {**ENV, "DECAP_LOCAL_BACKEND": f"http://localhost:{decap_port}/api/v1"}
    result = run_pelican("conf.py", output, env, cwd=copy)
    assert result.ok, result.output
    server = subprocess.Popen(
        ["node", str(DECAP_SERVER)],
        cwd=copy,
        env={**os.environ, "PORT": str(decap_port), "GIT_REPO_DIRECTORY": str(copy), "MODE": "fs"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", web_port), functools.partial(Quiet, directory=str(output)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", decap_port)) == 0:
                break
        time.sleep(0.2)
    admin_url = f"http://127.0.0.1:{web_port}/admin/"

    def rebuild():
        """What the preview server does on each save: build again (config.yml follows the
        vocabularies)."""
        again = run_pelican("conf.py", output, env, cwd=copy)
        assert again.ok, again.output

    yield admin_url, rebuild, output
    httpd.shutdown()
    server.terminate()
    server.wait(10)


# --- driving Decap's forms --------------------------------------------------------------


def field(scope, label: str):
    """The input of a field by its label (Decap ties them with for=)."""
    return scope.get_by_label(label, exact=True)


def choose(page, box, *options: str) -> None:
    """Pick options of a select (react-select): type a few letters, click the option."""
    for option in options:
        box.click()
        box.fill(option)
        page.get_by_role("option", name=option, exact=True).click()


def add_item(scope, label: str):
    """Add an item to a list; returns the new item's box (the last one)."""
    scope.get_by_role("button", name=f"Ajouter {label}", exact=True).click()


def visit(page, url: str) -> None:
    """Open an address of the admin afresh: going from one entry's form to another's by
    changing only the address leaves Decap drawing the old form's values."""
    page.goto(url)
    page.reload()


def open_new(page, admin: str, collection: str, label: str) -> None:
    """The form of a new entry, once Decap has drawn it."""
    visit(page, admin + f"#/collections/{collection}/new")
    page.get_by_text(f"Écriture dans la collection {label}", exact=True).wait_for()
    page.locator('[contenteditable="true"]').last.wait_for()


def publish(page) -> None:
    page.get_by_role("button", name="Publier", exact=True).click()
    page.get_by_text("Publier maintenant", exact=True).click()
    page.get_by_text("Publiée", exact=True).wait_for(timeout=15000)


def shot(page, name: str) -> None:
    """A screenshot for the editors' guide: written into docs/images/ when asked
    (DOCS_SCREENSHOTS=1), else beside the test's files, so a test run changes no tracked file."""
    folder = DOCS_IMAGES if os.environ.get("DOCS_SCREENSHOTS") else Path(tempfile.gettempdir()) / "pop-admin"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"admin-{name}.png"))


@pytest.fixture(scope="module")
def browser_page(admin, copy):
    """One Chromium tab for the whole module; on a failure, what the screen showed."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        # --lang: date inputs as a French editor sees them (jj/mm/aaaa)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--lang=fr-FR"])
        page = browser.new_page(viewport={"width": 1100, "height": 760}, locale="fr-FR")
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            browser.close()


class Failure:
    """Keep a screenshot and the page's text when a step fails (for the person debugging)."""

    def __init__(self, page, folder: Path):
        self.page, self.folder = page, folder

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is not None and kind is not AssertionError:
            self.page.screenshot(path=str(self.folder / "echec.png"))
            (self.folder / "echec.txt").write_text(self.page.inner_text("body"), encoding="utf-8")
            print(f"capture de l'écran au moment de l'échec : {self.folder / 'echec.png'}")


@pytest.fixture(scope="module")
def edited(browser_page, admin, copy):
    """What an editor does in the admin: a place, a training, a resource, an article.
    Returns how long it took, in seconds."""
    admin, rebuild, output = admin
    page = browser_page
    upload = copy.parent / "programme-atelier.pdf"
    upload.write_bytes(PDF)
    started = time.monotonic()
    requested = []

    def record(request):
        requested.append(request.url)

    page.on("request", record)
    with Failure(page, copy.parent):
        page.goto(admin)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_text("Formations", exact=True).first.wait_for()
        shot(page, "accueil")
        page.remove_listener("request", record)
        weigh(requested, admin, output)
        add_place(page, admin)
        rebuild()  # as the preview server does on each save: the place becomes a choice
        page.reload()
        add_training(page, admin)
        add_resource(page, admin, upload)
        add_article(page, admin)
    return time.monotonic() - started


def weigh(requested: list[str], admin: str, output: Path) -> None:
    """The admin's first visit: every request to our own hosts (the preview server, the
    local backend), never a CDN; its weight, printed for the report."""
    origin = admin.split("/admin/")[0]
    foreign = [url for url in requested if not url.startswith((origin + "/", "http://localhost:"))]
    assert not foreign, f"requêtes vers un autre hôte : {foreign}"
    files = [
        output / url.split(origin + "/", 1)[1].split("?")[0] for url in requested if url.startswith(origin)
    ]
    files = [f for f in files if f.is_file()]
    size = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    print(
        f"administration, première visite : {len(requested)} requêtes, "
        f"{size / 1e6:.2f} Mo ({packed / 1e6:.2f} Mo en gzip)"
    )


def add_place(page, admin: str) -> None:
    visit(page, admin + "#/collections/vocabulaires/entries/places")
    add_item(page, "entrées")
    field(page, "Clé").last.fill("bethune")
    field(page, "Nom").last.fill("Béthune — Rebond")
    field(page, "Adresse (optionnel)").last.fill("12 rue d'Arras")
    field(page, "Code postal (optionnel)").last.fill("62400")
    field(page, "Ville (optionnel)").last.fill("Béthune")
    publish(page)


def add_training(page, admin: str) -> None:
    open_new(page, admin, "formation", "Formations")
    field(page, "Titre").fill("Testeur·se logiciel")
    field(page, "Résumé").fill("Tester des applications web et mobiles, du plan de test au rapport.")
    choose(page, field(page, "Domaine"), "Développement web")
    field(page, "Heures en centre").fill("420")
    choose(page, field(page, "Modalité"), "Présentiel")
    field(page, "À qui elle s'adresse").fill("Demandeur·euses d'emploi.")
    add_item(page, "prérequis")
    field(page, "Prérequis").fill("Aucun diplôme requis")
    add_item(page, "ce que l'apprenant·e saura faire")
    field(page, "Ce que l'apprenant·e saura faire").fill("Écrire un plan de test")
    field(page, "Démarche d'entrée").fill("Réunion d'information, tests, entretien.")
    field(page, "Délai d'accès").fill("Un mois")
    field(page, "Prix pour l'apprenant·e").fill("0")
    field(page, "Méthodes pédagogiques").fill("Pédagogie active, en projets.")
    field(page, "Comment les acquis sont évalués").fill("Mises en situation.")
    field(page, "Accessibilité aux personnes handicapées et contact du ou de la référent·e handicap").fill(
        "Formation accessible ; référente handicap : Camille Martin."
    )
    field(page, "Adresse électronique").fill("formation@example.org")
    for start, end in (("2027-02-01", "2027-06-30"), ("2027-09-06", "2028-01-28")):
        add_item(page, "sessions")
        field(page, "Début").last.fill(start)
        field(page, "Fin").last.fill(end)
        choose(page, field(page, "Lieu").last, "Béthune — Rebond")
    field(page, "Mise à jour").fill("2026-11-15")
    field(page, "Lieu").first.scroll_into_view_if_needed()
    shot(page, "formation")
    publish(page)


def add_resource(page, admin: str, upload: Path) -> None:
    open_new(page, admin, "ressource", "Ressources")
    field(page, "Titre").first.fill("Atelier tester une application")
    field(page, "Résumé").fill("Un atelier pour découvrir le test logiciel en jouant.")
    choose(page, field(page, "Objectifs"), "Sensibiliser")
    choose(page, field(page, "À qui elle sert"), "Formateur·rices")
    choose(page, field(page, "Licence"), "Creative Commons Attribution 4.0 International")
    add_item(page, "auteur·rices")
    field(page, "Auteur·rices").fill("POP School")
    field(page, "Version").first.fill("1.0")
    field(page, "Mise à jour").fill("2026-11-10")
    add_item(page, "fichiers")
    page.get_by_role("button", name="Choisir un fichier", exact=True).click()
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Téléverser", exact=False).first.click()
    chooser.value.set_files(str(upload))
    page.get_by_text(upload.name).first.wait_for()
    page.get_by_role("button", name="Choisir les éléments sélectionnés").click()
    field(page, "Titre").last.fill("Programme de l'atelier")
    shot(page, "ressource")
    publish(page)


def add_article(page, admin: str) -> None:
    open_new(page, admin, "article", "Articles")
    field(page, "Titre").fill("Tester, c'est douter")
    field(page, "Date de publication").fill("2026-11-12")
    field(page, "Rubrique (optionnel)").fill("Médiation(s)")
    field(page, "Numéro du média (optionnel)").fill("2")
    field(page, "Place dans le sommaire (optionnel)").fill("9")
    page.locator('[contenteditable="true"]').last.click()
    page.keyboard.type("Un article du numéro 2, écrit dans l'administration.")
    shot(page, "article")
    publish(page)


def build(copy: Path, output: Path, check_only: bool = False):
    env = {**ENV, "CHECK_ONLY": "1"} if check_only else ENV
    return run_pelican("publish.py", output, env, cwd=copy)


def text_of(output: Path, page: str) -> str:
    return (output / page).read_text(encoding="utf-8")


def test_what_the_forms_write_builds_and_shows(edited, copy, tmp_path):
    print(f"saisie dans l'administration : {edited:.0f} s")
    # the publish build runs every check of « invoke check » before it writes anything
    output = tmp_path / "output"
    result = build(copy, output)
    assert result.ok, result.output
    training = text_of(output, "formations/testeur-se-logiciel/index.html")
    assert "Testeur·se logiciel" in training and "Béthune — Rebond" in training
    assert text_of(output, "formations/testeur-se-logiciel/sessions.ics").count("BEGIN:VEVENT") == 2
    assert "Testeur·se logiciel" in text_of(output, "formations/lieux/bethune/index.html")
    resource = text_of(output, "outillerie/atelier-tester-une-application/index.html")
    assert 'href="programme-atelier.pdf"' in resource or "programme-atelier.pdf" in resource
    pdf = output / "outillerie/atelier-tester-une-application/programme-atelier.pdf"
    assert pdf.read_bytes() == PDF
    assert "Tester, c'est douter" in text_of(output, "mediations/numeros/2/index.html").replace("&#39;", "'")


def test_a_session_ending_before_it_starts_is_the_builds_french_error(
    edited, browser_page, admin, copy, tmp_path
):
    admin, _, _ = admin
    page = browser_page
    with Failure(page, copy.parent):
        visit(page, admin + "#/collections/formation/entries/testeur-se-logiciel")
        field(page, "Fin").last.fill("2027-08-01")
        shot(page, "session-erronee")
        publish(page)
    source = copy / "content/formations/testeur-se-logiciel.md"
    lines = source.read_text(encoding="utf-8").splitlines()
    line = [number for number, text in enumerate(lines, start=1) if text.strip() == "end: 2027-08-01"]
    assert line, "la date de fin n'a pas été écrite par le formulaire"
    result = build(copy, tmp_path / "check", check_only=True)
    assert result.code == 1
    assert (
        f"content/formations/testeur-se-logiciel.md:{line[0]}: champ « sessions[2].end » : attendu une date "
        "de fin qui ne précède pas le début (2027-09-06), trouvé « 2027-08-01 »"
    ) in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "backend,button",
    [
        ({"name": "gitlab", "repo": "pop/site", "auth_type": "pkce", "app_id": "exemple"}, "GitLab"),
        ({"name": "github", "repo": "pop/site", "base_url": "https://auth.example.org"}, "GitHub"),
    ],
)
def test_the_published_admin_opens_on_its_git_backend(backend, button, browser_page, tmp_path):
    """publishconf's backends: Decap accepts the generated config (editorial workflow) and
    offers to sign in with GitLab (PKCE) or GitHub (OAuth proxy); nothing is requested from
    another host before signing in."""
    write_site(tmp_path / "site", {})
    conf = tmp_path / "site" / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + f"\nADMIN = {{**ADMIN, 'ENABLED': True, 'BACKEND': {backend!r}}}\n",
        encoding="utf-8",
    )
    code, log = pelican(tmp_path / "site", tmp_path / "output")
    assert code == 0, log
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path / "output"))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    page = browser_page
    requested = []

    def record(request):
        requested.append(request.url)

    page.on("request", record)
    try:
        with Failure(page, tmp_path):
            page.goto(origin + "/admin/")
            page.get_by_role("button", name=f"Se connecter avec {button}").wait_for()
    finally:
        page.remove_listener("request", record)
        httpd.shutdown()
    assert [url for url in requested if not url.startswith(origin + "/")] == []
