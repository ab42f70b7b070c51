"""Tasks of the site (invoke): build, serve, check, new, clean, publish, test."""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from sitetools import addresses  # noqa: E402
from sitetools import build as builder  # noqa: E402
from sitetools.lock import Busy, output_lock  # noqa: E402

OUTPUT = ROOT / "output"
PREVIEW = ROOT / "output-preview"
PRODUCTION = ROOT / "output-production"  # invoke serve --production: the published site at a local address


def env_for(strict: bool = False, date: str | None = None) -> dict:
    env = {}
    if strict:
        env["STRICT"] = "1"
    if date:
        env["BUILD_DATE"] = date
    return env


def report(result, success: str) -> None:
    if result.output.strip():
        print(result.output.rstrip(), file=sys.stderr if not result.ok else sys.stdout)
    if not result.ok:
        raise SystemExit(result.code)
    if success:
        print(success)


def announce(message: str) -> None:
    """A French notice that does not belong to the command's result (waiting for the lock)."""
    print(message, file=sys.stderr, flush=True)


NO_WAIT = "si une autre construction utilise output/, s'arrêter (code 1) au lieu d'attendre"


def locked(function):
    """Run the task holding output/'s build lock (one build, check or publish at a time); the
    task declares ``no_wait=False`` so that invoke offers ``--no-wait``."""

    @functools.wraps(function)
    def run(c, *args, **kwargs):
        try:
            with output_lock(OUTPUT, wait=not kwargs.get("no_wait", False), announce=announce):
                return function(c, *args, **kwargs)
        except Busy as error:
            raise SystemExit(str(error)) from None

    return run


@task(
    help={
        "strict": "les avertissements deviennent des erreurs",
        "date": "date de construction AAAA-MM-JJ",
        "no_wait": NO_WAIT,
    }
)
def build(c, strict=False, date=None, no_wait=False):
    """Construit le site publié dans output/ (remplacé seulement si tout va bien)."""
    try:
        result = builder.atomic_build(
            "publishconf.py", OUTPUT, env_for(strict, date), wait=not no_wait, announce=announce
        )
    except Busy as error:
        raise SystemExit(str(error)) from None
    report(result, f"Site construit dans {OUTPUT.relative_to(ROOT)}/")


@task(
    help={
        "port": "port du serveur local (8000)",
        "production": "construit le site publié et le sert par nginx avec sa configuration de production",
    }
)
def serve(c, port=8000, production=False):
    """Prévisualise le site (brouillons compris) et le recharge à chaque modification."""
    if production:
        serve_production(int(port))
        return
    from sitetools.devserver import serve as run_server  # noqa: PLC0415

    run_server(PREVIEW, port=int(port))


def serve_production(port: int) -> None:
    """The published site, built for this address, served by Debian's nginx (docs/deploiement.md)."""
    from sitetools.nginx import NginxError  # noqa: PLC0415
    from sitetools.nginx import serve as run_nginx  # noqa: PLC0415

    address = f"http://127.0.0.1:{port}"
    try:
        result = builder.atomic_build("publishconf.py", PRODUCTION, {"SITEURL": address}, announce=announce)
    except Busy as error:
        raise SystemExit(str(error)) from None
    report(result, f"Site publié construit dans {PRODUCTION.relative_to(ROOT)}/ pour {address}/")
    try:
        run_nginx(PRODUCTION, port)
    except NginxError as error:
        raise SystemExit(str(error)) from None


@task(
    help={
        "sitemap": "adresse ou fichier du sitemap.xml du site en ligne : liste les adresses qui seraient perdues",
        "strict": "les avertissements deviennent des erreurs",
        "date": "date de construction AAAA-MM-JJ",
        "no_wait": NO_WAIT,
        "production": "les textes « [à compléter…] » ou « [à vérifier…] » restants sont des erreurs",
    }
)
@locked
def check(c, sitemap=None, strict=False, date=None, no_wait=False, production=False):
    """Vérifie tout le contenu sans rien écrire et liste tous les problèmes."""
    env = env_for(strict, date)
    if production:
        env["PRODUCTION"] = "1"
    published = None
    if sitemap:  # read first: a mistyped file or an unreachable site stops at once, in French
        try:
            published = addresses.read_sitemap(sitemap)
        except addresses.SitemapError as error:
            raise SystemExit(f"--sitemap : {error}") from None
    with tempfile.TemporaryDirectory(prefix="pop-check-") as scratch:
        if not sitemap:
            result = builder.run_pelican("publishconf.py", Path(scratch), {**env, "CHECK_ONLY": "1"})
            report(result, "")
            return
        result = builder.run_pelican("publishconf.py", Path(scratch), env)
        report(result, "Contenu valide.")
        lost = addresses.lost_addresses(published, Path(scratch))
    if lost:
        print(
            f"{len(lost)} adresse(s) publiée(s) ne mèneraient plus nulle part "
            "(ajoutez-les aux « aliases » du contenu qui les remplace) :",
            file=sys.stderr,
        )
        for address in lost:
            print(f"  {address}", file=sys.stderr)
        raise SystemExit(1)
    print("Toutes les adresses du sitemap existent encore.")


