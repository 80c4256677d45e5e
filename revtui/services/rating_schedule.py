"""Applying a Valuation Office change file (schedule of alterations) to the council's copy of the
list and to the business rates accounts, line by line (business-rates-hb-sundry.md A6).

For each change, in the file's order, in one audited change naming the file and line:

- the rating list entry (UARN, list year) takes the new assessment from its effective date
  (a deletion is an assessment with no value; a merger or split also ends the hereditaments it
  replaces from that day);
- every business rates account at the UARN takes the value on its hereditament
  (:meth:`revcore.nndr.Hereditament.altered`; a deletion is a value of nil from the effective
  date, and the report asks an officer to end the liability) and every year already billed from
  the effective date's year to today's is billed again (:func:`revtui.services.rates.bill_rates_year`):
  an increase is a further demand with re-profiled instalments, a reduction a credit;
- where a reduction leaves a year paid beyond its new charge, interest on that overpayment
  (:func:`revcore.nndr.repayment_interest`, SI 1990/1904) is credited with it, from the
  council's interest on repayments (a transfer entry naming the regulations).

The credit is then the ratepayer's: paying it out is a refund, with its second officer over the
limits, which this does not do. A line that says what the list and the accounts already say
changes nothing, and a file whose records say what an applied one's did is not applied again, so
a schedule imported twice applies once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from refdata import DataError
from refdata.instalments import instalment_rules
from refdata.ledger import ledger_settings
from refdata.nndr import load_rates_rules
from refdata.nndr_interest import repayment_interest_rules
from refdata.nndr_list import list_layout
from revcore.dated import NotInForce
from revcore.ledger import LedgerError
from revcore.money import ZERO, format_money
from revcore.nndr import (InterestRules, RateableValue, RatesError, RatesRules, RepaymentInterest,
                          repayment_interest, year_payments)
from revcore.periods import FinancialYear
from revtui.imports.nndr_schedule import Change, ScheduleFile, ScheduleRecord
from revtui.records.rates import RatesAccount, rates_accounts
from revtui.records.rating_list import (ListValue, RatingListEntry, RatingScheduleImport, rating_list,
                                        rating_schedule_imports)
from revtui.services.rates import bill_rates_year
from revtui.store import Store

__all__ = ["YearRebill", "ScheduleReport", "import_schedule", "INTEREST_FROM"]

INTEREST_FROM = "interest on repayments (SI 1990/1904)"
"""The counterpart named on the ledger entry that credits repayment interest."""


@attrs.frozen
class YearRebill:
    """One account's year billed again after a change: its charge before and after, and the interest."""

    reference: str
    year: FinancialYear
    before: Decimal
    after: Decimal
    overpaid: Decimal = ZERO
    interest: RepaymentInterest | None = None

    @property
    def difference(self) -> Decimal:
        return self.after - self.before

    def lines(self) -> list[str]:
        what = ("further demand " + format_money(self.difference) if self.difference > 0
                else "reduced by " + format_money(-self.difference) if self.difference < 0
                else "the same total, explained anew")
        rows = [f"  {self.reference} {self.year.label}: {format_money(self.before)} -> {format_money(self.after)}, "
                f"{what}" + (f"; {format_money(self.overpaid)} overpaid, credited for refund" if self.overpaid
                             else "")]
        if self.interest is not None:
            rows += [f"    {row}" for row in self.interest.explain()]
        return rows


@attrs.frozen
class ScheduleReport:
    name: str
    list_year: int
    records: int
    applied: tuple[str, ...] = ()
    unchanged: int = 0
    rebills: tuple[YearRebill, ...] = ()
    notes: tuple[str, ...] = ()
    earlier: str = ""
    totals: tuple[tuple[int, int], tuple[int, int]] | None = None
    """(count, total RV) of our copy of the list before and after, taken on ``taken_on`` (A6)."""
    taken_on: dt.date | None = None

    @property
    def refunds(self) -> Decimal:
        return sum((r.overpaid for r in self.rebills), ZERO)

    @property
    def interest(self) -> Decimal:
        return sum((r.interest.total for r in self.rebills if r.interest is not None), ZERO)

    def lines(self) -> list[str]:
        head = f"VOA change file {self.name} ({self.list_year} list)"
        if self.earlier:
            return [f"{head}: the same changes as {self.earlier}; nothing applied"]
        rows = [f"{head}: {self.records} change(s): {len(self.applied)} applied, {self.unchanged} already held; "
                f"{len(self.rebills)} year(s) billed again; {format_money(self.refunds)} overpaid and "
                f"{format_money(self.interest)} interest credited for refund"]
        if self.totals is not None and self.taken_on is not None:
            (count, rv), (count_after, rv_after) = self.totals
            rows.append(f"  our copy of the {self.list_year} list on {self.taken_on.isoformat()}: {count:,} "
                        f"hereditament(s), RV £{rv:,} before; {count_after:,}, £{rv_after:,} after "
                        "(reconcile with the VOA's totals: nndr-valuation report)")
        rows += [f"  {text}" for text in self.applied]
        for rebill in self.rebills:
            rows += rebill.lines()
        rows += [f"  CHECK {text}" for text in self.notes]
        return rows


