"""Publish a built site to a folder, on this machine or on a server (``user@host:/path``).

Layout of the target folder (the web server's root is ``current``)::

    current -> releases/20261207-001500      one link, switched with one rename
    releases/20261207-001500/                 one complete site per publish (the last three)
    .pop-publication.json                     the manifest: what each publish wrote

Each publish uploads into a new, hidden folder ``releases/.envoi-<name>`` (unchanged files are
hard links to the current release, so only changes travel), renames it, then switches
``current``. If the transfer stops midway, ``current`` still points to the previous complete
release. Nothing is ever deleted on the target unless the manifest says a publish wrote it.

Every step on the target side is a small ``sh`` script run by :meth:`Target.run`: ``sh -c`` for
a local folder, ``ssh host sh -c`` for a server. The tests publish to a local folder and so run
the very scripts a server runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".pop-publication.json"
RELEASES = "releases"
CURRENT = "current"
UPLOADING = ".envoi-"  # prefix of a release folder still being uploaded
KEEP = 3  # releases kept on the target, the current one included
SHOWN = 15  # file names listed per kind of change before « … et N autres »

# program → Debian package, for the message when it is missing
TOOLS = {"rsync": "rsync", "ssh": "openssh-client"}


class PublishError(Exception):
    """A French message for the person publishing; nothing was changed online."""


@dataclass
class Target:
    """Where to publish: a local folder (``host`` None) or ``host:path`` reached through ssh."""

    path: str
    host: str | None = None

    def __str__(self) -> str:
        return f"{self.host}:{self.path}" if self.host else self.path

    def run(self, script: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        """Run ``script`` with sh in the target folder's machine; ``$T`` is the target folder."""
        script = f"T={shlex.quote(self.path)}\n{script}"
        command = ["sh", "-c", script]
        if self.host:
            # ssh joins its arguments into one command line for the remote shell: quote it whole
            command = ["ssh", self.host, shlex.join(command)]
        return subprocess.run(command, input=stdin, capture_output=True, text=True)

    def rsync_destination(self, folder: str) -> str:
        path = f"{self.path.rstrip('/')}/{folder}/"
        return f"{self.host}:{path}" if self.host else path


REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>.*)$")


def parse_target(text: str, project: Path, home: Path | None = None) -> Target:
    """The target, or a :class:`PublishError` for one that a typing slip would make harmful:
    empty, ``/``, a home folder, the project, or a folder containing it."""
    text = (text or "").strip()
    if not text:
        raise PublishError(
            "Indiquez la destination : --target /chemin/local ou --target utilisateur@serveur:/chemin "
            "(ou la variable PUBLISH_TARGET)."
        )
    match = REMOTE.match(text)
    if match:
        host, path = match["host"], match["path"].strip()
        if host.startswith("-") or not host.strip():
            # ssh would read « -o… » as an option, not as a server
            raise PublishError(f"Destination refusée : « {host} » n'est pas un nom de serveur.")
        normal = os.path.normpath(path) if path else ""
        if normal in ("", ".", "/", "~") or path.startswith("~") or is_home(normal):
            raise PublishError(
                f"Destination refusée : « {text} » désigne la racine ou un dossier personnel du "
                "serveur, dont la publication pourrait écraser les fichiers. Indiquez un dossier "
                "réservé au site, par exemple utilisateur@serveur:/srv/pop."
            )
        return Target(normal, host)
    path = Path(os.path.expanduser(text)).absolute()
    path = Path(os.path.normpath(path))
    resolved = path.resolve()
    project = project.resolve()
    home = (home or Path.home()).resolve()
    if resolved == Path("/") or resolved == home or is_home(str(resolved)):
        raise PublishError(
            f"Destination refusée : « {text} » est la racine ou un dossier personnel. "
            "Indiquez un dossier réservé au site, par exemple /srv/pop."
        )
    if resolved == project or project.is_relative_to(resolved) or resolved.is_relative_to(project):
        raise PublishError(
            f"Destination refusée : « {text} » est le projet lui-même ou le contient (ou s'y trouve). "
            "Publiez vers un dossier hors du projet, par exemple /srv/pop."
        )
    if resolved.exists() and not resolved.is_dir():
        raise PublishError(f"Destination refusée : « {text} » est un fichier, pas un dossier.")
    return Target(str(path))


