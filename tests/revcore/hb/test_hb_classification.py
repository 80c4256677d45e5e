"""Recoverability (HB Regs 2006 reg 100) and from whom, and the decision record."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.hb import (
    Cause,
    Classification,
    ClassificationError,
    Overpayment,
    Payee,
    calculate_overpayment,
    weekly_amounts,
)
from revcore.periods import DateRange

D = dt.date


def _overpayment(classification, decided=D(2026, 10, 1), notified=D(2026, 10, 2)):
    paid = weekly_amounts("paid", [(D(2026, 4, 6), "90.00")])
    entitled = weekly_amounts("revised", [(D(2026, 4, 6), "40.00")])
    calc = calculate_overpayment(DateRange(D(2026, 4, 6), D(2026, 5, 3)), paid, entitled)  # 4 x 50.00 = 200.00
    return Overpayment("H00000019", "Kerry Walsh", calc, classification, decided, notified)


def test_claimant_error_is_recoverable_from_the_claimant():
    o = _overpayment(Classification(Cause.CLAIMANT_ERROR))
    assert o.classification.recoverable and o.recoverable_amount == Decimal("200.00")
    assert o.classification.recover_from == ("claimant",)
    assert "reg 100(1)" in o.classification.rule and not o.classification.fraud_rates


def test_la_official_error_not_recoverable_unless_the_claimant_could_have_realised():
    blameless = _overpayment(Classification(Cause.LA_OFFICIAL_ERROR, could_have_realised=False))
    assert not blameless.classification.recoverable and blameless.recoverable_amount == 0
    assert blameless.classification.recover_from == ()
    assert "could not reasonably have realised" in blameless.classification.rule
    aware = _overpayment(Classification(Cause.LA_OFFICIAL_ERROR, could_have_realised=True))
    assert aware.classification.recoverable and aware.recoverable_amount == Decimal("200.00")


def test_dwp_official_error_paid_to_a_landlord_is_recovered_from_the_landlord():
    c = Classification(Cause.DWP_HMRC_OFFICIAL_ERROR, Payee.LANDLORD, could_have_realised=True)
    assert c.recoverable and c.recover_from == ("landlord",)


def test_claimant_error_paid_direct_may_be_recovered_from_claimant_or_landlord():
    assert Classification(Cause.CLAIMANT_ERROR, Payee.LANDLORD).recover_from == ("claimant", "landlord")


@pytest.mark.parametrize("cause", [Cause.PAYMENT_ON_ACCOUNT, Cause.TECHNICAL, Cause.FRAUD])
def test_other_causes_are_always_recoverable(cause):
    assert Classification(cause).recoverable


def test_fraud_takes_the_higher_rates_and_a_conviction_the_higher_dea_tables():
    cautioned = Classification(Cause.FRAUD)
    assert cautioned.fraud_rates and not cautioned.dea_higher_tables
    convicted = Classification(Cause.FRAUD, found_guilty=True)
    assert convicted.fraud_rates and convicted.dea_higher_tables
    with pytest.raises(ClassificationError, match="fraud only"):
        Classification(Cause.CLAIMANT_ERROR, found_guilty=True)


def test_official_error_needs_the_could_have_realised_finding():
    with pytest.raises(ClassificationError, match="reasonably have realised"):
        Classification(Cause.LA_OFFICIAL_ERROR)
    with pytest.raises(ClassificationError, match="official error only"):
        Classification(Cause.CLAIMANT_ERROR, could_have_realised=True)


def test_decision_and_notification_dates():
    with pytest.raises(ClassificationError, match="notified 2026-09-30 before it was decided"):
        _overpayment(Classification(Cause.CLAIMANT_ERROR), notified=D(2026, 9, 30))
    # decided 1 October, notified 16 October: 15 days, later than the 14 allowed
    late = _overpayment(Classification(Cause.CLAIMANT_ERROR), notified=D(2026, 10, 16))
    assert late.notified_late(14) and not _overpayment(Classification(Cause.CLAIMANT_ERROR)).notified_late(14)


def test_statute_barred_six_years_after_the_decision():
    o = _overpayment(Classification(Cause.CLAIMANT_ERROR))
    assert o.statute_barred_after(6) == D(2032, 10, 1)
    leap = _overpayment(Classification(Cause.CLAIMANT_ERROR), decided=D(2028, 2, 29), notified=D(2028, 3, 1))
    assert leap.statute_barred_after(6) == D(2034, 2, 28)  # no 29 February in 2034
