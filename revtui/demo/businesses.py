"""The demo council's business rates accounts, sundry debts and HB overpayments.

A handful, listed by hand in ``demo/businesses.toml`` (council folder) so that each shows something a
trainer points at (small business rate relief tapered, a s.44A apportionment, a charity topped
up to nothing, an empty warehouse past its free period, a pub on hardship relief, a superstore on
the high value multiplier; invoices paid, part paid and unpaid; an overpayment recovered from
ongoing HB and one invoiced). Each is built through the same code as the training scenarios:
``revtui.services.rates``, :mod:`revcore.sundry` and :mod:`revcore.hb`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from refdata import DataError, load_council_toml, parse_date
from refdata.hb import load_deduction_rates
from refdata.instalments import instalment_rules
from refdata.ledger import ledger_settings
from refdata.nndr import load_rates_rules
from refdata.sundry import load_sundry_rules
from revcore.council import Country
from revcore.ctax import Address
from revcore.hb import (Cause, Classification, Overpayment, calculate_overpayment, deduct_from_benefit,
                        open_overpayment_ledger, overpayment_invoice, plan_recovery, weekly_amounts, weekly_maximum)
from revcore.ledger import Ledger
from revcore.money import to_money
from revcore.nndr import Hereditament, PartOccupation, RateableValue, RatesLiability, Relief, ReliefKind
from revcore.periods import DateRange, FinancialYear
from revcore.references import make_reference
from revcore.sundry import Debtor, LineItem, SundryDebt, open_debt, raise_invoice
from revtui.records.rates import RatesAccount
from revtui.records.sundry import HbOverpaymentAccount
from revtui.services.rates import bill_rates_year

__all__ = ["build_businesses", "hand_listed_rates"]

_FILE = "demo/businesses.toml"
_LIST_YEAR = 2026


def build_businesses(annual_billing: dt.date, as_at: dt.date) -> dict[str, list[Any]]:
    """The listed accounts as they stand on ``as_at``, by the table they go to (``rates``,
    ``sundry``, ``hb``) for :class:`revtui.services.loading.BulkLoad` to add."""
    data = load_council_toml(_FILE)
    year = FinancialYear.containing(as_at)
    # A training store built as at an earlier day holds only what had happened by then.
    rates = [_rates_account(n, entry, year, annual_billing, as_at) for n, entry in enumerate(data.get("rates", ()), 1)
             if max(annual_billing, _day(entry, "liable_from", _where("rates", n))) <= as_at]
    invoices = [_invoice(n, entry, as_at) for n, entry in enumerate(data.get("invoices", ()), 1)
                if _day(entry, "issued", _where("invoices", n)) <= as_at]
    overpayments, invoiced = [], []
    for n, entry in enumerate(data.get("hb", ()), 1):
        if _day(entry, "decided", _where("hb", n)) > as_at:
            continue
        account, debt = _overpayment(n, entry, as_at)
        overpayments.append(account)
        invoiced += [debt] if debt else []
    return {"rates": rates, "sundry": [*invoices, *invoiced], "hb": overpayments}


def hand_listed_rates() -> list[dict[str, Any]]:
    """The business rates accounts listed by hand, as the file gives them (their hereditaments are
    on the demo's rating list too)."""
    return list(load_council_toml(_FILE).get("rates", ()))


def _where(kind: str, n: int) -> str:
    return f"{_FILE} [[{kind}]] {n}"


def _day(entry: dict, key: str, where: str) -> dt.date:
    if key not in entry:
        raise DataError(f"{where}: {key} is missing")
    return parse_date(entry[key], f"{where}.{key}")


def _relief(row: dict, where: str) -> Relief:
    try:
        kind = ReliefKind(row["kind"])
    except (KeyError, ValueError):
        raise DataError(f"{where}: relief kind {row.get('kind')!r} is not one of "
                        f"{', '.join(k.value for k in ReliefKind)}") from None
    percent = to_money(row["percent"], where=f"{where}.percent") if "percent" in row else None
    until = _day(row, "until", where) if "until" in row else None
    return Relief(kind, _day(row, "from", where), until, percent=percent)


def _rates_account(n: int, entry: dict[str, Any], year: FinancialYear, annual_billing: dt.date,
                   as_at: dt.date) -> RatesAccount:
    where = _where("rates", n)
    reference = make_reference("N", n)
    address = tuple(entry["address"])
    hereditament = Hereditament(f"NDR{n:07d}", f"88231{n:05d}", Address(address, entry["postcode"]),
                                entry["description"], Country.ENGLAND,
                                (RateableValue(FinancialYear(_LIST_YEAR).start, Decimal(entry["rv"]), _LIST_YEAR),),
                                qualifying_industrial=entry.get("qualifying_industrial", False),
                                rhl=entry.get("rhl", False))
    start = _day(entry, "liable_from", where)
    occupied = entry.get("occupied", True)
    liability = RatesLiability(reference, hereditament.reference, entry["ratepayer"], start, occupied=occupied,
                               reliefs=tuple(_relief(r, where) for r in entry.get("reliefs", ())),
                               empty_since=None if occupied else _day(entry, "empty_since", where))
    rules = load_rates_rules("england")
    instalments = instalment_rules("business_rates", "england", year)
    issued = max(annual_billing, start)
    account = bill_rates_year(RatesAccount(reference, hereditament, liability, Ledger(reference)), rules, year,
                              issued, instalments, officer="demo")
    changes: list[tuple[dt.date, RatesLiability]] = []
    if "part_occupation" in entry:  # the certificate arrives about three weeks after the request
        part = entry["part_occupation"]
        requested = _day(part, "requested", where)
        certificate = PartOccupation(requested, _day(part, "from", where), Decimal(part["occupied_value"]))
        changes.append((requested + dt.timedelta(days=21), attrs.evolve(liability, part_occupations=(certificate,))))
        if "until" in part:
            until = _day(part, "until", where)
            ended = attrs.evolve(liability, part_occupations=(attrs.evolve(certificate, end=until),))
            changes.append((until + dt.timedelta(days=5), ended))
    return _pay_rates(account, changes, entry, rules, instalments, year, as_at, where)


def _pay_rates(account: RatesAccount, changes: list[tuple[dt.date, RatesLiability]], entry: dict, rules,
               instalments, year: FinancialYear, as_at: dt.date, where: str) -> RatesAccount:
    """Walk the year to ``as_at``: each change re-billed on its day, each instalment paid on its
    day as the payer's habit says (the instalment then in force)."""
    pays = entry.get("pays", "all")
    if pays not in ("all", "stopped", "nothing"):
        raise DataError(f"{where}: pays {pays!r} is not all, stopped or nothing")
    limit = {"all": None, "stopped": int(entry.get("paid", 0)), "nothing": 0}[pays]
    paid = 0
    changes = sorted(c for c in changes if c[0] <= as_at)
    day = account.bills[-1].issued
    while day <= as_at:
        while changes and changes[0][0] <= day:
            on, liability = changes.pop(0)
            account = bill_rates_year(attrs.evolve(account, liability=liability), rules, year, on, instalments,
                                      officer="demo")
        due = [i for i in account.bills[-1].schedule.instalments if i.due == day]
        if due and (limit is None or paid < limit) and due[0].amount > 0:
            account = attrs.evolve(account, ledger=account.ledger.pay(
                due[0].amount, effective=day, posted=day, reason="business rates instalment (Direct Debit)",
                policy=ledger_settings(day).policy, source=f"demo:{account.reference}:{day.isoformat()}"))
            paid += 1
        day += dt.timedelta(days=1)
    return account


def _invoice(n: int, entry: dict[str, Any], as_at: dt.date) -> SundryDebt:
    where = _where("invoices", n)
    issued = _day(entry, "issued", where)
    debtor = Debtor(f"DEB{n:07d}", entry["debtor"], tuple(entry["address"]), entry.get("individual", True))
    items = [LineItem(line["description"], to_money(line["quantity"], where=f"{where}.quantity"),
                      to_money(line["unit_price"], where=f"{where}.unit_price")) for line in entry["lines"]]
    invoice = raise_invoice(load_sundry_rules(), make_reference("S", n), issued, debtor, entry["type"],
                            entry["income_code"], items)
    debt = open_debt(invoice, posted=issued, officer="demo")
    paid = to_money(entry.get("paid", "0"), where=f"{where}.paid")
    if paid > 0:
        debt = debt.pay(paid, min(invoice.due, as_at), source=f"demo:{invoice.number}")
    return debt


def _overpayment(n: int, entry: dict[str, Any], as_at: dt.date) -> tuple[HbOverpaymentAccount, SundryDebt | None]:
    where = _where("hb", n)
    first, last = (parse_date(day, f"{where}.period") for day in entry["period"])
    calculation = calculate_overpayment(DateRange(first, last),
                                        weekly_amounts("HB paid", [(parse_date(d, where), a) for d, a in entry["paid"]]),
                                        weekly_amounts("HB as revised",
                                                       [(parse_date(d, where), a) for d, a in entry["revised"]]))
    try:
        cause = Cause(entry["cause"])
    except ValueError:
        raise DataError(f"{where}: cause {entry['cause']!r} is not one of {', '.join(c.value for c in Cause)}") from None
    overpayment = Overpayment(make_reference("H", n), entry["claimant"], calculation, Classification(cause),
                              _day(entry, "decided", where), _day(entry, "notified", where))
    ledger = open_overpayment_ledger(overpayment, officer="demo")
    if entry.get("recovering") == "ongoing" and _day(entry, "first_deduction", where) <= as_at:
        monday = _day(entry, "first_deduction", where)
        plan = plan_recovery(overpayment.recoverable_amount, weekly_maximum(load_deduction_rates(), monday),
                             to_money(entry["weekly_award"], where=f"{where}.weekly_award"), monday)
        return HbOverpaymentAccount(overpayment, deduct_from_benefit(ledger, plan, until=as_at), plan), None
    if entry.get("recovering") == "ongoing":
        return HbOverpaymentAccount(overpayment, ledger), None  # deductions not started yet
    if entry.get("recovering") == "invoice" and _day(entry, "invoiced", where) > as_at:
        return HbOverpaymentAccount(overpayment, ledger), None  # decided, not yet invoiced
    if entry.get("recovering") == "invoice":
        debtor = Debtor(f"HBC{n:07d}", entry["claimant"], tuple(entry["address"]))
        debt = overpayment_invoice(load_sundry_rules(), overpayment, ledger, _day(entry, "invoiced", where), debtor)
        return HbOverpaymentAccount(overpayment, invoice=debt.invoice.number), debt
    raise DataError(f"{where}: recovering {entry.get('recovering')!r} is not ongoing or invoice")