def is_home(path: str) -> bool:
    """Whether ``path`` is a home folder: /root, /home/<name>, or /home itself."""
    parts = Path(path).parts
    return parts[:2] == ("/", "root") and len(parts) == 2 or parts[:2] == ("/", "home") and len(parts) <= 3


def require_tools(target: Target) -> None:
    """Stop with the install command when rsync (or ssh, for a server) is missing."""
    needed = ["rsync", "ssh"] if target.host else ["rsync"]
    missing = [tool for tool in needed if shutil.which(tool) is None]
    if missing:
        packages = " ".join(TOOLS[tool] for tool in missing)
        raise PublishError(
            f"La publication a besoin de {' et '.join(missing)}, absent de cette machine. "
            f"Installez-le avec :\n  sudo apt-get install {packages}\n"
            "(macOS : brew install rsync ; le serveur doit aussi avoir rsync.)"
        )


def file_digests(folder: Path) -> dict[str, str]:
    """Each file of the built site (relative path) with the SHA-256 of its bytes."""
    digests = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            digests[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


@dataclass
class State:
    """What the target holds: the manifest's releases (oldest first), and the current one."""

    releases: list[dict] = field(default_factory=list)
    pending: list[dict] = field(default_factory=list)
    current: str | None = None
    on_disk: set[str] = field(default_factory=set)  # what releases/ holds, ours or not

    def release(self, name: str | None) -> dict | None:
        return next((r for r in self.releases if r["name"] == name), None)

    def manifest(self) -> str:
        data = {"format": 1, "current": self.current, "releases": self.releases, "pending": self.pending}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


PROBE = f"""
if [ -e "$T" ] && [ ! -d "$T" ]; then exit 5; fi
if [ -L "$T/{CURRENT}" ]; then printf '%s\\n' "$(readlink "$T/{CURRENT}")"; else echo; fi
if [ -d "$T/{RELEASES}" ]; then ls -A "$T/{RELEASES}" | tr '\\n' ' '; fi; echo
if [ -f "$T/{MANIFEST}" ]; then cat "$T/{MANIFEST}"; exit 0; fi
if [ -e "$T/{CURRENT}" ] || [ -L "$T/{CURRENT}" ] || [ -e "$T/{RELEASES}" ]; then exit 3; fi
exit 4
"""


def read_state(target: Target) -> State:
    """Read the target's manifest; refuse a target whose layout another tool wrote."""
    process = target.run(PROBE)
    if process.returncode == 5:
        raise PublishError(f"Destination refusée : « {target} » est un fichier, pas un dossier.")
    if process.returncode == 3:
        raise PublishError(
            f"Destination refusée : « {target} » contient déjà « {CURRENT} » ou « {RELEASES}/ » sans "
            f"le manifeste {MANIFEST} : ces fichiers n'ont pas été écrits par invoke publish et ne "
            "seront pas remplacés. Choisissez un dossier vide ou réservé au site."
        )
    if process.returncode not in (0, 4):
        raise PublishError(unreachable(target, process))
    link, _, rest = process.stdout.partition("\n")
    entries, _, manifest = rest.partition("\n")
    state = State(on_disk=set(entries.split()))
    if process.returncode == 0:
        try:
            data = json.loads(manifest)
            state.releases, state.pending = list(data["releases"]), list(data.get("pending", []))
        except (ValueError, KeyError, TypeError) as error:
            raise PublishError(
                f"Le manifeste {target}/{MANIFEST} est illisible ({error}) : publication arrêtée, "
                "rien n'a été modifié. Vérifiez-le à la main."
            ) from None
    # The link, not the manifest, says what readers see (a publish may have stopped between the two).
    name = link.strip().removeprefix(f"{RELEASES}/")
    state.current = name or None
    return state


def unreachable(target: Target, process: subprocess.CompletedProcess) -> str:
    detail = (process.stderr or process.stdout).strip().splitlines()
    where = "le serveur" if target.host else "le dossier"
    return (
        f"Impossible de lire {where} « {target} » (code {process.returncode}) : "
        f"{detail[-1] if detail else 'aucune explication'}. Rien n'a été modifié."
    )


@dataclass
class Changes:
    added: list[str]
    changed: list[str]
    deleted: list[str]
    unchanged: int

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.deleted)


