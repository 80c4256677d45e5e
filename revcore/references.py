"""Account references with a check digit, so a mistyped reference on a payment is caught.

A reference is a prefix letter naming the kind of account (``C`` council tax, ``N`` business
rates, ``S`` sundry, ``H`` housing benefit overpayment), seven digits, and a modulus 11 check
digit (weights 8..2 over the seven digits; a remainder giving 10 is shown as ``X``). Payment
files often drop the prefix letter, so :func:`parse_reference` accepts the digits alone when
the kind is given.
"""

from __future__ import annotations

__all__ = ["KINDS", "ReferenceError", "make_reference", "check_digit", "parse_reference", "is_valid_reference"]

KINDS = {"C": "council tax", "N": "business rates", "S": "sundry debt", "H": "housing benefit overpayment"}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)


class ReferenceError(ValueError):
    """A reference that is malformed or whose check digit does not match."""


def check_digit(digits: str) -> str:
    if len(digits) != 7 or not digits.isdigit():
        raise ReferenceError(f"{digits!r}: expected seven digits")
    remainder = sum(int(d) * w for d, w in zip(digits, _WEIGHTS)) % 11
    value = (11 - remainder) % 11
    return "X" if value == 10 else str(value)


def make_reference(kind: str, serial: int) -> str:
    """``make_reference("C", 1234)`` gives ``"C0001234"`` followed by its check digit."""
    if kind not in KINDS:
        raise ReferenceError(f"unknown account kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not 0 < serial < 10_000_000:
        raise ReferenceError(f"serial {serial} is outside 1..9999999")
    digits = f"{serial:07d}"
    return f"{kind}{digits}{check_digit(digits)}"


def parse_reference(text: str, default_kind: str | None = None) -> str:
    """Normalise a typed or imported reference and verify its check digit.

    Spaces are ignored and letters upper-cased; digits without a prefix take ``default_kind``.
    """
    cleaned = "".join(text.split()).upper()
    if cleaned[:1].isdigit() and default_kind:
        cleaned = default_kind + cleaned
    if len(cleaned) != 9 or cleaned[0] not in KINDS or not cleaned[1:8].isdigit():
        raise ReferenceError(f"{text!r} is not an account reference such as C00012343")
    expected = check_digit(cleaned[1:8])
    if cleaned[8] != expected:
        raise ReferenceError(f"{text!r}: check digit is {cleaned[8]}, expected {expected} (mistyped?)")
    return cleaned


def is_valid_reference(text: str, default_kind: str | None = None) -> bool:
    try:
        parse_reference(text, default_kind)
    except ReferenceError:
        return False
    return True
