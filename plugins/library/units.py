"""Sizes and durations as French readers write them: « 1,2 Mo », « 1 h 30 »."""

from __future__ import annotations

from babel.numbers import format_decimal

NBSP = "\u00a0"  # between a number and its unit: never split over two lines
# Decimal units, as file managers and the law (SI) count: 1 ko = 1 000 octets.
UNITS = (("Go", 10**9), ("Mo", 10**6), ("ko", 10**3))


def file_size(size: int, locale: str = "fr") -> str:
    """« 850 octets », « 12 ko », « 1,2 Mo »: one decimal below 10, none above."""
    if size < 1000:
        return f"{size}{NBSP}octet{'s' if size > 1 else ''}"
    for index, (unit, factor) in enumerate(UNITS):
        if size < factor:
            continue
        value = size / factor
        if round(value) >= 1000 and index:  # 999 999 octets: « 1 Mo », not « 1 000 ko »
            unit, factor = UNITS[index - 1]
            value = size / factor
        pattern = "#,##0.#" if round(value, 1) < 10 else "#,##0"
        return f"{format_decimal(value, format=pattern, locale=locale)}{NBSP}{unit}"
    raise AssertionError("unreachable")


def duration(minutes: int | None) -> str:
    """« 45 min », « 2 h », « 1 h 30 »."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest}{NBSP}min"
    return f"{hours}{NBSP}h" + (f"{NBSP}{rest:02d}" if rest else "")


def iso_duration(minutes: int | None) -> str:
    """ISO 8601 duration for schema.org: ``PT1H30M``."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")
