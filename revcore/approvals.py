"""Refunds and write-offs that need a second officer.

A council sets the amounts above which a refund or a write-off must be authorised by a
second officer, not the one who asked for it (its financial regulations; see
``ledger.toml`` in the council folder). A request records who asked and when, and the decision who authorised or
refused it and when. The ledger posts a refund or write-off only from a request that is ready.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import attrs

from revcore.entries import Category
from revcore.money import format_money, to_money
from revcore.periods import FinancialYear
from revcore.validation import AnyField, member_of

__all__ = [
    "ApprovalKind",
    "ApprovalStatus",
    "AuthorisationLimits",
    "Decision",
    "ApprovalRequest",
    "ApprovalError",
    "request_refund",
    "request_write_off",
    "decide",
]


class ApprovalError(ValueError):
    """An authorisation that is not allowed: the same officer twice, a second decision."""


class ApprovalKind(enum.Enum):
    REFUND = "refund"
    WRITE_OFF = "write_off"


class ApprovalStatus(enum.Enum):
    PENDING = "pending"  # waiting for a second officer
    APPROVED = "approved"  # authorised, or below the limit that needs a second officer
    REJECTED = "rejected"


def _money(instance: object, attribute: AnyField, value: Decimal) -> None:
    to_money(value, where=attribute.name)
    if value < 0:
        raise ApprovalError(f"{attribute.name}: {value} is negative")


@attrs.frozen
class AuthorisationLimits:
    """Amounts above which a second officer must authorise (a council setting)."""

    refund_above: Decimal = attrs.field(validator=_money)
    write_off_above: Decimal = attrs.field(validator=_money)

    def needs_second_officer(self, kind: ApprovalKind, amount: Decimal) -> bool:
        return amount > (self.refund_above if kind is ApprovalKind.REFUND else self.write_off_above)


@attrs.frozen
class Decision:
    """Who authorised (or refused) a request, and when."""

    officer: str
    on: dt.date
    approved: bool
    note: str = ""


def _officer(instance: object, attribute: AnyField, value: str) -> None:
    if not value.strip():
        raise ApprovalError(f"{attribute.name}: an officer must be named")


@attrs.frozen
class ApprovalRequest:
    """A refund or write-off asked for by ``requested_by`` on ``requested_on``.

    A write-off names the ``year`` and ``category`` it writes off; a refund may leave ``year``
    empty (it is paid from the account's credit, latest year first).
    """

    id: str
    kind: ApprovalKind = attrs.field(validator=member_of(ApprovalKind))
    account: str
    amount: Decimal = attrs.field(validator=_money)
    reason: str
    requested_by: str = attrs.field(validator=_officer)
    requested_on: dt.date
    needs_second_officer: bool
    year: FinancialYear | None = None
    category: Category = attrs.field(default=Category.CHARGE, validator=member_of(Category))
    decision: Decision | None = None

    def __attrs_post_init__(self) -> None:
        if self.amount == 0:
            raise ApprovalError(f"{self.kind.value} request {self.id}: no amount")
        if self.kind is ApprovalKind.WRITE_OFF and self.year is None:
            raise ApprovalError(f"write-off request {self.id}: name the financial year written off")
        if not self.reason.strip():
            raise ApprovalError(f"{self.kind.value} request {self.id}: give a reason")

    @property
    def status(self) -> ApprovalStatus:
        if self.decision is not None:
            return ApprovalStatus.APPROVED if self.decision.approved else ApprovalStatus.REJECTED
        return ApprovalStatus.PENDING if self.needs_second_officer else ApprovalStatus.APPROVED

    @property
    def ready(self) -> bool:
        """May be posted: approved, or below the limit and not refused."""
        return self.status is ApprovalStatus.APPROVED

    @property
    def authorised_by(self) -> str:
        return self.decision.officer if self.decision is not None and self.decision.approved else ""

    def explain(self) -> str:
        head = (f"{self.kind.value} {self.id} on {self.account}: {format_money(self.amount)} — {self.reason}; "
                f"asked by {self.requested_by} on {self.requested_on.isoformat()}")
        if self.decision is not None:
            verb = "authorised" if self.decision.approved else "refused"
            return f"{head}; {verb} by {self.decision.officer} on {self.decision.on.isoformat()}"
        if self.needs_second_officer:
            return f"{head}; waiting for a second officer (above the limit)"
        return f"{head}; within the officer's own limit"


def request_refund(
    id: str, account: str, amount: Decimal, reason: str, officer: str, on: dt.date, limits: AuthorisationLimits,
    *, year: FinancialYear | None = None,
) -> ApprovalRequest:
    """Ask for a refund; above ``limits.refund_above`` it waits for a second officer."""
    return ApprovalRequest(id, ApprovalKind.REFUND, account, amount, reason, officer, on,
                           limits.needs_second_officer(ApprovalKind.REFUND, amount), year)


def request_write_off(
    id: str, account: str, year: FinancialYear, amount: Decimal, reason: str, officer: str, on: dt.date,
    limits: AuthorisationLimits, *, category: Category = Category.CHARGE,
) -> ApprovalRequest:
    """Ask to write off part of a year's charge (or costs); above the limit a second officer decides."""
    return ApprovalRequest(id, ApprovalKind.WRITE_OFF, account, amount, reason, officer, on,
                           limits.needs_second_officer(ApprovalKind.WRITE_OFF, amount), year, category)


def decide(request: ApprovalRequest, officer: str, on: dt.date, *, approve: bool, note: str = "") -> ApprovalRequest:
    """Record a second officer's decision; the requester can never authorise their own request."""
    if not officer.strip():
        raise ApprovalError("an officer must be named")
    if officer.strip().casefold() == request.requested_by.strip().casefold():  # Alice is alice
        raise ApprovalError(
            f"{request.kind.value} {request.id}: {officer} asked for it and cannot also authorise it; "
            "a second officer must decide")
    if request.decision is not None:
        raise ApprovalError(f"{request.kind.value} {request.id}: already decided by {request.decision.officer} "
                            f"on {request.decision.on.isoformat()}")
    if on < request.requested_on:
        raise ApprovalError(f"{request.kind.value} {request.id}: decided {on.isoformat()} before it was asked for "
                            f"({request.requested_on.isoformat()})")
    return attrs.evolve(request, decision=Decision(officer, on, approve, note))
