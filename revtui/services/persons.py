"""One debtor across accounts: proposing, linking and unlinking accounts of the same person, and
the person's debts together (balances, arrears, arrangements) with an "all debts" statement.

Matching rules are the council's data (``persons/matching.toml`` in the council folder): each
names facts (name, date of birth, postcode, first line of address, NI number) that must all be
known on both accounts and equal. A rule only proposes; the officer sees which rule matched and
on what, and confirms. Linking two accounts already on different persons merges the persons.
Arrears come from :func:`revtui.accounts.account_facts` (council tax through
:func:`revtui.services.recovery.facts`, with its recovery history), never worked out here.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import textwrap
from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from refdata import DataError, load_council_toml
from revcore.money import PENNY, ZERO, format_money, money_sum
from revtui.accounts import COUNCIL_TAX, KINDS, account_facts, kind_named, kind_of_reference, locate
from revtui.records.persons import AccountLink, PersonRecord, Unlinked, person_reference, persons
from revtui.services.changes import ActionError, Proposal as ChangeProposal
from revtui.services.permissions import require
from revtui.services.recovery import facts as ctax_facts, recovery_repository
from revtui.services.session import Session
from revtui.records.ctax import open_records
from revtui.store import Store, Stored, StoredDocument, normalise_postcode, normalise_text, once_per_store
from safefiles import csv_text, write_private

__all__ = ["rule_words", "Fact", "MatchRule", "Identity", "Proposal", "Debt", "PersonDebts", "PersonsError", "OFFICER_RULE",
           "matching_rules", "identities", "proposals", "person_of", "link", "unlink", "load_links", "residents",
           "record_ni_number", "person_debts",
           "debts_of_account", "statement_rows", "write_statement", "person_record"]

_RULES_FILE = "persons/matching.toml"
OFFICER_RULE = "officer"
"""A link the officer made by hand, with their reason (no rule proposed it)."""
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr"}

_repository = once_per_store(persons)


class PersonsError(ActionError):
    """A link or unlink that cannot be done as asked; nothing was changed."""


class Fact(enum.Enum):
    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    POSTCODE = "postcode"
    ADDRESS = "address"
    NI_NUMBER = "ni_number"


@attrs.frozen
class MatchRule:
    name: str
    description: str
    facts: tuple[Fact, ...] = attrs.field(converter=tuple)


@lru_cache(maxsize=4)
def _load_rules(folder: str) -> tuple[MatchRule, ...]:  # noqa: ARG001 - the cache key: the council folder
    rows = load_council_toml(_RULES_FILE).get("rules", ())
    rules = []
    for n, row in enumerate(rows):
        where = f"{_RULES_FILE} rules[{n}]"
        try:
            facts = tuple(Fact(value) for value in row["facts"])
            rule = MatchRule(str(row["name"]), str(row["description"]), facts)
        except KeyError as missing:
            raise DataError(f"{where}: {missing} is missing") from None
        except ValueError as bad:
            raise DataError(f"{where}: {bad}; facts are {', '.join(f.value for f in Fact)}") from None
        if not facts or rule.name == OFFICER_RULE:
            raise DataError(f"{where}: a rule needs facts and a name other than {OFFICER_RULE!r}")
        rules.append(rule)
    if not rules:
        raise DataError(f"{_RULES_FILE}: no [[rules]]")
    return tuple(rules)


def rule_words(name: str) -> str:
    """What a link's rule means, in the officer's words (the rule's name if the council dropped it)."""
    if name == OFFICER_RULE:
        return "linked by hand"
    try:
        return next((rule.description for rule in matching_rules() if rule.name == name), name)
    except DataError:
        return name


def matching_rules() -> tuple[MatchRule, ...]:
    """The council's matching rules, strongest first."""
    import os

    return _load_rules(os.environ.get("REVTUI_COUNCILS", ""))


def _name(value: str) -> str:
    words = [w for w in normalise_text(value).replace(".", " ").split() if w not in _TITLES]
    return " ".join(words)


def _line(value: str) -> str:
    return " ".join(re.sub(r"[^\w ]", " ", normalise_text(value)).split())


@attrs.frozen
class Identity:
    """What an account says of one person on it, for matching."""

    account: str
    kind: str
    name: str
    date_of_birth: dt.date | None = None
    postcode: str = ""
    address: str = ""
    ni_number: str = ""
    liable_person: str = ""

    def fact(self, fact: Fact) -> str:
        """The fact as compared ("" when not known)."""
        if fact is Fact.NAME:
            return _name(self.name)
        if fact is Fact.DATE_OF_BIRTH:
            return self.date_of_birth.isoformat() if self.date_of_birth else ""
        if fact is Fact.POSTCODE:
            return normalise_postcode(self.postcode)
        if fact is Fact.ADDRESS:
            return _line(self.address)
        return "".join(self.ni_number.split()).upper()

    def shown(self, fact: Fact) -> str:
        return {Fact.NAME: self.name, Fact.DATE_OF_BIRTH: self.fact(fact), Fact.POSTCODE: self.postcode,
                Fact.ADDRESS: self.address, Fact.NI_NUMBER: self.ni_number}[fact]


def _document(store: Store, reference: str) -> tuple[Any, StoredDocument] | None:
    """The account's stored document, not converted (matching reads a few fields of many accounts)."""
    kind = kind_of_reference(reference)
    repository = kind.repository(store)
    found = repository.table.search(repository.indexes["reference"].equals(reference), limit=1)
    return (kind, found[0]) if found else None


_ctax_records = once_per_store(open_records)


def _looks_like_postcode(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", text.strip().upper()))


def _split_address(lines: Sequence[str]) -> tuple[str, str]:
    """(first line, postcode) of an address whose last line may be the postcode."""
    lines = [line for line in lines if line.strip()]
    postcode = lines[-1] if lines and _looks_like_postcode(lines[-1]) else ""
    return (lines[0] if lines and lines[0] != postcode else ""), postcode


def identities(store: Store, reference: str) -> list[Identity]:
    """The people an account names, with what it knows of each (one per liable person on council tax)."""
    found = _document(store, reference)
    if found is None:
        return []
    kind, doc = found
    person = person_of(store, reference)
    ni = person.value.ni_number if person else ""
    if kind is COUNCIL_TAX:
        properties = _ctax_records(store).properties
        prop = properties.table.search(properties.indexes["reference"].equals(doc["property_reference"]), limit=1)
        address = prop[0]["address"] if prop else {"lines": [""], "postcode": ""}
        linked = person.value.link_of(reference) if person else None
        who = linked.liable_person if linked else ""  # on a joint account the NI number is one person's
        return [Identity(reference, kind.name, p["name"],
                         dt.date.fromisoformat(p["date_of_birth"]) if p.get("date_of_birth") else None,
                         address["postcode"], address["lines"][0] if address["lines"] else "",
                         ni if not who or who == p["reference"] else "", p["reference"]) for p in doc["persons"]]
    if kind.name == "business rates":
        address = doc["hereditament"]["address"]
        return [Identity(reference, kind.name, doc["liability"]["ratepayer"], None, address["postcode"],
                         address["lines"][0] if address["lines"] else "", ni)]
    if kind.name == "sundry debt":
        first, postcode = _split_address(doc["invoice"]["debtor"]["address"])
        return [Identity(reference, kind.name, doc["invoice"]["debtor"]["name"], None, postcode, first, ni)]
    # an HB overpayment names only its claimant; once invoiced, the invoice has their address
    first = postcode = ""
    if doc.get("invoice"):
        sundry = kind_named("sundry debt").repository(store)  # the invoice keeps the overpayment's number
        docs = sundry.table.search(sundry.indexes["reference"].equals(doc["invoice"]), limit=1)
        if docs:
            first, postcode = _split_address(docs[0]["invoice"]["debtor"]["address"])
    return [Identity(reference, kind.name, doc["overpayment"]["claimant"], None, postcode, first, ni)]


def rule_matching(a: Identity, b: Identity, rules: Iterable[MatchRule] | None = None) -> MatchRule | None:
    """The first rule whose facts are all known on both and equal."""
    for rule in rules if rules is not None else matching_rules():
        if all(a.fact(f) and a.fact(f) == b.fact(f) for f in rule.facts):
            return rule
    return None


@attrs.frozen
class Proposal:
    """Another account that a rule says is the same person's, and why."""

    account: str
    kind: str
    names: str
    rule: MatchRule
    why: str
    person: str = ""
    """The person the other account is already linked to ("" when none)."""
    liable_person: str = ""


def person_record(store: Store, doc_id: int) -> PersonRecord:
    """The person stored as ``doc_id`` (as Find lists them)."""
    return _repository(store).get(doc_id).value


def person_of(store: Store, reference: str) -> Stored[PersonRecord] | None:
    """The person an account is linked to, if any."""
    return _repository(store).find_one("account", reference)


def _candidates(store: Store, name: str) -> set[str]:
    """References of accounts of every kind with someone of this name on them."""
    found: set[str] = set()
    # the name as written and without its title (the index holds each word onwards: "Mrs Ann Smith"
    # is found by "ann smith"; a title inside, as in "Executors of the late Dr ...", by the first)
    for wanted in {normalise_text(name), _name(name)} - {""}:
        for kind in KINDS:
            repository = kind.repository(store)
            query = repository.indexes["name"].equals(wanted)
            found.update(kind.summary(doc).reference for doc in repository.table.search(query))
    return found


def proposals(store: Store, reference: str) -> list[Proposal]:
    """Accounts of every kind a matching rule says are this account's person's, not yet linked to
    that person and not unlinked from it before; each with the rule and the facts that matched."""
    mine = identities(store, reference)
    person = person_of(store, reference)
    linked = set(person.value.accounts) if person else set()
    rules = matching_rules()
    result: dict[str, Proposal] = {}
    for identity in mine:
        candidates = _candidates(store, identity.name)
        if identity.ni_number:  # the NI rule reaches accounts in other names: those of persons with that number
            candidates |= {account for same in _repository(store).find("ni_number", identity.ni_number)
                           for account in same.value.accounts}
        for other in sorted(candidates - linked - {reference}):
            other_person = person_of(store, other)
            if person and person.value.refused(other) or other_person and other_person.value.refused(reference):
                continue
            for theirs in identities(store, other):
                rule = rule_matching(identity, theirs, rules)
                if rule is None or other in result:
                    continue
                why = "; ".join(f"{f.value.replace('_', ' ')} {theirs.shown(f)}" for f in rule.facts)
                kind, doc = _document(store, other) or (kind_of_reference(other), None)
                names = kind.summary(doc).names if doc is not None else other
                result[other] = Proposal(other, kind.name, names, rule, f"{rule.description}: {why}",
                                         other_person.value.reference if other_person else "", identity.liable_person)
    return sorted(result.values(), key=lambda p: ([r.name for r in rules].index(p.rule.name), p.account))


def link(session: Session, reference: str, other: str, rule: str, *, reason: str = "") -> Stored[PersonRecord]:
    """Link ``other`` to ``reference``'s person on the officer's confirmation of a proposal by
    ``rule`` (or by hand: ``rule`` :data:`OFFICER_RULE` with a ``reason``). A new person is made
    when neither account has one; two persons are merged when each has one."""
    require(session, "account.change")
    return _link(session.store, session.today, session.officer, reference, other, rule, reason)


def _link(store: Store, today: dt.date, officer: str, reference: str, other: str, rule: str,
          reason: str, proposal: Proposal | None = None) -> Stored[PersonRecord]:
    if reference == other:
        raise PersonsError(f"{reference} cannot be linked to itself")
    for ref in (reference, other):
        try:
            if _document(store, ref) is None:
                raise PersonsError(f"there is no account {ref}: nothing was linked")
        except ValueError:
            raise PersonsError(f"{ref!r} is not an account reference: nothing was linked") from None
    if rule == OFFICER_RULE:
        if not reason.strip():
            raise PersonsError("linking by hand needs the reason (what shows they are the same person)")
        why, liable = f"linked by hand: {reason.strip()}", ""
    else:
        proposal = proposal or next((p for p in proposals(store, reference)
                                     if p.account == other and p.rule.name == rule), None)
        if proposal is None:
            raise PersonsError(f"rule {rule!r} does not match {reference} with {other} (or they are already linked): "
                               "nothing was linked")
        why, liable = proposal.why, proposal.liable_person
    mine, theirs = person_of(store, reference), person_of(store, other)
    repository = _repository(store)
    with store.change(f"{officer} linked {other} to the person of {reference} ({rule})"):
        if mine is not None and theirs is not None:
            if mine.doc_id == theirs.doc_id:
                raise PersonsError(f"{reference} and {other} are already the same person's")
            merged = attrs.evolve(mine.value, links=(*mine.value.links, *theirs.value.links),
                                  unlinked=(*mine.value.unlinked, *theirs.value.unlinked))
            repository.remove(theirs, reason=f"merged into {mine.value.reference}")
            return repository.save(mine, merged)
        if mine is not None or theirs is not None:
            kept = mine if mine is not None else theirs
            assert kept is not None
            new = other if mine is not None else reference
            added = AccountLink(new, rule, why, today, officer, liable if new == reference else "")
            return repository.save(kept, attrs.evolve(kept.value, links=(*kept.value.links, added)))
        first = next((i for i in identities(store, reference) if not liable or i.liable_person == liable),
                     identities(store, reference)[0])
        record = PersonRecord(person_reference(len(repository) + 1), first.name, first.date_of_birth,
                              links=(AccountLink(reference, rule, why, today, officer, first.liable_person),
                                     AccountLink(other, rule, why, today, officer)))
        while repository.find_one("reference", record.reference) is not None:  # a merged person's number is not reused
            record = attrs.evolve(record, reference=person_reference(int(record.reference[3:]) + 1))
        return repository.add(record)


def unlink(session: Session, reference: str, reason: str) -> Stored[PersonRecord]:
    """Take ``reference`` off its person (kept in the person's history with who, when and why,
    and not proposed for that person again)."""
    require(session, "account.change")
    if not reason.strip():
        raise PersonsError(f"say why {reference} is not this person's: nothing was unlinked")
    person = person_of(session.store, reference)
    if person is None:
        raise PersonsError(f"{reference} is not linked to anyone: nothing was unlinked")
    link_ = person.value.link_of(reference)
    assert link_ is not None
    record = attrs.evolve(person.value, links=tuple(k for k in person.value.links if k.account != reference),
                          unlinked=(*person.value.unlinked, Unlinked(link_, session.today, session.officer,
                                                                      reason.strip())))
    with session.store.change(f"{session.officer} unlinked {reference} from {person.value.reference}: {reason}"):
        return _repository(session.store).save(person, record)


# HMRC National Insurance Manual NIM39110: two prefix letters (not D, F, I, Q, U or V; the second
# not O; never BG, GB, KN, NK, NT, TN or ZZ), six digits, a suffix A to D (format as read; the
# manual was not re-read in this pass)
_NI_NUMBER = re.compile(r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]")


def record_ni_number(session: Session, reference: str, ni_number: str) -> Stored[PersonRecord]:
    """Record the National Insurance number of ``reference``'s person (then the NI rule can match)."""
    require(session, "account.change")
    cleaned = "".join(ni_number.split()).upper()
    if not _NI_NUMBER.fullmatch(cleaned):
        raise PersonsError(f"{ni_number!r} is not a National Insurance number such as AB123456C: nothing was recorded")
    person = person_of(session.store, reference)
    if person is None:
        raise PersonsError(f"{reference} is not linked to a person: link the person's accounts first")
    with session.store.change(f"{session.officer} recorded the NI number of {person.value.reference}"):
        return _repository(session.store).save(person, attrs.evolve(person.value, ni_number=cleaned))


def load_links(store: Store, pairs: Iterable[tuple[str, str, str]], *, officer: str,
               on: dt.date) -> list[Stored[PersonRecord]]:
    """Links made in bulk when records are loaded (a migration's known links, the demo council's):
    each ``(account, other, reason)`` by the first rule that matches them, else by hand with
    ``reason`` (a pair with neither is refused, naming it, and nothing is linked), all in one change."""
    done = []
    with store.change(f"{officer}: links between accounts of the same person loaded"):  # one transaction
        for reference, other, reason in pairs:
            matched = next((p for p in proposals(store, reference) if p.account == other), None)
            if matched is None and not reason:
                raise PersonsError(f"no rule matches {reference} with {other} and no reason was given to link them "
                                   "by hand: nothing was linked")
            done.append(_link(store, on, officer, reference, other, matched.rule.name if matched else OFFICER_RULE,
                              reason, matched))
    return done


def residents(store: Store, every: int) -> list[tuple[str, str, tuple[str, ...], str]]:
    """Every ``every``th council tax account (by its place in the store) still liable: its first
    liable person's name and the dwelling's address, ``(account, name, address lines, postcode)``
    (the demo's debtors)."""
    records = _ctax_records(store)
    properties = records.properties
    found = []
    for doc in records.accounts.table.get(doc_ids=range(1, len(records.accounts.table) + 1, every)):
        if doc["liability"].get("end") is not None or not doc["persons"]:
            continue
        prop = properties.table.search(properties.indexes["reference"].equals(doc["property_reference"]), limit=1)
        if prop:
            address = prop[0]["address"]
            found.append((doc["reference"], doc["persons"][0]["name"], tuple(address["lines"]), address["postcode"]))
    return found


# --- the person's debts --------------------------------------------------------------------------


@attrs.frozen
class Debt:
    """One account of the person's: balance and arrears as at a day, and any arrangement."""

    account: str
    kind: str
    names: str
    balance: Decimal
    arrears: Decimal
    arrangement: str = ""
    note: str = ""
    years: tuple[tuple[str, Decimal, Decimal], ...] = ()
    """Each financial year's charge and costs owed (the printed statement's detail)."""


@attrs.frozen
class PersonDebts:
    person: PersonRecord
    as_at: dt.date
    debts: tuple[Debt, ...]

    @property
    def balance(self) -> Decimal:
        return money_sum(d.balance for d in self.debts)

    @property
    def arrears(self) -> Decimal:
        return money_sum(d.arrears for d in self.debts)

    def text(self, *, width: int = 76, exclude: str = "", years: bool = False) -> str:
        """The person's debts as the account view and the statement show them."""
        p = self.person
        born = f", born {p.date_of_birth.isoformat()}" if p.date_of_birth else ""
        born += f", NI {p.ni_number}" if p.ni_number else ""
        rows = [f"All debts of {p.name}{born} ({p.reference}) as at {self.as_at.isoformat()}",
                f"  {'kind':<15}{'account':<11}{'balance':>12}{'arrears':>12}"]
        for d in self.debts:
            mark = " (this account)" if d.account == exclude else ""
            rows.append(f"  {d.kind:<15}{d.account:<11}{format_money(d.balance):>12}{format_money(d.arrears):>12}"
                        f"{mark}"[: width])
            rows += [row for extra in (d.arrangement, d.note) if extra
                     for row in textwrap.wrap(extra, width, initial_indent="    ", subsequent_indent="      ")]
            if years:  # the printed statement: what each year owes, charge and costs
                rows += [f"    {label:<9} charge {format_money(charge):>11}  costs {format_money(costs):>9}"
                         for label, charge, costs in d.years]
        rows.append(f"  {'total':<26}{format_money(self.balance):>12}{format_money(self.arrears):>12}")
        return "\n".join(rows)


def _arrangement(store: Store, reference: str, as_at: dt.date) -> str:
    file = recovery_repository(store).find_one("account", reference)
    arrangement = file.value.arrangement if file else None
    if arrangement is None:
        return ""
    later = [p for p in arrangement.payments if p.due >= as_at]
    total = money_sum(p.amount for p in arrangement.payments)
    nxt = f"; next {format_money(later[0].amount)} on {later[0].due.isoformat()}" if later else ""
    return (f"arrangement agreed {arrangement.agreed_on.isoformat()}: {len(arrangement.payments)} payments, "
            f"{format_money(total)}{nxt}")


def _debt(store: Store, reference: str, as_at: dt.date) -> Debt | None:
    kind = kind_of_reference(reference)
    located = locate(store, reference)
    if located is None:
        return None
    value = located.stored.value
    names = located.kind.names(value)
    note = f"invoiced as sundry debt {located.reference}" if located.reference != reference or \
        located.kind is not kind else ""
    if located.kind is COUNCIL_TAX:
        file = recovery_repository(store).find_one("account", reference)
        facts = ctax_facts(value, file.value if file else None, as_at)
    else:  # recovery history for these kinds is not kept yet: what falls due is the kind's schedules
        facts = account_facts(located.reference, located.ledger, located.kind.schedules(value), None, as_at)
    years = tuple((str(b.year), b.charge, b.costs) for b in located.ledger.by_year() if b.total)
    return Debt(reference, kind.name, names, facts.balance, max(facts.arrears.total, ZERO),
                _arrangement(store, reference, as_at), note, years)


def person_debts(store: Store, person: PersonRecord, as_at: dt.date) -> PersonDebts:
    """Every linked account's balance and arrears as at ``as_at``."""
    debts = [debt for debt in (_debt(store, link_.account, as_at) for link_ in person.links) if debt is not None]
    return PersonDebts(person, as_at, tuple(debts))


def debts_of_account(store: Store, reference: str, as_at: dt.date) -> PersonDebts | None:
    """The debts of the person ``reference`` is linked to (None when it is linked to no one)."""
    person = person_of(store, reference)
    return person_debts(store, person.value, as_at) if person else None


def statement_rows(debts: PersonDebts) -> list[list[Any]]:
    """The all-debts statement as CSV rows (header first; amounts as numbers)."""
    rows: list[list[Any]] = [["person", "name", "as_at", "kind", "account", "names on account", "balance", "arrears",
                              "arrangement", "note"]]
    for d in debts.debts:
        rows.append([debts.person.reference, debts.person.name, debts.as_at.isoformat(), d.kind, d.account, d.names,
                     d.balance, d.arrears, d.arrangement, d.note])
    rows.append([debts.person.reference, debts.person.name, debts.as_at.isoformat(), "total", "", "",
                 debts.balance, debts.arrears, "", ""])
    return rows


def write_statement(session: Session, reference: str, folder: Path) -> tuple[Path, Path]:
    """Write the all-debts statement of ``reference``'s person into ``folder`` as text (to print)
    and CSV, both private files (they name the person)."""
    require(session, "view")
    debts = debts_of_account(session.store, reference, session.today)
    if debts is None:
        raise PersonsError(f"{reference} is not linked to a person: link the person's accounts first")
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"all-debts-{debts.person.reference}-{session.today.isoformat()}"
    text = write_private(folder / f"{stem}.txt", debts.text(width=200, years=True) + "\n")
    csv = write_private(folder / f"{stem}.csv", csv_text(statement_rows(debts)))
    return text, csv


def propose_person_arrangement(session: Session, reference: str, amount_text: str, first_text: str,
                               note: str) -> ChangeProposal:
    """One arrangement across the person's debts: the monthly amount shared between the accounts
    with something owing, in proportion to what each owes (pennies rounded down, the remainder to
    the largest), each account's part agreed by the one account arrangement rule
    (:func:`revtui.services.recovery.propose_arrangement`) and saved together, all or nothing."""
    from revtui.services.account_actions import parse_amount
    from revtui.services.recovery import propose_arrangement

    require(session, "recovery.act")
    person = person_of(session.store, reference)
    if person is None:
        raise PersonsError(f"{reference} is linked to no person: link the person's accounts first (P)")
    owing = [d for d in person_debts(session.store, person.value, session.today).debts
             if d.balance > 0 and not d.note]  # an invoiced overpayment is arranged on its invoice
    if not owing:
        raise PersonsError(f"{person.value.name} owes nothing on any account: there is nothing to arrange")
    monthly = parse_amount(amount_text, "monthly amount")
    total = money_sum(d.balance for d in owing)
    shares = {d.account: (monthly * d.balance / total).quantize(PENNY, rounding=ROUND_DOWN) for d in owing}
    largest = max(owing, key=lambda d: d.balance).account
    shares[largest] += monthly - money_sum(shares.values())
    if any(share <= 0 for share in shares.values()):
        raise PersonsError(f"monthly amount: {format_money(monthly)} is too little to share between "
                           f"{len(owing)} accounts")
    writes, effects = [], []
    for debt in owing:
        located = locate(session.store, debt.account)
        assert located is not None
        file = recovery_repository(session.store).find_one("account", debt.account)
        part = propose_arrangement(session, located.stored.value, file, str(shares[debt.account]), first_text, note)
        writes += part.writes
        effects.append(f"{debt.kind} {debt.account}: {format_money(shares[debt.account])} a month of "
                       f"{format_money(monthly)}.\n{part.effect}")
    return ChangeProposal(f"Arrangement across {person.value.name}'s debts", None,
                          f"One arrangement for {person.value.name} ({person.value.reference}): "
                          f"{format_money(total)} owed on {len(owing)} accounts.\n\n" + "\n\n".join(effects),
                          f"arrangement across {len(owing)} accounts of {person.value.reference}: {note.strip()}",
                          writes=tuple(writes))
