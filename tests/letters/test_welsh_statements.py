"""What a Welsh council's bill states that an English one does not (checked on the HTML)."""

import datetime as dt
import html
from decimal import Decimal

import attrs
import pytest

from letters.adapters import class_discounts
from letters.model import ClassDiscount, NoticeChargeLine
from letters.render import notice_html, reverse_html
from letters.samples import ENGLISH, WELSH, sample_bill
from refdata.ctax import load_tariff
from refdata.notice_terms import notify_penalty


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


def _with_premium(bill):
    # a long-term empty home at a 100% premium for the whole year: the band charge twice over
    band = bill.charge_lines[0]
    line = NoticeChargeLine("long_term_empty_premium", "Long-term empty premium 100%", band.amount, band.start, band.end)
    total = band.amount * 2
    return attrs.evolve(bill, charge_lines=(band, line), total_charge=total, amount_payable=total, instalments=())


def _text(bill, branding):
    return html.unescape(str(notice_html(bill, branding)))


def _notes(branding, lang):
    # the bill's reverse (explanatory notes), the same on every bill of a council
    return html.unescape(str(reverse_html("annual_bill", branding, lang)))


def test_a_welsh_bill_with_a_premium_states_the_duty_to_report_and_the_penalty(brandings):
    # SI 1993/255 Sch 1 para 9B(b)-(c), inserted by SI 2017/40 (W. 16) reg 2(3): where a premium is
    # on the bill, the duty to notify within 21 days that none (or another) applies, and the penalty.
    bill = sample_bill(WELSH, single_person=False)  # no discount, so no para 8 statement either
    plain, charged = _text(bill, brandings[WELSH]), _text(_with_premium(bill), brandings[WELSH])
    duty = "you must tell us within 21 days of first believing it"
    assert duty not in plain and duty in charged
    assert "no premium should apply, or a smaller or larger one" in charged
    assert "without reasonable excuse, we may charge you a penalty" in charged
    assert "rhaid i chi roi gwybod i ni o fewn 21 diwrnod ar ôl i chi gredu hynny gyntaf" in charged


def test_the_welsh_notes_say_which_dwellings_a_premium_applies_to(brandings):
    # SI 1993/255 Sch 2 para 15(ca)(ii) (SI 2017/40 (W. 16) reg 2(4)); LGFA 1992 ss.12A-12B.
    text = _notes(brandings[WELSH], "en") + _notes(brandings[WELSH], "cy")
    assert "long-term empty homes (no one living there and substantially unfurnished for at least a year)" in text
    assert "second homes (furnished, but no one's main home)" in text
    assert "ail gartrefi (wedi'u dodrefnu, ond heb fod yn brif gartref i neb)" in text


def test_the_welsh_notes_say_which_dwellings_are_excepted_from_a_premium(brandings):
    # SI 1993/255 Sch 2 para 15(ca)(iii) (SI 2017/40 (W. 16) reg 2(4)); the examples are from the
    # exceptions in SI 2015/2068 (class list UNVERIFIED, refdata/tables/ctax/premium_exceptions.toml).
    text = _notes(brandings[WELSH], "en") + _notes(brandings[WELSH], "cy")
    assert "Some homes are excepted, for example homes being marketed for sale or let" in text
    assert "Mae rhai cartrefi wedi'u heithrio" in text
    english = _notes(brandings[ENGLISH], "en")
    assert "Some homes are excepted" not in english and "no one living there" not in english


def test_the_welsh_bill_states_whether_the_council_charges_a_premium_and_its_percentages(brandings):
    # SI 1993/255 Sch 2 para 15(ca) and (ca)(i): the council's determination for the year (demo
    # council: 100/200/300% long-term empty after 1/2/3 years, 150% second homes, letters.samples).
    text = _text(sample_bill(WELSH), brandings[WELSH])
    assert "For 2027/28 the council charges a premium:" in text
    assert "100% on homes empty" in text and "150% on second homes" in text


