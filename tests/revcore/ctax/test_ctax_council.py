"""Band amounts: each authority's Band D x N/9 rounded to the penny, summed (the published table)."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata import DataError
from refdata.ctax import load_council
from revcore.council import (
    AuthorityKind,
    BandDAmount,
    ChargingArea,
    Council,
    CouncilError,
    Country,
    PreceptingAuthority,
)
from revcore.ctax import ChargeError

M = Decimal


def test_band_a_is_the_sum_of_rounded_parts_not_the_rounded_total(district):
    # Ashby Parva 2027/28, band A = 6/9 of each Band D:
    #   DDC  216.85 x 6/9 =  144.5666 ->  144.57
    #   DCC 1701.17 x 6/9 = 1134.1133 -> 1134.11
    #   ASC  280.25 x 6/9 =  186.8333 ->  186.83
    #   PCC  302.18 x 6/9 =  201.4533 ->  201.45
    #   FRA  103.29 x 6/9 =   68.86   ->   68.86
    #   ASHPC 52.20 x 6/9 =   34.80   ->   34.80
    #   sum                             1770.62
    # whereas the total Band D 2655.94 x 6/9 = 1770.6266 would round to 1770.63: a penny out.
    amount, label = district.band_amount("ASH", 2027, "A")
    assert label == "A"
    assert dict(amount.parts) == {
        "DDC": M("144.57"), "DCC": M("1134.11"), "ASC": M("186.83"),
        "PCC": M("201.45"), "FRA": M("68.86"), "ASHPC": M("34.80"),
    }
    assert amount.total == M("1770.62")


def test_parish_precept_only_in_its_own_area(district):
    # Brookfield pays Brookfield Town Council's 81.71 at Band D, not Ashby Parva's 52.20:
    # 2655.94 - 52.20 + 81.71 = 2685.45; the unparished area pays neither: 2603.74.
    assert district.annual("BRK", 2027, "D") == M("2685.45")
    assert district.annual("UNP", 2027, "D") == M("2603.74")
    parts = dict(district.band_amount("UNP", 2027, "D")[0].parts)
    assert set(parts) == {"DDC", "DCC", "ASC", "PCC", "FRA"}


def test_published_band_table_for_wales_has_band_i(welsh):
    council = welsh.council
    scale = welsh.rules.scale_on(dt.date(2027, 4, 1))
    table = council.band_table(scale, "LLAN", 2027)
    assert [row.band for row in table] == list("ABCDEFGHI")
    # Band I = 21/9: DCC 1855.97 x 21/9 = 4330.5966 -> 4330.60; PCC 404.13 x 21/9 = 942.97;
    # LLANCC 43.75 x 21/9 = 102.0833 -> 102.08; total 5375.65.
    assert table[-1].total == M("5375.65")


def test_england_has_no_band_i(district):
    with pytest.raises(ChargeError, match="unknown band 'I' for England"):
        district.band_amount("ASH", 2027, "I")


def test_missing_year_is_named(district):
    with pytest.raises(ChargeError, match="no Band D amounts set for 2031/32"):
        district.annual("ASH", 2031, "D")


def test_council_configuration_errors_name_the_problem():
    district = PreceptingAuthority("X", "X District", AuthorityKind.BILLING)
    with pytest.raises(CouncilError, match="unknown parish 'NOPE'"):
        Council("x", "X", Country.ENGLAND, (district,), (ChargingArea("A", "A", "NOPE"),), ())
    with pytest.raises(CouncilError, match="two Band D amounts for X in 2027"):
        Council("x", "X", Country.ENGLAND, (district,), (), (BandDAmount("X", 2027, M("1")), BandDAmount("X", 2027, M("2"))))
    with pytest.raises(CouncilError, match="negative amount"):
        BandDAmount("X", 2027, M("-1"))


def test_demo_councils_load_with_six_preceptors_in_a_parished_area(district):
    assert len(district.council.band_d_amounts("ASH", 2024)) == 6
    assert district.council.country is Country.ENGLAND
    assert load_council("demo-welsh").country is Country.WALES


def test_bad_council_file_is_named(tmp_path):
    (tmp_path / "bad.toml").write_text('code = "bad"\nname = "Bad"\ncountry = "scotland"\n')
    with pytest.raises(DataError, match="bad.toml: 'scotland' is not a valid Country"):
        load_council("bad", tmp_path)


def test_year_on_year_change_per_authority_for_the_demand_notice(district):
    # Band D in Ashby Parva, 2027/28 against 2026/27:
    #   DCC 1635.74 -> 1701.17: +65.43 / 1635.74 = 4.0000% -> 4.0
    #   ASC  254.77 ->  280.25: +25.48 /  254.77 = 10.0012% -> 10.0
    #   FRA   98.29 ->  103.29:  +5.00 /   98.29 = 5.0870% -> 5.1
    council = district.council
    scale = district.rules.scale_on(dt.date(2027, 4, 1))
    changes = {c.authority: c for c in council.year_on_year(scale, scale, "ASH", 2027, "D")}
    assert (changes["DCC"].previous, changes["DCC"].current, changes["DCC"].percent) == (M("1635.74"), M("1701.17"), M("4.0"))
    assert changes["ASC"].percent == M("10.0")
    assert changes["FRA"].percent == M("5.1")
    # No amounts for 2023/24 in the demo data: no previous figure, no percentage.
    first = council.year_on_year(scale, scale, "ASH", 2024, "D")
    assert all(c.previous is None and c.percent is None for c in first)
