"""Every action on an account: its key, its form's fields and the service that proposes it.

The account screen binds these keys, the command palette and the help screen list them, and the
form screen builds its inputs from them: one table, so the three never disagree. Each names the
permission it needs (:mod:`revtui.services.permissions`), checked by :func:`propose` before the
form is shown, when it is previewed and again when it is saved. A change backdated further than
the officer's limit, or a reversal of another officer's posting above the limits, is saved as a
request a senior officer authorises (:mod:`revtui.services.change_requests`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs

from revtui.accounts import COUNCIL_TAX
from revtui.services import account_actions as acts
from revcore.periods import FinancialYear
from revtui.services import cases, cash_actions, contacts, disregards, dwellings, moves, recovery, valuation
from revtui.services import relief_actions as reliefs
from revtui.services.account_file import AccountFile
from revtui.services.changes import ActionError, Proposal, parse_day
from revtui.services.permissions import PermissionRefused, require
from revtui.services.session import Session

__all__ = ["Choice", "Field", "ActionSpec", "ACCOUNT_ACTIONS", "NEW_DWELLING", "NEW_HB_OVERPAYMENT", "action_for_key", "move_in_at",
           "propose", "check", "make_held_change"]

Values = dict[str, str]


@attrs.frozen
class Choice:
    """Something to choose from (a schedule line): typing its key fills other fields with ``fills``."""

    key: str
    text: str
    fills: Values


@attrs.frozen
class Field:
    name: str
    label: str
    placeholder: str = ""
    default: Callable[[Session, AccountFile], str] | None = None
    choices: Callable[[Session, AccountFile], list[Choice]] | None = None
    """Listed under the field; the first is chosen to begin with (a blank field chooses none)."""
    listing: Callable[[Session, AccountFile | None], str] | None = None
    """Text listed under the field (what may be typed there: the exemption classes), chosen by nothing."""


@attrs.frozen
class ActionSpec:
    key: str
    name: str
    help: str
    fields: tuple[Field, ...]
    propose: Callable[[Session, AccountFile | None, Values], Proposal]
    opens_account: bool = False
    """Saving adds a new account (a move in) instead of changing this one."""
    permission: str = "account.change"
    """The action in :data:`revtui.services.permissions.PERMISSIONS` this needs."""
    dated: str = ""
    """The field with the day the change takes effect from (checked against the backdating limit)."""
    limit: Callable[[Session, AccountFile, Values], str] | None = None
    """Why this change is beyond the officer's own limits ('' when it is not): then it waits for a
    senior officer (:func:`propose`)."""
    compact: bool = False
    """Many fields: the form shows them a line each (80x24)."""


def check(spec: ActionSpec, session: Session) -> None:
    """Refuse now if the officer's roles do not allow the action (raises PermissionRefused)."""
    require(session, spec.permission)


def _backdated(session: Session, spec: ActionSpec, values: Values) -> str:
    """Why the change is beyond the officer's backdating limit ('' when it is not)."""
    if not spec.dated or not values.get(spec.dated, "").strip():
        return ""
    try:
        day = parse_day(values[spec.dated], spec.dated)
    except ActionError:
        return ""  # the action's own check names the field
    years = session.limits.backdate_years
    today = session.today
    earliest = today.replace(year=today.year - years, day=28 if (today.month, today.day) == (2, 29) else today.day)
    if day < earliest:
        return f"{day.strftime('%d/%m/%Y')} is more than {years} year(s) back, beyond your limit for a backdated change"
    return ""


def _reversal_limit(session: Session, file: AccountFile, values: Values) -> str:
    """Why reversing this entry is beyond the officer's limits: another officer posted it, and
    it (or with the day's other reversals on the account, or the officer's) is above them."""
    from revcore.entries import EntryKind
    from revtui.identity import same_officer
    from revtui.services.limits import within

    account = file.account.value
    entry_id = values["entry"].strip()
    target = account.ledger.entry(entry_id if "/" in entry_id else f"{account.reference}/{entry_id}")
    if target is None or same_officer(target.officer, session.officer):
        return ""
    today = [e for e in account.ledger.entries if e.kind is EntryKind.REVERSAL and e.posted == session.today]
    used = sum((abs(e.amount) for e in today), start=Decimal(0))
    mine = sum((abs(e.amount) for e in today if same_officer(e.officer, session.officer)), start=Decimal(0))
    why = within(session.limits.reversal, abs(target.amount), used, mine)
    return f"{target.id} was posted by {target.officer or 'a batch job'}: {why}" if why else ""


