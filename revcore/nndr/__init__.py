"""Business rates (non-domestic rates): hereditaments, liabilities, reliefs, and the explained,
apportioned charge (LGFA 1988 Part III, https://legislation.gov.uk/ukpga/1988/41/part/III).

The public API, in one place::

    from revcore.nndr import Hereditament, RateableValue, RatesLiability, Relief, charge, rates_bill

Statutory figures come from ``refdata/tables/nndr/`` through :func:`refdata.nndr.load_rates_rules`.
See :mod:`.hereditament`, :mod:`.liability`, :mod:`.reliefs`, :mod:`.rules`, :mod:`.charge`,
:mod:`.explanation`, :mod:`.bill`.
"""

from revcore.nndr.bill import RatesBill, rates_bill
from revcore.nndr.charge import CHARGE_ROUNDING, charge
from revcore.nndr.errors import RatesError
from revcore.nndr.explanation import RatesExplanation, RatesLine
from revcore.nndr.hereditament import Hereditament, RateableValue
from revcore.nndr.interest import (
    InterestRate, InterestRules, RepaymentInterest, overpaid_slices, repayment_interest, year_payments,
)
from revcore.nndr.liability import RatesLiability, empty_since
from revcore.nndr.reliefs import EmptyExclusion, PartOccupation, Relief, ReliefKind
from revcore.nndr.rules import (
    CharityRelief, EmptyRules, Multiplier, MultiplierSet, RatesRules, RhlRelief, RvCondition, SmallBusinessScheme,
)

__all__ = [
    "CHARGE_ROUNDING",
    "CharityRelief",
    "EmptyExclusion",
    "EmptyRules",
    "Hereditament",
    "InterestRate",
    "InterestRules",
    "Multiplier",
    "MultiplierSet",
    "PartOccupation",
    "RateableValue",
    "RatesBill",
    "RatesError",
    "RatesExplanation",
    "RatesLiability",
    "RatesLine",
    "RatesRules",
    "Relief",
    "ReliefKind",
    "RepaymentInterest",
    "RhlRelief",
    "RvCondition",
    "SmallBusinessScheme",
    "charge",
    "empty_since",
    "overpaid_slices",
    "rates_bill",
    "repayment_interest",
    "year_payments",
]
