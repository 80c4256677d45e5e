"""Loading a council from its incumbent system: check an extract, load it once, reconcile it.

The extract is the files of ``docs/migration-format.md`` (read by :mod:`revtui.imports.migration`).
:func:`plan_migration` reads every file and maps every line to the records the application
keeps (dwellings, accounts with their liability, people, discounts, exemptions, Direct Debit,
instalment choice, balances brought forward by year, recovery steps taken), reporting every line
or field that cannot be mapped (file, line, field, why). A plan exists only for an extract with
no defect at all: a defective extract loads nothing (the council corrects its mapping and
extracts again; no option skips records, since a skipped account is a balance the
reconciliation would have to explain).

:func:`load_migration` writes a plan in one audited change (all or nothing) through the loading
service, and records the extract's identity: the same extract loaded again loads nothing.
:func:`reconcile` compares the extract's control totals, what its files add up to, and what the
store holds (counts, open liabilities, and balances brought forward by year to the penny).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from refdata.instalments import instalment_rules
from revcore.ctax import (
    Address,
    BandEntry,
    Discount,
    DiscountReason,
    Exemption,
    Liability,
    LiabilityBasis,
    Person,
    Property,
)
from revcore.ctax.liability import OwnerClass, check_liabilities
from revcore.directdebit import AuddisCode, AuddisInstruction, BankAccount, InstalmentPreference, mark_lodged, new_mandate
from revcore.entries import Category
from revcore.ledger import Ledger
from revcore.money import ZERO
from revcore.periods import FinancialYear
from revcore.recovery import StageEvent
from revcore.references import is_valid_reference
from revtui.imports.migration import CONTROL_FILE, Extract, Row, read_extract
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.records.ctax import CtaxAccount, DirectDebit, PaymentMethod
from revtui.records.valuation_list import ValuationListEntry
from revtui.services.loading import documents, insert_documents, table_schemas
from revtui.services.recovery import RecoveryFile, YearEvent, recovery_repository
from revtui.services.session import Session

__all__ = ["MigrationPlan", "LoadResult", "Reconciliation", "ReconciledFigure", "plan_migration", "load_migration",
           "reconcile", "previous_load", "MIGRATIONS_TABLE", "SOURCE_PREFIX"]

MIGRATIONS_TABLE = "migrations"
SOURCE_PREFIX = "migration:"
"""Every ledger entry a migration posts has a source starting so: the reconciliation finds them by it."""
_OFFICER = "migration"
_YEAR_ITEM = re.compile(r"(charge|costs)_balance [0-9]{4}/[0-9]{2}")
_FILE_ONLY = ("balances", "payment_methods")
_COUNTED_FILES = ("properties", "accounts", "persons", "discounts", "payment_methods", "mandates", "instalment_plans",
                  "balances", "recovery_stages")


@attrs.frozen
class MigrationPlan:
    """An extract with no defect, mapped to the records it would load."""

    extract: Extract
    council: str
    properties: tuple[Property, ...]
    listing: tuple[ValuationListEntry, ...]
    accounts: tuple[CtaxAccount, ...]
    recovery: tuple[RecoveryFile, ...]
    figures: dict[str, Any]
    """What the files hold, by control-total item (counts, balances by year)."""
    control: dict[str, str]
    """The control totals file's items as given."""

    def describe(self) -> list[str]:
        counts = ", ".join(f"{self.figures[name]:,} {name.replace('_', ' ')}" for name in _COUNTED_FILES
                           if self.figures.get(name))
        years = [f"  {item}: £{self.figures[item]:,}" for item in sorted(self.figures) if " " in item]
        return [f"extract {self.extract.folder} for {self.council}, balances struck on {self.extract.go_live.isoformat()}",
                f"  {counts}", f"  open liabilities on go-live: {self.figures['open_liabilities']:,}", *years,
                f"  total balance: £{self.figures['total_balance']:,}"]


@attrs.frozen
class LoadResult:
    loaded: bool
    """False: this extract was loaded before (``previously`` says when), and nothing was loaded again."""
    previously: dict[str, Any] | None = None


@attrs.frozen
class ReconciledFigure:
    item: str
    control: str
    files: str
    store: str | None
    """None: a count of file lines with no record of its own (checked against the files only)."""

    @property
    def agrees(self) -> bool:
        return self.control == self.files and self.store in (None, self.files)