def propose(spec: ActionSpec, session: Session, file: AccountFile | None, values: Values) -> Proposal:
    """The action's proposal, once the officer's roles allow it; above the officer's limits
    (backdating, reversing another's posting), a request for a senior officer instead, showing
    the effect the change would have."""
    check(spec, session)
    proposal = spec.propose(session, file, values)
    why = _backdated(session, spec, values) or (spec.limit(session, file, values) if spec.limit and file else "")
    if not why:
        return proposal
    if file is None:
        raise PermissionRefused(f"{why}: a senior officer must make it; nothing was changed")
    from revtui.services.change_requests import hold_change

    reference = file.account.value.reference
    return attrs.evolve(
        proposal, title=f"Request: {proposal.title}",
        effect=f"{why[0].upper()}{why[1:]}: it waits for a senior officer to authorise it; nothing changes until "
               f"then.\n\nWhat it would do today:\n{proposal.effect}",
        apply=lambda s: hold_change(s, spec.key, proposal.title, reference, values, why, proposal.reason))


def make_held_change(session: Session, request) -> None:
    """Make a held change (authorised by ``session``'s officer), worked out afresh today."""
    from revtui.services.account_file import open_account
    from revtui.services.changes import commit

    spec = action_for_key(request.action)
    stored = session.records.accounts.find_one("reference", request.account)
    if stored is None:
        raise ActionError(f"{request.id}: no account {request.account}")
    file = open_account(session, stored.doc_id)
    proposal = spec.propose(session, file, dict(request.values))
    proposal = attrs.evolve(proposal, reason=f"{proposal.reason} (asked by {request.requested_by}, authorised by "
                                             f"{session.officer})")
    commit(session, None if spec.opens_account else file.account, proposal, file.prop)


def _today(session: Session, file: AccountFile) -> str:
    return session.today.isoformat()


def _means(file: AccountFile, field: str) -> str:
    """What is already recorded of the debtor's employment, to start the form from."""
    means = file.recovery.value.means if file.recovery else None
    employment = means.employment if means else None
    return str(getattr(employment, field)) if employment else ""


def _schedule_lines(session: Session, file: AccountFile) -> list[Choice]:
    return [Choice(str(n), str(waiting), {"band": waiting.line.band,
                                          "day": waiting.line.effective_from.strftime("%d/%m/%Y")})
            for n, waiting in enumerate(valuation.waiting_band_changes(session, file.prop.value), start=1)]


def _collection_days(session: Session, file: AccountFile) -> list[Choice]:
    """The days the council offers, the account's own instalment day first when it is one."""
    offered = sorted(cash_actions.collection_days(session), key=lambda d: d != file.account.value.instalment_day)
    return [Choice(str(day), f"day {day} of each month", {}) for day in offered]


def _band_change(session: Session, file: AccountFile, values: Values) -> Proposal:
    """From the schedule line chosen (its band and date), else by hand."""
    if not values["line"].strip():
        return acts.propose_band_change(session, file.account.value, file.prop.value, values["band"], values["day"],
                                        values["reason"])
    waiting = valuation.waiting_band_changes(session, file.prop.value)
    chosen = dict(enumerate(waiting, start=1)).get(int(values["line"]) if values["line"].strip().isdigit() else 0)
    if chosen is None:
        raise ActionError(f"schedule line: {values['line']!r} is not one of those listed "
                          f"({len(waiting)}); leave it blank to change the band by hand")
    line = chosen.line
    if values["band"].strip().upper() != line.band or parse_day(values["day"], "effective from") != line.effective_from:
        raise ActionError(f"the schedule line says band {line.band} from {line.effective_from.strftime('%d/%m/%Y')}: "
                          "clear the schedule line to change the band by hand")
    return valuation.propose_waiting_line(session, file.prop, chosen, values["reason"])


def _contact(session: Session, file: AccountFile, name: str) -> str:
    """A liable person's phone or email as recorded (the first person's)."""
    stored = contacts.contact_of(session.store, file.account.value.reference)
    persons = file.account.value.persons
    return getattr(stored.value.person(persons[0].reference), name) if stored and persons else ""


def _correspondence(file: AccountFile, part: str) -> str:
    address = file.account.value.correspondence
    return "" if address is None else ", ".join(address.lines) if part == "lines" else address.postcode


