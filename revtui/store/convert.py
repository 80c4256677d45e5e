"""cattrs conversion between revcore's frozen attrs classes and JSON documents.

The document form is plain JSON, chosen to read back exactly:

* ``Decimal`` as a string (``"123.40"``: the exponent, so the pence, survive); a number, a
  float above all, is refused when structuring rather than silently rounded;
* ``date`` as ``"YYYY-MM-DD"``, ``datetime`` as ISO 8601 with its offset;
* ``Fraction`` (an exact amount before rounding, e.g. a rates line) as ``"numerator/denominator"``;
* enums by value; tuples and sets as lists (back to tuples/frozensets from the class's types);
* nested attrs classes as objects, ``None`` for absent optional fields;
* unknown keys in a document are an error (a misspelt or unmigrated field is not dropped).
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from fractions import Fraction
import typing
from typing import Any

import attrs
import cattrs
from cattrs.v import format_exception

__all__ = ["make_converter", "describe_error"]


_REPEATS = 200_000
"""How many distinct texts each cache below keeps before starting again: dates and amounts
repeat across a council's accounts (instalment days, band charges), and a look-up costs a
fifth of parsing; bounded so a long job's memory does not grow with the store."""

_decimals: dict[str, Decimal] = {}
_dates: dict[str, date] = {}


def _structure_decimal(value: Any, _type: type) -> Decimal:
    try:
        return _decimals[value]  # Decimal is immutable: one object can serve every document
    except (KeyError, TypeError):
        pass
    if not isinstance(value, str):
        raise TypeError(f"expected an amount as text such as '12.34', got {value!r}")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not a finite amount")
    if len(_decimals) >= _REPEATS:
        _decimals.clear()
    _decimals[value] = amount
    return amount


def _structure_date(value: Any, _type: type) -> date:
    try:
        return _dates[value]
    except (KeyError, TypeError):
        pass
    if not isinstance(value, str) or len(value) != 10:
        raise TypeError(f"expected a date as 'YYYY-MM-DD', got {value!r}")
    day = date.fromisoformat(value)
    if len(_dates) >= _REPEATS:
        _dates.clear()
    _dates[value] = day
    return day


def _structure_datetime(value: Any, _type: type) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected a date and time in ISO 8601, got {value!r}")
    return datetime.fromisoformat(value)


def _structure_fraction(value: Any, _type: type) -> Fraction:
    if not isinstance(value, str) or "/" not in value:
        raise TypeError(f"expected an exact amount as 'numerator/denominator', got {value!r}")
    return Fraction(value)


def _unstructure_fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _unstructure_date(value: date) -> str:
    if isinstance(value, datetime):
        raise TypeError(f"expected a date, got the date and time {value!r}")
    return value.isoformat()


def make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """A converter for store documents (see the module docstring for the document form).

    ``detailed=False`` converts faster but its errors do not say where in the document they
    are: give them to :func:`describe_error` after converting again with a detailed converter.
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        unstruct_collection_overrides={Set: list},
        detailed_validation=detailed,
    )
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(date, _unstructure_date)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(Fraction, _unstructure_fraction)
    converter.register_structure_hook(Fraction, _structure_fraction)
    if not detailed:  # the detailed converter keeps cattrs' own, which says which item was wrong
        converter.register_structure_hook_factory(_is_homogeneous_tuple, _homogeneous_tuple_hook)
        converter.register_structure_hook_factory(_is_enum, _enum_hook)
        converter.register_structure_hook_factory(_is_single_value, _single_value_hook)
    return converter


def _is_single_value(type_: Any) -> bool:
    """A frozen attrs class of one int or str field (a financial year): its values repeat."""
    if not (isinstance(type_, type) and attrs.has(type_)) or type_.__setattr__ is object.__setattr__:
        return False
    fields = attrs.fields(type_)
    return len(fields) == 1 and fields[0].type in (int, str, "int", "str") and fields[0].init


def _single_value_hook(type_: type, converter: cattrs.Converter) -> Any:
    """The one object per value, made (and validated) once by cattrs' own hook: a financial
    year is read two million times in a recovery run, and constructing it was a tenth of that."""
    general = converter.gen_structure_attrs_fromdict(type_)
    name = attrs.fields(type_)[0].name
    made: dict[Any, Any] = {}

    def structure(value: Any, _type: Any) -> Any:
        if type(value) is dict and len(value) == 1:
            key = value.get(name)
            found = made.get(key) if isinstance(key, (int, str)) and type(key) is not bool else None
            if found is not None:
                return found
            result = general(value, type_)
            if len(made) < _REPEATS:
                made[key] = result
            return result
        return general(value, type_)

    return structure


def _is_enum(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, Enum)


def _enum_hook(type_: type[Enum], _converter: cattrs.Converter) -> Any:
    """An enum member from its value by one dictionary look-up (the values read are the members'
    own): calling the enum class costs a tenth of reading an account."""
    members = {member.value: member for member in type_}

    def structure(value: Any, _type: Any) -> Enum:
        try:
            return members[value]
        except (KeyError, TypeError):
            raise ValueError(f"{value!r} is not a valid {type_.__name__}") from None

    return structure


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _homogeneous_tuple_hook(type_: Any, converter: cattrs.Converter) -> Any:
    """``tuple[X, ...]`` from a list, X's hook looked up once, not per item: a ledger's entries are
    the bulk of an account, and cattrs' general tuple hook costs a third of reading one."""
    inner = typing.get_args(type_)[0]
    handler = converter.get_structure_hook(inner)

    def structure(value: Any, _type: Any) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return tuple([handler(item, inner) for item in value])

    return structure


def describe_error(exc: BaseException) -> str:
    """cattrs' nested validation errors as one line per problem, each with its path."""
    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc, path="document", format_exception=_format))
    return f"{type(exc).__name__}: {exc}"


def _format(exc: BaseException, type_: type | None) -> str:
    # cattrs' wording ("invalid value") plus the validator's own message, which says why.
    general = format_exception(exc, type_)
    detail = str(exc)
    if not detail or isinstance(exc, (KeyError, cattrs.ForbiddenExtraKeysError)) or detail in general:
        return general
    return f"{general} ({detail})"
