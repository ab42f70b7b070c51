"""Counts Pelican's own errors during a build, so that a build that logged one fails."""

from __future__ import annotations

import logging

# Pelican only warns about a broken intra-site link; for us it is an error.
ERROR_WARNINGS = ("Unable to find",)


class ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record):
        if record.levelno >= logging.ERROR or str(record.msg).startswith(ERROR_WARNINGS):
            self.count += 1


def attach() -> ErrorCounter:
    logger = logging.getLogger("pelican")
    for handler in list(logger.handlers):
        if isinstance(handler, ErrorCounter):
            logger.removeHandler(handler)
    counter = ErrorCounter()
    logger.addHandler(counter)
    return counter


def detach(counter: ErrorCounter | None) -> None:
    if counter is not None:
        logging.getLogger("pelican").removeHandler(counter)