def compare(online: dict[str, str], local: dict[str, str]) -> Changes:
    return Changes(
        added=sorted(set(local) - set(online)),
        changed=sorted(p for p in local.keys() & online.keys() if local[p] != online[p]),
        deleted=sorted(set(online) - set(local)),
        unchanged=sum(1 for p in local.keys() & online.keys() if local[p] == online[p]),
    )


def describe(changes: Changes, target: Target, current: str | None) -> str:
    """What a publish would change, in French, as shown before the question."""
    since = f"la version en ligne {current}" if current else "rien (première publication)"
    lines = [
        f"Publication vers {target}, par rapport à {since} :",
        f"  {len(changes.added)} fichier(s) ajouté(s), {len(changes.changed)} modifié(s), "
        f"{len(changes.deleted)} supprimé(s), {changes.unchanged} inchangé(s).",
    ]
    for sign, names in (("+", changes.added), ("~", changes.changed), ("-", changes.deleted)):
        lines += [f"  {sign} {name}" for name in names[:SHOWN]]
        if len(names) > SHOWN:
            lines.append(f"  {sign} … et {len(names) - SHOWN} autre(s)")
    return "\n".join(lines)


def confirm(question: str, ask: Callable[[str], str] = input) -> bool:
    """Only an explicit « oui » (or « o », « yes », « y ») goes on; end of input or Ctrl+C means no."""
    try:
        answer = ask(question)
    except (EOFError, KeyboardInterrupt):
        return False
    return answer.strip().lower() in ("o", "oui", "y", "yes")


def release_name(state: State) -> str:
    base = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    # a pruned release whose folder stays (a file added by hand) keeps its name
    taken = {r["name"] for r in state.releases + state.pending} | state.on_disk
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def check(process: subprocess.CompletedProcess, target: Target, step: str) -> None:
    if process.returncode != 0:
        detail = (process.stderr or process.stdout).strip()
        raise PublishError(
            f"La publication s'est arrêtée ({step}) sur « {target} » : {detail or 'code ' + str(process.returncode)}. "
            "Le site en ligne n'a pas changé."
        )


def write_manifest(target: Target, state: State) -> None:
    """Replace the manifest in one rename, so that it is never half written."""
    script = f'mkdir -p "$T" && cat > "$T/{MANIFEST}.tmp" && mv -f "$T/{MANIFEST}.tmp" "$T/{MANIFEST}"'
    check(target.run(script, stdin=state.manifest()), target, "écriture du manifeste")


def recover(target: Target, state: State) -> None:
    """Settle what an interrupted publish left: a release that became current is kept,
    any other folder it was uploading is deleted (it was created empty by that publish)."""
    for record in list(state.pending):
        name = record["name"]
        if name == state.current:
            state.releases.append(record)
        else:
            script = f'rm -rf -- "$T/{RELEASES}/{UPLOADING}{name}" "$T/{RELEASES}/{name}"'
            check(target.run(script), target, "nettoyage d'un envoi interrompu")
        state.pending.remove(record)


def prune(target: Target, state: State) -> list[str]:
    """Delete the releases beyond the last :data:`KEEP`, never the current one, and in each only
    the files the manifest lists (then its emptied folders)."""
    removed = []
    for record in list(state.releases[:-KEEP]):
        if record["name"] == state.current:
            continue
        folder = f"$T/{RELEASES}/{record['name']}"
        script = (
            f'cd "{folder}" 2>/dev/null || exit 0\n'
            'while IFS= read -r f; do rm -f -- "./$f"; done\n'
            "find . -depth -type d -empty -delete\n"
            f'cd .. && rmdir "{record["name"]}" 2>/dev/null || true'
        )
        check(target.run(script, stdin="".join(f"{name}\n" for name in record["files"])), target, "ménage")
        state.releases.remove(record)
        removed.append(record["name"])
    return removed


def switch(target: Target, name: str) -> None:
    """Point ``current`` at ``releases/<name>`` with one rename (``mv -T`` is rename(2))."""
    # rm -f: the new link's name may be left over from a switch stopped between the two steps
    link = f'"$T/.{CURRENT}-{name}"'
    script = f'rm -f {link} && ln -s "{RELEASES}/{name}" {link} && mv -T {link} "$T/{CURRENT}"'
    check(target.run(script), target, "bascule du lien current")