@attrs.frozen
class Reconciliation:
    figures: tuple[ReconciledFigure, ...]

    @property
    def agrees(self) -> bool:
        return all(figure.agrees for figure in self.figures)

    def lines(self) -> list[str]:
        width = max(len(f.item) for f in self.figures)
        out = [f"{'item':<{width}}  {'control total':>15}  {'extract files':>15}  {'store':>15}"]
        for f in self.figures:
            out.append(f"{f.item:<{width}}  {f.control:>15}  {f.files:>15}  {f.store or '(file lines)':>15}"
                       f"  {'agrees' if f.agrees else 'DOES NOT AGREE'}")
        bad = sum(not f.agrees for f in self.figures)
        out.append(f"all {len(self.figures)} figures agree to the penny" if not bad else
                   f"{bad} of {len(self.figures)} figures do not agree: do not go live")
        return out

    def rows(self) -> list[list[str]]:
        return [["item", "control_total", "extract_files", "store", "agrees"],
                *[[f.item, f.control, f.files, f.store or "", "yes" if f.agrees else "no"] for f in self.figures]]


class _Mapper:
    """Maps the extract's rows to records, collecting every problem."""

    def __init__(self, session: Session, extract: Extract) -> None:
        self.session, self.extract, self.problems = session, extract, []
        self.tariff = session.tariff
        self.go_live = extract.go_live
        self.tag = extract.identity[:12]
        # the first year this system bills: the one after go-live's (a year-end go-live)
        self.first_year = FinancialYear(FinancialYear.containing(self.go_live).start_year + 1)
        self.twelve_allowed = instalment_rules("council_tax", self.tariff.council.country.value,
                                               self.first_year).twelve is not None
        self.listed_properties = {row["property_reference"]: row.line for row in self.rows("properties")}

    def add(self, row: Row, field: str, message: str) -> None:
        self.problems.append(ImportProblem(row.file, row.line, field, message))

    def rows(self, name: str) -> tuple[Row, ...]:
        return self.extract.rows.get(name, ())

    def by_account(self, name: str, accounts: dict[str, Row]) -> dict[str, list[Row]]:
        grouped: dict[str, list[Row]] = defaultdict(list)
        for row in self.rows(name):
            if row["account_reference"] is None:
                continue  # reported when read
            if row["account_reference"] not in accounts:
                self.add(row, "account_reference", f"{row['account_reference']!r} is not an account in accounts.csv")
                continue
            grouped[row["account_reference"]].append(row)
        return grouped

    def unique(self, name: str, key: str) -> dict[str, Row]:
        seen: dict[str, Row] = {}
        for row in self.rows(name):
            if row[key] is None:
                continue  # reported when read
            if row[key] in seen:
                self.add(row, key, f"{row[key]!r} appears twice (first on line {seen[row[key]].line})")
                continue
            seen[row[key]] = row
        return seen

    # --- dwellings ------------------------------------------------------------------------------

    def properties(self) -> tuple[dict[str, Property], list[ValuationListEntry]]:
        areas = {area.code for area in self.tariff.council.areas}
        found, listing = {}, []
        self.unique("properties", "uprn")  # one dwelling a UPRN: reports a second
        for reference, row in self.unique("properties", "property_reference").items():
            if None in (row["charging_area"], row["band"], row["band_from"], row["postcode"], row["address_1"]):
                continue  # reported when read
            if row["charging_area"] not in areas:
                self.add(row, "charging_area", f"{row['charging_area']!r} is not a charging area of "
                                               f"{self.tariff.council.name} ({', '.join(sorted(areas))})")
                continue
            lines = tuple(row[c] for c in ("address_1", "address_2", "address_3") if row[c])
            try:
                prop = Property(reference, row["uprn"] or "", Address(lines, row["postcode"]), self.tariff.council.country,
                                row["charging_area"], (BandEntry(row["band_from"], row["band"]),))
            except ValueError as error:
                self.add(row, "property_reference", str(error))
                continue
            found[reference] = prop
            listing.append(ValuationListEntry(prop.uprn, reference, ", ".join(lines), row["postcode"], row["band"],
                                              row["band_from"]))
        return found, listing

    # --- accounts ---------------------------------------------------------------------------------

    def accounts(self, properties: dict[str, Property]) -> list[CtaxAccount]:
        accounts = self.unique("accounts", "account_reference")
        persons = self.by_account("persons", accounts)
        reliefs = self.by_account("discounts", accounts)
        methods = self.by_account("payment_methods", accounts)
        mandates = self.by_account("mandates", accounts)
        self.unique("mandates", "mandate_reference")  # Bacs reports name a mandate by it: reports a second
        plans = self.by_account("instalment_plans", accounts)
        balances = self.by_account("balances", accounts)
        built, liabilities = [], defaultdict(list)
        for reference, row in accounts.items():
            if not reference.startswith("C") or not is_valid_reference(reference):
                self.add(row, "account_reference", f"{reference!r} is not a council tax reference (C, seven digits and "
                                                   f"a check digit): map the incumbent's references to ours")
                continue
            if row["property_reference"] is None:
                continue  # reported when read
            if row["property_reference"] not in properties:
                listed = self.listed_properties.get(row["property_reference"])
                self.add(row, "property_reference", f"{row['property_reference']!r} is not a dwelling in properties.csv"
                         if listed is None else f"dwelling {row['property_reference']} was refused "
                                                f"(properties.csv line {listed})")
                continue
            people = self.people(reference, row, persons.get(reference, []))
            liability = self.liability(reference, row, people, reliefs.get(reference, []))
            if liability is None or not people:
                continue
            liabilities[liability.property_reference].append((liability, row))
            account = CtaxAccount(reference, row["property_reference"], tuple(people), liability, Ledger(reference))
            account = self.payment(account, methods.get(reference, []), mandates.get(reference, []))
            account = self.plan(account, plans.get(reference, []))
            account = self.brought_forward(account, row, balances.get(reference, []))
            if account is not None:
                built.append(account)
        for group in liabilities.values():
            if len(group) > 1:
                try:
                    check_liabilities(liability for liability, _ in group)
                except ValueError as error:
                    self.add(group[-1][1], "liability_start", str(error))
        return built

    def people(self, reference: str, account: Row, rows: list[Row]) -> list[Person]:
        if not rows:
            self.add(account, "account_reference", "no liable person in persons.csv")
        people, seen = [], set()
        for row in rows:
            if row["person_reference"] is None or row["name"] is None:
                continue  # reported when read
            if row["person_reference"] in seen:
                self.add(row, "person_reference", f"{row['person_reference']!r} is named twice on {reference}")
                continue
            seen.add(row["person_reference"])
            people.append(Person(row["person_reference"], row["name"], row["date_of_birth"]))
        return people

    def liability(self, reference: str, row: Row, people: list[Person], rows: list[Row]) -> Liability | None:
        if row["liability_start"] is None:
            return None
        discounts, exemptions = [], []
        for relief in rows:
            if None in (relief["start"], relief["kind"], relief["code"]):
                continue
            try:
                if relief["kind"] == "discount":
                    reason = {r.value: r for r in DiscountReason}.get(relief["code"])
                    if reason is None:
                        self.add(relief, "code", f"{relief['code']!r} is not a discount "
                                                 f"({', '.join(r.value for r in DiscountReason)})")
                        continue
                    disregarded = tuple(c.strip() for c in (relief["disregarded"] or "").split(";") if c.strip())
                    discounts.append(Discount(reason, relief["start"], relief["end"], disregarded))
                elif relief["kind"] == "exemption":
                    if self.tariff.rules.exemptions_on(relief["start"]).get(relief["code"]) is None:
                        self.add(relief, "code", f"{relief['code']!r} is not an exemption class in force on "
                                                 f"{relief['start'].isoformat()}")
                        continue
                    exemptions.append(Exemption(relief["code"], relief["start"], relief["end"]))
            except ValueError as error:
                self.add(relief, "code", str(error))
        basis = LiabilityBasis(row["basis"] or "resident")
        try:
            return Liability(reference, row["property_reference"], tuple(p.reference for p in people) or ("?",),
                             row["liability_start"], row["liability_end"], basis,
                             OwnerClass(row["owner_class"]) if row["owner_class"] else None,
                             tuple(discounts), tuple(exemptions))
        except ValueError as error:
            self.add(row, "liability_end" if "end" in str(error) else "basis", str(error))
            return None

    def payment(self, account: CtaxAccount, methods: list[Row], mandates: list[Row]) -> CtaxAccount:
        for extra in methods[1:]:
            self.add(extra, "account_reference", f"a second payment method for {account.reference} "
                                                 f"(first on line {methods[0].line})")
        for extra in mandates[1:]:
            self.add(extra, "account_reference", f"a second mandate for {account.reference} "
                                                 f"(first on line {mandates[0].line})")
        if methods:
            row = methods[0]
            day = row["instalment_day"]
            if day is not None and not 1 <= day <= 28:
                self.add(row, "instalment_day", f"{day} is not a day every month has (1 to 28)")
            elif day is not None:
                account = attrs.evolve(account, instalment_day=day)
            if row["method"] == "direct_debit":
                if not mandates:
                    self.add(row, "method", "Direct Debit, but no mandate for the account in mandates.csv")
                    return account
                account = attrs.evolve(account, payment_method=PaymentMethod.DIRECT_DEBIT)
        if mandates:
            row = mandates[0]
            if account.payment_method is not PaymentMethod.DIRECT_DEBIT:
                self.add(row, "account_reference", "a mandate, but the account does not pay by Direct Debit "
                                                   "in payment_methods.csv")
                return account
            if None in (row["signed_on"], row["lodged_on"], row["sort_code"], row["account_number"],
                        row["account_name"], row["mandate_reference"], row["collected"]):
                return account
            try:
                payer = BankAccount(row["sort_code"], row["account_number"], row["account_name"])
                mandate = new_mandate(row["mandate_reference"], account.reference, payer, row["signed_on"])
                mandate = mark_lodged(AuddisInstruction(mandate, AuddisCode.NEW), row["lodged_on"])
            except ValueError as error:
                field = "sort_code" if "sort code" in str(error) else \
                    "account_number" if "account number" in str(error) else "mandate_reference"
                self.add(row, field, str(error))
                return account
            mandate = attrs.evolve(mandate, collected=row["collected"] == "yes")
            account = attrs.evolve(account, direct_debit=DirectDebit(mandate, self.go_live))
        return account

    def plan(self, account: CtaxAccount, rows: list[Row]) -> CtaxAccount:
        for extra in rows[1:]:
            self.add(extra, "account_reference", f"a second instalment plan for {account.reference}")
        if rows and rows[0]["instalments"] == "12" and not self.twelve_allowed:
            self.add(rows[0], "instalments", f"12 instalments cannot be requested under the "
                                             f"{self.tariff.council.country.value.title()} instalment rules for "
                                             f"{self.first_year.label} (refdata instalments.toml): map this payer to 10")
            return account
        if rows and rows[0]["instalments"] == "12" and rows[0]["chosen_on"] is not None:
            preference = InstalmentPreference().choose(12, rows[0]["chosen_on"], _OFFICER,
                                                       "12 instalments asked for (reg. 21(1A)), from the incumbent system")
            account = attrs.evolve(account, preference=preference)
        return account

    def brought_forward(self, account: CtaxAccount, row: Row, rows: list[Row]) -> CtaxAccount | None:
        ledger, seen = account.ledger, {}
        for line in rows:
            year = line["year"]
            if year is None or line["charge_balance"] is None:
                continue
            if year.label in seen:
                self.add(line, "year", f"{year.label} twice for {account.reference} (first on line {seen[year.label]})")
                continue
            seen[year.label] = line.line
            if year.start > self.go_live:
                self.add(line, "year", f"{year.label} starts after go-live ({self.go_live.isoformat()}): "
                                       f"this system bills it")
                continue
            if year.end < account.liability.start or (account.liability.end and year.start > account.liability.end):
                self.add(line, "year", f"{year.label} is outside the liability "
                                       f"({account.liability.start.isoformat()} to "
                                       f"{account.liability.end.isoformat() if account.liability.end else 'open'})")
                continue
            source = f"{SOURCE_PREFIX}{self.tag}:{account.reference}:{year.label}"
            kwargs = dict(effective=self.go_live, posted=self.go_live, officer=_OFFICER)
            amount, costs = line["charge_balance"], line["costs_balance"]
            try:
                if amount > 0:
                    ledger = ledger.charge(year, amount, reason="balance brought forward from the incumbent system",
                                           source=f"{source}:charge", **kwargs)
                elif amount < 0:  # a credit the incumbent held for the year
                    ledger = ledger.adjust(year, amount, reason="credit brought forward from the incumbent system",
                                           source=f"{source}:charge", **kwargs)
                if costs:
                    ledger = ledger.add_costs(year, costs, reason="costs brought forward from the incumbent system",
                                              source=f"{source}:costs", **kwargs)
            except ValueError as error:  # the ledger refuses it: say which line
                self.add(line, "charge_balance", str(error))
        if account.liability.end is not None and account.liability.end < self.go_live:
            ledger = ledger.close(account.liability.end)
        return attrs.evolve(account, ledger=ledger)

    # --- recovery ---------------------------------------------------------------------------------

    def recovery(self, accounts: dict[str, CtaxAccount]) -> list[RecoveryFile]:
        files: dict[str, list[YearEvent]] = defaultdict(list)
        listed = {row["account_reference"] for row in self.rows("accounts")}
        for row in self.rows("recovery_stages"):
            reference, year = row["account_reference"], row["year"]
            if reference is None:
                continue  # reported when read
            if reference not in accounts:
                if reference not in listed:  # else the account itself was refused, and said why
                    self.add(row, "account_reference", f"{reference!r} is not an account in accounts.csv")
                continue
            if year is None or row["stage_date"] is None or row["stage"] is None:
                continue
            if accounts[reference].ledger.balance_of(year) == ZERO and not _owed_costs(accounts[reference], year):
                self.add(row, "year", f"no balance brought forward for {year.label} on {reference}: recovery of what?")
                continue
            key = f"migration/{reference}/{year.label}/{row['stage']}/{row['stage_date'].isoformat()}"
            try:
                event = StageEvent(row["stage"], row["stage_date"], key, row["amount"], row["until"])
            except ValueError as error:
                self.add(row, "stage", str(error))
                continue
            files[reference].append(YearEvent(year.label, event))
        return [RecoveryFile(reference, sorted(events, key=lambda e: (e.event.day, e.year)))
                for reference, events in files.items()]

    # --- control totals ---------------------------------------------------------------------------

    def figures(self, accounts: Iterable[CtaxAccount]) -> dict[str, Any]:
        figures: dict[str, Any] = {name: len(self.rows(name)) for name in _COUNTED_FILES}
        figures["open_liabilities"] = sum(1 for row in self.rows("accounts") if row["liability_start"] is not None
                                          and (row["liability_end"] is None or row["liability_end"] >= self.go_live))
        totals: Counter[str] = Counter()
        for row in self.rows("balances"):
            if row["year"] is None:
                continue
            totals[f"charge_balance {row['year'].label}"] += row["charge_balance"] or ZERO
            totals[f"costs_balance {row['year'].label}"] += row["costs_balance"] or ZERO
        figures.update({item: Decimal(value) for item, value in totals.items() if value})
        figures["total_balance"] = sum(totals.values(), ZERO)
        return figures

    def control(self, figures: dict[str, Any]) -> dict[str, str]:
        given: dict[str, str] = {}
        rows = self.rows(CONTROL_FILE)
        for row in rows:
            item = re.sub(r"\s+", " ", row["item"] or "")
            if item in given:
                self.add(row, "item", f"{item!r} appears twice")
                continue
            given[item] = (row["value"] or "").strip()
            if item == "go_live":
                if self.go_live > self.session.today:
                    self.add(row, "value", f"go-live {self.go_live.isoformat()} is after today "
                                           f"({self.session.today.isoformat()}): balances are struck on the day")
                continue
            if item == "council":
                if given[item] != self.tariff.council.code:
                    self.add(row, "value", f"the extract is of council {given[item]!r}; this store is "
                                           f"{self.tariff.council.code!r}")
                continue
            if item not in figures and _YEAR_ITEM.fullmatch(item) and given[item] == "0.00":
                continue  # a year's costs of nothing: no line has them
            if item not in figures:
                self.add(row, "item", f"{item!r} is not a control total this format knows "
                                      f"(see docs/migration-format.md), or no line of the files has it")
                continue
            if _shown(figures[item]) != given[item]:
                self.add(row, "value", f"{item}: the control total says {given[item]}, the files hold "
                                       f"{_shown(figures[item])}")
        missing = [item for item in ("council", *figures) if item not in given and (item == "council" or figures[item])]
        for item in missing:
            self.problems.append(ImportProblem(f"{CONTROL_FILE}.csv", 0, item, "missing: the extract must give it "
                                                                               "(the files hold "
                                                                               f"{_shown(figures.get(item, ''))})"))
        return given

    def clashes(self, properties: Iterable[Property], accounts: Iterable[CtaxAccount]) -> None:
        records = self.session.records
        for prop in properties:
            if records.properties.find_one("reference", prop.reference) is not None:
                self.problems.append(ImportProblem("properties.csv", 0, "property_reference",
                                                   f"{prop.reference} is already in the store"))
        for account in accounts:
            if records.accounts.find_one("reference", account.reference) is not None:
                self.problems.append(ImportProblem("accounts.csv", 0, "account_reference",
                                                   f"{account.reference} is already in the store"))


