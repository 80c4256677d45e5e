"""Properties that hold for any liability in England or Wales: splitting a period moves the total by at most the
one extra rounding (a penny), lines and steps add up exactly, and nothing goes below nil."""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from revcore.council import Country
from revcore.ctax import (
    BandEntry,
    DisabledReduction,
    Discount,
    DiscountReason,
    EmptyPeriod,
    Exemption,
    Liability,
    LiabilityBasis,
    Reduction,
    ReductionKind,
    charge,
)
from revcore.periods import DateRange
from tests.revcore.ctax.builders import dwelling

FIRST, LAST = dt.date(2024, 4, 1), dt.date(2028, 3, 31)
SPAN = (LAST - FIRST).days
ONE = dt.timedelta(days=1)


def day_in(start: dt.date, end: dt.date):
    return st.integers(0, (end - start).days).map(lambda n: start + dt.timedelta(days=n))


@st.composite
def accounts(draw):
    wales = draw(st.booleans())
    letters = "ABCDEFGHI" if wales else "ABCDEFGH"
    start = draw(day_in(FIRST, LAST - dt.timedelta(days=2)))
    end = draw(day_in(start + ONE, LAST))
    band = draw(st.sampled_from(letters))
    bands = [BandEntry(dt.date(1993, 4, 1), band)]
    if draw(st.booleans()):
        bands.append(BandEntry(draw(day_in(FIRST, LAST)), draw(st.sampled_from(letters))))
    areas = ["LLAN", "ABER"] if wales else ["ASH", "BRK", "CDL", "UNP"]
    country = Country.WALES if wales else Country.ENGLAND
    prop = dwelling(area=draw(st.sampled_from(areas)), country=country, bands=tuple(bands))

    def fact_start():
        return draw(day_in(start, end))

    def fact_end(begin):
        return draw(st.none() | day_in(begin, end))

    kwargs = {}
    basis = LiabilityBasis.RESIDENT
    kind = draw(st.sampled_from(["none", "discount", "empty"]))
    if kind == "discount":
        begin = fact_start()
        reason = draw(st.sampled_from(list(DiscountReason)))
        kwargs["discounts"] = (Discount(reason, begin, fact_end(begin), ("student",)),)
    elif kind == "empty":
        basis = LiabilityBasis.OWNER
        begin = fact_start()
        since = begin - dt.timedelta(days=draw(st.integers(0, 5000)))
        kwargs["empty_periods"] = (
            EmptyPeriod(begin, fact_end(begin), since, furnished=draw(st.booleans())),
        )
    if draw(st.booleans()):
        begin = fact_start()
        kwargs["exemptions"] = (Exemption(draw(st.sampled_from("ABCEFGN" if wales else "BEFGN")), begin, fact_end(begin), draw(st.none() | st.just(begin))),)
    if draw(st.booleans()):
        begin = fact_start()
        kwargs["disabled_reductions"] = (DisabledReduction(begin, fact_end(begin)),)
    reductions = []
    for _ in range(draw(st.integers(0, 2))):
        begin = fact_start()
        reduction_kind = draw(st.sampled_from(list(ReductionKind)))
        if draw(st.booleans()):
            reductions.append(Reduction(reduction_kind, begin, fact_end(begin), percent=Decimal(draw(st.integers(0, 100)))))
        else:
            amount = Decimal(draw(st.integers(0, 500000))) / 100
            reductions.append(Reduction(reduction_kind, begin, fact_end(begin), annual_amount=amount))
    kwargs["reductions"] = tuple(reductions)
    return Liability("C1", "P1", ("A",), start, end, basis, **kwargs), prop, "welsh" if wales else "district"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accounts(), st.data())
def test_splitting_a_period_changes_the_total_by_at_most_one_rounding(district, welsh, account, data):
    liability, prop, council = account
    tariff = welsh if council == "welsh" else district
    whole = charge(liability, prop, tariff)
    cut = data.draw(day_in(liability.start + ONE, liability.end))
    before = charge(liability, prop, tariff, DateRange(liability.start, cut - ONE))
    after = charge(liability, prop, tariff, DateRange(cut, liability.end))
    # One line at most is cut in two; each part is rounded to the penny (half up) once, so the
    # sum can differ from the whole by less than 1.5p, i.e. by at most 1p.
    assert abs(before.total + after.total - whole.total) <= Decimal("0.01")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accounts())
def test_lines_sum_to_the_total_and_nothing_goes_below_nil(district, welsh, account):
    liability, prop, council = account
    tariff = welsh if council == "welsh" else district
    explained = charge(liability, prop, tariff)
    assert sum((line.amount for line in explained.lines), Decimal("0.00")) == explained.total
    assert sum(line.days for line in explained.lines) == (liability.end - liability.start).days + 1
    for line in explained.lines:
        assert sum(step.amount for step in line.steps) == line.amount
        assert line.amount >= 0
        assert all(step.annual >= 0 for step in line.steps)
    assert explained.total >= 0
