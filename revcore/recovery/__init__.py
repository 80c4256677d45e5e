"""Recovery of council tax, business rates and invoiced debts: stages as data, holds, arrangements, the daily run.

Public API (see each module):

- :mod:`revcore.recovery.position`: the input, an :class:`AccountPosition` per account
  (years with instalments, payments and history; holds; arrangement; debtor), built from the
  ledger and schedules by :func:`position_from_ledger` (:mod:`revcore.recovery.from_ledger`).
- :mod:`revcore.recovery.rules`: :class:`StageSet`, :class:`RecoveryRules` and the statutory
  limits that refuse an unlawful stage set.
- :mod:`revcore.recovery.run`: :func:`run_recovery`, :func:`preview_next_run` (for
  :func:`next_run_day`), :func:`apply_plan`, :class:`RecoveryPlan`; :func:`quiet_year`, the run's
  rule for a year with nothing done and nothing missed, for callers that skip building positions.
- :mod:`revcore.recovery.court`: summons batches, moved hearings, the liability order list.
- :mod:`revcore.recovery.aeo` and :mod:`revcore.recovery.fees`: the attachment of earnings
  tables and enforcement agent fees.
- :mod:`revcore.recovery.attachments`: several attachments at one employer (council tax orders
  and DEAs): priority, each on the residue, the two-order limit, one remittance shared.
- :mod:`revcore.recovery.holds`: Breathing Space holds and days paused.
- :mod:`revcore.recovery.invoiced`: sundry debts and invoiced HB overpayments (reminder, final
  reminder, letter of claim, referral), the same actions and plan.
"""

from revcore.recovery.aeo import AeoDeduction, aeo_deduction
from revcore.recovery.attachments import (AEO_LIMIT, AttachmentError, AttachmentKind, CoveredDebt, OrderDeduction,
                                          OrderInForce, check_aeo_limit, in_priority, pay_day_deductions,
                                          share_remittance, split_across_debts)
from revcore.recovery.court import (
    LateService,
    LiabilityOrderList,
    SummonsBatch,
    batch_for_hearing,
    liability_order_list,
    move_hearing,
    summons_batch,
)
from revcore.recovery.engine import Action, RunContext, YearState, quiet_year
from revcore.recovery.fees import EaFee, ea_fee
from revcore.recovery.from_ledger import position_from_ledger
from revcore.recovery.invoiced import InvoicedDebt, InvoiceRecoveryRules, InvoiceStages, assess_invoiced, run_invoiced
from revcore.recovery.holds import breathing_space, days_paused, mental_health_crisis
from revcore.recovery.position import (
    AccountPosition,
    Arrangement,
    DebtorMeans,
    Employment,
    Hold,
    Instalment,
    Payment,
    StageEvent,
    YearPosition,
)
from revcore.recovery.rules import RecoveryConfigError, RecoveryRules, StageSet
from revcore.recovery.run import RecoveryPlan, apply_actions, apply_plan, next_run_day, preview_next_run, run_recovery

__all__ = [
    "AccountPosition", "Action", "AeoDeduction", "Arrangement", "DebtorMeans", "EaFee", "Employment", "Hold",
    "Instalment", "LateService", "LiabilityOrderList", "Payment", "RecoveryConfigError", "RecoveryPlan",
    "RecoveryRules", "StageEvent", "StageSet", "SummonsBatch", "YearPosition", "YearState", "aeo_deduction",
    "apply_actions", "apply_plan", "breathing_space", "days_paused", "ea_fee", "liability_order_list",
    "mental_health_crisis", "move_hearing", "next_run_day", "position_from_ledger", "preview_next_run", "quiet_year",
    "RunContext", "run_recovery", "summons_batch",
    "InvoicedDebt", "InvoiceRecoveryRules", "InvoiceStages", "assess_invoiced", "run_invoiced",
    "AEO_LIMIT", "AttachmentError", "AttachmentKind", "CoveredDebt", "OrderDeduction", "OrderInForce",
    "check_aeo_limit", "in_priority", "pay_day_deductions", "share_remittance", "split_across_debts",
]
