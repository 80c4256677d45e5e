"""The Charges section shows the account's whole history by year: years charged before this
system's first bill (balances brought forward from the council's earlier system) are listed
before the bills, so an account liable since 2014 does not look as if it began in 2026/27."""

import datetime as dt
from decimal import Decimal

from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revtui.ui.widgets.sections import _brought_forward_rows


def test_years_without_a_bill_here_are_listed_as_brought_forward():
    day = dt.date(2026, 3, 10)
    ledger = Ledger("C00000019")
    for year, amount in ((2019, "1120.40"), (2019, "35.00"), (2025, "1501.10"), (2026, "1600.00")):
        ledger = ledger.charge(FinancialYear(year), Decimal(amount), effective=day, posted=day, reason="migrated")
    rows = _brought_forward_rows(ledger, billed={2026})
    assert rows == ["Brought forward from the earlier system (no bill issued here):",
                    "  2019/20: charged £1,155.40",  # 1,120.40 + 35.00
                    "  2025/26: charged £1,501.10", ""]
    assert _brought_forward_rows(ledger, billed={2019, 2025, 2026}) == []
