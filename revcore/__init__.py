"""revcore: the pure domain library of the revenues system.

No file, network, database or clock access: "today" is always a parameter. Money is
``decimal.Decimal`` in pounds (see :mod:`revcore.money`); dates are ``datetime.date`` and
every period includes its end day (see :mod:`revcore.periods`).
"""

__version__ = "0.1.0"
