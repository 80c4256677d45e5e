"""Demonstration notices for the two demo councils: one of each type for previews and tests,
and a deterministic stream of annual bills for the bulk benchmark.

The figures are made up but consistent: each authority's band amount is its Band D amount
times the band ratio N/9 rounded to the penny, and instalments follow A&E Regs Sch 1 para 2
(instalments 2..n rounded to the nearest pound, the first takes the difference).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import attrs
from typing import Iterator

from revcore.money import PENNY, PENNY_HALF_UP, POUND_HALF_UP, money_sum
from revcore.references import make_reference

from letters.model import (
    Addressee,
    PremiumRate,
    ClassDiscount,
    AdjustmentNotice,
    AnnualBill,
    AttachmentOfEarningsOrder,
    AuthorityCharge,
    NoticeChargeLine,
    CompletionNotice,
    DeaNotice,
    DeductionRate,
    EnforcementReferral,
    FinalNotice,
    GeneralLetter,
    NoticeInstalment,
    LiabilityOrderNotice,
    LocalText,
    Notice,
    NoticeHeader,
    RatesRefundLetter,
    SundryRefundLetter,
    RefundLetter,
    Reminder,
    SecondReminder,
    Summons,
    StatementRow,
    SundryInvoiceLine,
    SundryInvoiceNotice,
    SundryStatement,
    RatesAdjustmentNotice,
    RatesDemandNotice,
    RatesMultiplierRate,
    RatesValue,
)

__all__ = ["ENGLISH", "WELSH", "sample_notices", "sample_bill", "demo_bills"]

ENGLISH = "demo-district"
WELSH = "demo-welsh"

D = dt.date
_RATIOS = {"A": 6, "B": 7, "C": 8, "D": 9, "E": 11, "F": 13, "G": 15, "H": 18, "I": 21}

# (name, kind, Band D this year, Band D last year)
_AUTHORITIES = {
    ENGLISH: [
        # its adult social care precept (210.00, 180.00) is part of its line from 2025/26 (SI 2025/8)
        (LocalText("Demoshire County Council"), "billing", "1860.00", "1755.00"),
        (LocalText("Demo District Council"), "billing", "220.00", "214.00"),
        (LocalText("Demoshire Police and Crime Commissioner"), "major_precept", "280.00", "265.00"),
        (LocalText("Demoshire Fire and Rescue Authority"), "major_precept", "90.00", "87.50"),
        (LocalText("Little Demo Parish Council"), "parish", "60.00", "55.00"),
    ],
    WELSH: [
        (LocalText("Demo County Council", "Cyngor Sir Demo"), "billing", "1500.00", "1440.00"),
        (
            LocalText("Demo Police and Crime Commissioner", "Comisiynydd Heddlu a Throseddu Demo"),
            "major_precept",
            "320.00",
            "300.00",
        ),
        (LocalText("Llan-demo Community Council", "Cyngor Cymuned Llan-demo"), "parish", "45.00", "45.00"),
    ],
}


def _authorities(council: str, band: str) -> tuple[AuthorityCharge, ...]:
    result = []
    for name, kind, now, before in _AUTHORITIES[council]:
        amount = PENNY_HALF_UP(Decimal(now) * _RATIOS[band] / 9)
        previous = PENNY_HALF_UP(Decimal(before) * _RATIOS[band] / 9)
        change = ((amount - previous) * 100 / previous).quantize(Decimal("0.1"))
        result.append(AuthorityCharge(name, kind, amount, previous, change))
    return tuple(result)


def _instalments(total: Decimal, first_due: dt.date, count: int = 10) -> tuple[NoticeInstalment, ...]:
    if total <= 0:
        return ()
    later = POUND_HALF_UP(total / count).quantize(PENNY)
    first = total - later * (count - 1)
    dates = [D(first_due.year + (first_due.month - 1 + i) // 12, (first_due.month - 1 + i) % 12 + 1, first_due.day) for i in range(count)]
    return tuple(NoticeInstalment(day, first if i == 0 else later) for i, day in enumerate(dates))


def _header(council: str, serial: int, issue: dt.date, names, lines, postcode, prop=True) -> NoticeHeader:
    return NoticeHeader(
        council_id=council,
        account_reference=make_reference("C", serial),
        issue_date=issue,
        addressee=Addressee(names, lines, postcode),
        property_address=(*lines, postcode) if prop else (),
    )


def sample_bill(
    council: str = ENGLISH,
    serial: int = 1234,
    band: str = "D",
    names=("Mr J Smith",),
    lines=("12 Acacia Avenue", "Little Demo", "Demoton"),
    postcode="DT2 3AB",
    single_person: bool = True,
    direct_debit: bool = True,
) -> AnnualBill:
    """An annual bill for 2027/28 issued 10 March 2027, first instalment 1 April 2027."""
    authorities = _authorities(council, band)
    band_charge = money_sum(a.amount for a in authorities)
    start, end = D(2027, 4, 1), D(2028, 3, 31)
    lines_ = [NoticeChargeLine("band_charge", f"Band {band} annual charge", band_charge, start, end)]
    if single_person:
        discount = PENNY_HALF_UP(band_charge / 4)
        lines_.append(NoticeChargeLine("single_person_discount", "Single person discount 25%", -discount, start, end))
    total = money_sum(line.amount for line in lines_)
    return AnnualBill(
        header=_header(council, serial, D(2027, 3, 10), names, lines, postcode),
        financial_year="2027/28",
        period_start=start,
        period_end=end,
        band=band,
        authorities=authorities,
        charge_lines=lines_,
        total_charge=total,
        paid=Decimal("0.00"),
        amount_payable=total,
        instalments=_instalments(total, D(2027, 4, 1)),
        direct_debit=direct_debit,
        previous_band_charge=money_sum(a.previous_amount for a in authorities),
        band_percent_change=((band_charge - money_sum(a.previous_amount for a in authorities)) * 100
                             / money_sum(a.previous_amount for a in authorities)).quantize(Decimal("0.1")),
        # the demo Welsh council's premiums from 2025/26 (demo-welsh.toml)
        premium_rates=(PremiumRate("long_term_empty", Decimal(100), 1), PremiumRate("long_term_empty", Decimal(200), 2),
                       PremiumRate("long_term_empty", Decimal(300), 3), PremiumRate("second_home", Decimal(150)))
        if council == WELSH else None,
        # the demo Welsh council's s.12 determinations from 2024/25: no discount for classes A-C
        class_discounts=tuple(ClassDiscount(c, Decimal(0)) for c in "ABC") if council == WELSH else None,
        # LGFA 1992 Sch 3 para 1(2): £50 in Wales (UNVERIFIED there), £70 in England from 1 May 2008
        # (SI 2008/981), refdata/tables/ctax/penalties.toml
        notify_penalty=Decimal("50.00") if council == WELSH else Decimal("70.00"),
    )


def sample_notices(council: str = ENGLISH) -> dict[str, Notice]:
    """One notice of every registered type for ``council``, keyed by notice type."""
    welsh = council == WELSH
    names = ("Ms Ffion Jones",) if welsh else ("Mr J Smith", "Mrs K Smith")
    lines = ("3 Heol y Bryn", "Llan-demo", "Trefddemo") if welsh else ("12 Acacia Avenue", "Little Demo", "Demoton")
    postcode = "SA99 2CD" if welsh else "DT2 3AB"

    def header(issue: dt.date, prop: bool = True, to=None) -> NoticeHeader:
        if to:
            return _header(council, 1234, issue, to[0], to[1], to[2], prop=False)
        return _header(council, 1234, issue, names, lines, postcode, prop)

    def text(en: str, cy: str) -> LocalText:
        return LocalText(en, cy if welsh else None)

    bill = sample_bill(council, names=names, lines=lines, postcode=postcode)
    court = text("Demoton Magistrates' Court", "Llys Ynadon Trefddemo")
    # Adjustment: another adult moves in on 1 October 2027, so the single person discount
    # covers 1 April - 30 September: 183 of 366 days. 2510.00 x 183/366 = 1255.00, 25% of
    # it = 313.75; revised charge 2510.00 - 313.75 = 2196.25 (band D, English demo).
    band_charge = bill.band_charge
    half = PENNY_HALF_UP(band_charge * 183 / 366)
    adj_lines = (
        NoticeChargeLine("band_charge", "Band D annual charge", band_charge, D(2027, 4, 1), D(2028, 3, 31)),
        NoticeChargeLine("single_person_discount", "Single person discount 25%", -PENNY_HALF_UP(half / 4), D(2027, 4, 1), D(2027, 9, 30)),
    )
    revised = money_sum(line.amount for line in adj_lines)
    paid = money_sum(i.amount for i in bill.instalments[:6])
    return {
        "annual_bill": bill,
        "adjustment_notice": AdjustmentNotice(
            header=header(D(2027, 10, 12)),
            financial_year="2027/28",
            band=bill.band,
            reason=text(
                "You told us another adult moved in on 1 October 2027, so the single person discount ends on 30 September 2027.",
                "Dywedoch wrthym fod oedolyn arall wedi symud i mewn ar 1 Hydref 2027, felly daw'r disgownt person sengl i ben ar 30 Medi 2027.",
            ),
            charge_lines=adj_lines,
            previous_charge=bill.total_charge,
            revised_charge=revised,
            paid=paid,
            balance=revised - paid,
            instalments=_instalments(revised - paid, D(2027, 11, 1), 5),
        ),
        "reminder": Reminder(
            header=header(D(2027, 6, 10)),
            financial_year="2027/28",
            amount_due=Decimal("376.00"),
            pay_by=D(2027, 6, 16),
            balance=Decimal("1504.00"),
            balance_due=D(2027, 6, 23),
        ),
        "second_reminder": SecondReminder(
            header=header(D(2027, 9, 9)),
            financial_year="2027/28",
            amount_due=Decimal("188.00"),
            pay_by=D(2027, 9, 15),
            balance=Decimal("940.00"),
            balance_due=D(2027, 9, 22),
        ),
        **_recovery_kinds(header, court),
        **_rates_samples(council, header(D(2027, 3, 10))),
        **_person_samples(header(D(2027, 8, 2), prop=False)),
        "final_notice": FinalNotice(
            header=header(D(2027, 11, 4)),
            financial_years=("2027/28",),
            amount_due=Decimal("940.00"),
            pay_by=D(2027, 11, 10),
        ),
        "summons": Summons(
            header=header(D(2027, 11, 25)),
            financial_years=("2027/28",),
            court_name=court,
            court_address=("Court Street", "Demoton", "DT1 9ZZ"),
            hearing_at=dt.datetime(2027, 12, 14, 10, 0),
            amount_outstanding=Decimal("940.00"),
            costs=Decimal("80.50"),
        ),
        "liability_order_notice": LiabilityOrderNotice(
            header=header(D(2027, 12, 16)),
            financial_years=("2027/28",),
            court_name=court,
            order_date=D(2027, 12, 14),
            order_amount=Decimal("1020.50"),
            paid_since=Decimal("100.00"),
            reply_by=D(2027, 12, 30),
        ),
        "attachment_of_earnings_order": AttachmentOfEarningsOrder(
            header=header(
                D(2028, 1, 12),
                to=(("The Payroll Manager", "Demo Widgets Ltd"), ("Unit 4, Demo Business Park", "Demoton"), "DT5 6GH"),
            ),
            debtor_name=names[0],
            payroll_number="P-00417",
            order_date=D(2028, 1, 12),
            liability_order_date=D(2027, 12, 14),
            amount=Decimal("920.50"),
            pay_period="monthly",
            # Sch 4 Table B (monthly) from 1 April 2007 (SI 1992/613 Sch 4, as substituted by SI 2006/3395).
            rates=(
                DeductionRate(Decimal("300.00"), Decimal("0")),
                DeductionRate(Decimal("550.00"), Decimal("3")),
                DeductionRate(Decimal("740.00"), Decimal("5")),
                DeductionRate(Decimal("900.00"), Decimal("7")),
                DeductionRate(Decimal("1420.00"), Decimal("12")),
                DeductionRate(Decimal("2020.00"), Decimal("17")),
            ),
            top_rate_note=text(
                "Above £2,020.00: deduct £343.40 plus 50% of the net earnings above £2,020.00.",
                "Dros £2,020.00: didynnwch £343.40 a 50% o'r enillion net dros £2,020.00.",
            ),
            admin_fee=Decimal("1.00"),
        ),
        "dea_notice": DeaNotice(
            header=header(
                D(2028, 2, 7),
                to=(("The Payroll Manager", "Demo Widgets Ltd"), ("Unit 4, Demo Business Park", "Demoton"), "DT5 6GH"),
            ),
            debtor_name=names[0],
            payroll_number="P-00417",
            national_insurance="QQ123456C",
            start_date=D(2028, 2, 29),  # 22 days after the notice (SI 2013/384 reg 19(3))
            amount=Decimal("1190.00"),
            pay_period="monthly",
            table_name=text("Table B", "Tabl B"),
            # SI 2013/384 Sch 2 Table B (monthly), as refdata/tables/hb/dea.toml holds it (GB values UNVERIFIED).
            rates=(
                DeductionRate(Decimal("430.00"), Decimal("0")),
                DeductionRate(Decimal("690.00"), Decimal("3")),
                DeductionRate(Decimal("950.00"), Decimal("5")),
                DeductionRate(Decimal("1160.00"), Decimal("7")),
                DeductionRate(Decimal("1615.00"), Decimal("11")),
                DeductionRate(Decimal("2240.00"), Decimal("15")),
                DeductionRate(None, Decimal("20")),
            ),
            protected_percent=Decimal("60"),
        ),
        "enforcement_referral": EnforcementReferral(
            header=header(D(2028, 2, 1)),
            financial_years=("2027/28",),
            liability_order_date=D(2027, 12, 14),
            amount=Decimal("920.50"),
            agent_name="Demo Enforcement Services Ltd",
            agent_contact=("PO Box 123, Demoton DT9 9XX", "0300 000 0000", "pay@demo-enforcement.example"),
            compliance_fee=Decimal("75.00"),
            referral_date=D(2028, 1, 31),
        ),
        "refund_letter": RefundLetter(
            header=header(D(2028, 4, 20)),
            financial_year="2027/28",
            amount=Decimal("127.45"),
            reason=text(
                "You moved out on 14 February 2028 and had paid to the end of March.",
                "Symudoch allan ar 14 Chwefror 2028 ac roeddech wedi talu hyd ddiwedd mis Mawrth.",
            ),
            method="bank",
            account_ending="4821",
            expected_by=D(2028, 5, 4),
        ),
        # 310.00 credit + 12.34 interest on repayments (SI 1990/1904) = 322.34
        "rates_refund_letter": RatesRefundLetter(
            header=header(D(2028, 4, 20)),
            financial_year="2027/28",
            amount=Decimal("322.34"),
            interest=Decimal("12.34"),
            reason=text("The rateable value was reduced from 1 April 2027.",
                        "Gostyngwyd y gwerth ardrethol o 1 Ebrill 2027."),
            method="cheque",
            payee="Demo Traders Ltd",
        ),
        "sundry_refund_letter": SundryRefundLetter(
            header=header(D(2027, 6, 8), prop=False),
            financial_year="2027/28",
            amount=Decimal("50.00"),
            reason=text("The invoice was paid twice.", "Talwyd yr anfoneb ddwywaith."),
            method="bank",
            account_ending="3344",
            payee="Mill Lane Garage",
        ),
        "completion_notice": CompletionNotice(
            header=header(D(2027, 5, 3), to=(("Demo Homes Ltd",), ("Demo House", "1 Builder Way", "Demoton"), "DT7 1BB")),
            completion_day=D(2027, 8, 1),
            appeal_by=D(2027, 5, 31),
        ),
        "general_letter": GeneralLetter(
            header=header(D(2027, 7, 1)),
            subject=text("Council Tax: we need some information", "Treth Gyngor: mae angen rhywfaint o wybodaeth arnom"),
            paragraphs=(
                text(
                    "We need to know the date you moved into the property so that we can bill you correctly.",
                    "Mae angen i ni wybod y dyddiad y symudoch i'r eiddo er mwyn i ni allu eich bilio'n gywir.",
                ),
            ),
            reply_by=D(2027, 7, 22),
        ),
        # Garage rent, standard rated: 3 x 41.67 = 125.01 net, VAT 20% = 25.002 -> 25.00 (per line,
        # nearest penny half up); a key deposit outside the scope: 10.00. Total 160.01, 30 days' terms.
        "sundry_invoice": SundryInvoiceNotice(
            header=header(D(2027, 6, 1), prop=False),
            income="Garage rent",
            lines=(SundryInvoiceLine("Garage 12 rent, June to August", "3", Decimal("41.67"), "S", "20%",
                                     Decimal("125.01"), Decimal("25.00")),
                   SundryInvoiceLine("Key deposit", "1", Decimal("10.00"), "O", "0%", Decimal("10.00"), Decimal("0.00"))),
            net=Decimal("135.01"), vat=Decimal("25.00"), total=Decimal("160.01"), due_date=D(2027, 7, 1), terms_days=30,
        ),
        # The same invoice, credited 60.01 (let from July): 160.01 - 60.01 = 100.00 owed.
        "sundry_statement": SundryStatement(
            header=header(D(2027, 7, 15), prop=False),
            as_at=D(2027, 7, 15),
            rows=(StatementRow(D(2027, 6, 1), "invoice: Garage rent", Decimal("160.01"), Decimal("160.01")),
                  StatementRow(D(2027, 6, 20), "credit note: let from July", Decimal("-60.01"), Decimal("100.00"))),
            balance=Decimal("100.00"),
        ),
    }


def _recovery_kinds(header, court: LocalText) -> dict[str, Notice]:
    """Business rates and invoiced debt recovery notices (:mod:`letters.recovery_notices`)."""
    from letters.recovery_notices import (LetterOfClaim, RatesFinalNotice, RatesReminder, RatesSummons,
                                          StatementLine, SundryFinalReminder, SundryReminder)

    # Invoice of 1 May 2027 for £300.00 due 31 May; £50.00 paid 5 June: £250.00 owed.
    return {
        "rates_reminder": RatesReminder(header=header(D(2027, 6, 10)), financial_year="2027/28",
                                        amount_due=Decimal("258.00"), pay_by=D(2027, 6, 16),
                                        balance=Decimal("2322.00"), balance_due=D(2027, 6, 23)),
        "rates_final_notice": RatesFinalNotice(header=header(D(2027, 11, 4)), financial_years=("2027/28",),
                                               amount_due=Decimal("1290.00"), pay_by=D(2027, 11, 10)),
        # £1,290.00 outstanding and £110.00 summons costs: £1,400.00 to pay before the hearing
        "rates_summons": RatesSummons(header=header(D(2027, 11, 25)), financial_years=("2027/28",), court_name=court,
                                      court_address=("Court Street", "Demoton", "DT1 9ZZ"),
                                      hearing_at=dt.datetime(2027, 12, 14, 10, 0), amount_outstanding=Decimal("1290.00"),
                                      costs=Decimal("110.00")),
        "sundry_reminder": SundryReminder(header=header(D(2027, 6, 14), prop=False), invoice="S00001234",
                                          invoice_date=D(2027, 5, 1), due_date=D(2027, 5, 31),
                                          amount_due=Decimal("250.00"), pay_by=D(2027, 6, 27)),
        "sundry_final_reminder": SundryFinalReminder(header=header(D(2027, 6, 28), prop=False), invoice="S00001234",
                                                     invoice_date=D(2027, 5, 1), due_date=D(2027, 5, 31),
                                                     amount_due=Decimal("250.00"), pay_by=D(2027, 7, 11)),
        "letter_of_claim": LetterOfClaim(header=header(D(2027, 7, 12), prop=False), invoice="S00001234",
                                         invoice_date=D(2027, 5, 1), service="Trade waste collection",
                                         amount=Decimal("250.00"), reply_by=D(2027, 8, 11),
                                         statement=(StatementLine(D(2027, 5, 1), "invoice S00001234", Decimal("300.00")),
                                                    StatementLine(D(2027, 6, 5), "payment", Decimal("-50.00")))),
    }


def _rates_samples(council: str, header: NoticeHeader) -> dict[str, Notice]:
    """A shop on RV £20,000 for 2027/28 at a made-up 49.9p: 20,000 x 0.499 = 9,980.00, less 10%
    discretionary relief 998.00 = 8,982.00; 10 instalments of 898 (nearest pound of 898.20), the
    first 8,982.00 - 9 x 898 = 900.00. The adjustment: relief raised to 20% from 1 October 2027
    (183 of 366 days): a further 998.00 x 183/366 = 499.00 off, 8,483.00."""
    header = NoticeHeader(council, make_reference("N", 12), header.issue_date, header.addressee,
                          ("Unit 2, Demo Retail Park", "Demoton", "DT1 4RP"), "NDR0000012")
    gross = NoticeChargeLine("rates_gross", "RV £20,000 x 0.499 small business multiplier", Decimal("9980.00"),
                             D(2027, 4, 1), D(2028, 3, 31))
    relief = NoticeChargeLine("rates_discretionary", "Discretionary relief 10%", Decimal("-998.00"),
                              D(2027, 4, 1), D(2028, 3, 31), Decimal(10))
    common = dict(financial_year="2027/28", period_start=D(2027, 4, 1), period_end=D(2028, 3, 31),
                  ratepayer="Demo Bicycles Ltd", description="SHOP AND PREMISES", uarn="8823100012",
                  rateable_values=(RatesValue(Decimal(20000), D(2026, 4, 1), 2026),),
                  multipliers=(RatesMultiplierRate("small business multiplier", Decimal("0.499"), True),
                               RatesMultiplierRate("standard multiplier", Decimal("0.555"))),
                  paid=Decimal("0.00"))
    demand = RatesDemandNotice(header=header, charge_lines=(gross, relief), total_charge=Decimal("8982.00"),
                               amount_payable=Decimal("8982.00"), instalments=_instalments(Decimal("8982.00"),
                                                                                          D(2027, 4, 1)), **common)
    more = NoticeChargeLine("rates_discretionary", "Discretionary relief 20%", Decimal("-499.00"),
                            D(2027, 10, 1), D(2028, 3, 31), Decimal(20))
    adjusted = RatesAdjustmentNotice(header=attrs.evolve(header, issue_date=D(2027, 10, 5)),
                                     charge_lines=(gross, relief, more), total_charge=Decimal("8483.00"),
                                     amount_payable=Decimal("8483.00"),
                                     instalments=_instalments(Decimal("8483.00"), D(2027, 11, 1), 5),
                                     previous_charge=Decimal("8982.00"), **common)
    return {"rates_demand_notice": demand, "rates_adjustment_notice": adjusted}


_FIRST = ["J", "A", "M", "S", "R", "K", "D", "L", "P", "T"]
_SURNAMES = ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Patel", "Khan"]
_STREETS = ["Acacia Avenue", "Station Road", "Church Lane", "High Street", "Mill Close", "Park View", "Orchard Way"]
_TOWNS = [("Little Demo", "Demoton"), ("Upper Demo", "Demoton"), ("Demo Magna", "Demoborough")]


def demo_bills(count: int, council: str = ENGLISH, seed: int = 2027) -> Iterator[AnnualBill]:
    """``count`` varied annual bills (bands, discounts, joint names, postcodes), the same for a seed."""
    rng = random.Random(seed)
    bands = "ABCDEFGH" if council == ENGLISH else "ABCDEFGHI"
    for serial in range(1, count + 1):
        surname = rng.choice(_SURNAMES)
        names = (f"Mr {rng.choice(_FIRST)} {surname}",) if rng.random() < 0.6 else (
            f"Mr {rng.choice(_FIRST)} {surname}",
            f"Mrs {rng.choice(_FIRST)} {surname}",
        )
        village, town = rng.choice(_TOWNS)
        postcode = f"DT{rng.randint(1, 12)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        yield sample_bill(
            council,
            serial=serial,
            band=rng.choice(bands),
            names=names,
            lines=(f"{rng.randint(1, 240)} {rng.choice(_STREETS)}", village, town),
            postcode=postcode,
            single_person=len(names) == 1,
            direct_debit=rng.random() < 0.7,
        )


def _person_samples(header: NoticeHeader) -> dict[str, Notice]:
    """The all-debts statement (:mod:`letters.person_statement`). Balances 412.50 + 160.01 +
    1,250.00 = 1,822.51; arrears 206.25 + 160.01 + 0.00 = 366.26 (the overpayment not yet due)."""
    from letters.person_statement import PersonDebtRow, PersonStatement

    rows = (PersonDebtRow("council_tax", "C00012346", Decimal("412.50"), Decimal("206.25")),
            PersonDebtRow("sundry_debt", "S00004567", Decimal("160.01"), Decimal("160.01")),
            PersonDebtRow("hb_overpayment", "H00000789", Decimal("1250.00"), Decimal("0.00")))
    return {"person_statement": PersonStatement(header=header, as_at=D(2027, 8, 2), rows=rows,
                                                balance=Decimal("1822.51"), arrears=Decimal("366.26"))}
