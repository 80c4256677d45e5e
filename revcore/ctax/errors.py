"""Errors the council tax model raises; each message names what was wrong and where."""

from __future__ import annotations

__all__ = ["CtaxError", "LiabilityError", "ChargeError"]


class CtaxError(ValueError):
    """Bad council tax input: an impossible period, an unknown band or class, a bad percentage."""


class LiabilityError(CtaxError):
    """Liabilities that cannot all be true (e.g. the same person liable twice for one dwelling)."""


class ChargeError(CtaxError):
    """A charge that cannot be worked out from what was given (missing amounts, conflicting facts)."""
