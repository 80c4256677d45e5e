"""What a Welsh council's bill states that an English one does not (checked on the HTML)."""

from decimal import Decimal

import attrs

from letters.model import NoticeChargeLine
from letters.render import notice_html
from letters.samples import ENGLISH, WELSH, sample_bill


def _with_reduction(bill):
    # 1398.75 less a Council Tax Reduction of 398.75: 1000.00 to pay
    line = NoticeChargeLine("council_tax_reduction", "Council Tax Reduction", Decimal("-398.75"), bill.period_start, bill.period_end)
    total = bill.total_charge - Decimal("398.75")
    return attrs.evolve(bill, charge_lines=(*bill.charge_lines, line), total_charge=total, amount_payable=total,
                        instalments=())


def test_a_welsh_bill_with_a_reduction_states_the_duty_to_report_changes(brandings):
    bill = sample_bill(WELSH, names=("Ms Ffion Jones",), lines=("3 Heol y Bryn", "Trefddemo"), postcode="SA99 2CD")
    plain = str(notice_html(bill, brandings[WELSH]))
    reduced = str(notice_html(_with_reduction(bill), brandings[WELSH]))
    duty = "You must tell us within 21 days of any change in these"
    assert duty not in plain and duty in reduced and "Rhaid i chi roi gwybod i ni o fewn 21 diwrnod" in reduced
    assert "Council Tax Reduction Scheme" in plain  # the scheme is stated on every Welsh bill


def test_an_english_bill_states_neither_premiums_nor_the_welsh_language_standards(brandings):
    html = str(notice_html(sample_bill(ENGLISH), brandings[ENGLISH]))
    assert "charges a premium" not in html and "correspondence in Welsh" not in html
