"""Wording and formatting in one language: catalogue text, money, dates and percentages.

Catalogues are ``letters/locales/<lang>.toml`` (nested tables, looked up by dotted key); a
council's overrides (``Branding.wording``) win over the catalogue. Money, dates and numbers
are formatted by Babel for ``en_GB`` and ``cy``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from letters.model import LocalText

__all__ = ["Lang", "WordingError", "catalogue", "LOCALES_DIR"]

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
_BABEL = {"en": "en_GB", "cy": "cy"}


class WordingError(LookupError):
    """A catalogue entry, a placeholder or a Welsh text that a notice needs is missing."""


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """Every entry of ``locales/<lang>.toml`` by dotted key."""
    path = LOCALES_DIR / f"{lang}.toml"
    try:
        with path.open("rb") as handle:
            return _flatten(tomllib.load(handle))
    except FileNotFoundError:
        raise WordingError(f"no wording catalogue for language {lang!r} ({path})") from None


# A bulk run formats the same few hundred amounts and dates thousands of times; Babel's
# formatting is the slowest step of building a notice's HTML, so remember its answers.
@lru_cache(maxsize=65536)
def _money(amount: Decimal, locale: str) -> str:
    return format_currency(amount, "GBP", locale=locale)


@lru_cache(maxsize=4096)
def _date(day: dt.date, locale: str) -> str:
    return format_date(day, "d MMMM y", locale=locale)


class Lang:
    """One language's wording and formats, as templates use it (``L.t``, ``L.money``...)."""

    def __init__(self, code: str, overrides: Mapping[str, str] | None = None) -> None:
        if code not in _BABEL:
            raise WordingError(f"unsupported language {code!r}")
        self.code = code
        self.locale = _BABEL[code]
        self._entries = {**catalogue(code), **(overrides or {})}

    def t(self, key: str, **values: Any) -> str:
        """The entry ``key`` with ``{placeholders}`` filled from ``values`` (already formatted)."""
        try:
            text = self._entries[key]
        except KeyError:
            raise WordingError(f"wording {key!r} missing from the {self.code} catalogue") from None
        try:
            return text.format(**values) if values else text
        except KeyError as missing:
            raise WordingError(f"wording {key!r} ({self.code}) needs value {missing}") from None

    def has(self, key: str) -> bool:
        return key in self._entries

    def text(self, value: LocalText) -> str:
        """Officer- or engine-supplied text in this language; Welsh must be given, not guessed."""
        result = value.get(self.code)
        if result is None:
            raise WordingError(f"no Welsh text given for {value.en!r}")
        return result

    def money(self, amount: Decimal) -> str:
        return _money(amount, self.locale)

    def date(self, day: dt.date) -> str:
        return _date(day, self.locale)

    def time(self, moment: dt.datetime) -> str:
        return format_time(moment, "h:mm a", locale=self.locale)

    def percent(self, value: Decimal | None) -> str:
        """A percentage change with its sign; ``–`` when there is no previous figure."""
        if value is None:
            return "–"
        sign = "+" if value > 0 else ""
        return f"{sign}{format_decimal(value, '0.0', locale=self.locale)}%"

    def number(self, value: Decimal) -> str:
        return format_decimal(value, "#,##0.##", locale=self.locale)
