"""The account view's sections as text that fits an 80-column terminal (76 inside borders)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

from revcore.entries import Category, EntryKind
from revcore.ledger import Ledger
from revcore.money import format_money
from revcore.periods import FinancialYear
from revtui.services.account_file import AccountFile
from revtui.services.authority_split import YearSplit
from revtui.services.recovery import action_words, hold_words, stage_words
from revtui.services.contacts import post_held

__all__ = [
    "ledger_rows",
    "heading_text",
    "timeline_text",
    "property_text",
    "balance_text",
    "recovery_text",
    "charges_text",
    "instalments_text",
    "ledger_text",
    "notes_text",
    "notices_text",
    "audit_text",
]

WIDTH = 74
BAR = 16


def _money(amount) -> str:
    return format_money(amount)


def _cut(text: str, width: int = WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def heading_text(file: AccountFile) -> str:
    account, prop = file.account.value, file.prop.value
    status = "current" if account.liability.end is None else f"ended {account.liability.end.isoformat()}"
    if file.contact is not None and file.contact.gone_away is not None:
        status += "; GONE AWAY: post stopped"
    return (f"{account.reference}  {account.names}  ({status})\n"
            f"{_cut(str(prop.address), 52)}  band {prop.bands[-1].band}  balance {_money(account.ledger.balance)}")


def timeline_text(file: AccountFile, today: dt.date) -> str:
    """Who has been liable at the property, as bars on one time scale (this account marked >)."""
    first = min(a.liability.start for a in file.occupiers)
    last = max([today] + [a.liability.end for a in file.occupiers if a.liability.end])
    span = max((last - first).days, 1)
    rows = [f"Liable at {file.prop.value.reference} from {first.isoformat()} to {last.isoformat()}:"]
    for account in file.occupiers:
        end = account.liability.end or last
        a = (account.liability.start - first).days * BAR // span
        b = max(a + 1, (end - first).days * BAR // span + 1)
        bar = "·" * a + "█" * (min(b, BAR) - a) + "·" * (BAR - min(b, BAR))
        mark = ">" if account.reference == file.account.value.reference else " "
        until = account.liability.end.isoformat() if account.liability.end else "now       "
        rows.append(f"{mark} {bar} {account.liability.start.isoformat()} to {until} "
                    f"{account.reference} {_cut(account.names, 16)}")
    liability = file.account.value.liability
    rows.append(f"Basis: {liability.basis.value}")
    for fact in liability.facts():
        rows.append(f"  {fact.label}: {fact.start.isoformat()} to {fact.end.isoformat() if fact.end else 'open'}")
    rows += residents_rows(file.account.value)
    if file.account.value.correspondence:
        rows.append(f"Notices to: {_cut(str(file.account.value.correspondence), 60)}")
    return "\n".join(rows)


def residents_rows(account) -> list[str]:
    """Who else lives there, and each resident's status (Sch 1 disregard) with its dates."""
    names = {p.reference: p.name for p in account.residents}
    rows = ([f"Also living there, not liable: {_cut(', '.join(p.name for p in account.others), 46)}"]
            if account.others else [])
    for status in account.statuses:
        rows.append(_cut(f"  {names.get(status.person, status.person)} disregarded, {status.code}: "
                         f"{status.start.isoformat()} to {status.end.isoformat() if status.end else 'open'}"))
    return rows


def property_text(file: AccountFile) -> str:
    prop = file.prop.value
    rows = [f"{prop.reference}  UPRN {prop.uprn}  area {prop.area}  {prop.country.value}",
            _cut(str(prop.address)), "Band history:"]
    for entry in prop.bands:
        rows.append(f"  band {entry.band} from {entry.effective_from.isoformat()}")
    if file.band_changes:
        rows.append("Valuation Office band changes waiting for an officer (b to apply):")
        rows += [_cut(f"  {n} {waiting}") for n, waiting in enumerate(file.band_changes, start=1)]
    return "\n".join(rows)


def balance_text(file: AccountFile) -> str:
    ledger = file.account.value.ledger
    rows = [f"Balance {_money(ledger.balance)}; arrears as at {file.arrears.as_at.isoformat()}:"
            f" {_money(file.arrears.total)}"]
    rows.append(f"  {'year':<8}{'charged':>12}{'paid':>12}{'due so far':>12}{'arrears':>12}{'costs':>10}")
    for year in file.arrears.years:
        rows.append(f"  {year.year.label:<8}{_money(year.charged):>12}{_money(year.settled):>12}"
                    f"{_money(year.due_to_date):>12}{_money(year.arrears):>12}{_money(year.costs_arrears):>10}")
    return "\n".join(rows)


