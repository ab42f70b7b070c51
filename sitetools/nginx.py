"""Debian's nginx serving a built site with the configuration the build wrote, without root.

Everything nginx writes (pid, logs, temporary folders) lives in a prefix folder of its own,
the port is above 1024, and the configuration includes the site's own
``.hosting/nginx.conf`` (plugins/hosting): what runs here is what runs in production.
Used by ``invoke serve --production`` and by the tests.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

INCLUDE = ".hosting/nginx.conf"
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


class NginxError(Exception):
    """A French message for the person who started the server."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def port_is_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        # as nginx binds: a port whose last connections are closing is free, a listening one is not
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def main_config(
    site: Path, prefix: Path, port: int, host: str = "127.0.0.1", tls: tuple | None = None
) -> str:
    """A complete nginx.conf: one server on ``host:port`` whose root is ``site``; with ``tls``
    (certificate, key), https on that port, and plain http there redirected to it."""
    lines = [
        "# Écrit par sitetools/nginx.py pour servir le site en local.",
        "worker_processes 1;",
        "daemon off;",
        f"pid {prefix / 'nginx.pid'};",
        f"error_log {prefix / 'error.log'} warn;",
    ]
    if os.geteuid() == 0:
        # as root, nginx would hand the work to « nobody », who may not read the site
        lines.append(f"user {pwd.getpwuid(site.stat().st_uid).pw_name};")
    lines += [
        "events { worker_connections 256; }",
        "http {",
        f"    access_log {prefix / 'access.log'};",
        *(f"    {name}_temp_path {prefix / name};" for name in TEMP_PATHS),
        "    sendfile on;",
        "    server {",
        f"        listen {host}:{port}{' ssl' if tls else ''};",
        "        server_name localhost;",
        *(
            [
                f"        ssl_certificate {tls[0]};",
                f"        ssl_certificate_key {tls[1]};",
                # 497: a plain http request on the https port, sent to https like a real site
                "        error_page 497 =301 https://$http_host$request_uri;",
            ]
            if tls
            else []
        ),
        f"        root {site};",
        f"        include {site / INCLUDE};",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


class Nginx:
    """``with Nginx(site, port) as server:`` … ``server.url`` answers until the block ends."""

    def __init__(
        self, site: Path, port: int | None = None, host: str = "127.0.0.1", program: str = "nginx", tls=None
    ):
        self.site = Path(site).absolute()
        self.tls = tls
        self.host = host
        self.port = port or free_port(host)
        self.program = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")
        self.prefix: Path | None = None
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def error_log(self) -> str:
        log = self.prefix / "error.log" if self.prefix else None
        return log.read_text(encoding="utf-8", errors="replace") if log and log.is_file() else ""

    def start(self, timeout: float = 10) -> Nginx:
        if self.program is None:
            raise NginxError("nginx est introuvable. Installez-le avec : sudo apt-get install nginx")
        if not (self.site / INCLUDE).is_file():
            raise NginxError(
                f"{self.site / INCLUDE} manque : le site n'a pas été construit avec le plugin hosting "
                "(invoke build)."
            )
        if not port_is_free(self.host, self.port):
            # nginx would try for a few seconds, while the other server answers our checks
            raise NginxError(f"Le port {self.port} est déjà utilisé : choisissez-en un autre avec --port.")
        self.prefix = Path(tempfile.mkdtemp(prefix="pop-nginx-"))
        for name in TEMP_PATHS:
            (self.prefix / name).mkdir()
        conf = self.prefix / "nginx.conf"
        conf.write_text(main_config(self.site, self.prefix, self.port, self.host, self.tls), encoding="utf-8")
        # -e: the error log before the configuration is read (Debian's default needs root)
        command = [
            self.program,
            "-p",
            str(self.prefix),
            "-c",
            str(conf),
            "-e",
            str(self.prefix / "error.log"),
        ]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                errors = (self.process.stderr.read() or "") + self.error_log()
                self.cleanup()
                raise NginxError(
                    f"nginx s'est arrêté au démarrage (port {self.port} déjà pris ?) :\n{errors.strip()}"
                )
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise NginxError(f"nginx ne répond pas sur {self.url} après {timeout:.0f} s.")

    def stop(self, timeout: float = 5) -> None:
        """Graceful stop (SIGQUIT: requests under way finish), then firmer if needed."""
        if self.process is not None and self.process.poll() is None:
            for sig in (signal.SIGQUIT, signal.SIGTERM, signal.SIGKILL):
                self.process.send_signal(sig)
                try:
                    self.process.wait(timeout)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        self.cleanup()

    def cleanup(self) -> None:
        if self.prefix is not None:
            shutil.rmtree(self.prefix, ignore_errors=True)
            self.prefix = None

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(site: Path, port: int) -> None:
    """Serve ``site`` until Ctrl+C, then stop nginx cleanly."""
    server = Nginx(site, port)
    server.start()

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    # stopped by a service manager or `kill` as by Ctrl+C: nginx never outlives us
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)
    signal.signal(signal.SIGINT, interrupt)  # even if the program that started us ignored it
    print(f"Site de production servi par nginx sur {server.url}/ (Ctrl+C pour arrêter)", flush=True)
    try:
        while server.process.poll() is None:
            time.sleep(0.5)
        raise NginxError(f"nginx s'est arrêté :\n{server.error_log().strip()}")
    except KeyboardInterrupt:
        print("\nArrêt de nginx…", flush=True)
    finally:
        server.stop()
