"""The MDN HTTP Observatory's grade for a built site, served locally by nginx over https.

The scanner (npm ``@mdn/mdn-http-observatory``) cannot grade a loopback server as it is
installed here, for three reasons, each worked around without touching ``node_modules``:

- its command takes a host name only and always asks ports 80 and 443, which only root may
  open; but ``127.0.0.1:PORT`` given as the host name reaches both URLs on that port;
- it asks the same address over http and https: nginx answers both on one port, plain
  http being redirected to https (status 497 turned into a 301), as a real site would;
- it reads ``conf/hsts-preload.json``, written by a post-install script that downloads
  Chromium's preload list (our ``npm ci --ignore-scripts`` skips it, and this machine has no
  network): a copy of its code is run with an empty list (127.0.0.1 is in no preload list);
- it demands a certificate it trusts, or marks HSTS and the redirection as failed: the
  certificate is made here for 127.0.0.1 and given to Node alone (``NODE_EXTRA_CA_CERTS``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sitetools.nginx import Nginx, NginxError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "@mdn" / "mdn-http-observatory"


class ObservatoryError(Exception):
    """A French message: what is missing, or what the scanner said."""


def make_certificate(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate for ``host`` (an IP address), valid for two days."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    if shutil.which("openssl") is None:
        raise ObservatoryError("openssl est introuvable. Installez-le avec : sudo apt-get install openssl")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={host}",
         "-addext", f"subjectAltName=IP:{host}", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def scanner_copy() -> Path:
    """The scanner's code beside the project's node_modules, with an empty HSTS preload list."""
    if not (PACKAGE / "src" / "scan.js").is_file():
        raise ObservatoryError("@mdn/mdn-http-observatory est absent : lancez npm ci dans le projet.")
    copy = ROOT / ".cache" / "observatory"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(PACKAGE / "src", copy / "src")
    shutil.copy2(PACKAGE / "package.json", copy / "package.json")
    if (PACKAGE / "node_modules").is_dir():
        (copy / "node_modules").symlink_to(PACKAGE / "node_modules")
    (copy / "conf").mkdir()
    preload = PACKAGE / "conf" / "hsts-preload.json"
    if preload.is_file():
        shutil.copy2(preload, copy / "conf" / "hsts-preload.json")
    else:
        (copy / "conf" / "hsts-preload.json").write_text("{}", encoding="utf-8")
    return copy


def scan(site: Path, timeout: float = 120) -> dict:
    """Serve ``site`` over https on a free port and return the scanner's JSON (scan, tests)."""
    if shutil.which("node") is None:
        raise ObservatoryError("node est introuvable. Installez-le avec : sudo apt-get install nodejs")
    copy = scanner_copy()
    with tempfile.TemporaryDirectory(prefix="pop-observatory-") as folder:
        cert, key = make_certificate(Path(folder))
        with Nginx(site, tls=(cert, key)) as server:
            process = subprocess.run(
                ["node", str(copy / "src" / "scan.js"), f"{server.host}:{server.port}"],
                env={**os.environ, "NODE_EXTRA_CA_CERTS": str(cert)},
                capture_output=True,
                text=True,
                timeout=timeout,
            )
    try:
        result = json.loads(process.stdout)
    except json.JSONDecodeError:
        raise ObservatoryError(
            f"réponse illisible de l'Observatory :\n{process.stdout}{process.stderr}"
        ) from None
    if "error" in result:
        raise ObservatoryError(f"l'Observatory n'a pas pu noter le site : {result['error']}")
    return result


def summary(result: dict) -> str:
    """The grade, the score, and each test that did not pass, in a few lines."""
    head = result["scan"]
    lines = [
        f"Observatory MDN : note {head['grade']} ({head['score']}/100, {head['testsPassed']}/{head['testsQuantity']} tests réussis)"
    ]
    for name, test in sorted(result["tests"].items()):
        modifier = test.get("scoreModifier", 0)
        if not test.get("pass") or modifier:
            lines.append(f"  {name} : {test.get('result')} ({modifier:+d})")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """``python -m sitetools.observatory [dossier]``: the grade of a built site (output/ by default)."""
    site = Path(argv[0]) if argv else ROOT / "output"
    if not (site / ".hosting" / "nginx.conf").is_file():
        print(f"{site} n'est pas un site construit avec le plugin hosting : lancez d'abord invoke build.")
        return 1
    try:
        result = scan(site.resolve())
    except (ObservatoryError, NginxError) as error:
        print(error)
        return 1
    print(summary(result))
    return 0 if result["scan"]["grade"] == "A+" else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
