"""What an officer may post on their own authority: per role, one request and each day's totals.

The figures are data: ``refdata/tables/authorisation.toml`` (the defaults), over which a council's roles
file may set its own (``[limits."senior officer"]``). A user with several roles has the highest
of each limit among them (as they hold the union of the roles' permissions). Above a limit a
refund or write-off waits for a second officer with the authoriser role
(:mod:`revtui.services.approvals`); a reversal of another officer's posting or a change
backdated further than ``backdate_years`` needs the authoriser role itself
(:mod:`revtui.services.permissions`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

import attrs

from refdata import DataError, load_toml
from revcore.money import MoneyError, format_money, to_money
from revtui.services.roles import RolesError, parse_role

__all__ = ["KINDS", "KindLimits", "OfficerLimits", "limits_for", "default_limits", "within"]

KINDS = ("refund", "write_off", "reversal")
SPANS = ("single", "account_day", "officer_day")
_FILE = "authorisation.toml"
_ZERO = Decimal("0.00")


@attrs.frozen
class KindLimits:
    single: Decimal = _ZERO
    account_day: Decimal = _ZERO
    officer_day: Decimal = _ZERO


@attrs.frozen
class OfficerLimits:
    refund: KindLimits = KindLimits()
    write_off: KindLimits = KindLimits()
    reversal: KindLimits = KindLimits()
    backdate_years: int = 0
    discretionary_single: Decimal | None = None
    """A s.13A(1)(c) reduction taking more than this off the charge waits for a senior officer; None:
    the council's policy sets no such limit."""

    def of(self, kind: str) -> KindLimits:
        return getattr(self, kind)


def _parse(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    known = {f"{kind}_{span}" for kind in KINDS for span in SPANS} | {"backdate_years", "discretionary_single"}
    parsed: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise RolesError(f"{where}.{key}: not a limit; the limits are: {', '.join(sorted(known))}")
        if key == "backdate_years":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise RolesError(f"{where}.backdate_years: {value!r} is not a whole number of years")
            parsed[key] = value
            continue
        try:
            amount = to_money(value, where=f"{where}.{key}")
        except MoneyError as error:
            raise RolesError(str(error)) from None
        if amount < 0:
            raise RolesError(f"{where}.{key}: {value} is negative")
        parsed[key] = amount
    return parsed


@lru_cache(maxsize=1)
def _defaults() -> dict[str, dict[str, Any]]:
    table = {}
    try:
        for role, values in load_toml(_FILE).items():
            table[parse_role(role, f"{_FILE} [{role}]")] = _parse(values, f"{_FILE} [{role}]")
    except RolesError as error:
        raise DataError(str(error)) from None
    return table


def _build(values: Mapping[str, Any]) -> OfficerLimits:
    kinds = {kind: KindLimits(*(values.get(f"{kind}_{span}", _ZERO) for span in SPANS)) for kind in KINDS}
    return OfficerLimits(**kinds, backdate_years=values.get("backdate_years", 0),
                         discretionary_single=values.get("discretionary_single"))


def limits_for(roles: Iterable[str], overrides: Mapping[str, Mapping[str, Any]] | None = None,
               *, where: str = "roles file") -> OfficerLimits:
    """The highest of each limit among ``roles`` (the council's overrides over the defaults)."""
    council = {role: _parse(values, f"{where}: limits.{role}") for role, values in (overrides or {}).items()}
    merged: dict[str, Any] = {}
    for role in roles:
        values = dict(_defaults().get(role, {})) | council.get(role, {})
        for key, value in values.items():
            merged[key] = max(merged.get(key, value), value)
    return _build(merged)


def default_limits() -> OfficerLimits:
    """An officer's limits, for a caller with no session (a script through the Python API)."""
    return limits_for(["officer"])


def within(limits: KindLimits, amount: Decimal, used_on_account: Decimal, used_by_officer: Decimal) -> str:
    """Why ``amount`` needs a second officer ('' when the officer may post it alone)."""
    if amount > limits.single:
        return f"above your limit of {format_money(limits.single)} for one"
    if used_on_account + amount > limits.account_day:
        return (f"{format_money(used_on_account)} already posted on this account today: the day's total would be "
                f"above the limit of {format_money(limits.account_day)} an account")
    if used_by_officer + amount > limits.officer_day:
        return (f"you have posted {format_money(used_by_officer)} today: your day's total would be above the limit "
                f"of {format_money(limits.officer_day)}")
    return ""