def test_a_welsh_bill_with_a_premium_states_its_days_amount_and_reason(brandings):
    # SI 1993/255 Sch 1 paras 9A and 9B(a) (SI 2017/40 (W. 16) reg 2(3)): the days the premium was
    # assumed for, its amount and the reason (long-term empty). Band D demo: 1,865.00 a year
    # (letters.samples), so a 100% premium for 1 April 2027 - 31 March 2028 is 1,865.00.
    text = _text(_with_premium(sample_bill(WELSH)), brandings[WELSH])
    line = text[text.index("Long-term empty premium"):]
    assert line.index("1 April 2027") < line.index("31 March 2028") < line.index("£1,865.00") < 400
    assert "Premiwm eiddo gwag hirdymor" in text


# --- SI 1993/255 Sch 1 para 9 onwards, Sch 2 para 15 item by item (issue 19) -----------------


def _sections(bill, branding):
    """The rendered bill's Welsh and English fronts, as text."""
    text = _text(bill, branding)
    cut = text.index('lang="en"')
    return text[:cut], text[cut:]


def _after(text, label, width=160):
    return " ".join(text[text.index(label):text.index(label) + width].split())


def test_a_welsh_bill_states_the_amount_of_each_discount_and_reduction(brandings):
    # SI 1993/255 Sch 1 para 9 (as made): where para 7 applies (a discount, a reduction), the amount
    # of the discount or reduction. Band D 1,865.00 x 25% = 466.25 single person discount; the
    # reduction is 398.75 (_with_reduction); both on the charge line, in Welsh and in English.
    welsh, english = _sections(_with_reduction(sample_bill(WELSH)), brandings[WELSH])
    assert "-£466.25" in _after(welsh, "Disgownt person sengl") and "-£398.75" in _after(welsh, "Gostyngiad Treth Gyngor")
    assert "-£466.25" in _after(english, "Single person discount") and "-£398.75" in _after(english, "Council Tax Reduction")


def test_a_welsh_bill_states_the_councils_discount_for_each_s12_class(brandings):
    # SI 1993/255 Sch 2 para 15(c)(i)-(ii) (as made): for each class prescribed under LGFA 1992
    # s.12, whether the council determined a discount for the year and whether any applies. The
    # demo council determined none (0%) for classes A, B and C from 2024/25 (demo-welsh.toml).
    welsh, english = _sections(sample_bill(WELSH), brandings[WELSH])
    assert "For 2027/28, homes that are no one's main home:" in " ".join(english.split())
    assert ("no discount on furnished homes that planning rules stop anyone living in all year (class A), "
            "other furnished homes (class B) or empty, substantially unfurnished homes (class C)." in english)
    assert "dim disgownt ar gartrefi wedi'u dodrefnu" in welsh and "gartrefi eraill wedi'u dodrefnu (dosbarth B) neu gartrefi gwag" in welsh
    half = attrs.evolve(sample_bill(WELSH), class_discounts=(ClassDiscount("B", Decimal(50)),))
    assert "a 50% discount on other furnished homes (class B)" in _text(half, brandings[WELSH])
    none = attrs.evolve(sample_bill(WELSH), class_discounts=())
    assert "the council has not changed the discount for homes that are no one's main home" in _text(none, brandings[WELSH])
    assert "no one's main home:" not in _text(sample_bill(ENGLISH), brandings[ENGLISH])


def test_a_welsh_councils_s12_determinations_come_from_its_policy_for_the_year():
    # SI 1993/255 Sch 2 para 15(c): the determination for the relevant year, from the council's
    # local discount policy in force on 1 April (demo-welsh.toml: classes A-C at 0% from 2024/25).
    tariff = load_tariff("demo-welsh")
    assert class_discounts(tariff, 2027) == tuple(ClassDiscount(c, Decimal(0)) for c in "ABC")
    assert class_discounts(tariff, 2023) == ()


