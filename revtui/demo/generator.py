"""Build the demo council: an invented district of any size, deterministic from a seed.

Every dwelling gets a band, an address in one of the charging areas and a story for the
current financial year: who is liable since when, their discounts, exemptions, empty periods,
disabled band reduction and council tax reduction, a change of occupier for some, and how they
pay (Direct Debit or cash through a channel; on time, late, stopped or not at all). The story
is then *played* through the real code: :func:`revtui.services.billing.bill_year` bills it
(and re-bills after a move), the ledger takes each payment, returned Direct Debit, refund
and write-off on the day it happened, so every balance is one the system itself worked out.

Earlier years' debts were brought forward from the council's legacy system when it went live
(one entry a year, as a real migration does). The store's training clock is set to the demo's
``as_at`` day. Everything is drawn from one ``random.Random(seed)`` in a fixed order, so the
same seed and size give the same council.
"""

from __future__ import annotations

import datetime as dt
import heapq
import multiprocessing
import os
import random
import time
from decimal import Decimal
from pathlib import Path
from typing import Callable

import attrs

from refdata.ctax import load_tariff
from refdata.instalments import instalment_rules
from refdata.ledger import ledger_settings
from refdata.recovery import load_recovery_rules
from revcore.allocation import Direction
from refdata.write_offs import write_off_categories
from revcore.approvals import decide, request_write_off
from revcore.refunds import WriteOffCategory
from revcore.calendar import add_working_days, is_working_day, next_working_day
from revcore.ctax import (
    Address,
    BandEntry,
    DisabledReduction,
    Discount,
    DiscountReason,
    EmptyPeriod,
    Exemption,
    Liability,
    LiabilityBasis,
    Person,
    Property,
    Reduction,
    ReductionKind,
    Tariff,
)
from revcore.entries import Category
from revcore.instalments import InstalmentRules, Plan
from revcore.ledger import Ledger
from revcore.money import PENNY
from revcore.periods import FinancialYear
from revcore.recovery import DebtorMeans, Employment, StageEvent, aeo_deduction
from revcore.recovery.engine import RunContext
from revcore.recovery.rules import REMEDY_KINDS
from revcore.references import make_reference
from revtui.demo.businesses import build_businesses, hand_listed_rates
from revtui.demo.rating_list import load_rates
from revtui.demo.people import NamePool, Streets, postcodes, street_names
from revtui.demo.settings import DemoSettings, demo_councils_beside, load_settings
from revcore.directdebit import (
    AuddisCode,
    AuddisInstruction,
    BankAccount,
    InstalmentPreference,
    cancel_mandate,
    mark_lodged,
    new_mandate,
)
from revtui.records.ctax import CtaxAccount, DirectDebit, PaymentMethod
from revtui.accounts.ctax import COUNCIL_TAX
from revtui.services.recovery import Means, RecoveryFile, YearEvent, has_overdue, run_on_account
from revcore.cashposting import PaymentLine
from revtui.records.payments import RequestRecord, SuspenseEntry
from revtui.records.valuation_list import ValuationListEntry
from revtui.services.billing import bill_year
from revtui.services.long_jobs import collector_spared
from revtui.services.directdebit import notify_changes
from revtui.services.loading import BulkLoad, documents, is_training_store

__all__ = ["BuildSummary", "build_demo", "DemoError", "DEMO_SETTINGS_ID"]

DEMO_SETTINGS_ID = "demo-council"
"""The settings document recording how the demo was built (size, seed, the day its history runs to)."""

D = dt.date
_CHUNK = 1000  # dwellings in a part of the build (built, then written in one transaction)
_LINES = 100_000  # payment-file line numbers each part may use
_LIST_START = D(1993, 4, 1)
_ELSEWHERE = ("Lowmoor", "Eastwick", "Kings Harbour", "Westbury Sands")


class DemoError(RuntimeError):
    """The demo cannot be built where asked (e.g. the store there is not a demo or training store)."""


@attrs.frozen
class BuildSummary:
    """What a build made, for the command line and the benchmark."""

    path: str
    seed: int
    dwellings: int
    accounts: int
    entries: int
    as_at: dt.date
    seconds: float
    counts: dict[str, int]

    def describe(self) -> str:
        lines = [f"Demo council built in {self.path}: {self.dwellings:,} dwellings, {self.accounts:,} accounts,"
                 f" {self.entries:,} ledger entries (seed {self.seed}, today {self.as_at.isoformat()},"
                 f" {self.seconds:.1f} s)"]
        lines += [f"  {name}: {count:,}" for name, count in sorted(self.counts.items())]
        return "\n".join(lines)


@attrs.define
class _Story:
    """One account's year before it is played through the ledger."""

    reference: str
    prop: Property
    persons: tuple[Person, ...]
    liability: Liability
    first_notice: dt.date
    method: PaymentMethod = PaymentMethod.CASH
    plan: Plan = Plan.TEN
    day: int = 1
    behaviour: str = "on_time"
    channel: str = "online"
    stop_after: int = 0
    correspondence: Address | None = None
    end: dt.date | None = None
    """Last day liable, when the occupier moved out this year; ``end_notice`` is when we heard."""
    end_notice: dt.date | None = None
    legacy: list[tuple[FinancialYear, Decimal]] = attrs.Factory(list)
    dd_unpaid: bool = False
    refund: bool = False
    write_off: bool = False
    debtor: DebtorMeans = DebtorMeans()
    history: dict[FinancialYear, list[StageEvent]] = attrs.Factory(dict)
    legacy_costs: list[tuple[FinancialYear, Decimal]] = attrs.Factory(list)
    schedules: tuple | None = None

    @property
    def may_fall_behind(self) -> bool:
        """Worth a place in the weekly recovery runs (the rest pay every instalment on time)."""
        return bool(self.legacy) or self.dd_unpaid or self.end is not None or \
            self.behaviour in ("late", "stopped", "none")


