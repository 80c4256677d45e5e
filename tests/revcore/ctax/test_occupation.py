"""Who counts (LGFA 1992 s.6(5), s.11, Sch 1) and whether an exemption class fits who lives there
(SI 1992/558 art. 3), from the dated tables."""

import datetime as dt

import pytest

from revcore.ctax import (
    DiscountReason,
    EmptyPeriod,
    Liability,
    LiabilityBasis,
    Person,
    Status,
    age_on,
    discounts_from,
    disregard_problem,
    exemption_problem,
)

D = dt.date
ANN = Person("A-1", "Ann Smith", D(1980, 3, 12))
TOM = Person("A-2", "Tom Smith", D(2009, 2, 28))  # 18 on 28 Feb 2027
KIT = Person("A-3", "Kit Marlowe")  # no date of birth: taken as an adult


def test_age_is_completed_years_and_a_29_february_birthday_comes_on_1_march():
    assert age_on(TOM, D(2027, 2, 27)) == 17 and age_on(TOM, D(2027, 2, 28)) == 18
    leap = Person("L", "Leap", D(2008, 2, 29))
    assert age_on(leap, D(2026, 2, 28)) == 17 and age_on(leap, D(2026, 3, 1)) == 18
    assert age_on(KIT, D(2026, 1, 1)) is None


def test_a_child_is_not_counted_until_18_then_the_single_person_discount_ends(rules):
    """Ann and Tom from 1 Apr 2026: Tom is under 18, so not a resident (s.6(5)): Ann alone counts,
    single person discount (s.11(1)). On 28 Feb 2027 Tom is 18: two adults, no discount."""
    periods = discounts_from(rules.england, [ANN, TOM], [], D(2026, 4, 1), D(2027, 3, 31))
    assert [(d.reason, d.start, d.end) for d in periods] == [
        (DiscountReason.SINGLE_PERSON, D(2026, 4, 1), D(2027, 2, 27))]


def test_disregarded_residents_give_25_then_50_percent(rules):
    """Ann and Kit, two adults: Kit a student (Sch 1 para 4) from 1 Oct -> one counted, 25%
    (s.11(1)); Ann a carer too from 1 Jan -> nobody counted, 50% (s.11(2))."""
    statuses = [Status("A-3", "student", D(2026, 10, 1), evidence="certificate"),
                Status("A-1", "carer", D(2027, 1, 1))]
    periods = discounts_from(rules.england, [ANN, KIT], statuses, D(2026, 4, 1), None)
    assert [(d.reason, d.start, d.end, d.disregarded) for d in periods] == [
        (DiscountReason.SINGLE_PERSON, D(2026, 10, 1), D(2026, 12, 31), ("student",)),
        (DiscountReason.ALL_DISREGARDED, D(2027, 1, 1), None, ("carer", "student")),
    ]


def test_the_welsh_care_leaver_disregard_is_dated_and_aged(rules):
    wales, england = rules.wales, rules.england
    leaver = wales.disregard("care-leaver")
    young = Person("W-1", "Eleri Hughes", D(2003, 6, 1))
    assert disregard_problem(wales, leaver, young, D(2026, 4, 1), "") is None  # 22
    assert "exists only from 2019-04-01" in disregard_problem(wales, leaver, young, D(2019, 3, 31), "")
    assert "aged 25 on 2028-06-01, the status is for those under 25" in disregard_problem(
        wales, leaver, young, D(2028, 6, 1), "")
    assert not any(d.code == "care-leaver" for d in england.disregards)  # Welsh law only


def test_class_q_refused_while_residents_live_there_and_allowed_when_empty(rules):
    liability = Liability("A", "P1", ("A-1", "A-3"), D(2026, 11, 20))
    q = rules.england.exemptions_on(D(2026, 11, 20)).get("Q")
    refused = exemption_problem(rules.england, q, liability, [ANN, KIT], [], D(2026, 11, 20), D(2027, 3, 31))
    assert refused.startswith("class Q (unoccupied, liable only as trustee in bankruptcy) is only for an unoccupied "
                              "dwelling, but Ann Smith & Kit Marlowe are resident here from 2026-11-20 to 2027-03-31")
    empty = Liability("A", "P1", ("A-1",), D(2026, 11, 20), empty_periods=(EmptyPeriod(D(2026, 12, 1)),))
    assert exemption_problem(rules.england, q, empty, [ANN], [], D(2026, 12, 1), D(2027, 3, 31)) is None
    assert "from 2026-11-20 to 2026-11-30" in exemption_problem(rules.england, q, empty, [ANN], [], D(2026, 11, 20),
                                                                 D(2027, 3, 31))
    owner = Liability("A", "P1", ("A-1",), D(2026, 11, 20), basis=LiabilityBasis.OWNER)
    assert exemption_problem(rules.england, q, owner, [ANN], [], D(2026, 11, 20), D(2027, 3, 31)) is None


@pytest.mark.parametrize("people, wanted", [
    ([Person("C-1", "Amy", D(2010, 1, 1)), Person("C-2", "Ben", D(2011, 1, 1))], None),
    ([Person("C-1", "Amy", D(2010, 1, 1)), Person("C-2", "Ben", D(2000, 1, 1))],
     "Ben is resident on 2026-06-01 and is not recorded as one of: under 18"),
    ([Person("C-1", "Amy", D(2010, 1, 1)), Person("C-2", "Ben")], "give Ben's date of birth"),
])
def test_class_s_needs_everyone_under_18(rules, people, wanted):
    liability = Liability("A", "P1", ("C-1",), D(2026, 4, 1))
    s = rules.england.exemptions_on(D(2026, 6, 1)).get("S")
    problem = exemption_problem(rules.england, s, liability, people, [], D(2026, 6, 1), D(2027, 3, 31))
    assert problem is None if wanted is None else wanted in problem