def _all_notes(branding):
    return _notes(branding, "en"), _notes(branding, "cy")


NOTES_ITEMS = {
    # SI 1993/255 Sch 2 para 15 (as made): item -> (English, Welsh) the Welsh notes must carry
    "15(a) principles of the valuation list": ("from its value at 1 April 1991 (England) or 1 April 2003 (Wales)",
                                               "yn ôl ei gwerth ar 1 Ebrill 2003 (Cymru)"),
    "15(b)(i) exempt dwellings": ("Some dwellings are exempt, for example", "Mae rhai anheddau wedi'u heithrio"),
    "15(b)(ii) discounts under s.11": ("If only one adult lives there, the bill is reduced by 25%",
                                       "caiff y bil ei ostwng 25%"),
    "15(b)(iii) classes prescribed under s.12": (
        "A home that is no one's main home falls in a class for which the council decides each year what discount",
        "Mae cartref nad yw'n brif gartref i neb mewn dosbarth"),
    "15(b)(iv) reductions for disabilities": ("features needed by a disabled resident",
                                              "nodweddion sydd eu hangen ar breswylydd anabl"),
    # read as the Council Tax Reduction scheme that replaced council tax benefit from April 2013
    "15(b)(v) council tax benefit": ("Council Tax Reduction helps people on a low income, whether they are in work or not",
                                     "Mae Gostyngiad Treth Gyngor yn helpu pobl ar incwm isel"),
    "15(d)(i) disputing the valuation list": ("ask the Valuation Office Agency to review it",
                                              "gallwch ofyn i Asiantaeth y Swyddfa Brisio ei adolygu"),
    "15(d)(ii) appeals under s.16": ("you can appeal to the Valuation Tribunal for Wales",
                                     "gallwch apelio i Dribiwnlys Prisio Cymru"),
}


@pytest.mark.parametrize("item", NOTES_ITEMS)
def test_the_welsh_notes_carry_each_item_of_sch_2_para_15(brandings, item):
    # SI 1993/255 Sch 2 para 15 (as made), the sub-paragraph named by ``item``: a general indication
    # (or statement) on the bill's reverse, in English and in Welsh (wording ours).
    english, welsh = _all_notes(brandings[WELSH])
    expect_en, expect_cy = NOTES_ITEMS[item]
    assert expect_en in " ".join(english.split()) and expect_cy in " ".join(welsh.split())


def test_the_welsh_notes_reduction_and_class_wording_is_welsh_only(brandings):
    # the Wales-only notes (Sch 2 para 15(b)(iii), (b)(v)) stay off an English council's reverse
    english = _notes(brandings[ENGLISH], "en")
    assert "no one's main home falls in a class" not in english and "whether they are in work or not" not in english


def test_a_welsh_bill_states_what_to_pay_when_and_how_in_both_languages(brandings):
    # What the notice demands (SI 1992/613 Part V: the amount, by instalments): 1,865.00 less the
    # 25% discount 466.25 = 1,398.75, ten instalments 138.75 + 9 x 140.00. SI 1993/255 Sch 1
    # beyond para 9B was not retrieved: whether it lists these matters is UNVERIFIED (docs/notes.md).
    welsh, english = _sections(sample_bill(WELSH), brandings[WELSH])
    assert "£1,398.75" in _after(welsh, "Swm i'w dalu") and "£1,398.75" in _after(english, "Amount to pay")
    welsh, english = welsh[welsh.index("Eich rhandaliadau"):], english[english.index("Your instalments"):]
    assert "£138.75" in _after(welsh, "1 Ebrill 2027", 60) and "£138.75" in _after(english, "1 April 2027", 60)
    assert "£140.00" in _after(welsh, "1 Ionawr 2028", 60) and "£140.00" in _after(english, "1 January 2028", 60)
    notes_en, notes_cy = _all_notes(brandings[WELSH])
    assert "Direct Debit" in notes_en and "Debyd Uniongyrchol" in notes_cy
    assert "01234 765432" in notes_en and "01234 765432" in notes_cy


