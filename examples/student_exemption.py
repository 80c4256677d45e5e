"""Student exemption: a house shared by two students (Demo District, invented figures).

Priya Shah and Tom Reed rent 3 Station Road, Demoton (band B) from 1 September 2026. They are
billed from that day as ordinary residents. On 5 October they bring certificates from their
university showing they are full-time students: a dwelling occupied only by students is exempt
(class N), so the bill is recalculated from the day they moved in and what they paid comes back.

Run it: ``python examples/student_exemption.py`` from the repository root.
"""

from __future__ import annotations

import attrs

from _common import LIMITS, TARIFF, D, Person, account, bill, dwelling, heading, money, pay_instalments, say, show_bill
from revcore.ctax import Exemption, recalculate
from revcore.periods import FinancialYear

YEAR = FinancialYear(2026)


def main() -> None:
    home = dwelling(3, "3 Station Road", "Demoton", "DM1 4QT", "UNP", "B")
    priya = Person("PER0000011", "Priya Shah")
    tom = Person("PER0000012", "Tom Reed")

    heading("1. Two new tenants, billed as residents")
    say("Both are residents, so both are jointly and severally liable (LGFA 1992 s.6(3)). Nothing is known yet "
        "about their studies, so they are billed the full charge from 1 September.")
    students = account(11, home, (priya, tom), D(2026, 9, 1))
    students = bill(students, home, YEAR, D(2026, 9, 4))
    first = students.bills[-1]
    show_bill(first, "Priya Shah & Tom Reed, 3 Station Road")
    students = pay_instalments(students, YEAR, D(2026, 10, 1))
    say(f"They pay the first instalment on 1 October: balance {money(students.ledger.balance)}.")

    heading("2. Student certificates arrive on 5 October")
    klass = TARIFF.rules.exemptions_on(D(2026, 9, 1)).get("N")
    say("Each is a full-time student, so every resident is a student: the dwelling is exempt under class N of "
        "the Council Tax (Exempt Dwellings) Order 1992 (SI 1992/558 art. 3) for as long as that is so, with no "
        "time limit. The exemption runs from the day they moved in, because that is when it first applied.")
    say(f"Class N in the rules table: {klass.description}.")
    liability = attrs.evolve(students.liability, exemptions=(Exemption("N", D(2026, 9, 1)),))
    students = bill(attrs.evolve(students, liability=liability), home, YEAR, D(2026, 10, 5))
    print(recalculate(first.explanation, students.bills[-1].explanation).render())
    show_bill(students.bills[-1], "Adjustment notice")
    credit = -students.ledger.balance
    say(f"The year now owes nothing; the {money(credit)} they paid is a credit on the account.")

    heading("3. Refunding the credit")
    say("A credit can be refunded on request; while the account is open it could also be left to meet a "
        "later charge. They ask for it back. The council's limit for one officer is "
        f"{money(LIMITS.refund_above)}, so this one needs no second officer.")
    from revcore.approvals import request_refund

    request = request_refund("R000011", students.reference, credit, "students' exemption backdated (class N)",
                             "b.okafor", D(2026, 10, 6), LIMITS)
    say(f"{request.explain()}.")
    ledger = students.ledger.refund(request, effective=D(2026, 10, 6), posted=D(2026, 10, 6))
    say(f"Refunded {money(credit)} on 6 October: the account stands at {money(ledger.balance)}. If either of "
        "them stops being a student, or a non-student moves in, the exemption ends that day and the charge "
        "(with a single person discount if only one adult is then counted) starts again.")


if __name__ == "__main__":
    main()