def recovery_text(file: AccountFile, today: dt.date) -> str:
    """Each year's stage today, holds and arrangement, what today's run would do, what was done."""
    rows = ["Recovery (stage once today's run is done):"]
    for state in file.standing:
        rows.append(f"  {state.year}: {stage_words(state.stage)} ({_money(state.balance)} unpaid)")
    recovery = file.recovery.value if file.recovery else None
    for hold in recovery.holds if recovery else ():
        live = "ON HOLD" if hold.active_on(today) else "hold"
        until = hold.end.isoformat() if hold.end else "lifted by an officer"
        rows.append(_cut(f"  {live}: {hold_words(hold.reason)} {hold.start.isoformat()} to {until} {hold.note}"))
    for case in file.cases:
        if case.closed is None:
            rows.append(_cut(f"  OPEN {case.kind} case {case.id}: {case.subject}"))
    if recovery and recovery.means:
        m, work = recovery.means, "not employed"
        if m.employment:
            work = f"{m.employment.employer}, {_money(m.employment.net_earnings)} net {m.employment.frequency}"
        rows.append(_cut(f"  means {m.recorded_on.isoformat()}: {work}{'; on benefits' if m.on_benefits else ''}"
                         f"{'; owns property' if m.owns_property else ''} ({m.source})"))
    if recovery and recovery.arrangement:
        a = recovery.arrangement
        rows.append(f"  arrangement agreed {a.agreed_on.isoformat()} for {', '.join(a.years)}: "
                    f"{len(a.payments)} payments")
    gone = file.contact.gone_away if file.contact is not None else None
    held = post_held(file.proposed, {file.account.value.reference: gone} if gone else {})
    for action in file.proposed:
        # a recall issues nothing: it calls the agent (or the attachment) back
        what = f"recall: {stage_words(action.stage)}" if action.kind == "recall" else f"issue: {action_words(action)}"
        would = (f"hold back (gone away): {what.removeprefix('issue: ')}"
                 if gone and (action.account, action.year) in held else what)
        rows.append(_cut(f"  today's run would {would} {action.year} "
                         f"{_money(action.amount) if action.amount is not None else ''}"))
    for item in (recovery.history if recovery else ())[-5:]:
        e = item.event
        rows.append(_cut(f"  {e.day.isoformat()} {item.year} {stage_words(e.stage)}"
                         f"{' ' + _money(e.amount) if e.amount is not None else ''}"
                         f"{' until ' + e.until.isoformat() if e.until else ''}{' ' + e.outcome if e.outcome else ''}"))
    return "\n".join(rows)


def charges_text(file: AccountFile) -> str:
    account = file.account.value
    rows = _brought_forward_rows(account.ledger, {bill.year for bill in account.bills})
    if not account.bills:
        return "\n".join([*rows, "No bills issued yet."])
    for year in sorted({bill.year for bill in account.bills}):
        bills = [bill for bill in account.bills if bill.year == year]
        issued = ", ".join(f"{b.kind} {b.issued.isoformat()}" for b in bills)
        latest = bills[-1].explanation
        rows.append(f"{FinancialYear(year).label}: {_money(latest.total)}  ({_cut(issued, 50)})")
        rows += _split_rows(next((s for s in file.splits if s.year == year), None))
        for line in latest.lines:
            rows.append(f"  {line.start.isoformat()} to {line.end.isoformat()}  {line.days}/{line.days_in_year}"
                        f" days  band {line.band}{_money(line.amount):>{WIDTH - 49}}")
            for step in line.steps:
                rows.append(f"    {_cut(step.description, 52):<52}{_money(step.amount):>{WIDTH - 56}}")
                rows.append(f"      [{_cut(step.rule, WIDTH - 8)}]")
        rows.append("")
    rows.append(f"Rounding: {account.bills[-1].explanation.rounding}, at each step of each line")
    return "\n".join(rows)


def _percent(change: Decimal | None) -> str:
    """As the bill shows it: signed, one place (rounded by the bill's rule); ``–`` with no last year."""
    return "–" if change is None else f"{'+' if change > 0 else ''}{change}%"


def _split_rows(split: YearSplit | None) -> list[str]:
    """The year's band amount by authority, last year's and the change: the annual bill's table."""
    if split is None:
        return []
    if split.problem is not None:
        return [_cut(f"  Band {split.band} by authority not shown: {split.problem}")]
    rows = [f"  {'Band ' + split.band + ' by authority':<41}{'last year':>11}{'this year':>11}{'change':>9}"]
    for a in split.authorities:
        name = ("  " if a.kind == "adult_social_care" else "") + a.name.en
        before = "–" if a.previous_amount is None else _money(a.previous_amount)
        rows.append(f"    {_cut(name, 39):<39}{before:>11}{_money(a.amount):>11}{_percent(a.percent_change):>9}")
    before = "–" if split.previous_total is None else _money(split.previous_total)
    total = _money(split.total) if split.total is not None else ""
    rows.append(f"    {'Band ' + split.band + ' total':<39}{before:>11}{total:>11}{_percent(split.percent_change):>9}")
    return rows


def _brought_forward_rows(ledger: Ledger, billed: set[int]) -> list[str]:
    """The years charged on the ledger with no bill here: balances brought forward from the
    council's earlier system (the account's whole history by year, not only what was billed here)."""
    charged: dict[int, Decimal] = {}
    for entry in ledger.entries:
        if entry.kind is EntryKind.CHARGE and entry.year.start_year not in billed:
            charged[entry.year.start_year] = charged.get(entry.year.start_year, Decimal("0.00")) + entry.amount
    if not charged:
        return []
    rows = ["Brought forward from the earlier system (no bill issued here):"]
    rows += [f"  {FinancialYear(year).label}: charged {_money(amount)}" for year, amount in sorted(charged.items())]
    return [*rows, ""]


