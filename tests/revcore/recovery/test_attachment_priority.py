"""Several attachments at one employer: priority, the residue, the protected earnings and the split
of one remittance, worked by hand. Tables: SI 1992/613 Sch 4 as substituted by SI 2006/3395
(council tax); SI 2013/384 Sch 2 as held in refdata/tables/hb/dea.toml (UNVERIFIED there)."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.hb import load_dea_schedules
from refdata.recovery import load_aeo_tables
from revcore.recovery import (AttachmentError, AttachmentKind, CoveredDebt, OrderInForce, check_aeo_limit, in_priority,
                             pay_day_deductions, share_remittance, split_across_debts)

D = dt.date
AEO, DEA = AttachmentKind.COUNCIL_TAX_AEO, AttachmentKind.HB_DEA
PAY_DAY = D(2026, 12, 18)


def deductions(orders, frequency, net):
    return pay_day_deductions(orders, frequency, Decimal(net), PAY_DAY, load_aeo_tables(), load_dea_schedules())


def test_a_dea_made_first_still_comes_after_a_council_tax_order_and_later_aeos_take_from_the_residue():
    """Weekly net £400.00. The DEA (made in March) is dealt with after both council tax orders, a
    priority order (SI 2013/384 reg 29); the council tax orders by the date made (reg 42(1)(a)).
    AEO 1 (Table A): £400 exceeds £355, not £505: 17% = £68.00. AEO 2 on the residue £332.00
    (reg 42(1)(b)): exceeds £225, not £355: 12% = £39.84. DEA Table A on the residue £292.16:
    exceeds £270, not £375: 11% = £32.13 (32.1376 rounded down); total £139.97 is within 40% of £400
    (£160.00)."""
    orders = [OrderInForce("DEA-1", DEA, D(2026, 3, 1), Decimal("5000")),
              OrderInForce("AEO-2", AEO, D(2026, 9, 1), Decimal("5000")),
              OrderInForce("AEO-1", AEO, D(2026, 6, 1), Decimal("5000"))]
    assert [o.number for o in in_priority(orders)] == ["AEO-1", "AEO-2", "DEA-1"]
    found = deductions(orders, "weekly", "400.00")
    assert [(d.order.number, d.earnings, d.amount) for d in found] == [
        ("AEO-1", Decimal("400.00"), Decimal("68.00")),
        ("AEO-2", Decimal("332.00"), Decimal("39.84")),
        ("DEA-1", Decimal("292.16"), Decimal("32.13"))]


def test_the_dea_leaves_sixty_percent_and_no_order_takes_more_than_it_secures():
    """Monthly net £4,000.00. AEO: 17% of £2,020 = £343.40 plus 50% of £1,980 = £990.00: £1,333.40,
    but it secures only £1,000.00, so £1,000.00. DEA (higher Table D after a conviction) on the residue
    £3,000.00: the top band, 40% = £1,200.00; all deductions may take 40% of £4,000.00 = £1,600.00
    (60% protected, reg 17), so the DEA takes £600.00."""
    found = deductions([OrderInForce("AEO-1", AEO, D(2026, 6, 1), Decimal("1000.00")),
                        OrderInForce("DEA-1", DEA, D(2026, 7, 1), Decimal("5000"), higher=True)], "monthly", "4000.00")
    assert [d.amount for d in found] == [Decimal("1000.00"), Decimal("600.00")]
    assert "limited to the £1,000.00 still owed" in found[0].explanation
    assert "limited to £600.00 so that 60% of £4,000.00 is left" in found[1].explanation


def test_one_remittance_is_shared_in_priority_order_and_within_an_order_the_oldest_debt_first():
    """The employer sends £50.00 where the orders take £68.00 and £39.84: the first order takes all
    £50.00 (it comes first), the second nothing. The first order covers 2025/26 on C1 (liability order
    of May 2025, £30.00 owed) and 2026/27 on C2 (October 2026): £30.00 then £20.00."""
    orders = [OrderInForce("AEO-1", AEO, D(2026, 6, 1), Decimal("5000")),
              OrderInForce("AEO-2", AEO, D(2026, 9, 1), Decimal("5000"))]
    shares = share_remittance(Decimal("50.00"), deductions(orders, "weekly", "400.00"))
    assert [(o.number, amount) for o, amount in shares] == [("AEO-1", Decimal("50.00"))]
    debts = [CoveredDebt("C2", "2026/27", D(2026, 10, 20), Decimal("900.00")),
             CoveredDebt("C1", "2025/26", D(2025, 5, 12), Decimal("30.00"))]
    assert [(d.account, a) for d, a in split_across_debts(Decimal("50.00"), debts)] == [
        ("C1", Decimal("30.00")), ("C2", Decimal("20.00"))]


def test_more_than_the_orders_take_is_refused_and_the_two_order_limit_holds():
    orders = [OrderInForce("AEO-1", AEO, D(2026, 6, 1), Decimal("5000"))]
    with pytest.raises(AttachmentError, match="£68.01 is more than the £68.00 the orders take"):
        share_remittance(Decimal("68.01"), deductions(orders, "weekly", "400.00"))
    with pytest.raises(AttachmentError, match="more than the debts"):
        split_across_debts(Decimal("31.00"), [CoveredDebt("C1", "2025/26", D(2025, 5, 12), Decimal("30.00"))])
    check_aeo_limit(1)  # a second order may be made (reg 37(4))
    with pytest.raises(AttachmentError, match=r"reg 37\(4\)"):
        check_aeo_limit(2)
    with pytest.raises(AttachmentError, match="DEA tables are weekly or monthly"):
        deductions([OrderInForce("DEA-1", DEA, D(2026, 7, 1), Decimal("10"))], "daily", "50.00")
