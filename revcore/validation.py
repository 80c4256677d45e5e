"""Type checks at construction, shared by revcore's frozen classes.

A value of the wrong type is refused where it is given, with a message naming the field and
the type expected, instead of failing later with an unrelated message: a string given for a
tuple of names is not split into letters, a string given for an enum does not reach the rules.

- :func:`member_of`: validator for an enum field (the message lists the members).
- :func:`instance_of`: validator for any other type.
- :func:`no_text_for_tuples`: ``field_transformer`` for classes with tuple fields.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeAlias, TypeVar, cast

import attrs

__all__ = ["AnyField", "WrongType", "member_of", "instance_of", "no_text_for_tuples", "decimal_from_int"]

AnyField: TypeAlias = "attrs.Attribute[Any]"
"""The ``attribute`` a validator is given. A validator reads only its name, and one shared by
fields of different types cannot name a single type for it (attrs' stubs type it per field)."""

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")


class WrongType(TypeError, ValueError):
    """A value of the wrong type for a field. Also a ``ValueError``, so callers that report bad
    input (which catch ``ValueError``) report this too."""


def _where(instance: object, attribute: AnyField) -> str:
    return f"{type(instance).__name__}.{attribute.name}"


def _a(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def _got(value: object) -> str:
    return f"got {value!r} ({_a(type(value).__name__)})"


def member_of(kind: type[E]) -> Callable[[object, AnyField, E], None]:
    """Validator: the value is a member of the enum ``kind`` (not its value as a string)."""

    def check(instance: object, attribute: AnyField, value: E) -> None:
        if not isinstance(value, kind):
            members = ", ".join(f"{kind.__name__}.{member.name}" for member in kind)
            raise WrongType(f"{_where(instance, attribute)}: expected {_a(kind.__name__)} (one of {members}), {_got(value)}")

    return check


def instance_of(kind: type[T]) -> Callable[[object, AnyField, T], None]:
    """Validator: the value is a ``kind`` (for enums use :func:`member_of`, which lists the members)."""

    def check(instance: object, attribute: AnyField, value: T) -> None:
        if not isinstance(value, kind):
            raise WrongType(f"{_where(instance, attribute)}: expected {_a(kind.__name__)}, {_got(value)}")

    return check


def decimal_from_int(value: Decimal | int) -> Decimal:
    """Converter for amounts in whole pounds: an ``int`` becomes the same ``Decimal``. Anything
    else is passed on unchanged for the field's validator to refuse with the field's name (a
    converter is not told it); a float is never turned into money."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return cast(Decimal, value)  # a Decimal, or a wrong type the validator refuses


def _tuple_converter(name: str, kind: str) -> Callable[[Iterable[T]], tuple[T, ...]]:
    def convert(value: Iterable[T]) -> tuple[T, ...]:
        if type(value) is tuple:  # the usual case, and on hot paths (ledger entries): kept as it is
            return value
        if isinstance(value, (str, bytes)):
            raise WrongType(f"{name}: expected a tuple of {kind}, got the text {value!r}; "
                            f"put it in a tuple (({value!r},)) if it is the only one")
        if not isinstance(value, Iterable):
            raise WrongType(f"{name}: expected a tuple of {kind}, {_got(value)}")
        return tuple(value)

    setattr(convert, "makes_a_tuple", True)  # like ``tuple``: the store's read-back check relies on it
    return convert


def _element_name(converter: object) -> str | None:
    """``tuple`` -> "items"; ``tuple[Discount, ...]`` -> "Discount"; anything else -> None."""
    if converter is tuple:
        return "items"
    if isinstance(converter, types.GenericAlias) and converter.__origin__ is tuple:
        args = converter.__args__
        element = args[0] if args else None
        return getattr(element, "__name__", None) or str(element)
    return None


def no_text_for_tuples(cls: type, fields: list[AnyField]) -> list[AnyField]:
    """``field_transformer``: a field converted by ``tuple`` (or ``tuple[X, ...]``, which tells mypy
    the element type) refuses a bare string instead of splitting it into characters."""
    changed: list[AnyField] = []
    for field in fields:
        kind = _element_name(field.converter)
        if kind is not None:
            field = field.evolve(converter=_tuple_converter(f"{cls.__name__}.{field.name}", kind))
        changed.append(field)
    return changed
