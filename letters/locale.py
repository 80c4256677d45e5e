"""Wording and formatting in one language: catalogue text, money, dates and percentages.

Catalogues are ``letters/locales/<lang>.toml`` (nested tables, looked up by dotted key); a
council's overrides (``Branding.wording``) win over the catalogue. Money, dates and numbers
are formatted by Babel with the patterns of ``letters/formats.toml``.

A :class:`Lang` is given its catalogue and formats as text (the current files, or the version
a notice was issued with, kept by the store), so a reprint words and formats as issued.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import attrs

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from letters.model import LocalText

__all__ = ["Lang", "Formats", "WordingError", "catalogue", "parse_catalogue", "parse_formats", "LOCALES_DIR",
           "FORMATS_FILE"]

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
FORMATS_FILE = Path(__file__).resolve().parent / "formats.toml"
_LANGUAGES = ("en", "cy")


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


def parse_catalogue(text: str, where: str) -> dict[str, str]:
    """A catalogue's entries by dotted key, from its TOML text."""
    try:
        return _flatten(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise WordingError(f"wording catalogue {where} does not read: {error}") from None


def catalogue(lang: str) -> dict[str, str]:
    """Every entry of the current ``locales/<lang>.toml`` by dotted key."""
    path = LOCALES_DIR / f"{lang}.toml"
    try:
        return parse_catalogue(path.read_text(encoding="utf-8"), str(path))
    except FileNotFoundError:
        raise WordingError(f"no wording catalogue for language {lang!r} ({path})") from None


@attrs.frozen
class Formats:
    """How one language writes money, dates, times, percentages and numbers: a Babel locale and
    its patterns (``letters/formats.toml``)."""

    locale: str
    money: str
    date: str
    time: str
    percent: str
    number: str


def parse_formats(text: str) -> tuple[int, dict[str, Formats]]:
    """The formats version and each language's :class:`Formats`, from ``formats.toml`` text."""
    try:
        table = tomllib.loads(text)
        return int(table["version"]), {code: Formats(**table[code]) for code in _LANGUAGES}
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise WordingError(f"the formats of notices (formats.toml) do not read: {error!r}") from None


# A bulk run formats the same few hundred amounts and dates thousands of times; Babel's
# formatting is the slowest step of building a notice's HTML, so remember its answers.
@lru_cache(maxsize=65536)
def _money(amount: Decimal, locale: str, pattern: str) -> str:
    return format_currency(amount, "GBP", format=pattern, locale=locale)


@lru_cache(maxsize=4096)
def _date(day: dt.date, locale: str, pattern: str) -> str:
    return format_date(day, pattern, locale=locale)


class Lang:
    """One language's wording and formats, as templates use it (``L.t``, ``L.money``...):
    ``entries`` is its catalogue, ``formats`` its patterns (by default the current files')."""

    def __init__(self, code: str, overrides: Mapping[str, str] | None = None, *,
                 entries: Mapping[str, str] | None = None, formats: Formats | None = None) -> None:
        if code not in _LANGUAGES:
            raise WordingError(f"unsupported language {code!r}")
        self.code = code
        self.formats = formats or parse_formats(FORMATS_FILE.read_text(encoding="utf-8"))[1][code]
        self.locale = self.formats.locale
        self._entries = {**(catalogue(code) if entries is None else entries), **(overrides or {})}

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
        return _money(amount, self.locale, self.formats.money)

    def date(self, day: dt.date) -> str:
        return _date(day, self.locale, self.formats.date)

    def time(self, moment: dt.datetime) -> str:
        return format_time(moment, self.formats.time, locale=self.locale)

    def percent(self, value: Decimal | None) -> str:
        """A percentage change with its sign; ``–`` when there is no previous figure."""
        if value is None:
            return "–"
        sign = "+" if value > 0 else ""
        return f"{sign}{format_decimal(value, self.formats.percent, locale=self.locale)}%"

    def number(self, value: Decimal) -> str:
        return format_decimal(value, self.formats.number, locale=self.locale)
