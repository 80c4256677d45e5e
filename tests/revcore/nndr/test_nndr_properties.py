"""Properties of any rates charge: the figures shown add up to the total exactly, each year's
total is its exact amount rounded once, and relief never takes the total above the unrelieved
gross or below nil."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

from tests.revcore.nndr.builders import ENGLAND, D, hereditament, liability
from revcore.nndr import PartOccupation, RateableValue, Relief, ReliefKind, charge
from revcore.nndr.charge import decimal
from revcore.periods import DateRange

FIRST, LAST = D(2023, 4, 1), D(2028, 3, 31)
days = st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + dt.timedelta(days=n))
rvs = st.integers(0, 800_000)
percents = st.integers(1, 100).map(Decimal)


@st.composite
def cases(draw):
    start, end = sorted((draw(days), draw(days)))
    occupied = draw(st.booleans())
    values = [RateableValue(FIRST, Decimal(draw(rvs)), 2023)]
    for day in sorted(set(draw(st.lists(days, max_size=3)))):
        if day > FIRST:
            values.append(RateableValue(day, Decimal(draw(rvs)), 2023 if day < D(2026, 4, 1) else 2026))
    shop = attrs.evolve(hereditament(rhl=draw(st.booleans()), qualifying_industrial=draw(st.booleans())), values=values)
    kinds = [ReliefKind.DISCRETIONARY, ReliefKind.HARDSHIP]
    if occupied:
        kinds += [ReliefKind.CHARITY, ReliefKind.SMALL_BUSINESS, ReliefKind.RETAIL_HOSPITALITY_LEISURE]
    reliefs = []
    for kind in draw(st.lists(st.sampled_from(kinds), unique=True)):
        first = draw(st.integers(0, (end - start).days))
        length = draw(st.one_of(st.none(), st.integers(0, 500)))
        relief_start = start + dt.timedelta(days=first)
        percent = None if kind.from_data else draw(percents)
        reliefs.append(Relief(kind, relief_start, None if length is None else relief_start + dt.timedelta(days=length), percent))
    certificates = ()
    if occupied and draw(st.booleans()):
        cert_start = start + dt.timedelta(days=draw(st.integers(0, (end - start).days)))
        requested = cert_start + dt.timedelta(days=draw(st.integers(0, 60)))
        occupied_value = Decimal(draw(st.integers(0, int(shop.value_on(requested).value))))
        certificates = (PartOccupation(requested, cert_start, occupied_value, cert_start + dt.timedelta(days=draw(st.integers(0, 400)))),)
    facts = dict(reliefs=reliefs, part_occupations=certificates)
    if not occupied:
        facts["empty_since"] = start - dt.timedelta(days=draw(st.integers(0, 200)))
    return shop, liability(start, end, occupied=occupied, **facts)


@given(cases())
def test_figures_add_up_and_total_never_exceeds_gross(case):
    shop, rates = case
    bill = charge(rates, shop, ENGLAND)
    assert sum((step.amount for line in bill.lines for step in line.steps), Decimal(0)) == bill.total
    assert sum((line.amount for line in bill.lines), Decimal(0)) == bill.total
    assert Decimal(0) <= bill.total <= bill.gross
    # each year's total is its exact amount rounded once
    for year in bill.years():
        exact = sum((line.exact for line in bill.lines if line.year == year), Fraction(0))
        shown = sum((line.amount for line in bill.lines if line.year == year), Decimal(0))
        assert shown == decimal(exact).quantize(Decimal("0.01"), ROUND_HALF_UP)
    # the lines tile the liability without gaps
    assert [line.start for line in bill.lines[1:]] == [line.end + dt.timedelta(days=1) for line in bill.lines[:-1]]
    assert sum(line.days for line in bill.lines) == DateRange(rates.start, rates.end).days
