"""What the training scenarios share: the Demo District, its rules, and ways to show a case.

Every scenario works on invented people in the invented Demo District (its council folder is
revtui/demo/councils/, unless REVTUI_COUNCILS names another) through the same code the application uses: billing
(revtui.services.billing), the ledger (revcore.ledger) and the approvals for refunds.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The scenarios are the Demo District's: its settings are the demo council folder.
os.environ.setdefault("REVTUI_COUNCILS", str(Path(__file__).resolve().parent.parent / "revtui" / "demo" / "councils"))

from refdata.ctax import load_tariff  # noqa: E402
from refdata.instalments import instalment_rules  # noqa: E402
from refdata.ledger import ledger_settings  # noqa: E402
from revcore.council import Country  # noqa: E402
from revcore.ctax import Address, BandEntry, Liability, Person, Property  # noqa: E402
from revcore.instalments import Schedule  # noqa: E402
from revcore.ledger import Ledger  # noqa: E402
from revcore.money import format_money  # noqa: E402
from revcore.periods import FinancialYear  # noqa: E402
from revcore.references import make_reference  # noqa: E402
from revtui.records.ctax import Bill, CtaxAccount, PaymentMethod  # noqa: E402
from revtui.services.billing import bill_year  # noqa: E402

D = dt.date
TARIFF = load_tariff("demo-district")
POLICY = ledger_settings(D(2026, 4, 1)).policy
LIMITS = ledger_settings(D(2026, 4, 1)).limits


def rules(year: FinancialYear):
    return instalment_rules("council_tax", "england", year)


def say(text: str = "") -> None:
    """Print a paragraph, wrapped as a trainer would read it."""
    if not text:
        print()
        return
    for paragraph in text.split("\n"):
        print(textwrap.fill(paragraph, width=100, subsequent_indent="  " if paragraph.startswith("- ") else ""))


def heading(text: str) -> None:
    print()
    print(text)
    print("=" * len(text))


def dwelling(number: int, address: str, town: str, postcode: str, area: str, band: str) -> Property:
    return Property(f"P{number:07d}", str(100090000000 + number), Address((address, town), postcode),
                    Country.ENGLAND, area, (BandEntry(D(1993, 4, 1), band),))


def account(serial: int, prop: Property, people: tuple[Person, ...], start: dt.date, *,
            dd: bool = False, day: int = 1, **facts) -> CtaxAccount:
    reference = make_reference("C", serial)
    liability = Liability(reference, prop.reference, tuple(p.reference for p in people), start, **facts)
    return CtaxAccount(reference, prop.reference, people, liability, Ledger(reference),
                       payment_method=PaymentMethod.DIRECT_DEBIT if dd else PaymentMethod.CASH, instalment_day=day)


def bill(acct: CtaxAccount, prop: Property, year: FinancialYear, issued: dt.date) -> CtaxAccount:
    return bill_year(acct, prop, TARIFF, year, issued, rules(year), officer="billing")


def show_bill(b: Bill, title: str) -> None:
    print(b.explanation.render(title=f"{title} ({b.kind} bill issued {b.issued.isoformat()})"))
    show_schedule(b.schedule)


def show_schedule(schedule: Schedule) -> None:
    amounts = sorted({i.amount for i in schedule.instalments})
    if not schedule.instalments:
        print("  Nothing to pay: no instalments.")
        return
    first, last = schedule.instalments[0], schedule.instalments[-1]
    print(f"  {len(schedule.instalments)} instalments from {first.due.isoformat()} to {last.due.isoformat()}: "
          + ", ".join(format_money(a) for a in amounts))


def pay_instalments(acct: CtaxAccount, year: FinancialYear, until: dt.date) -> CtaxAccount:
    """Pay every instalment of the latest bill due by ``until`` on its due day (Direct Debit or cash)."""
    ledger = acct.ledger
    for instalment in acct.last_bill(year.start_year).schedule.instalments:
        if instalment.due > until:
            break
        source = f"dd:{acct.reference}:{instalment.due.isoformat()}" if acct.payment_method is PaymentMethod.DIRECT_DEBIT \
            else f"online-{instalment.due.isoformat()}.csv line 1"
        if ledger.has_source(source):
            continue
        ledger = ledger.pay(instalment.amount, effective=instalment.due, posted=instalment.due, policy=POLICY,
                            source=source, reason=f"instalment {instalment.number} due {instalment.due.isoformat()}")
    from attrs import evolve

    return evolve(acct, ledger=ledger)


def money(amount: Decimal) -> str:
    return format_money(amount)
