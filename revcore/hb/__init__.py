"""Housing Benefit overpayments (HB Regs 2006 Part 13): the amount overpaid, its cause and
recoverability, recovery from ongoing HB and by direct earnings attachment, and the invoice for
what is left. Pure: the dated figures come in as :class:`~revcore.dated.DatedTable` values from
``refdata.hb``."""

from revcore.hb.classification import Cause, Classification, ClassificationError, Overpayment, Payee
from revcore.hb.decision import (DEA_NOTICE_DAYS, DeaOrder, DecisionError, PayFrequency, YEAR_SHARE, apportion_by_year,
                                 overpayment_from_decision)
from revcore.hb.dea import DeaDeduction, DeaError, DeaSchedule, DeaTable, DeaBand, dea_deduction
from revcore.hb.deductions import (
    UP_TO_5P,
    DeductionError,
    DeductionRates,
    DeductionPlan,
    WeeklyMaximum,
    plan_recovery,
    weekly_maximum,
)
from revcore.hb.invoicing import (deduct_from_benefit, deduction_source, open_overpayment_ledger, overpayment_invoice,
                                  post_deduction)
from revcore.hb.overpayment import (
    PART_WEEK,
    OverpaymentCalculation,
    OverpaymentError,
    OverpaymentLine,
    benefit_week_start,
    calculate_overpayment,
    change_takes_effect,
    weekly_amounts,
)

__all__ = [
    "Cause", "Classification", "ClassificationError", "Overpayment", "Payee",
    "DEA_NOTICE_DAYS", "DeaOrder", "DecisionError", "PayFrequency", "YEAR_SHARE", "apportion_by_year", "overpayment_from_decision",
    "DeaBand", "DeaDeduction", "DeaError", "DeaSchedule", "DeaTable", "dea_deduction",
    "UP_TO_5P", "DeductionError", "DeductionRates", "DeductionPlan", "WeeklyMaximum", "plan_recovery", "weekly_maximum",
    "deduct_from_benefit", "deduction_source", "post_deduction", "open_overpayment_ledger", "overpayment_invoice",
    "PART_WEEK", "OverpaymentCalculation", "OverpaymentError", "OverpaymentLine", "benefit_week_start",
    "calculate_overpayment", "change_takes_effect", "weekly_amounts",
]
