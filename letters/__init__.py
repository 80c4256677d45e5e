"""Notices on paper: view models, templates (English and bilingual Welsh), PDF rendering,
bulk print runs and the records that let an issued notice be reprinted exactly.

- :mod:`letters.model`: the view models, one frozen attrs class per notice type, registered by name.
- :mod:`letters.branding`: a council's branding and wording (built by :mod:`revtui.branding`).
- :mod:`letters.render`: HTML per notice, PDF per batch, single-notice preview.
- :mod:`letters.printrun`: postcode-sorted batches with mail-house index CSVs; draft, check,
  approve and release a run.
- :mod:`letters.issued`: the stored record of an issued notice, and reprint.
- :mod:`letters.adapters`: view models from the charge engine, instalment schedules and recovery events
  (annual bill, adjustment notice, reminder, final notice); the store side is
  :mod:`revtui.services.notices`.

Adding a notice type is a view-model class decorated with ``@notice_type(name, version)`` in
:mod:`letters.model` and a template ``templates/<name>.html.j2`` (with its wording in
``locales/en.toml`` and ``locales/cy.toml``).
"""

# The recovery notices of business rates and invoiced debts register their types on import.
import letters.recovery_notices  # noqa: E402,F401
import letters.person_statement  # noqa: E402,F401