def site_plugins() -> list[str]:
    """The plugins of the site's settings (pelicanconf.PLUGINS)."""
    import runpy  # noqa: PLC0415

    return list(runpy.run_path(str(ROOT / "pelicanconf.py")).get("PLUGINS", []))


@task(
    help={
        "kind": "article, page, formation, ressource ou numero",
        "title": "titre du contenu (le thème pour un numéro)",
        "numero": "numéro du magazine (par défaut : le suivant)",
    }
)
def new(c, kind, title, numero=None):
    """Crée un contenu avec tous ses champs à remplir : invoke new article "Titre"."""
    import importlib  # noqa: PLC0415

    from sitetools.scaffold import new_content  # noqa: PLC0415

    # each plugin registers its content types when imported
    for plugin in site_plugins():
        importlib.import_module(plugin)
    options = {"numero": numero} if numero is not None else {}
    path = new_content(kind, title, ROOT / "content", options=options)
    print(f"Créé : {path.relative_to(ROOT)}")


@task(help={"folder": "dossier où écrire les schémas (schemas/)"})
def schemas(c, folder="schemas"):
    """Écrit les schémas JSON (2020-12) des types de contenu et des vocabulaires dans schemas/."""
    import importlib  # noqa: PLC0415

    from contentkit.errors import Report  # noqa: PLC0415
    from contentkit.jsonschema import write_schemas  # noqa: PLC0415
    from contentkit.vocabularies import load  # noqa: PLC0415

    for plugin in site_plugins():  # each plugin registers its content types when imported
        importlib.import_module(plugin)
    report = Report()
    vocabularies = load(ROOT / "content" / "data", report, ROOT)
    if report.errors:
        report.print()
        raise SystemExit(1)
    written = write_schemas((ROOT / folder).resolve(), vocabularies)
    print(f"{len(written)} schémas écrits dans {folder}/ (voir docs/editer-en-ligne.md pour VS Code)")


@task(
    name="import",
    help={
        "source": "wordpress",
        "export": "fichier d'export WordPress (Outils > Exporter, .xml)",
        "uploads": "copie du dossier wp-content/uploads de l'ancien site (les images)",
        "force": "remplace les fichiers de content/ déjà présents et différents",
        "report": "écrit aussi le rapport dans ce fichier",
    },
)
def import_(c, source, export, uploads=None, force=False, report=None):
    """Importe un site WordPress dans content/ : invoke import wordpress export.xml --uploads uploads/."""
    if source != "wordpress":
        raise SystemExit(f"Source inconnue : « {source} ». Seule « wordpress » est possible.")
    from sitetools.wordpress import command  # noqa: PLC0415

    raise SystemExit(command(export, ROOT / "content", uploads, force, report))


@task(help={"no_wait": NO_WAIT})
def clean(c, no_wait=False):
    """Supprime les sites construits (output/ et ses versions, output-preview/, output-production/) et le cache."""
    try:
        for path in (OUTPUT, PREVIEW, PRODUCTION):
            # a link to a release folder, or a plain folder: both go, with their releases
            builder.remove_output(path, wait=not no_wait, announce=announce)
    except Busy as error:
        raise SystemExit(str(error)) from None
    shutil.rmtree(ROOT / ".cache", ignore_errors=True)
    print("Nettoyé.")


@task(
    help={
        "target": "dossier local ou utilisateur@serveur:/chemin (sinon la variable PUBLISH_TARGET)",
        "yes": "publier sans poser la question (intégration continue)",
        "rollback": "remettre en ligne la version publiée juste avant celle en ligne",
        "no_wait": NO_WAIT,
    }
)
def publish(c, target=None, yes=False, rollback=False, no_wait=False):
    """Vérifie (check --production), construit, montre ce qui change et publie sans coupure (docs/publier.md)."""
    from sitetools import publish as publisher  # noqa: PLC0415

    try:
        destination = publisher.parse_target(target or os.environ.get("PUBLISH_TARGET", ""), ROOT)
        publisher.require_tools(destination)
        # held from the check to the end of the upload: no build may replace output/ meanwhile
        with output_lock(OUTPUT, wait=not no_wait, announce=announce):
            if rollback:
                done = publisher.rollback(destination, yes=yes)
            else:
                try:
                    check(c, production=True)
                except SystemExit as refused:
                    if refused.code:
                        print(
                            "Publication refusée : corrigez d'abord ce que liste invoke check --production "
                            "(rien n'a été envoyé).",
                            file=sys.stderr,
                        )
                    raise
                build(c, strict=True)
                options = shlex.split(os.environ.get("RSYNC_OPTIONS", ""))
                done = publisher.publish(OUTPUT, destination, yes=yes, rsync_options=options)
    except (publisher.PublishError, Busy) as error:
        raise SystemExit(str(error)) from None
    if not done:
        raise SystemExit(1)


