"""A council's branding and wording for its notices, built from ``letters/<council>.toml`` in the council folder
by :mod:`revtui.branding`. Nothing council-specific lives in templates or code."""

from __future__ import annotations

import base64

import attrs

from letters.model import LocalText

__all__ = ["Branding", "WayToPay", "Signatory", "LANGUAGES"]

LANGUAGES = ("en", "cy")


@attrs.frozen
class WayToPay:
    """A way to pay, as the bill's "how to pay" lists it."""

    code: str
    title: LocalText
    details: LocalText


@attrs.frozen
class Signatory:
    name: str
    title: LocalText


def _languages(instance, attribute, value: tuple[str, ...]) -> None:
    if not value or any(lang not in LANGUAGES for lang in value):
        raise ValueError(f"Branding {instance.council_id}: languages {value!r} must be from {LANGUAGES}")


@attrs.frozen
class Branding:
    """Who the council is and how its notices look and read.

    ``logo_svg`` is the SVG text of the logo (config names the file).
    ``languages`` is the order each notice is printed in: ``("cy", "en")`` for a council in
    Wales (every notice bilingual, Welsh first), ``("en",)`` in England. ``wording`` holds
    the council's overrides of catalogue entries, per language, keyed like the catalogue.
    """

    council_id: str
    name: LocalText
    country: str = attrs.field(validator=attrs.validators.in_(("england", "wales")))
    languages: tuple[str, ...] = attrs.field(converter=tuple, validator=_languages)
    logo_svg: str
    address_lines: tuple[str, ...] = attrs.field(converter=tuple)
    postcode: str
    phone: str
    email: str
    website: str
    opening_hours: LocalText
    information_url: str
    payment_methods: tuple[WayToPay, ...] = attrs.field(converter=tuple)
    signatory: Signatory
    wording: dict[str, dict[str, str]] = attrs.field(factory=dict)

    @property
    def logo_uri(self) -> str:
        """The logo as a ``data:`` URI: the branding carries the image itself, so a notice
        stored with its branding reprints with the logo it was issued with."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.logo_svg.encode()).decode()

    def __attrs_post_init__(self) -> None:
        if self.country == "wales" and "cy" not in self.languages:
            raise ValueError(f"Branding {self.council_id}: a council in Wales sends notices in Welsh too")
        if "cy" in self.languages:
            texts = [("name", self.name), ("opening_hours", self.opening_hours), ("signatory", self.signatory.title)]
            texts += [(f"payment method {m.code}", m.title) for m in self.payment_methods]
            texts += [(f"payment method {m.code} details", m.details) for m in self.payment_methods]
            missing = [where for where, text in texts if not text.cy]
            if missing:
                raise ValueError(f"Branding {self.council_id}: Welsh text missing for {', '.join(missing)}")