def test_the_welsh_notes_say_where_the_spending_information_is(brandings):
    # SI 1993/255 reg 4 and Sch 2 (information supplied with the notice): paras 1-14 were not
    # retrieved; the notes give the council's page and offer a paper copy (UNVERIFIED as enough).
    english, welsh = _all_notes(brandings[WELSH])
    assert "www.demo-welsh.example/trethgyngor/gwariant" in english and "Ask us for a paper copy" in english
    assert "www.demo-welsh.example/trethgyngor/gwariant" in welsh and "Gofynnwch i ni am gopi papur" in welsh


def test_a_welsh_bill_after_a_payment_states_what_was_paid_or_credited(brandings):
    # What the notice demands is the charge less what was paid or credited (SI 1992/613 Part V;
    # the Welsh paragraph, if any, not retrieved: UNVERIFIED). 1,398.75 less 398.75 paid = 1,000.00.
    bill = sample_bill(WELSH)
    paid = attrs.evolve(bill, paid=Decimal("398.75"), amount_payable=Decimal("1000.00"), instalments=())
    welsh, english = _sections(paid, brandings[WELSH])
    assert "-£398.75" in _after(welsh, "Llai'r hyn a dalwyd neu a gredydwyd") and "£1,000.00" in _after(welsh, "Swm i'w dalu")
    assert "-£398.75" in _after(english, "Less paid or credited") and "£1,000.00" in _after(english, "Amount to pay")


def test_a_welsh_bill_with_a_discount_states_the_duty_to_report_and_the_penalty(brandings):
    # SI 1993/255 Sch 1 para 8(b)-(c) (para 7(a), (b), (g) as amended by SI 2013/63): with a
    # discount on the bill, the duty to tell us within 21 days and the penalty, £50 (para 8(c) as
    # made; LGFA 1992 Sch 3 para 1(2) in Wales, refdata/tables/ctax/penalties.toml, UNVERIFIED there).
    welsh, english = _sections(sample_bill(WELSH), brandings[WELSH])
    assert "no discount should apply, or a smaller one, you must tell us within 21 days" in english
    assert "we may charge you a penalty. The penalty is £50.00." in english
    assert "Y gosb yw £50.00." in welsh and "na ddylai disgownt fod yn berthnasol" in welsh
    plain = _text(sample_bill(WELSH, single_person=False), brandings[WELSH])
    assert "no discount should apply" not in plain and "The penalty is" not in plain
    # an English bill states it too, with England's £70 (tests/letters/test_english_statements.py)


def test_a_welsh_bill_with_a_premium_states_the_amount_of_the_penalty(brandings):
    # SI 1993/255 Sch 1 para 9B(c) (SI 2017/40 (W. 16)): "the penalty specified in paragraph 1(2) of
    # Schedule 3 to the 1992 Act", £50 in Wales (penalties.toml, UNVERIFIED there)
    text = _text(_with_premium(sample_bill(WELSH)), brandings[WELSH])
    duty = text[text.index("This bill includes a premium"):]
    assert duty.index("The penalty is £50.00.") < duty.index("</p>")


def test_the_penalty_a_notice_states_is_by_country_and_date():
    # LGFA 1992 Sch 3 para 1(2): £50 as enacted; £70 in England from 1 May 2008 (SI 2008/981
    # art. 2(2)); Wales £50 (no Welsh substitution found: UNVERIFIED in penalties.toml)
    assert notify_penalty("wales", dt.date(2027, 3, 10)) == Decimal("50.00")
    assert notify_penalty("england", dt.date(2027, 3, 10)) == Decimal("70.00")
    assert notify_penalty("england", dt.date(2008, 4, 30)) == Decimal("50.00")