def contact_actions() -> tuple[ActionSpec, ...]:
    """Contact details, the correspondence address, gone away and the trace outcome
    (:mod:`revtui.services.contacts`); each change recorded with its source."""
    source = Field("source", "Source", "phone call, DWP, credit reference agency...")
    return (
        ActionSpec(
            "c", "Contact details", "A liable person's phone and email (blank: none known), with where they came from",
            (Field("person", "Liable person (1, 2...)", "1", lambda s, f: "1"),
             Field("phone", "Phone", "01632 960123", lambda s, f: _contact(s, f, "phone")),
             Field("email", "Email", "ann@example.org", lambda s, f: _contact(s, f, "email")), source),
            lambda s, f, v: contacts.propose_contact(s, f.account.value, v["person"], v["phone"], v["email"],
                                                     v["source"]),
            permission="contact.change",
        ),
        ActionSpec(
            "k", "Correspondence address", "Where notices go when not the dwelling (blank: the dwelling again)",
            (Field("lines", "Address lines, commas between", "9 Elm Road, Otherton",
                   lambda s, f: _correspondence(f, "lines")),
             Field("postcode", "Postcode", "OT1 9ER", lambda s, f: _correspondence(f, "postcode")), source),
            lambda s, f, v: contacts.propose_correspondence(s, f.account.value, v["lines"], v["postcode"],
                                                            v["source"]),
            permission="contact.change",
        ),
        ActionSpec(
            "G", "Gone away", "Stop post: the payer is not at the address (shift+g); traced from the tracing queue",
            (Field("why", "What shows it", "reminder returned: not known at this address"),
             Field("source", "Source", "returned mail trace", lambda s, f: "returned mail trace")),
            lambda s, f, v: contacts.propose_gone_away(s, f.account.value, v["why"], v["source"]),
            permission="contact.change",
        ),
        ActionSpec(
            "O", "Trace outcome", "Traced to a new address, still there, not traced or deceased: closes the "
            "returned mail case (shift+o)",
            (Field("outcome", "Outcome", "traced, still at, not traced, deceased"),
             Field("lines", "New address (traced)", "9 Elm Road, Otherton"),
             Field("postcode", "New postcode", "OT1 9ER"),
             Field("phone", "Phone (if found)", "01632 960123"),
             Field("email", "Email (if found)", "ann@example.org"), source),
            lambda s, f, v: contacts.propose_trace_outcome(s, f.account.value, v["outcome"], v["lines"], v["postcode"],
                                                           v["phone"], v["email"], v["source"]),
            permission="contact.change",
        ),
    )


REASON = Field("reason", "Reason (for the audit)", "phoned in by the resident")

MOVE_IN_FIELDS = (
    Field("day", "Move-in date", "23/11/2026", _today),
    Field("names", "People (& between)", "Ann Smith & Tom Smith 02/05/2012"),
    Field("phone", "Phone", "07700 900123"),
    Field("email", "Email", "ann@example.org"),
    Field("pay", "Pay by (cash or dd)", "cash", lambda s, f: "cash"),
    Field("sort_code", "Sort code (dd)", "12-34-56"),
    Field("account_number", "Account number (dd)", "12345678"),
    Field("instalments", "Instalments (10 or 12)", "10", lambda s, f: "10"),
    Field("single", "Only adult living there? y/n", "n"),
    REASON,
)


def _move_in(session: Session, prop, values: Values) -> Proposal:
    return moves.propose_move_in(session, prop, parse_day(values["day"], "move-in date"), values["names"],
                                 values["reason"], phone=values["phone"], email=values["email"], pay=values["pay"],
                                 sort_code=values["sort_code"], account_number=values["account_number"],
                                 instalments=values["instalments"], single=values["single"])


REFUND_PAYEE = (
    Field("method", "Pay by (bacs or cheque)", "bacs", lambda s, f: "cheque"),
    Field("payee", "Paid to (name)", "Ann Smith", lambda s, f: f.account.value.names),
    Field("sort_code", "Sort code (bacs)", "12-34-56"),
    Field("account_number", "Account number (bacs)", "12345678"),
    Field("address", "Address (cheque), commas between lines", "1 High St, Town, AB1 2CD",
          lambda s, f: ", ".join(COUNCIL_TAX.postal_address(s.store, f.account.value))),
)
WRITE_OFF_CATEGORY = Field("category", "Write-off category", "uneconomic, statute_barred, deceased_no_estate...")

