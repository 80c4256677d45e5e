"""Interest on a repayment after an alteration of the list (LGFA 1988 s.55(7)(b); SI 1990/1904 as
amended): the overpaid part of a year's payments, the rate of each financial year it runs through
(Bank Rate on the preceding 15 March less one point, never below nil), simple, by the day."""

import datetime as dt
from decimal import Decimal as D

import pytest

from revcore.allocation import AllocationPolicy, CostsOrder
from revcore.ledger import Ledger
from revcore.money import PENNY_DOWN
from revcore.nndr import InterestRate, InterestRules, RatesError, overpaid_slices, repayment_interest, year_payments
from revcore.periods import FinancialYear

RULES = InterestRules((InterestRate(2022, D("0.50")), InterestRate(2023, D("4.00")), InterestRate(2024, D("5.25"))),
                      margin=D("1.00"), day_basis=365, rounding=PENNY_DOWN)
Y2023 = FinancialYear(2023)


def test_the_overpaid_part_is_the_latest_payments_first():
    # paid 1,000 on 1 May, 1,000 on 1 June, 500 on 1 July; 1,200 overpaid: all of July's 500 and
    # 700 of June's (the first 1,300 paid was owed under the reduced charge too)
    slices = overpaid_slices([(dt.date(2023, 5, 1), D("1000")), (dt.date(2023, 7, 1), D("500")),
                              (dt.date(2023, 6, 1), D("1000"))], D("1200"))
    assert [(s.paid_on, s.amount) for s in slices] == [(dt.date(2023, 6, 1), D("700")), (dt.date(2023, 7, 1), D("500"))]
    # a second reduction of 600 takes the payments before those the first one took: June's other 300
    # and 300 of May's
    again = overpaid_slices([(dt.date(2023, 5, 1), D("1000")), (dt.date(2023, 7, 1), D("500")),
                             (dt.date(2023, 6, 1), D("1000"))], D("600"), already=D("1200"))
    assert [(s.paid_on, s.amount) for s in again] == [(dt.date(2023, 5, 1), D("300")), (dt.date(2023, 6, 1), D("300"))]
    with pytest.raises(RatesError, match="only £2,500.00 was paid"):
        overpaid_slices([(dt.date(2023, 5, 1), D("2500"))], D("3000"))


def test_each_slice_runs_at_the_rate_of_the_year_each_day_falls_in():
    # 730 paid 1 Mar 2024, repaid 11 Apr 2024: 1-31 Mar 2024 is 31 days at 2023/24's 3.00%,
    # 1-10 Apr 2024 is 10 days at 2024/25's 4.25%:
    #   730 x 3.00% x 31/365 = 1.86     730 x 4.25% x 10/365 = 0.85   total 2.71
    found = repayment_interest(Y2023, [(dt.date(2024, 3, 1), D("730"))], D("730"), dt.date(2024, 4, 11), RULES)
    assert [(s.days, s.rate, s.exact) for s in found.spans] == [(31, D("3.00"), D("1.86")), (10, D("4.25"), D("0.85"))]
    assert found.total == D("2.71")


def test_a_year_whose_reference_rate_is_not_above_one_point_pays_nothing_and_a_missing_year_is_refused():
    # 2022/23: Bank Rate 0.50% on 15 March 2022, less one point: nil, not negative
    nil = repayment_interest(FinancialYear(2022), [(dt.date(2022, 6, 1), D("1000"))], D("1000"),
                             dt.date(2023, 4, 1), RULES)
    assert nil.total == 0 and {s.rate for s in nil.spans} == {D("0")}
    with pytest.raises(RatesError, match="no repayment interest rate held for 2025/26"):
        repayment_interest(Y2023, [(dt.date(2024, 3, 1), D("100"))], D("100"), dt.date(2025, 5, 1), RULES)


def test_the_year_total_is_rounded_once_down_to_the_penny():
    # 1,000 x 3.00% x 1/365 = 0.0821917... a day; three days 0.2465753... -> £0.24
    found = repayment_interest(Y2023, [(dt.date(2023, 5, 1), D("1000"))], D("1000"), dt.date(2023, 5, 4), RULES)
    assert found.total == D("0.24")
    assert found.explain()[-1].endswith("penny, rounded down: £0.24")


def test_a_returned_payment_is_not_counted_as_paid():
    policy = AllocationPolicy(CostsOrder.WITH_YEAR)
    ledger = Ledger("N1").charge(Y2023, D("2000"), effective=Y2023.start, posted=Y2023.start, reason="demand")
    ledger = ledger.pay(D("1000"), effective=dt.date(2023, 5, 1), posted=dt.date(2023, 5, 1), reason="paid",
                        policy=policy)
    ledger = ledger.pay(D("1000"), effective=dt.date(2023, 6, 1), posted=dt.date(2023, 6, 1), reason="paid",
                        policy=policy)
    returned = ledger.last.id
    ledger = ledger.reverse(returned, effective=dt.date(2023, 6, 5), posted=dt.date(2023, 6, 5), reason="returned")
    assert year_payments(ledger, Y2023) == ((dt.date(2023, 5, 1), D("1000.00")),)


def test_an_alteration_of_a_list_before_the_first_covered_earns_none_and_says_why():
    rules = InterestRules(RULES.rates, margin=D("1.00"), day_basis=365, rounding=PENNY_DOWN, first_list=2023,
                          first_list_source="Harrow Council's refund page")
    paid = [(dt.date(2023, 5, 1), D("1000"))]
    covered = repayment_interest(Y2023, paid, D("1000"), dt.date(2023, 5, 4), rules, list_year=2023)
    assert covered.total == D("0.24")
    older = repayment_interest(Y2023, paid, D("1000"), dt.date(2023, 5, 4), rules, list_year=2017)
    assert older.total == 0 and not older.spans
    assert "alteration of the 2017 list" in older.explain()[-1] and "Harrow" in older.explain()[-1]
