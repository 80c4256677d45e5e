"""Direct earnings attachment at every band edge (SI 2013/384 Sch 2 values, UNVERIFIED)."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.hb import load_dea_schedules
from revcore.dated import DatedTable
from revcore.hb import DeaBand, DeaError, DeaSchedule, DeaTable, dea_deduction

D = dt.date
TABLES = load_dea_schedules()
PAY_DAY = D(2027, 1, 29)

WEEKLY_EDGES = ["100", "160", "220", "270", "375", "520"]
MONTHLY_EDGES = ["430", "690", "950", "1160", "1615", "2240"]
STANDARD = ["0", "3", "5", "7", "11", "15", "20"]  # % by band, tables A and B
HIGHER = ["5", "6", "10", "14", "22", "30", "40"]  # tables C and D


def _cases():
    for frequency, edges in (("weekly", WEEKLY_EDGES), ("monthly", MONTHLY_EDGES)):
        for higher, rates in ((False, STANDARD), (True, HIGHER)):
            for band, edge in enumerate(edges):
                # at the edge: still in the band ("not exceeding"); a penny more: the next band
                yield frequency, higher, Decimal(edge), rates[band]
                yield frequency, higher, Decimal(edge) + Decimal("0.01"), rates[band + 1]


@pytest.mark.parametrize("frequency, higher, net, percent", list(_cases()))
def test_every_band_edge(frequency, higher, net, percent):
    deduction = dea_deduction(TABLES, frequency, net, PAY_DAY, higher=higher)
    # e.g. weekly 100.01 at 3% = 3.0003 -> 3.00 (rounded down)
    expected = (net * Decimal(percent) / 100).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    assert deduction.amount == expected
    assert f": {percent}% = " in deduction.explanation


def test_worked_examples():
    # monthly 1,720.00 in 1,615.01-2,240: 15% = 258.00; after fraud (Table D) 30% = 516.00
    assert dea_deduction(TABLES, "monthly", Decimal("1720.00"), PAY_DAY).amount == Decimal("258.00")
    assert dea_deduction(TABLES, "monthly", Decimal("1720.00"), PAY_DAY, higher=True).amount == Decimal("516.00")
    # weekly 397.00 in 375.01-520: 15% = 59.55; weekly 99.99 standard: nil, higher (Table C) 5% = 4.9995 -> 4.99
    assert dea_deduction(TABLES, "weekly", Decimal("397.00"), PAY_DAY).amount == Decimal("59.55")
    assert dea_deduction(TABLES, "weekly", Decimal("99.99"), PAY_DAY).amount == Decimal("0.00")
    assert dea_deduction(TABLES, "weekly", Decimal("99.99"), PAY_DAY, higher=True).amount == Decimal("4.99")
    assert "SI 2013/384" in dea_deduction(TABLES, "weekly", Decimal("99.99"), PAY_DAY).source


def test_protected_earnings_limit_the_deduction():
    # a table at 50% would take more than the 40% left above the 60% protected proportion
    steep = DeaTable("steep", [DeaBand(None, Decimal("0.50"))])
    schedules = DatedTable("t", [(D(2013, 4, 8), DeaSchedule(steep, steep, steep, steep, Decimal("0.60"), "t"))])
    deduction = dea_deduction(schedules, "weekly", Decimal("300.00"), PAY_DAY)
    assert deduction.amount == Decimal("120.00")  # 300.00 x 40%, not 150.00
    assert "protect 60%" in deduction.explanation


def test_bad_requests_and_tables():
    with pytest.raises(DeaError, match="weekly or monthly"):
        dea_deduction(TABLES, "daily", Decimal("50.00"), PAY_DAY)
    with pytest.raises(DeaError, match="negative"):
        dea_deduction(TABLES, "weekly", Decimal("-1.00"), PAY_DAY)
    with pytest.raises(DeaError, match="open top band"):
        DeaTable("x", [DeaBand(Decimal("100"), Decimal("0.05"))])
    with pytest.raises(DeaError, match="rise strictly"):
        DeaTable("x", [DeaBand(Decimal("100"), Decimal("0")), DeaBand(Decimal("90"), Decimal("0.03")),
                       DeaBand(None, Decimal("0.05"))])
    with pytest.raises(LookupError, match="2013-04-08"):
        dea_deduction(TABLES, "weekly", Decimal("50.00"), D(2013, 4, 1))