def _list_value(record: ScheduleRecord) -> ListValue:
    entry = record.entry
    value = None if record.change is Change.DELETED else entry.rateable_value
    return ListValue(record.effective, value, entry.assessment_reference, entry.alteration_date, entry.settlement_code)


def _with(values: tuple[ListValue, ...], value: ListValue) -> tuple[ListValue, ...]:
    """``values`` with ``value``: the same assessment or the same day's replaced, later ones standing."""
    kept = [v for v in values if v.assessment_reference != value.assessment_reference
            and v.effective_from != value.effective_from]
    return tuple(sorted((*kept, value), key=lambda v: v.effective_from))


def _entry(held: RatingListEntry | None, record: ScheduleRecord, year: int) -> RatingListEntry:
    e = record.entry
    values = _with(held.values if held else (), _list_value(record))
    return RatingListEntry(e.uarn, year, e.ba_code, e.ba_reference, e.description_code, e.description, e.address,
                           e.postcode, e.scat_code, e.composite, values, e.firm_name, e.community_code, e.case_number)


def _ended(held: RatingListEntry, record: ScheduleRecord) -> RatingListEntry:
    """``held`` leaving the list on ``record``'s effective date (replaced by a merger or split)."""
    gone = ListValue(record.effective, None, f"{record.change.value} into {record.entry.uarn}",
                     record.entry.alteration_date)
    return attrs.evolve(held, values=_with(held.values, gone))


class _Rebiller:
    """Bills accounts again with the rules in force, loaded once each."""

    def __init__(self, today: dt.date, officer: str, interest: InterestRules | None):
        self.today, self.officer, self._interest = today, officer, interest
        self._rules: dict[str, RatesRules] = {}

    def interest_rules(self) -> InterestRules:
        if self._interest is None:
            self._interest = repayment_interest_rules()
        return self._interest

    def rules(self, country: str) -> RatesRules:
        if country not in self._rules:
            self._rules[country] = load_rates_rules(country)
        return self._rules[country]

    def rebill(self, account: RatesAccount, since: dt.date, list_year: int, source: str,
               notes: list[str]) -> tuple[RatesAccount, list[YearRebill]]:
        country = account.hereditament.country.value
        rebills = []
        year = FinancialYear.containing(since)
        while year.start <= self.today:
            previous = account.last_bill(year.start_year)
            if previous is not None:
                account = bill_rates_year(account, self.rules(country), year, self.today,
                                          instalment_rules("business_rates", country, year), officer=self.officer)
                after = account.last_bill(year.start_year)
                assert after is not None
                if after is not previous:
                    rebill = YearRebill(account.reference, year, previous.explanation.total, after.explanation.total)
                    account, rebill = self._repayment(account, rebill, source, list_year, notes)
                    rebills.append(rebill)
            year = year.next()
        return account, rebills

    def _repayment(self, account: RatesAccount, rebill: YearRebill, source: str, list_year: int,
                   notes: list[str]) -> tuple[RatesAccount, YearRebill]:
        if rebill.difference >= 0:
            return account, rebill
        payments = year_payments(account.ledger, rebill.year)
        paid = sum((amount for _, amount in payments), ZERO)
        already = max(ZERO, paid - rebill.before)  # overpaid before this change (an earlier one's credit)
        overpaid = max(ZERO, paid - rebill.after) - already
        if not overpaid:
            return account, rebill
        try:
            interest = repayment_interest(rebill.year, payments, overpaid, self.today, self.interest_rules(), already,
                                          list_year)
        except RatesError as error:
            notes.append(f"{account.reference} {rebill.year.label}: interest on the repayment not worked out: {error}")
            return account, attrs.evolve(rebill, overpaid=overpaid)
        ledger = account.ledger
        if interest.total > 0:
            ledger = ledger.transfer_in(
                interest.total, INTEREST_FROM, effective=self.today, posted=self.today,
                reason=f"interest on the {format_money(overpaid)} repaid for {rebill.year.label} after an alteration "
                       "of the list (SI 1990/1904)", policy=ledger_settings(self.today).policy,
                source=f"{source}:interest:{rebill.year.start_year}", officer=self.officer)
        return attrs.evolve(account, ledger=ledger), attrs.evolve(rebill, overpaid=overpaid, interest=interest)


def _apply_accounts(store: Store, record: ScheduleRecord, uarn: str, value: Decimal, list_year: int,
                    rebiller: _Rebiller, source: str, notes: list[str]) -> tuple[int, list[YearRebill]]:
    """Every account at ``uarn`` takes ``value`` from the record's effective date, and is billed again."""
    repo = rates_accounts(store)
    changed, rebills = 0, []
    for stored in repo.find("uarn", uarn):
        account = stored.value
        if account.liability.end is not None and record.effective > account.liability.end:
            continue  # the ratepayer's liability ended before the change
        entry = RateableValue(record.effective, value, list_year)
        if entry in account.hereditament.values:  # already applied
            continue
        altered = attrs.evolve(account, hereditament=account.hereditament.altered(entry))
        try:
            altered, years = rebiller.rebill(altered, record.effective, list_year, f"{source}:{account.reference}",
                                            notes)
        except (RatesError, LedgerError, NotInForce, DataError) as error:
            notes.append(f"{account.reference} (UARN {uarn}) line {record.line}: not billed again, left unchanged: "
                         f"{error}")
            continue
        repo.save(stored, altered)
        changed += 1
        rebills += years
    return changed, rebills