def _owed_costs(account: CtaxAccount, year: FinancialYear) -> bool:
    return account.ledger.balance_of(year, Category.COSTS) != ZERO


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def previous_load(session: Session, identity: str) -> dict[str, Any] | None:
    """When, by whom and from where the extract of ``identity`` was loaded (None: never)."""
    found = session.store.table(MIGRATIONS_TABLE).search(lambda doc: doc.get("identity") == identity)
    return dict(found[0]) if found else None


def plan_migration(session: Session, folder: str | Path) -> MigrationPlan:
    """The extract in ``folder`` checked and mapped; nothing is written.

    :raises ImportRejected: every line or field that cannot be read or mapped (file, line, field, why).
    """
    extract = read_extract(folder, session.tariff.council.country)
    mapper = _Mapper(session, extract)
    mapper.problems.extend(extract.problems)
    properties, listing = mapper.properties()
    accounts = mapper.accounts(properties)
    by_reference = {account.reference: account for account in accounts}
    recovery = mapper.recovery(by_reference)
    figures = mapper.figures(accounts)
    control = mapper.control(figures)
    if previous_load(session, extract.identity) is None:
        mapper.clashes(properties.values(), accounts)
    if mapper.problems:
        raise ImportRejected(sorted(mapper.problems, key=lambda p: (p.file, p.line)))
    return MigrationPlan(extract, session.tariff.council.code, tuple(properties.values()), tuple(listing),
                         tuple(accounts), tuple(recovery), figures, control)