ACCOUNT_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "o", "Move out", "End liability: the resident moves out, with a forwarding address",
        (Field("day", "Move-out date", "23/11/2026", _today),
         Field("lines", "Forwarding address", "4 New Road, Otherton"),
         Field("postcode", "Forwarding postcode", "OT1 2AB"),
         REASON),
        lambda s, f, v: moves.propose_move_out(s, f.account.value, f.prop.value, parse_day(v["day"], "move-out date"),
                                               v["lines"], v["postcode"], v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "i", "Move in", "New residents: a new account, billed; adults are liable (dates of birth where a status or "
        "age matters); y to the only-adult question gives the single person discount",
        MOVE_IN_FIELDS,
        lambda s, f, v: _move_in(s, f.prop.value, v),
        opens_account=True,
        dated="day",
        compact=True,
    ),
    ActionSpec(
        "p", "Post payment", "Record money received and see how it is allocated",
        (Field("amount", "Amount (£)", "120.00"), Field("received", "Received on", "23/11/2026", _today),
         Field("method", "How paid", "cash at the office", lambda s, f: "cash at the office"), REASON),
        lambda s, f, v: acts.propose_payment(s, f.account.value, v["amount"], v["received"], v["method"], v["reason"]),
        permission="payment.post",
    ),
    ActionSpec(
        "v", "Reverse entry", "Undo a ledger entry exactly (a returned payment, a mistake)",
        (Field("entry", "Ledger entry number", "3"), REASON),
        lambda s, f, v: acts.propose_reversal(s, f.account.value, v["entry"], v["reason"]),
        limit=_reversal_limit,
        permission="entry.reverse",
    ),
    ActionSpec(
        "b", "Change band", "A Valuation Office alteration: a schedule line waiting for this dwelling, or by hand "
        "(blank line): new band from a date (may be backdated)",
        (Field("line", "VOA schedule line", "1", choices=_schedule_lines), Field("band", "New band", "C"),
         Field("day", "Effective from", "01/04/2026"), REASON),
        _band_change,
        dated="day",
    ),
    ActionSpec(
        "d", "Award discount", "Single person discount from a date",
        (Field("day", "From", "23/11/2026", _today), REASON),
        lambda s, f, v: acts.propose_discount(s, f.account.value, f.prop.value, v["day"], v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "s", "Disregard a resident", "A resident's status (student, carer, SMI...: LGFA 1992 Sch 1) from a date: "
        "the discount follows from who is still counted",
        (Field("who", "Resident (number or name)", "1", lambda s, f: "1",
               listing=lambda s, f: disregards.resident_listing(f.account.value)),
         Field("code", "Status", "student", listing=lambda s, f: disregards.disregard_listing(s)),
         Field("day", "From", "23/11/2026", _today), Field("until", "Until (blank: open)", "30/06/2027"),
         Field("evidence", "Evidence seen", "student certificate, Otherton College"), REASON),
        lambda s, f, v: disregards.propose_disregard(s, f.account.value, f.prop.value, v["who"], v["code"], v["day"],
                                                     v["until"], v["evidence"], v["reason"]),
        dated="day",
        compact=True,
    ),
    ActionSpec(
        "S", "End a resident's status", "A resident is no longer disregarded from a date (the course ended): "
        "the discount follows (shift+s)",
        (Field("who", "Resident (number or name)", "1", lambda s, f: "1",
               listing=lambda s, f: disregards.resident_listing(f.account.value)),
         Field("day", "Not disregarded from", "23/11/2026", _today), REASON),
        lambda s, f, v: disregards.propose_end_status(s, f.account.value, f.prop.value, v["who"], v["day"],
                                                      v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "e", "End discount", "The discount in force ends (a second adult moved in)",
        (Field("day", "No discount from", "23/11/2026", _today), REASON),
        lambda s, f, v: acts.propose_end_discount(s, f.account.value, f.prop.value, v["day"], v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "x", "Award exemption", "An exempt dwelling: a class of the country's exemptions from a date",
        (Field("code", "Exemption class", "E", listing=lambda s, f: reliefs.exemption_listing(s, s.today)),
         Field("day", "From", "23/11/2026", _today),
         Field("until", "Until (blank: open)", "31/03/2027"), REASON),
        lambda s, f, v: reliefs.propose_exemption(s, f.account.value, f.prop.value, v["code"], v["day"], v["until"],
                                                  v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "X", "End exemption", "The exemption in force ends (shift+x)",
        (Field("day", "No exemption from", "23/11/2026", _today), REASON),
        lambda s, f, v: reliefs.propose_end_exemption(s, f.account.value, f.prop.value, v["day"], v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "u", "Record empty period", "No one lives there: the premium or the council's class discount follows",
        (Field("day", "Empty from", "23/11/2026", _today), Field("furnished", "Furnished (y/n)", "n"),
         Field("since", "Empty since (blank: from)", "01/04/2024"),
         Field("exception", "Premium exception class (optional)", "G"), REASON),
        lambda s, f, v: reliefs.propose_empty_period(s, f.account.value, f.prop.value, v["day"], v["furnished"],
                                                     v["since"], v["exception"], v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "U", "End empty period", "Lived in again: the premium or the council's empty discount ends (shift+u)",
        (Field("day", "Occupied from", "23/11/2026", _today), REASON),
        lambda s, f, v: reliefs.propose_end_empty_period(s, f.account.value, f.prop.value, v["day"], v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "B", "Disabled band reduction", "Charged as the band below from a date (shift+b)",
        (Field("day", "From", "23/11/2026", _today), Field("until", "Until (blank: open)", "31/03/2027"), REASON),
        lambda s, f, v: reliefs.propose_disabled_reduction(s, f.account.value, f.prop.value, v["day"], v["until"],
                                                           v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "R", "End disabled reduction", "Charged in the dwelling's own band again from a date (shift+r)",
        (Field("day", "Own band from", "23/11/2026", _today), REASON),
        lambda s, f, v: reliefs.propose_end_disabled_reduction(s, f.account.value, f.prop.value, v["day"],
                                                               v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "t", "Award CTR", "Council tax reduction: a percentage (100%) or an annual amount (£250.00)",
        (Field("award", "Award (% or £ a year)", "100%"), Field("day", "From", "23/11/2026", _today),
         Field("until", "Until (blank: open)", "31/03/2027"), REASON),
        lambda s, f, v: reliefs.propose_ctr(s, f.account.value, f.prop.value, v["award"], v["day"], v["until"],
                                            v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "T", "End CTR", "The council tax reduction ends: none from a date (shift+t)",
        (Field("day", "No CTR from", "23/11/2026", _today), REASON),
        lambda s, f, v: reliefs.propose_end_ctr(s, f.account.value, f.prop.value, v["day"], v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "z", "Discretionary reduction", "The council reduces the charge (LGFA 1992 s.13A(1)(c)): a percentage or an "
        "annual amount for a period; above the officer's limit a senior officer authorises",
        (Field("award", "Reduction (% or £ a year)", "50%"), Field("day", "From", "23/11/2026", _today),
         Field("until", "Until (blank: open)", "31/03/2027"), Field("reason", "Reason (policy and case)", "flooding")),
        lambda s, f, v: reliefs.propose_discretionary(s, f.account.value, f.prop.value, v["award"], v["day"],
                                                      v["until"], v["reason"]),
        dated="day",
        limit=lambda s, f, v: reliefs.discretionary_limit(
            s, f.account.value, reliefs.propose_discretionary(s, f.account.value, f.prop.value, v["award"], v["day"],
                                                              v["until"], v["reason"]).account),
    ),
    ActionSpec(
        "Z", "End discretionary reduction", "The discretionary reduction ends: none from a date (shift+z)",
        (Field("day", "No reduction from", "23/11/2026", _today), REASON),
        lambda s, f, v: reliefs.propose_end_discretionary(s, f.account.value, f.prop.value, v["day"], v["reason"]),
        dated="day",
    ),
    ActionSpec(
        "r", "Request refund", "Pay back a credit; above the council's limit a second officer authorises",
        (Field("amount", "Amount (£)", "25.00"), REASON, *REFUND_PAYEE),
        lambda s, f, v: cash_actions.propose_refund(s, f.account.value, v["amount"], v["reason"], v),
        permission="refund.request",
    ),
    ActionSpec(
        "w", "Request write-off", "Stop pursuing part of a year's charge; a second officer authorises above the limit",
        (Field("year", "Financial year", "2026/27", lambda s, f: FinancialYear.containing(s.today).label), Field("amount", "Amount (£)", "50.00"), REASON, WRITE_OFF_CATEGORY),
        lambda s, f, v: cash_actions.propose_write_off(s, f.account.value, v["year"], v["amount"],
                                                        v["reason"], v["category"]),
        permission="write_off.request",
    ),
    ActionSpec(
        "h", "Place hold", "Pause recovery (a dispute, an appeal, a CTR claim, Breathing Space, a vulnerable debtor...)",
        (Field("reason", "Hold reason", "dispute"), Field("start", "From", "23/11/2026", _today),
         Field("end", "Until (blank: default/open)", "31/12/2026"), Field("note", "Why (for the audit)", "")),
        lambda s, f, v: recovery.propose_hold(s, f.account.value, f.recovery,
                                              v["reason"], v["start"], v["end"], v["note"]),
        permission="recovery.act",
    ),
    ActionSpec(
        "l", "Lift hold", "End the hold in force today: recovery resumes at the next run",
        (Field("note", "Why (for the audit)", "dispute resolved"),),
        lambda s, f, v: recovery.propose_lift_hold(s, f.account.value, f.recovery,
                                                   v["note"]),
        permission="recovery.act",
    ),
    ActionSpec(
        "a", "Agree arrangement", "Monthly payments to clear the arrears; recovery pauses while they are kept",
        (Field("amount", "Monthly amount (£)", "100.00"), Field("first", "First payment", "01/12/2026"),
         Field("note", "How agreed (for the audit)", "phone call, income and outgoings taken")),
        lambda s, f, v: recovery.propose_arrangement(s, f.account.value, f.recovery, v["amount"], v["first"],
                                                     v["note"]),
        permission="recovery.act",
    ),
    ActionSpec(
        "m", "Record means", "The debtor's employer (blank: not employed) and net pay, benefits and property "
        "(reg. 36 information): with an employer, an attachment of earnings can follow a liability order",
        (Field("employer", "Employer", "Acme Ltd (blank: not employed)", lambda s, f: _means(f, "employer")),
         Field("paid", "Pay period", "weekly, monthly or daily", lambda s, f: _means(f, "frequency")),
         Field("net", "Net pay each time (£)", "1600.00", lambda s, f: _means(f, "net_earnings")),
         Field("payroll", "Payroll address (commas)", "Unit 4, Demo Park, Demoton, DT5 6GH",
               lambda s, f: ", ".join(f.recovery.value.means.employer_address)
               if f.recovery and f.recovery.value.means else ""),
         Field("benefits", "On benefits (y/n)", "n"), Field("property", "Owns property (y/n)", "n"),
         Field("source", "Where from (audit)", "reg. 36 form returned")),
        lambda s, f, v: recovery.propose_means(s, f.account.value, f.recovery, v["employer"], v["paid"], v["net"],
                                               v["benefits"], v["property"], v["source"], v.get("payroll", "")),
        permission="recovery.act",
    ),
    ActionSpec(
        "D", "Set up Direct Debit", "A Direct Debit instruction from the payer (shift+d)",
        (Field("sort_code", "Sort code", "12-34-56"), Field("account_number", "Account number", "12345678"),
         Field("name", "Account holder", "A SMITH", lambda s, f: f.account.value.names.upper()),
         Field("day", "Collection day of the month", "1", choices=_collection_days)),
        lambda s, f, v: cash_actions.propose_direct_debit(s, f.account.value, v["sort_code"], v["account_number"],
                                                          v["name"], v["day"]),
        permission="direct_debit.manage",
    ),
    ActionSpec(
        "I", "10 or 12 instalments", "The payer asks for 12 monthly instalments (or back to 10) (shift+i)",
        (Field("instalments", "Instalments (10 or 12)", "12"), REASON),
        lambda s, f, v: cash_actions.propose_instalments(s, f.account.value, v["instalments"], v["reason"]),
        permission="account.change",
    ),
    ActionSpec(
        "C", "Cancel Direct Debit", "Cancel the mandate (an AUDDIS 0C goes to the bank) (shift+c)",
        (REASON,),
        lambda s, f, v: cash_actions.propose_cancel_direct_debit(s, f.account.value, v["reason"]),
        permission="direct_debit.manage",
    ),
    ActionSpec(
        "L", "Record letter", "A letter sent to or received from the resident (shift+l)",
        (Field("direction", "Sent or received", "received", lambda s, f: "received"),
         Field("subject", "About", "asks for a payment plan"), Field("day", "Date", "23/11/2026", _today),
         Field("document", "Scan / PDF path (optional)", "/scans/2026/11/123.pdf")),
        lambda s, f, v: acts.propose_letter(s, f.account.value, v["direction"], v["subject"], v["day"], v["document"]),
        permission="account.note",
    ),
    ActionSpec(
        "W", "Write letter", "A letter typed to the liable people, stored exactly as issued (shift+w)",
        (Field("subject", "Subject", "Council Tax: we need some information"),
         Field("body", "Text (' / ' new paragraph)", "Please tell us the date you moved in. / Thank you."),
         Field("reply_by", "Reply by (optional)", "14/12/2026")),
        lambda s, f, v: _letters().propose_general_letter(s, f.account.value, v["subject"], v["body"], v["reply_by"]),
        permission="notice.issue",
    ),
    ActionSpec(
        "g", "Returned mail", "A letter came back (gone away): open a case to trace the resident",
        (Field("what", "What came back", "annual bill 2026/27"), Field("day", "Returned on", "23/11/2026", _today)),
        lambda s, f, v: cases.propose_returned_mail(s, f.account.value, v["what"], v["day"]),
        permission="account.note",
    ),
    ActionSpec(
        "f", "Referral", "Refer for a property inspection (void, exemption, occupation) or to the fraud team",
        (Field("kind", "inspection or fraud", "inspection", lambda s, f: "inspection"),
         Field("what", "What to check", "claims the house is empty since June")),
        lambda s, f, v: cases.propose_referral(s, f.account.value, v["kind"], v["what"]),
        permission="account.note",
    ),
    ActionSpec(
        "n", "Add note", "A note on the account (a call, a visit, a promise to pay)",
        (Field("text", "Note", "Called about the bill; will pay Friday"),),
        lambda s, f, v: acts.propose_note(s, f.account.value, v["text"]),
        permission="account.note",
    ),
    *contact_actions(),
)


NEW_DWELLING = ActionSpec(
    "f4", "New dwelling", "From a building control or planning notice: completion notice and report to the VOA",
    (Field("uprn", "UPRN", "100012345678"), Field("lines", "Address", "1 New Close, Ashby Parva"),
     Field("postcode", "Postcode", "DM1 9ZZ"), Field("area", "Charging area", "ASH"),
     Field("source", "From notice", "building control BC/2026/0412"),
     Field("completion", "Completion day", "01/12/2026")),
    lambda s, f, v: dwellings.propose_new_dwelling(s, v["uprn"], v["lines"], v["postcode"], v["area"], v["source"],
                                                   v["completion"]),
    permission="dwelling.record",
)
"""Not on an account: from anywhere with f4."""


def _letters():
    from revtui.services import officer_letters  # rendering imports: loaded when a letter is written

    return officer_letters


def _hb():
    from revtui.services import hb_overpayments

    return hb_overpayments


NEW_HB_OVERPAYMENT = ActionSpec(
    "f10", "New HB overpayment", "From a benefits decision: the claim, the period overpaid, the amount and its cause",
    (Field("claimant", "Claimant", "Kerry Jones"),
     Field("claim", "Claim (to: blank if it continues)", "01/04/2024 to 31/10/2026"),
     Field("overpaid", "Overpaid", "05/01/2026 to 03/05/2026"),
     Field("amount", "Amount overpaid", "1190.00"),
     Field("cause", "Cause: CE FR LAE DWP POA TE", "CE (claimant error)"),
     Field("paid_to", "Paid to: C claimant, L landlord", "C"),
     Field("answer", "LAE/DWP: could have realised? FR: found guilty? y/n", "n"),
     Field("dates", "Decided, notified", "02/11/2026 04/11/2026")),
    lambda s, f, v: _hb().propose_decision(s, v),
)
"""Not on an account: from anywhere with f10."""


def move_in_at(prop) -> ActionSpec:
    """The move-in action for a dwelling with no account yet (a new dwelling)."""
    spec = action_for_key("i")
    return attrs.evolve(spec, name=f"Move in at {prop.reference} {prop.address}",
                        propose=lambda s, f, v: _move_in(s, prop, v))


def action_for_key(key: str) -> ActionSpec:
    for spec in ACCOUNT_ACTIONS:
        if spec.key == key:
            return spec
    raise KeyError(key)
