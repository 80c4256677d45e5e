"""The reports managers run, each as at any past day from the ledger's posting dates.

Every report is a function ``(store, as_at, **options) -> Report`` (rows, CSV, text); the
command line gives CSV: ``revtui --store PATH report NAME --as-at DATE``. Collection,
arrears and cash read every kind of account and show each kind on its own (``kind`` column).

============================  ==========================================================
``collection``                in-year collection of each kind against the profile (a chart)
``arrears``                   arrears by kind, financial year and recovery stage
``valuation``                 dwellings by band against the Valuation Office list
``valuation-exceptions``      each dwelling where our records and the list differ
``nndr-valuation``            business rates hereditaments and RV against the VOA rating list
``nndr-valuation-exceptions`` each hereditament where our accounts and the rating list differ
``cash``                      daily cash and Direct Debit reconciliation
``suspense``                  payments held in suspense
``approvals``                 refunds and write-offs by authorising officer
============================  ==========================================================
"""

from revtui.reports.arrears import arrears_by_year
from revtui.reports.cash import daily_cash, refunds_and_write_offs, suspense_held
from revtui.reports.collection import collection_chart, collection_rate
from revtui.reports.report import Report
from revtui.reports.valuation import valuation_by_band, valuation_exceptions
from revtui.reports.nndr_valuation import NNDR_REPORTS  # nndr-valuation, nndr-valuation-exceptions

REPORTS = {
    "collection": collection_rate,
    "arrears": arrears_by_year,
    "valuation": valuation_by_band,
    "valuation-exceptions": valuation_exceptions,
    "cash": daily_cash,
    "suspense": suspense_held,
    "approvals": refunds_and_write_offs,
    **NNDR_REPORTS,
}

__all__ = ["REPORTS", "Report", "arrears_by_year", "collection_chart", "collection_rate", "daily_cash",
           "refunds_and_write_offs", "suspense_held", "valuation_by_band", "valuation_exceptions"]
