"""People who can be liable for council tax."""

from __future__ import annotations

import datetime as dt

import attrs

from revcore.ctax._checks import optional_date

__all__ = ["Person"]


@attrs.frozen
class Person:
    reference: str
    name: str
    date_of_birth: dt.date | None = attrs.field(default=None, validator=optional_date)
