"""Validators shared by the council tax model's frozen classes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.ctax.errors import CtaxError
from revcore.validation import AnyField


def end_not_before_start(instance: object, attribute: AnyField, end: dt.date | None) -> None:
    """For classes with ``start`` and an inclusive, optional ``end``."""
    start = getattr(instance, "start")
    if end is not None and end < start:
        raise CtaxError(
            f"{type(instance).__name__}: ends {end.isoformat()} before it starts {start.isoformat()}"
        )


def is_date(instance: object, attribute: AnyField, value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise CtaxError(f"{type(instance).__name__}.{attribute.name}: {value!r} is not a date")


def optional_date(instance: object, attribute: AnyField, value: object) -> None:
    if value is not None:
        is_date(instance, attribute, value)


def percentage(instance: object, attribute: AnyField, value: Decimal | None) -> None:
    """A percentage from 0 to 100 (a discount or reduction can never take a charge below nil)."""
    if value is None:
        return
    if not isinstance(value, Decimal):
        raise CtaxError(f"{type(instance).__name__}.{attribute.name}: {value!r} is not a Decimal percentage")
    if not Decimal(0) <= value <= Decimal(100):
        raise CtaxError(f"{type(instance).__name__}.{attribute.name}: {value}% is not between 0 and 100")
