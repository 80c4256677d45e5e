"""What the application keeps: the stored records of the council, one module per kind of record.

- :mod:`revtui.records.ctax`: council tax accounts, their bills, notices and Direct Debits, and
  :func:`~revtui.records.ctax.open_records` (the council tax repository and its indexes);
- :mod:`revtui.records.rates`, :mod:`revtui.records.sundry`: business rates, sundry and HB accounts;
- :mod:`revtui.records.rating_list`: the Valuation Office's rating list as imported;
- :mod:`revtui.records.payments`: payment import runs and suspense;
- :mod:`revtui.records.notices`: the notices issued, kept for reprinting;
- :mod:`revtui.records.notice_versions`: the versions of templates, wording and formats they were issued with;
- :mod:`revtui.records.hb_files`: the benefits system's HB decision and deduction files as imported.

Records are frozen attrs classes; the store's cattrs converter turns them into documents. Only
services write them (``docs/architecture.md``).
"""