class _Shared:
    """What every part of the build reads and nobody changes: settings, rules, name pools."""

    def __init__(self, settings: DemoSettings, seed: int) -> None:
        self.s = settings
        self.seed = seed
        self.names = NamePool(seed)
        self.tariff: Tariff = load_tariff(settings.council)
        self.year = FinancialYear.containing(settings.as_at)
        self.country = self.tariff.council.country.value
        self.rules: InstalmentRules = instalment_rules("council_tax", self.country, self.year)
        self.ledger = ledger_settings(settings.as_at)
        self.recovery_rules = load_recovery_rules("ctax")
        self.hearings = settings.court_hearings
        self.run_days = tuple(day for day in (self.year.start + dt.timedelta(days=n) for n in range(366))
                              if day <= settings.as_at and day.weekday() == settings.recovery_weekday
                              and is_working_day(day, self.country))
        self.contexts: dict[dt.date, RunContext] = {}
        self.street_names = street_names(self.names, seed)
        self.postcodes = {area: postcodes(settings.postcode_area, area, seed) for area in settings.areas.names}


class _Builder:
    """Builds one part of the district (``part`` of ``parts``) from its own random source.

    Each part numbers its accounts, people, approvals and payment-file lines in its own range and
    draws its streets and postcodes from its own share, so parts can be built in any order, or at
    once, and the council is the same.
    """

    def __init__(self, shared: _Shared, part: int, parts: int) -> None:
        self.__dict__.update(shared.__dict__)
        self.shared = shared
        self.part = part
        self.rng = random.Random(f"{shared.seed}:{part}")
        codes = {area: every[part::parts] for area, every in shared.postcodes.items()}
        self.streets = Streets(shared.street_names[part::parts], codes, self.rng)
        self.account_serial = part * _CHUNK * 2  # at most two accounts a dwelling
        self.person_serial = part * _CHUNK * 4  # at most four people a dwelling, over both accounts
        self.approval_serial = part * _CHUNK
        self.line_base = part * _LINES
        self.file_lines: dict[tuple[str, dt.date], int] = {}
        self.counts: dict[str, int] = {}
        self.entries = 0
        self.requests: list[RequestRecord] = []
        self.contexts = shared.contexts

    # --- small helpers ------------------------------------------------------------------------

    def file_line(self, channel: str, day: dt.date) -> int:
        """The next line of the day's payment file from ``channel`` (in this part's range)."""
        line = self.file_lines[(channel, day)] = self.file_lines.get((channel, day), 0) + 1
        return self.line_base + line

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def chance(self, per_mille: int) -> bool:
        return self.rng.randrange(1000) < per_mille

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    def new_reference(self) -> str:
        self.account_serial += 1
        return make_reference("C", self.account_serial)

    def person(self, name: str) -> Person:
        self.person_serial += 1
        return Person(f"PER{self.person_serial:07d}", name)

    def household(self, count: int) -> tuple[Person, ...]:
        surname = self.names.surname(self.rng)
        first = self.person(self.names.person(self.rng, surname))
        if count == 1:
            return (first,)
        same = self.rng.random() < 0.7
        return (first, self.person(self.names.person(self.rng, surname if same else None)))

    def elsewhere(self) -> Address:
        rng = self.rng
        street = rng.choice(self.names.streets)
        return Address((f"{rng.randrange(1, 200)} {street}", rng.choice(_ELSEWHERE)),
                       f"{self.s.postcode_area}9 {rng.randrange(1, 10)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}")

    def tenure_start(self, earliest: dt.date) -> dt.date:
        years = min(30.0, self.rng.expovariate(1 / 9))
        start = self.s.annual_billing - dt.timedelta(days=int(years * 365.25) + 1)
        return max(start, earliest)

    # --- a dwelling and its stories ----------------------------------------------------------

    def dwelling(self, n: int) -> tuple[Property, list[_Story], list[ValuationListEntry]]:
        rng, s = self.rng, self.s
        area = s.areas.draw(rng)
        band = s.bands.draw(rng)
        flat = band in "AB" and rng.random() < 0.4
        built = _LIST_START if rng.random() < 0.93 else D(rng.randrange(1994, 2026), rng.randrange(1, 13), 1)
        prop = Property(f"P{n:07d}", str(s.uprn_base + n), self.streets.address(area, flat),
                        self.tariff.council.country, area, (BandEntry(built, band),))
        self.count(f"band {band}")
        state = s.occupancy.draw(rng)
        self.count(state)
        stories = self.stories(prop, state)
        return prop, stories, self.listing(prop)

    def listing(self, prop: Property) -> list[ValuationListEntry]:
        """The dwelling's entries on the valuation list; a few differ from our records."""
        entry = ValuationListEntry(prop.uprn, prop.reference, ", ".join(prop.address.lines), prop.address.postcode,
                                   prop.bands[-1].band, prop.bands[-1].effective_from)
        if not self.chance(self.s.events["valuation_differences"]):
            return [entry]
        kind = self.rng.choice(("band", "deleted", "new"))
        self.count(f"valuation list: {kind}")
        if kind == "band":  # the VOA altered the band; the alteration has not reached our records
            from revcore.council import BANDS

            index = BANDS.index(entry.band)
            other = BANDS[index + 1] if index == 0 or self.rng.random() < 0.5 and BANDS[index + 1] != "I" else BANDS[index - 1]
            altered = self.day_between(self.s.go_live, self.s.as_at)
            return [attrs.evolve(entry, deleted_from=altered), attrs.evolve(entry, band=other, effective_from=altered)]
        if kind == "deleted":  # demolished or merged on the list, still billed by us
            return [attrs.evolve(entry, deleted_from=self.day_between(self.s.go_live, self.s.as_at))]
        # a new dwelling on the list that we have not yet added (its own UPRN), beside this one
        return [entry, attrs.evolve(entry, uprn=str(int(prop.uprn) + 50_000_000), ba_reference="",
                            address=f"Plot {self.rng.randrange(1, 40)}, {prop.address.lines[-1]}",
                            effective_from=self.day_between(self.s.go_live, self.s.as_at))]

    def stories(self, prop: Property, state: str) -> list[_Story]:
        rng, s = self.rng, self.s
        earliest = prop.bands[0].effective_from
        start = self.tenure_start(earliest)
        kwargs: dict = {}
        basis = LiabilityBasis.RESIDENT
        correspondence = None
        if state in ("occupied", "single_person", "all_disregarded"):
            people = 1 if state == "single_person" or not self.chance(s.rates["joint_liability"]) else 2
            persons = self.household(people)
            if state == "single_person":
                kwargs["discounts"] = (Discount(DiscountReason.SINGLE_PERSON, start),)
            elif state == "all_disregarded":
                kwargs["discounts"] = (Discount(DiscountReason.ALL_DISREGARDED, start, None,
                                                ("carer", "smi")[: len(persons)] if len(persons) == 2 else ("smi",)),)
            if self.chance(s.rates["disabled_reduction"]):
                kwargs["disabled_reductions"] = (DisabledReduction(start),)
                self.count("disabled band reduction")
            if self.chance(s.rates["ctr"]):
                percent = Decimal(s.ctr_percent.draw(rng))
                kwargs["reductions"] = (Reduction(ReductionKind.COUNCIL_TAX_REDUCTION, start, percent=percent),)
                self.count("council tax reduction")
        elif state == "student_exempt":
            september = D(rng.choice((self.year.start_year - 2, self.year.start_year - 1)), 9, rng.randrange(1, 25))
            start = max(september, earliest)
            persons = self.household(2)
            kwargs["exemptions"] = (Exemption("N", start),)
        elif state == "deceased_exempt":
            start = self.day_between(self.year.start - dt.timedelta(days=500), self.s.annual_billing)
            persons = (self.person(f"Executors of the late {self.names.person(rng)}"),)
            grant = self.day_between(start, s.as_at) if rng.random() < 0.5 else None
            kwargs["exemptions"] = (Exemption("F", start, None, grant),)
            basis = LiabilityBasis.OWNER
            correspondence = self.elsewhere()
        elif state == "care_home_exempt":
            persons = self.household(1)
            kwargs["exemptions"] = (Exemption("E", max(start, self.year.start - dt.timedelta(days=rng.randrange(30, 700)))),)
            basis = LiabilityBasis.OWNER
            correspondence = self.elsewhere()
        else:  # empty homes and second homes: the owner pays
            persons = (self.person(self.names.company(rng)),) if rng.random() < 0.35 else self.household(1)
            basis = LiabilityBasis.OWNER
            correspondence = self.elsewhere()
            if state == "empty_short":
                start = max(earliest, self.day_between(self.year.start - dt.timedelta(days=300), s.annual_billing))
                kwargs["empty_periods"] = (EmptyPeriod(start),)
            elif state == "empty_long":
                start = max(earliest, s.annual_billing - dt.timedelta(days=rng.randrange(400, 4400)))
                kwargs["empty_periods"] = (EmptyPeriod(start),)
            else:
                kwargs["empty_periods"] = (EmptyPeriod(start, furnished=True),)
        liability = Liability("", prop.reference, tuple(p.reference for p in persons), start, None, basis, **kwargs)
        story = self.story(prop, persons, liability, s.annual_billing, correspondence)
        stories = [story]
        # a move needs time to have happened and been told to us by the demo's day
        movable = state in ("occupied", "single_person") and s.as_at - self.year.start > dt.timedelta(days=40)
        if movable and self.chance(s.rates["moved_this_year"]):
            self.count("change of occupier")
            stories.append(self.move(story, prop))
        if not story.end:
            self.legacy(story)
        return stories

    def story(self, prop: Property, persons: tuple[Person, ...], liability: Liability, notice: dt.date,
              correspondence: Address | None) -> _Story:
        rng, s = self.rng, self.s
        reference = self.new_reference()
        story = _Story(reference, prop, persons, attrs.evolve(liability, reference=reference), notice,
                       correspondence=correspondence)
        if self.chance(s.payment["direct_debit"]):
            story.method = PaymentMethod.DIRECT_DEBIT
            story.day = rng.choice((1, 1, 1, 5, 10, 15, 20, 25, 28))
            story.behaviour = "direct_debit"
            story.dd_unpaid = self.chance(s.payment["dd_unpaid"])
            self.count("Direct Debit")
        else:
            story.behaviour = s.cash_behaviour.draw(rng)
            story.channel = s.channels.draw(rng)
            story.stop_after = rng.randrange(1, 4)
            self.count(f"cash payer: {story.behaviour}")
        if self.chance(s.payment["twelve_instalments"]):
            story.plan = Plan.TWELVE
        return story

    def move(self, old: _Story, prop: Property) -> _Story:
        """The occupier moved out this year; a new household moved in on day ``moved``."""
        s = self.s
        moved = self.day_between(self.year.start + dt.timedelta(days=10), s.as_at - dt.timedelta(days=25))
        old.end = moved - dt.timedelta(days=1)
        old.end_notice = min(moved + dt.timedelta(days=self.rng.randrange(3, 21)), s.as_at)
        old.correspondence = self.elsewhere()
        old.refund = self.chance(s.events["refund_on_move"])
        # facts of the old liability must start inside it
        old.liability = attrs.evolve(old.liability, start=min(old.liability.start, old.end))
        single = self.rng.random() < 0.35
        persons = self.household(1 if single else (2 if self.chance(s.rates["joint_liability"]) else 1))
        kwargs = {"discounts": (Discount(DiscountReason.SINGLE_PERSON, moved),)} if single else {}
        liability = Liability("", prop.reference, tuple(p.reference for p in persons), moved, **kwargs)
        return self.story(prop, persons, liability, old.end_notice, None)

    def legacy(self, story: _Story) -> None:
        s, rng = self.s, self.rng
        for years_back, key in ((1, "share_last_year"), (2, "share_year_before")):
            year = FinancialYear(self.year.start_year - years_back)
            if story.liability.start < year.start and self.chance(s.legacy[key]):
                cents = rng.randrange(int(s.legacy_least * 100), int(s.legacy_most * 100) + 1)
                story.legacy.append((year, Decimal(cents) / 100))
                self.count(f"arrears brought forward {year}")
        story.legacy.sort(key=lambda item: item[0].start_year)
        story.write_off = bool(story.legacy) and self.chance(s.events["write_off_small"])
        for year, amount in story.legacy:
            self.migrated_history(story, year, amount)
        if story.may_fall_behind:
            story.debtor = self.debtor()

    def debtor(self) -> DebtorMeans:
        if self.chance(self.s.debtor["employed"]):
            net = Decimal(self.rng.randrange(110000, 260000)) / 100
            return DebtorMeans(employment=Employment(self.names.company(self.rng), "monthly", net))
        return DebtorMeans(on_benefits=self.chance(self.s.debtor["on_benefits"]))

    def migrated_history(self, story: _Story, year: FinancialYear, amount: Decimal) -> None:
        """The recovery stage the legacy system had reached for a year, brought forward with it."""
        reached = self.s.legacy_stages.draw(self.rng)
        order = ["reminder", "final_notice", "summons", "liability_order"]
        steps = order[: order.index(reached) + 1] if reached in order else order
        first = D(year.start_year, 6, 1) + dt.timedelta(days=self.rng.randrange(0, 60))
        events = []
        # what each step ran to: a notice's pay-by day, a summons' hearing
        runs = {"reminder": 6, "final_notice": 6, "summons": 28}
        for number, stage in enumerate(steps):
            day = first + dt.timedelta(days=35 * number)
            until = day + dt.timedelta(days=runs[stage]) if stage in runs else None
            events.append(StageEvent(stage, day, f"legacy/{story.reference}/{year.label}/{stage}", amount, until))
        if "summons" in steps:
            story.legacy_costs.append((year, Decimal("70.00")))
        remedy_day = first + dt.timedelta(days=35 * len(steps))
        if reached in ("attachment_of_earnings", "benefit_deductions", "enforcement_agent"):
            events.append(StageEvent(reached, remedy_day, f"legacy/{story.reference}/{year.label}/{reached}", amount))
        elif reached == "enforcement_agent_failed":
            events.append(StageEvent("enforcement_agent", remedy_day, f"legacy/{story.reference}/{year.label}/ea", amount))
            events.append(StageEvent("enforcement_agent", remedy_day + dt.timedelta(days=90),
                                     f"legacy/{story.reference}/{year.label}/ea/returned", outcome="failed"))
        story.history[year] = events
        self.count(f"arrears brought forward at stage {reached}")

    # --- playing a story through billing and the ledger ---------------------------------------

    def play(self, story: _Story) -> CtaxAccount:
        s = self.s
        account = CtaxAccount(story.reference, story.prop.reference, story.persons, story.liability,
                              Ledger(story.reference), story.correspondence, preference=self.preference(story),
                              instalment_day=story.day, payment_method=story.method,
                              direct_debit=self.direct_debit(story))
        ledger = account.ledger
        for year, amount in story.legacy:
            ledger = ledger.charge(year, amount, effective=s.go_live, posted=s.go_live, officer="migration",
                                   reason=f"balance brought forward from the legacy system for {year}")
        for year, amount in story.legacy_costs:
            ledger = ledger.add_costs(year, amount, effective=s.go_live, posted=s.go_live, officer="migration",
                                      reason=f"summons costs brought forward from the legacy system for {year}")
        account = attrs.evolve(account, ledger=ledger)
        account = bill_year(account, story.prop, self.tariff, self.year, story.first_notice, self.rules, officer="billing")
        # the bill goes with the Direct Debit advance notice of its collections, as billing a
        # payer does live: without it the daily run would hold every collection for want of notice
        account = notify_changes(account, story.first_notice)
        events = self.payments(story, account, before=story.end_notice)
        if story.write_off:
            events.append((self.day_between(s.go_live + dt.timedelta(days=30), s.as_at), 4, "write_off", None))
        if story.may_fall_behind:
            events += [(day, 6, "recovery", story) for day in self.run_days if day > story.first_notice]
        events.sort(key=lambda e: (e[0], e[1]))
        if story.end is not None:
            early = [e for e in events if e[0] <= story.end_notice]
            account = self.apply(account, early)
            ended = attrs.evolve(account, liability=account.liability.ended(story.end))
            account = bill_year(ended, story.prop, self.tariff, self.year, story.end_notice, self.rules,
                                officer="billing")
            account = attrs.evolve(account, ledger=account.ledger.close(story.end))
            if account.direct_debit is not None:  # the council cancels the mandate; the 0C goes to Bacs
                mandate = cancel_mandate(account.direct_debit.mandate, story.end_notice, "payer moved away")
                mandate = mark_lodged(AuddisInstruction(mandate, AuddisCode.CANCEL), story.end_notice)
                account = attrs.evolve(account, direct_debit=attrs.evolve(account.direct_debit, mandate=mandate))
            later = [e for e in events if e[0] > story.end_notice]
            later += self.payments(story, account, after=story.end_notice)
            if story.refund:
                later.append((min(story.end_notice + dt.timedelta(days=self.rng.randrange(10, 31)), s.as_at),
                              5, "refund", None))
            later.sort(key=lambda e: (e[0], e[1]))
            account = self.apply(account, later)
        else:
            account = self.apply(account, events)
        self.entries += len(account.ledger.entries)
        return account

    def preference(self, story: _Story) -> InstalmentPreference:
        if story.plan is not Plan.TWELVE:
            return InstalmentPreference()
        asked = min(story.first_notice, max(story.liability.start, story.first_notice - dt.timedelta(days=60)))
        return InstalmentPreference().choose(12, asked, "billing", "the payer asked for 12 instalments (reg. 21(1A))")

    def direct_debit(self, story: _Story) -> DirectDebit | None:
        """A mandate signed when they moved in (or before the bill), lodged with AUDDIS three days later."""
        if story.method is not PaymentMethod.DIRECT_DEBIT:
            return None
        rng = self.rng
        signed = min(story.liability.start + dt.timedelta(days=rng.randrange(3, 40)),
                     story.first_notice - dt.timedelta(days=1))
        payer = BankAccount(f"{rng.randrange(10**5, 10**6):06d}"[:6], f"{rng.randrange(10**7, 10**8)}",
                            story.persons[0].name)
        mandate = mark_lodged(AuddisInstruction(new_mandate(story.reference, story.reference, payer, signed),
                                                AuddisCode.NEW), signed + dt.timedelta(days=3))
        return DirectDebit(attrs.evolve(mandate, collected=True), signed + dt.timedelta(days=14))

    def recovery_file(self, story: _Story) -> RecoveryFile:
        """The account's recovery file as the live service keeps it: the steps taken, and the
        debtor's means as the council learnt them when the liability began."""
        means = None
        if story.debtor != DebtorMeans():
            means = Means(story.liability.start, story.debtor.employment, story.debtor.on_benefits,
                          story.debtor.owns_property, "demo council: recorded at the start of the liability")
        history = [YearEvent(year.label, event) for year in sorted(story.history, key=lambda y: y.start_year)
                   for event in story.history[year]]
        return RecoveryFile(story.reference, history, means=means)

    def record(self, story: _Story) -> RecoveryFile | None:
        """The recovery file the store keeps for the account (None if recovery never touched it)."""
        return self.recovery_file(story) if story.history or story.debtor != DebtorMeans() else None

    def payments(self, story: _Story, account: CtaxAccount, *, before: dt.date | None = None,
                 after: dt.date | None = None) -> list[tuple]:
        """Payment events (posted day, order, kind, details) for the instalments of the latest bill."""
        s, rng = self.s, self.rng
        bill = account.last_bill(self.year.start_year)
        if bill is None or story.behaviour == "none":
            return []
        due = [i for i in bill.schedule.instalments
               if i.due <= s.as_at and (before is None or i.due < before) and (after is None or i.due >= after)]
        # the mandate is cancelled when they move out: the final bill is paid by bank transfer
        by_dd = story.method is PaymentMethod.DIRECT_DEBIT and after is None
        behaviour = "on_time" if story.method is PaymentMethod.DIRECT_DEBIT else story.behaviour
        channel = story.channel if story.method is PaymentMethod.CASH else "bank"
        events = []
        for number, instalment in enumerate(due, 1):
            if behaviour == "stopped" and number > story.stop_after:
                break
            if by_dd:
                collected = instalment.due if is_working_day(instalment.due, self.country) else \
                    next_working_day(instalment.due, self.country)
                if collected > s.as_at:
                    continue
                key = f"dd:{story.reference}:{instalment.due.isoformat()}"
                events.append((collected, 2, "dd", (instalment.amount, key)))
                if story.dd_unpaid and number == len(due) - 1 and number > 1:
                    returned = add_working_days(collected, 3, self.country)
                    if returned <= s.as_at:
                        events.append((returned, 3, "unpaid", key))
                        self.count("Direct Debit returned unpaid")
                        made_good = next_working_day(returned + dt.timedelta(days=rng.randrange(4, 12)), self.country)
                        if rng.random() < 0.7 and made_good <= s.as_at:  # most pay the missed one by card
                            line = self.file_line("online", made_good)
                            events.append((made_good, 2, "cash", (instalment.amount, made_good,
                                                                  f"online-{made_good.isoformat()}.csv line {line}")))
                continue
            # late payers mostly pay within days of the reminder; a few leave it weeks
            lateness = (rng.randrange(3, 13) if rng.random() < 0.9 else rng.randrange(13, 43)) \
                if behaviour == "late" else -rng.randrange(0, 6)
            paid = max(instalment.due + dt.timedelta(days=lateness), (after or story.first_notice) + dt.timedelta(days=1))
            posted = next_working_day(paid, self.country)
            if posted > s.as_at:
                continue
            line = self.file_line(channel, posted)
            events.append((posted, 2, "cash", (instalment.amount, paid, f"{channel}-{posted.isoformat()}.csv line {line}")))
        return events

    def apply(self, account: CtaxAccount, events: list[tuple]) -> CtaxAccount:
        ledger = account.ledger
        policy = self.ledger.policy
        # a queue, so a recovery run can add what follows from it (an employer's deductions)
        queue = [(posted, order, n, kind, details) for n, (posted, order, kind, details) in enumerate(events)]
        heapq.heapify(queue)
        self.queue = queue
        while queue:
            posted, _, _, kind, details = heapq.heappop(queue)
            if kind == "dd":
                amount, key = details
                # a collection is for the instalment of this year's bill, whatever else is owed
                ledger = ledger.pay(amount, effective=posted, posted=posted, policy=policy, source=key,
                                    direction=Direction(self.year, note="Direct Debit instalment"),
                                    reason=f"Direct Debit collection, code 17, mandate {account.reference}")
            elif kind == "cash":
                amount, paid, source = details
                ledger = ledger.pay(amount, effective=paid, posted=posted, policy=policy, source=source,
                                    reason=f"payment ({source})")
            elif kind == "unpaid":
                payment = ledger.entry_for_source(details)
                ledger = ledger.reverse(payment.id, effective=posted, posted=posted, source=f"{details}:unpaid",
                                        reason="Direct Debit unpaid, ARUDD reason 0 refer to payer")
            elif kind == "write_off":
                ledger = self.write_off(ledger, posted)
            elif kind == "refund":
                ledger = self.refund(ledger, posted)
            elif kind == "recovery":
                if account.ledger is not ledger:
                    account = attrs.evolve(account, ledger=ledger)
                account = self.recover(account, details, posted)
                ledger = account.ledger
            elif kind == "deduction":
                ledger = self.deduction(ledger, posted, *details)
        return account if account.ledger is ledger else attrs.evolve(account, ledger=ledger)

    def recover(self, account: CtaxAccount, story: _Story, day: dt.date) -> CtaxAccount:
        """The weekly recovery run on one account: the engine's actions issued as the council would."""
        if story.schedules is None or story.schedules[0] is not account.bills:  # built again only after a new bill
            story.schedules = (account.bills, COUNCIL_TAX.schedules(account))
        schedules = story.schedules[1]
        if not story.history and not has_overdue(account, schedules, day):
            return account  # the quick test first: nothing done yet and nothing overdue
        if self.waiting_on_remedies(account, story, schedules, day):
            return account
        context = self.contexts.get(day)
        if context is None:
            context = self.contexts[day] = RunContext.build(day, self.recovery_rules, self.hearings)
        # the live run's own steps: the same position, the same issuing (costs to the ledger)
        file = self.recovery_file(story)
        account, after, _ = run_on_account(account, file, context, schedules)
        for item in after.history[len(file.history):]:
            year, event = FinancialYear.parse(item.year), item.event
            story.history.setdefault(year, []).append(event)
            self.count(f"recovery: {event.stage}")
            if event.stage == "attachment_of_earnings" and story.end is None and story.debtor.employment:
                self.deductions(year, event, story.debtor.employment)
        return account

    def deductions(self, year: FinancialYear, order: StageEvent, employment: Employment) -> None:
        """The employer deducts on each monthly pay day from about five weeks after the order and
        pays it over within a week (queued up to the demo's day)."""
        pay_day = order.day + dt.timedelta(days=35)
        number = 0
        while True:
            pay_day = next_working_day(pay_day.replace(day=min(pay_day.day, 28)), self.country)
            posted = add_working_days(pay_day, 5, self.country)
            if posted > self.s.as_at:
                return
            number += 1
            heapq.heappush(self.queue, (posted, 2, -number, "deduction", (year, order.key, employment, pay_day)))
            month = pay_day.month % 12 + 1
            pay_day = pay_day.replace(year=pay_day.year + (month == 1), month=month, day=28)

    def deduction(self, ledger: Ledger, posted: dt.date, year: FinancialYear, order_key: str, employment: Employment,
                  pay_day: dt.date) -> Ledger:
        owed = ledger.balance_of(year)
        if owed <= 0:
            return ledger
        deduction = aeo_deduction(self.recovery_rules.aeo, employment.frequency, employment.net_earnings, pay_day)
        amount = min(deduction.amount, owed)
        if amount <= 0:
            return ledger
        self.count("attachment of earnings deduction")
        return ledger.pay(amount, effective=pay_day, posted=posted, policy=self.ledger.policy,
                          direction=Direction(year, note="attachment of earnings order"),
                          source=f"aeo:{order_key}:{pay_day.isoformat()}",
                          reason=f"attachment of earnings: {employment.employer}, pay day {pay_day.isoformat()} "
                                 f"({deduction.explanation})")

    def waiting_on_remedies(self, account: CtaxAccount, story: _Story, schedules: dict, day: dt.date) -> bool:
        """Every year recovery has touched has a live remedy and still owes, and no other year is
        overdue: with no holds in the demo, a run would change nothing (a speed-up, not a rule)."""
        for year, events in story.history.items():
            last = events[-1] if events else None
            if last is None or last.stage not in REMEDY_KINDS or last.outcome or account.ledger.balance_of(year) <= 0:
                return False
        others = {year: schedule for year, schedule in schedules.items() if year not in story.history}
        return not has_overdue(account, others, day)

    def approval_id(self, kind: str) -> str:
        self.approval_serial += 1
        return f"{kind}{self.approval_serial:06d}"

    def approve(self, request, on: dt.date):
        if request.needs_second_officer:
            request = decide(request, self.rng.choice(self.s.approvers), on, approve=True)
        return request

    def write_off(self, ledger: Ledger, on: dt.date) -> Ledger:
        oldest = min((y for y, c in ledger.balances() if c is Category.CHARGE), key=lambda y: y.start_year)
        owed = ledger.balance_of(oldest, Category.CHARGE)
        if owed <= 0 or oldest == self.year:
            return ledger
        amount = owed if owed <= Decimal("250.00") else (owed / 4).quantize(PENNY)
        reason, code = self.rng.choice((("debtor deceased, no estate", "deceased_no_estate"),
                                        ("gone away, no trace after tracing", "absconded_untraced"),
                                        ("uneconomical to pursue", "uneconomic"),
                                        ("statute barred after six years", "statute_barred")))
        request = request_write_off(self.approval_id("W"), ledger.account, oldest, amount, reason,
                                    self.rng.choice(self.s.staff), on, self.ledger.limits)
        self.count("write-off")
        approved = self.approve(request, on)
        rule = write_off_categories()[code]
        return self.keep(approved, ledger.write_off(approved, effective=on, posted=on),
                         WriteOffCategory(rule.code, rule.label))

    def refund(self, ledger: Ledger, on: dt.date) -> Ledger:
        request = ledger.refund_request(self.approval_id("R"), on, self.rng.choice(self.s.staff), self.ledger.limits)
        if request is None:
            return ledger
        self.count("refund")
        approved = self.approve(request, on)
        return self.keep(approved, ledger.refund(approved, effective=on, posted=on))

    def keep(self, request, ledger: Ledger, category: WriteOffCategory | None = None) -> Ledger:
        """Keep the decided request with the entry it posted (the approvals queue's history); the
        demo's refunds were paid before payees were recorded."""
        self.requests.append(RequestRecord(request, ledger.last.id, write_off_category=category))
        return ledger

    # --- suspense -----------------------------------------------------------------------------

    def suspense(self, count: int) -> list[SuspenseEntry]:
        s, rng = self.s, self.rng
        items = []
        for n in range(count):
            channel = s.channels.draw(rng)
            received = next_working_day(self.day_between(s.go_live, s.as_at - dt.timedelta(days=1)), self.country)
            if received > s.as_at:
                continue
            line = self.file_line(channel, received)
            source = f"{channel}-{received.isoformat()}.csv line {line}"
            given = rng.choice((f"{rng.randrange(10**6, 10**7)}", f"C{rng.randrange(10**7, 10**8)}", "COUNCIL TAX", ""))
            reason = "reference not valid" if not given.startswith("C") else f"no account {given}"
            amount = Decimal(rng.randrange(1000, 40000)) / 100
            line = PaymentLine(line, given, amount, received, channel=channel)
            items.append(SuspenseEntry(f"demo:{source}", source, line, reason, received))
        return items


