"""Errors the business rates model raises; each message names what was wrong and where."""

from __future__ import annotations

import datetime as dt

import attrs
from revcore.validation import AnyField

__all__ = ["RatesError", "check_date", "check_optional_date", "check_end"]


class RatesError(ValueError):
    """Bad business rates input: an impossible period, an unknown multiplier, conflicting facts."""


def check_date(instance: object, attribute: AnyField, value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise RatesError(f"{type(instance).__name__}.{attribute.name}: {value!r} is not a date")


def check_optional_date(instance: object, attribute: AnyField, value: object) -> None:
    if value is not None:
        check_date(instance, attribute, value)


def check_end(instance: object, attribute: AnyField, end: dt.date | None) -> None:
    """An optional inclusive ``end`` not before the instance's ``start``."""
    check_optional_date(instance, attribute, end)
    start = getattr(instance, "start")
    if end is not None and end < start:
        raise RatesError(f"{type(instance).__name__}: ends {end.isoformat()} before it starts {start.isoformat()}")