def load_migration(session: Session, plan: MigrationPlan) -> LoadResult:
    """Write the plan's records in one audited change, unless this extract was loaded before."""
    previous = previous_load(session, plan.extract.identity)
    if previous is not None:
        return LoadResult(False, previous)
    schemas = table_schemas(session.store)
    parts = {"properties": documents(schemas["properties"], plan.properties),
             "valuation_list": documents(schemas["valuation_list"], plan.listing),
             "accounts": documents(schemas["accounts"], plan.accounts),
             "recovery": documents(schemas["recovery"], plan.recovery)}
    with session.store.change(f"migration from the incumbent system: extract {plan.extract.identity[:12]} "
                              f"({len(plan.accounts):,} accounts)", user=session.officer):
        insert_documents(session.store, parts)
        session.store.table(MIGRATIONS_TABLE).insert({
            "identity": plan.extract.identity, "folder": plan.extract.folder, "loaded_on": session.today.isoformat(),
            "by": session.officer, "go_live": plan.extract.go_live.isoformat(),
            "control": dict(plan.control)})
    return LoadResult(True)


def reconcile(session: Session, plan: MigrationPlan) -> Reconciliation:
    """Each control total beside what the files hold and what the store holds.

    The store's balances are the migration's own ledger entries (so billing since does not
    disturb them); its counts are every record of the kind (reconcile before go-live).
    """
    records = session.records
    store: dict[str, Any] = {"properties": len(records.properties), "accounts": 0, "persons": 0, "discounts": 0,
                             "mandates": 0, "instalment_plans": 0, "open_liabilities": 0}
    totals: Counter[str] = Counter()
    go_live = plan.extract.go_live
    for stored in records.accounts:
        account = stored.value
        store["accounts"] += 1
        store["persons"] += len(account.persons)
        store["discounts"] += len(account.liability.discounts) + len(account.liability.exemptions)
        store["mandates"] += account.direct_debit is not None
        store["instalment_plans"] += any(c.recorded_by == _OFFICER for c in account.preference.choices)
        store["open_liabilities"] += account.liability.end is None or account.liability.end >= go_live
        for entry in account.ledger.entries:
            if entry.source.startswith(SOURCE_PREFIX):
                for posting in entry.postings:
                    kind = "costs_balance" if posting.category is Category.COSTS else "charge_balance"
                    totals[f"{kind} {posting.year.label}"] += posting.amount
    store["recovery_stages"] = sum(1 for stored in recovery_repository(session.store)
                                   for item in stored.value.history if item.event.key.startswith("migration/"))
    store.update({item: Decimal(value) for item, value in totals.items()})
    store["total_balance"] = sum(totals.values(), ZERO)
    figures = []
    for item in (item for item in plan.control if item not in ("council", "go_live")):
        money = " " in item or item == "total_balance"
        # balances and payment_methods are lines of a file, not records: checked against the files only
        held = None if item in _FILE_ONLY else _shown(store.get(item, ZERO if money else 0))
        figures.append(ReconciledFigure(item, plan.control[item], _shown(plan.figures.get(item, ZERO if money else 0)), held))
    return Reconciliation(tuple(figures))