_SHARED: _Shared | None = None
_SCHEMAS: dict[str, tuple[type, int]] = {}


def _start_worker(settings: DemoSettings, seed: int, schemas: dict[str, tuple[type, int]]) -> None:
    global _SHARED, _SCHEMAS
    _SHARED, _SCHEMAS = _Shared(settings, seed), schemas


def _build_part(task: tuple[int, int, range]) -> dict:
    """One part of the district, as the documents to store and what was made."""
    part, parts, dwellings = task
    assert _SHARED is not None
    builder = _Builder(_SHARED, part, parts)
    properties, played, listed, recovered = [], [], [], []
    with collector_spared() as spare:  # the shared settings and what the part keeps
        for n in dwellings:
            prop, stories, listing = builder.dwelling(n)
            properties.append(prop)
            played += [builder.play(story) for story in stories]
            recovered += [r for r in map(builder.record, stories) if r is not None]
            listed += listing
            if n % 500 == 0:
                spare()
    return {
        "properties": documents(_SCHEMAS["properties"], properties),
        "accounts": documents(_SCHEMAS["accounts"], played),
        "valuation_list": documents(_SCHEMAS["valuation_list"], listed),
        "recovery": documents(_SCHEMAS["recovery"], recovered),
        "requests": documents(_SCHEMAS["requests"], builder.requests),
        "counts": builder.counts,
        "entries": builder.entries,
        "dwellings": dwellings,
    }


