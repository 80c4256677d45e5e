"""Council tax: properties, persons, liabilities, reliefs, and the explained, apportioned charge.

The public API, in one place::

    from revcore.ctax import Property, Liability, Tariff, charge, recalculate, what_if

See each module for the details: :mod:`.property`, :mod:`.persons`, :mod:`.liability`,
:mod:`.reliefs`, :mod:`.rules`, :mod:`.tariff`, :mod:`.charge`, :mod:`.explanation`,
:mod:`.recalculation`, :mod:`.whatif`.
"""

from revcore.ctax.charge import CHARGE_ROUNDING, charge
from revcore.dates import end_of_months
from revcore.ctax.errors import ChargeError, CtaxError, LiabilityError
from revcore.ctax.explanation import ChargeLine, Explanation, Step
from revcore.ctax.liability import Liability, LiabilityBasis, OwnerClass, check_liabilities
from revcore.ctax.persons import Person
from revcore.ctax.occupation import (
    UNDER_ADULT_AGE,
    Status,
    age_on,
    counted_on,
    discounts_from,
    disregard_problem,
    exemption_problem,
    is_adult,
    occupied_days,
)
from revcore.ctax.property import Address, BandEntry, Property
from revcore.ctax.reliefs import (
    DisabledReduction,
    Discount,
    DiscountReason,
    EmptyPeriod,
    Exemption,
    Reduction,
    ReductionKind,
    resident_discount,
)
from revcore.ctax.rules import (
    CountryRules,
    CtaxRules,
    DisabledRules,
    DiscountRates,
    Disregard,
    ExemptionClass,
    ExemptionSchedule,
    LimitRunsFrom,
    Occupation,
    PremiumException,
    PremiumExceptionSchedule,
    PremiumLimits,
)
from revcore.ctax.recalculation import Recalculation, YearDifference, recalculate
from revcore.ctax.tariff import Tariff
from revcore.ctax.whatif import (
    AddDisabledReduction,
    AddDiscount,
    AddEmptyPeriod,
    AddExemption,
    AddReduction,
    BandChange,
    Change,
    EndAwards,
    EndDiscount,
    EndExemption,
    MoveOut,
    WhatIf,
    apply_change,
    what_if,
)

__all__ = [
    "Occupation",
    "Status",
    "UNDER_ADULT_AGE",
    "age_on",
    "counted_on",
    "discounts_from",
    "disregard_problem",
    "exemption_problem",
    "is_adult",
    "occupied_days",
    "AddDisabledReduction",
    "AddDiscount",
    "AddEmptyPeriod",
    "AddExemption",
    "AddReduction",
    "BandChange",
    "Change",
    "EndAwards",
    "EndDiscount",
    "EndExemption",
    "MoveOut",
    "Recalculation",
    "WhatIf",
    "YearDifference",
    "apply_change",
    "recalculate",
    "what_if",
    "Address",
    "BandEntry",
    "CHARGE_ROUNDING",
    "ChargeError",
    "ChargeLine",
    "CountryRules",
    "CtaxError",
    "CtaxRules",
    "DisabledReduction",
    "DisabledRules",
    "Discount",
    "DiscountRates",
    "DiscountReason",
    "Disregard",
    "EmptyPeriod",
    "Exemption",
    "ExemptionClass",
    "ExemptionSchedule",
    "Explanation",
    "Liability",
    "LiabilityBasis",
    "LiabilityError",
    "LimitRunsFrom",
    "OwnerClass",
    "Person",
    "PremiumException",
    "PremiumExceptionSchedule",
    "PremiumLimits",
    "Property",
    "Reduction",
    "ReductionKind",
    "Step",
    "Tariff",
    "charge",
    "check_liabilities",
    "end_of_months",
    "resident_discount",
]
