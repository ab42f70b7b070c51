"""Debian's Chromium as the tests and measures drive it (through Playwright, no download)."""

CHROMIUM = "/usr/bin/chromium"
# Headless flags for a machine with no network but the package registries: without the
# background-networking ones, Chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