def build_demo(
    path: str | Path,
    *,
    size: int | None = None,
    seed: int | None = None,
    settings: DemoSettings | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildSummary:
    """Build the demo council in a new store at ``path`` (a demo store already there is replaced).

    Parts of 1,000 dwellings are built by ``workers`` processes (default: one per CPU, at most
    two) and written in order; the council is the same whatever the number of workers.
    A store at ``path`` that is not a training store (a live council's data) is never touched:
    :class:`DemoError` is raised instead.
    """
    started = time.perf_counter()
    demo_councils_beside(path)
    settings = settings or load_settings()
    size = settings.size if size is None else size
    seed = settings.seed if seed is None else seed
    if size < 1:
        raise DemoError(f"a demo council needs at least one dwelling, not {size}")
    path = Path(path)
    _clear_old_demo(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = [range(first, min(first + _CHUNK, size + 1)) for first in range(1, size + 1, _CHUNK)]
    tasks = [(index, len(parts), dwellings) for index, dwellings in enumerate(parts)]
    workers = min(workers or min(2, os.cpu_count() or 1), len(parts))
    load = BulkLoad(path, user="demo")
    pool = None
    try:
        load.start(f"demo council built (seed {seed}, {size} dwellings)", settings.council,
                   {"name": DEMO_SETTINGS_ID, "as_at": settings.as_at.isoformat(), "seed": seed, "size": size},
                   settings.as_at)
        _start_worker(settings, seed, load.schemas)  # forked workers inherit it, built once
        if workers > 1:
            pool = multiprocessing.get_context("fork").Pool(workers)
            built = pool.imap(_build_part, tasks)
        else:
            built = map(_build_part, tasks)
        accounts, entries, counts = 0, 0, {}
        with collector_spared() as spare:
            for result in built:
                dwellings = result["dwellings"]
                load.load(f"demo council: dwellings {dwellings.start} to {dwellings.stop - 1}",
                          {name: result[name] for name in ("properties", "accounts", "valuation_list", "recovery",
                                                           "requests")})
                accounts += len(result["accounts"])
                entries += result["entries"]
                for name, count in result["counts"].items():
                    counts[name] = counts.get(name, 0) + count
                spare()
                if progress:
                    progress(dwellings.stop - 1, size)
        assert _SHARED is not None
        last = _Builder(_SHARED, len(parts), len(parts) + 1)
        suspense = last.suspense(max(1, size * settings.events["suspense_lines"] // 1000))
        load.load("demo council: unmatched payment lines", {"suspense": documents(load.schemas["suspense"], suspense)})
        businesses = build_businesses(settings.annual_billing, settings.as_at)
        load.add("demo council: business rates accounts, sundry debts and HB overpayments", businesses)
        # a few hundred more from a rating list file, imported, opened and billed through the services
        _, opened, _ = load_rates(load.session(settings.annual_billing, "demo"), hand_listed_rates(),
                                  seed, FinancialYear.containing(settings.as_at), settings.as_at)
        counts.update({"business rates accounts": len(businesses["rates"]) + len(opened),
                       "sundry debts": len(businesses["sundry"]), "HB overpayments": len(businesses["hb"])})
        for name, count in _debts(load, _SHARED, settings, size, seed, accounts).items():
            counts[name] = counts.get(name, 0) + count
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        load.close()
    return BuildSummary(str(path), seed, size, accounts, entries, settings.as_at, time.perf_counter() - started,
                        counts)


def _debts(load: BulkLoad, shared: _Shared, settings: DemoSettings, size: int, seed: int,
           accounts: int) -> dict[str, int]:
    """Sundry invoices and HB overpayments in volume (:mod:`revtui.demo.debts`), many owed by the
    council tax payers, some of those linked to their council tax accounts as one person's."""
    from revtui.demo.debts import build_debts
    from revtui.services.persons import load_links, residents

    living = residents(load.store, every=max(1, accounts // 800))
    debts = build_debts(living, shared.names, shared.street_names, size=size, seed=seed,
                        first=settings.as_at - dt.timedelta(days=365), as_at=settings.as_at)
    load.add("demo council: sundry invoices and HB overpayments", {"sundry": debts.sundry, "hb": debts.hb})
    linked = load_links(load.store, debts.links, officer="demo", on=settings.as_at)
    return {"sundry debts": len(debts.sundry), "HB overpayments": len(debts.hb), "persons linked": len(linked)}


def _clear_old_demo(path: Path) -> None:
    if not path.exists():
        return
    if not is_training_store(path):
        raise DemoError(f"{path} holds a council's live data (it has no training clock): the demo will not replace it")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