def publish(
    folder: Path,
    target: Target,
    *,
    yes: bool = False,
    ask: Callable[[str], str] = input,
    say: Callable[[str], object] = print,
    rsync_options: list[str] | None = None,
) -> bool:
    """Show what would change, ask, upload into a new release and switch ``current``.

    Returns False when the person declined (nothing was changed). Raises
    :class:`PublishError` when something stopped the publish; ``current`` then still points
    to the previous complete release.
    """
    folder = Path(folder).resolve()
    state = read_state(target)
    local = file_digests(folder)
    online = (state.release(state.current) or {}).get("files", {})
    changes = compare(online, local)
    if not changes.any and state.current:
        say(f"Le site en ligne sur {target} est déjà à jour ({len(local)} fichiers) : rien à publier.")
        return True
    say(describe(changes, target, state.current))
    if not yes and not confirm(f"Publier sur {target} ? Tapez « oui » pour confirmer : ", ask):
        say("Publication annulée : rien n'a été envoyé.")
        return False
    recover(target, state)
    name = release_name(state)
    record = {"name": name, "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "files": local}
    # Recorded before anything is written, so that the next publish can clean up after this one.
    state.pending.append(record)
    write_manifest(target, state)
    check(
        target.run(f'mkdir -p "$T/{RELEASES}" && mkdir "$T/{RELEASES}/{UPLOADING}{name}"'),
        target,
        "préparation",
    )
    command = [
        "rsync",
        "-a",
        # by content: size and time alone would take a same-size edit made within the same
        # second for the unchanged file of the release before, and hard-link the old one
        "--checksum",
        "--chmod=Du=rwx,Dgo=rx,Fu=rw,Fgo=r",  # readable by the web server whatever the umask
        *(["-z"] if target.host else []),
        *([f"--link-dest=../{state.current}"] if state.release(state.current) else []),
        *(rsync_options or []),
        f"{folder}/",
        target.rsync_destination(f"{RELEASES}/{UPLOADING}{name}"),
    ]
    say(f"Envoi de la version {name}…")
    try:
        process = subprocess.run(command, capture_output=True, text=True)
    except KeyboardInterrupt:  # Ctrl+C: rsync got it too and stopped
        process = subprocess.CompletedProcess(command, 130, "", "interrompu par Ctrl+C")
    if process.returncode != 0:
        raise PublishError(
            f"L'envoi a échoué (rsync, code {process.returncode}) : "
            f"{process.stderr.strip() or 'interrompu'}.\n"
            f"Le site en ligne n'a pas changé : « {CURRENT} » montre toujours la version "
            f"{state.current or '(aucune)'}. Relancez invoke publish : il nettoiera l'envoi interrompu."
        )
    check(
        target.run(f'mv -T "$T/{RELEASES}/{UPLOADING}{name}" "$T/{RELEASES}/{name}"'),
        target,
        "fin de l'envoi",
    )
    switch(target, name)
    state.current = name
    state.pending.remove(record)
    state.releases.append(record)
    write_manifest(target, state)
    removed = prune(target, state)
    if removed:
        write_manifest(target, state)
    say(
        f"Publié : {target}/{CURRENT} montre maintenant la version {name}"
        + (f" (anciennes versions supprimées : {', '.join(removed)})." if removed else ".")
    )
    return True


def rollback(
    target: Target,
    *,
    yes: bool = False,
    ask: Callable[[str], str] = input,
    say: Callable[[str], object] = print,
) -> bool:
    """Point ``current`` back to the release published before it; False when declined."""
    state = read_state(target)
    names = [r["name"] for r in state.releases]
    if state.current not in names or names.index(state.current) == 0:
        kept = ", ".join(names) or "aucune"
        raise PublishError(
            f"Pas de version précédente à remettre en ligne sur {target} "
            f"(version en ligne : {state.current or 'aucune'} ; versions gardées : {kept})."
        )
    previous = state.releases[names.index(state.current) - 1]
    say(
        f"Retour arrière sur {target} : la version {state.current} sera remplacée par "
        f"{previous['name']} (publiée le {previous['published']})."
    )
    if not yes and not confirm("Remettre cette version en ligne ? Tapez « oui » pour confirmer : ", ask):
        say("Retour arrière annulé : rien n'a changé.")
        return False
    switch(target, previous["name"])
    state.current = previous["name"]
    write_manifest(target, state)
    say(f"{target}/{CURRENT} montre de nouveau la version {previous['name']}.")
    return True