def _describe(record: ScheduleRecord, accounts: int) -> str:
    e = record.entry
    value = "no value" if e.rateable_value is None or record.change is Change.DELETED else f"£{e.rateable_value:,}"
    also = f", replacing {', '.join(record.replaces)}" if record.replaces else ""
    return (f"line {record.line}: UARN {e.uarn} ({e.ba_reference or 'no BA reference'}) {record.change.value} "
            f"from {record.effective.isoformat()}: {value}{also}; {accounts} account(s) changed")


def _list_totals(store: Store, year: int, day: dt.date) -> tuple[int, int]:
    """Hereditaments with a value on ``day`` in our copy of the ``year`` list, and their total RV."""
    repo, count, total = rating_list(store), 0, 0
    for stored in repo.find("list_year", str(year)):
        value = stored.value.value_on(day)
        if value is not None and value.rateable_value is not None:
            count, total = count + 1, total + value.rateable_value
    return count, total


def _taken_on(schedule: ScheduleFile, today: dt.date) -> dt.date:
    """Today, or the list's last day if a later list has replaced it."""
    ends = min((day for y, day in list_layout().lists.items() if y > schedule.list_year), default=None)
    return today if ends is None or today < ends else ends - dt.timedelta(days=1)


def import_schedule(store: Store, schedule: ScheduleFile, *, officer: str, today: dt.date,
                    interest: InterestRules | None = None) -> ScheduleReport:
    """Apply ``schedule`` line by line to the rating list and the business rates accounts."""
    imports = rating_schedule_imports(store)
    for stored in imports.find("content_hash", schedule.content_hash):
        earlier = f"{stored.value.name}, imported on {stored.value.imported_on.isoformat()}"
        return ScheduleReport(schedule.name, schedule.list_year, len(schedule.records), earlier=earlier)
    year, listing = schedule.list_year, rating_list(store)
    taken_on = _taken_on(schedule, today)
    before = _list_totals(store, year, taken_on)
    rebiller = _Rebiller(today, officer, interest)
    applied, rebills, notes, unchanged = [], [], [], 0
    for record in schedule.records:
        uarn = record.entry.uarn
        source = f"voa-schedule:{schedule.content_hash[:16]}:{record.line}"
        with store.change(f"VOA change file {schedule.name} line {record.line}: UARN {uarn} {record.change.value}",
                          user=officer):
            held = listing.find_one("key", f"{uarn}/{year}")
            entry = _entry(held.value if held else None, record, year)
            list_changed = held is None or entry != held.value
            if held is None:
                if record.change is not Change.NEW:
                    notes.append(f"line {record.line}: UARN {uarn} ({record.change.value}) was not in our copy of the "
                                 f"{year} list: entered from this change")
                listing.add(entry)
            elif list_changed:
                listing.save(held, entry)
            value = ZERO if record.change is Change.DELETED else Decimal(record.entry.rateable_value or 0)
            accounts, years = _apply_accounts(store, record, uarn, value, year, rebiller, source, notes)
            for old in record.replaces:
                replaced = listing.find_one("key", f"{old}/{year}")
                if replaced is None:
                    notes.append(f"line {record.line}: UARN {old}, replaced by the {record.change.value} {uarn}, "
                                 "is not in our copy of the list")
                elif _ended(replaced.value, record) != replaced.value:
                    listing.save(replaced, _ended(replaced.value, record))
                    list_changed = True
                more, also = _apply_accounts(store, record, old, ZERO, year, rebiller, source, notes)
                accounts += more
                years += also
                if more:
                    notes.append(f"UARN {old} left the list on {record.effective.isoformat()} ({record.change.value}"
                                 f" into {uarn}): end its account's liability")
        if record.change is Change.DELETED and accounts:
            notes.append(f"UARN {uarn} deleted from the list on {record.effective.isoformat()}: end its account's "
                         "liability")
        if not rates_accounts(store).find("uarn", uarn) and record.change is not Change.DELETED:
            notes.append(f"line {record.line}: no business rates account at UARN {uarn} "
                         f"({record.entry.address}): who is liable from {record.effective.isoformat()}?")
        if list_changed or accounts:
            applied.append(_describe(record, accounts))
        else:
            unchanged += 1
        rebills += years
    with store.change(f"VOA change file {schedule.name} ({year} list) imported", user=officer):
        imports.add(RatingScheduleImport(schedule.content_hash, schedule.name, year, today, officer,
                                         len(schedule.records)))
    return ScheduleReport(schedule.name, year, len(schedule.records), tuple(applied), unchanged, tuple(rebills),
                          tuple(notes), totals=(before, _list_totals(store, year, taken_on)), taken_on=taken_on)