def instalments_text(file: AccountFile, today: dt.date) -> str:
    account = file.account.value
    if not account.bills:
        return "No instalments: nothing billed."
    rows = [f"{account.plan.value}-instalment plan, paying by {account.payment_method.value.replace('_', ' ')}"
            f" on day {account.instalment_day}"]
    if account.direct_debit is not None:
        m = account.direct_debit.mandate
        rows.append(_cut(f"Direct Debit {m.reference}: {m.status.value}; {m.payer.name} "
                         f"{m.payer.sort_code} ****{m.payer.account_number[-4:]}"))
        rows.append(f"  collections from {account.direct_debit.collect_from.isoformat()}")
    for year in sorted({bill.year for bill in account.bills}):
        schedule = account.last_bill(year).schedule
        owed = file.arrears.for_year(FinancialYear(year))
        costs = [item for item in owed.unpaid if item.category is Category.COSTS] if owed else []
        unpaid = {item.due: item.unpaid for item in owed.unpaid if item.category is Category.CHARGE} if owed else {}
        rows.append(f"{schedule.year.label}: {_money(schedule.amount)} (notice of {schedule.issued.isoformat()})")
        for item in schedule.instalments:
            if item.due in unpaid:
                state = f"UNPAID {_money(unpaid[item.due])}"
            elif item.due <= today:
                state = "paid"
            else:
                state = "to come"
            rows.append(f"  {item.number:>2}. {item.due.isoformat()} {_money(item.amount):>12}   {state}")
        rows += [_cut(f"      {item.due.isoformat()} {_money(item.unpaid):>12}   UNPAID {item.what}") for item in costs]
    return "\n".join(rows)


def ledger_text(file: AccountFile) -> str:
    return ledger_rows(file.account.value.ledger)


def ledger_rows(ledger: Ledger) -> str:
    """Each entry on a line (number, date, kind, amount, reason), the balance, then by year."""
    if not ledger.entries:
        return "No ledger entries."
    rows = []
    for entry in ledger.entries:
        mark = " (reversed)" if ledger.is_reversed(entry.id) else ""
        rows.append(f"{entry.id.rpartition('/')[2]:>3} {entry.effective.isoformat()} {entry.kind.value:<10}"
                    f"{_money(entry.amount):>12}  {_cut(entry.reason + mark, WIDTH - 40)}")
    rows.append(f"{'Balance':>26}{_money(ledger.balance):>12}")
    for year in ledger.by_year():
        rows.append(f"  {year.year.label}: charge {_money(year.charge)}, costs {_money(year.costs)}")
    return "\n".join(rows)


def notes_text(file: AccountFile) -> str:
    rows = []
    for case in file.cases:
        state = f"closed {case.closed.isoformat()}: {case.outcome}" if case.closed else "OPEN"
        rows.append(_cut(f"{case.id} {case.kind}: {case.subject} ({state})"))
        rows += [_cut(f"    {step.day.isoformat()} {step.officer}: {step.text}") for step in case.steps]
    notes = file.account.value.notes
    if rows:
        rows.append("")
    if not notes:
        rows.append("No notes. Press n to add one.")
    rows += [f"{note.written.isoformat()} {note.author}: {note.text}" for note in reversed(notes)]
    return "\n".join(rows)


def notices_text(file: AccountFile, stored: Collection[str] = ()) -> str:
    """The bills, then each notice noted on the account: ``stored`` are the numbers kept exactly as
    issued (N reprints them); the others were recorded by the recovery run and await their print run."""
    notices = file.account.value.notices
    bills = file.account.value.bills
    rows = [f"{b.issued.isoformat()} {b.kind} bill {FinancialYear(b.year).label} {_money(b.explanation.total)}"
            for b in bills]
    rows += [_cut(f"{n.issued.isoformat()} {n.kind.replace('_', ' ')} {n.number}  "
                  f"{'stored as issued' if n.number in stored else 'awaiting its print run'}") for n in notices]
    if any(n.number in stored for n in notices):
        rows += ["", "N reprints a stored notice exactly as issued; W writes a letter."]
    elif rows:
        rows += ["", "W writes a letter."]
    return "\n".join(rows) if rows else "No notices issued. W writes a letter."


def audit_text(file: AccountFile) -> str:
    rows = []
    for entry in reversed(file.history):
        rows.append(_cut(f"{entry.at:%Y-%m-%d %H:%M} {entry.who} v{entry.version} {entry.action}: {entry.reason}"))
        for change in entry.changes[:6]:
            where = ".".join(str(p) for p in change["path"]) or "(document)"
            rows.append(_cut(f"    {change['op']} {where}"))
    return "\n".join(rows) if rows else "No changes recorded."