@task(
    help={
        "sizes": "nombres d'articles, séparés par des virgules (1000,5000)",
        "runs": "mesures par ligne, dont on garde la médiane (3)",
    }
)
def bench(c, sizes="1000,5000", runs=3):
    """Compare la construction à Pelican seul et à Hugo sur un corpus généré (voir bench/)."""
    from bench.run import main  # noqa: PLC0415

    raise SystemExit(main([int(n) for n in sizes.split(",")], int(runs)))


@task(
    help={
        "module": "un seul module, par exemple contentkit.fields (par défaut : tous ceux de sitetools/mutation.py)",
        "jobs": "mutants testés en parallèle (2)",
    }
)
def mutation(c, module=None, jobs=2):
    """Test de mutation du cœur (mutmut) contre les tests rapides ; affiche le score par module."""
    from sitetools.mutation import run  # noqa: PLC0415

    raise SystemExit(run([module] if module else None, int(jobs)))


@task(
    help={
        "examples": "fichiers modifiés lus par le lecteur (5000) ; constructions entières : un cinquantième",
        "seed": "graine du hasard (par défaut : au hasard, affichée en cas d'échec)",
    }
)
def fuzz(c, examples=5000, seed=None):
    """Test par propriétés (Hypothesis), profil long : des éléments d'exemple modifiés de façon hostile."""
    env = {
        "FUZZ_EXAMPLES": str(int(examples)),
        "FUZZ_BUILDS": str(max(3, int(examples) // 50)),
        "FUZZ_SEED": str(seed or "random"),
    }
    seed_option = f" --hypothesis-seed={int(seed)}" if seed else ""
    c.run(
        f"{sys.executable} -m pytest -q tests/test_fuzz.py --hypothesis-show-statistics{seed_option}",
        env=env,
        pty=False,
    )


@task
def docs(c):
    """Régénère docs/vocabulaires.md : toutes les valeurs permises, tirées de content/data/."""
    from sitetools import vocabdoc  # noqa: PLC0415

    path = vocabdoc.write(ROOT)
    print(f"Écrit : {path.relative_to(ROOT)}")


@task
def lint(c):
    """Vérifie le style du code (ruff)."""
    c.run(f"{sys.executable} -m ruff check .", pty=False)
    c.run(f"{sys.executable} -m ruff format --check .", pty=False)


SYSTEM_TOOLS = {
    # program → Debian package that provides it: the browser, the HTML checker, the npm
    # packages of the tests, the web server and the copy tool of the hosting and publish tests
    "chromium": "chromium",
    "java": "default-jre-headless",
    "node": "nodejs",
    "npm": "npm",
    "nginx": "nginx",
    "openssl": "openssl",  # the local https certificate of the nginx tests and the Observatory
    "rsync": "rsync",
    "ssh": "openssh-client",
}


def apt_command() -> list[str] | None:
    """The apt-get prefix that works here without a password, or None (not root, no sudo -n)."""
    if shutil.which("apt-get") is None:
        return None
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def prerequisites(c) -> None:
    """Install what the tests need (Debian packages where allowed, npm packages); else stop with the command."""
    missing = sorted({pkg for tool, pkg in SYSTEM_TOOLS.items() if shutil.which(tool) is None})
    if missing:
        prefix = apt_command()
        if prefix is None:
            raise SystemExit(
                "Il manque des programmes pour les tests. Installez-les avec :\n"
                f"  sudo apt-get update && sudo apt-get install -y {' '.join(missing)}"
            )
        print(f"Installation des paquets Debian nécessaires aux tests : {' '.join(missing)}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*prefix, "apt-get", "update", "-q"], check=True, env=env)
        subprocess.run([*prefix, "apt-get", "install", "-y", "-q", *missing], check=True, env=env)
    if (ROOT / "package.json").exists() and not (ROOT / "node_modules").exists():
        # --ignore-scripts: no package of ours needs one, and one of the Observatory's
        # dependencies downloads certificates from a host this machine cannot reach
        c.run("npm ci --no-audit --no-fund --ignore-scripts", pty=False)


@task(help={"k": "ne lancer que les tests dont le nom contient ce mot"})
def test(c, k=None):
    """Lance toute la suite de tests (et le lint)."""
    prerequisites(c)
    lint(c)
    selection = f' -k "{k}"' if k else ""
    c.run(f"{sys.executable} -m pytest -q{selection}", pty=False)
