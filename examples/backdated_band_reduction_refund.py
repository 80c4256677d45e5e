"""A backdated band reduction with a refund (Demo District, invented figures).

Mr Omar Haddad has lived at 7 Church Street, Ashby Parva since 2020. The dwelling was in band E.
He challenged the band, and on 12 October 2026 the Valuation Office tells the council that the
list has been altered to band D from 1 April 2024. Every year since is billed again; the
over-payments become a credit, and he asks for it back. The refund is above one officer's limit,
so a second officer must authorise it.

Run it: ``python examples/backdated_band_reduction_refund.py`` from the repository root.
"""

from __future__ import annotations

import attrs

from _common import LIMITS, POLICY, D, Person, account, bill, dwelling, heading, money, say
from revcore.approvals import ApprovalError, decide
from revcore.ctax import BandChange, recalculate
from revcore.periods import FinancialYear

YEARS = (FinancialYear(2024), FinancialYear(2025), FinancialYear(2026))


def main() -> None:
    home = dwelling(7, "7 Church Street", "Ashby Parva", "DM7 1CS", "ASH", "E")
    omar = Person("PER0000031", "Omar Haddad")

    heading("1. Three years billed in band E, all paid")
    omar_account = account(31, home, (omar,), D(2020, 8, 3))
    for year in YEARS:
        omar_account = bill(omar_account, home, year, D(year.start_year, 3, 10))
        paid_on = D(year.start_year, 4, 20) if year != YEARS[-1] else D(2026, 9, 30)
        charged = omar_account.last_bill(year.start_year).explanation.total
        amount = charged if year != YEARS[-1] else (charged * 6 / 10).quantize(charged)
        omar_account = attrs.evolve(omar_account, ledger=omar_account.ledger.pay(
            amount, effective=paid_on, posted=paid_on, policy=POLICY, source=f"bank-{paid_on}.csv line 1",
            reason="payment by bank transfer"))
        say(f"{year}: band E charge {money(charged)}; paid {money(amount)}.")
    say(f"Balance before the alteration: {money(omar_account.ledger.balance)} (the rest of 2026/27 is not yet due).")

    heading("2. The Valuation Office alters the band to D from 1 April 2024")
    say("The council bills from the valuation list; it never works a band out itself. An alteration takes effect "
        "from the day the list says, even years back, and every year it touches is billed again: adjustment "
        "notices, never a rewritten bill.")
    _, home = BandChange("D", D(2024, 4, 1)).apply(omar_account.liability, home)
    for year in YEARS:
        before = omar_account.last_bill(year.start_year)
        omar_account = bill(omar_account, home, year, D(2026, 10, 12))
        after = omar_account.last_bill(year.start_year)
        print(recalculate(before.explanation, after.explanation).render())
        print()
    balance = omar_account.ledger.balance
    for yb in omar_account.ledger.by_year():
        say(f"- {yb.year}: {money(yb.charge)}" + (" (in credit)" if yb.charge < 0 else ""))
    say(f"Overall the account stands at {money(balance)}: "
        + ("a credit." if balance < 0 else "still owing."))

    heading("3. Using the credit, then refunding the rest")
    say("The credits on 2024/25 and 2025/26 are first set against what 2026/27 still owes (a transfer between "
        "years of the same account), and what is left is refunded.")
    ledger = omar_account.ledger
    current = YEARS[-1]
    for year in YEARS[:-1]:
        credit = -ledger.balance_of(year)
        owed = ledger.balance_of(current)
        moved = min(credit, owed)
        if moved > 0:
            ledger = ledger.move_credit(year, current, moved, effective=D(2026, 10, 13), posted=D(2026, 10, 13),
                                        reason="band alteration credit set against 2026/27")
            say(f"- {money(moved)} of the {year} credit moved to {current}.")
    refund = -ledger.balance
    say(f"Left to refund: {money(refund)}.")
    from revcore.approvals import request_refund

    request = request_refund("R000031", ledger.account, refund, "band reduced to D from 1 April 2024 (VOA alteration)",
                             "c.hughes", D(2026, 10, 13), LIMITS)
    say(f"{request.explain()}.")
    try:
        decide(request, "c.hughes", D(2026, 10, 13), approve=True)
    except ApprovalError as refused:
        say(f"c.hughes tries to authorise it too: refused ({refused}).")
    request = decide(request, "r.khan", D(2026, 10, 14), approve=True, note="checked against the VOA schedule")
    ledger = ledger.refund(request, effective=D(2026, 10, 14), posted=D(2026, 10, 14))
    say(f"r.khan authorises it on 14 October; {money(refund)} is paid back to Mr Haddad. The account stands at "
        f"{money(ledger.balance)}: 2026/27 is paid in full by the moved credit, so nothing more is collected this year.")
    print(ledger.last.explain())


if __name__ == "__main__":
    main()
