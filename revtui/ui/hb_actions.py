"""What an officer can do to an HB overpayment from its account view: choose the recovery route
(deduction from ongoing HB, direct earnings attachment, invoice) and write off the irrecoverable
part. Each is an :class:`~revtui.ui.actions.ActionSpec` for the usual form and confirmation."""

from __future__ import annotations

from revtui.services import hb_deductions, hb_recovery
from revtui.ui.actions import ActionSpec, Field

__all__ = ["hb_actions"]


def hb_actions(reference: str) -> tuple[ActionSpec, ...]:
    """The actions on the HB overpayment ``reference``, by key."""
    return (
        ActionSpec("d", "Deduct from ongoing HB", "At the prescribed weekly rate (HB Regs 2006 reg 102), or less",
                   (Field("first", "First benefit week (a Monday)", "30/11/2026"),
                    Field("award", "Weekly HB award", "120.00"),
                    Field("disregard", "Earned income disregard (if any)", "0.00"),
                    Field("agreed", "Agreed lower weekly amount (blank: maximum)", "")),
                   lambda s, f, v: hb_deductions.propose_deductions(s, reference, v)),
        ActionSpec("e", "Direct earnings attachment", "The employer deducts by the SI 2013/384 tables",
                   (Field("employer", "Employer", "Ashby Foods Ltd"),
                    Field("address", "Employer's address (commas)", "Unit 4, Mill Road, DM2 2BB"),
                    Field("payroll", "Payroll number", "AF1234"), Field("ni", "NI number", "QQ123456C"),
                    Field("frequency", "Pay: w weekly, m monthly", "m")),
                   lambda s, f, v: hb_recovery.propose_dea(s, reference, v)),
        ActionSpec("i", "Invoice the balance", "The balance moves to a sundry invoice",
                   (Field("address", "Debtor's address (commas)", "1 Mill Lane, Ashby Parva, DM1 1AB"),),
                   lambda s, f, v: hb_recovery.propose_invoice(s, reference, v)),
        ActionSpec("w", "Write off", "The irrecoverable part; above your limit a second officer authorises",
                   (Field("amount", "Amount", "50.00"), Field("reason", "Why it cannot be recovered", "claimant died"),
                    Field("category", "Write-off category", "deceased_no_estate, absconded_untraced...")),
                   lambda s, f, v: hb_recovery.propose_write_off(s, reference, v), permission="write_off.request"),
    )
