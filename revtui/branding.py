"""Councils' notice branding and the officers' general-letter wording, from ``letters/`` in the
council folder.

Here in the application, not in :mod:`refdata`, because it builds :mod:`letters` objects: refdata
and letters know nothing of each other (``[tool.importlinter]`` in pyproject.toml).

``letters/<council_id>.toml`` in the council folder gives a council's name, logo (an SVG beside it), address,
contact details, payment methods, signatory and wording overrides; ``general_letters.toml``
holds the wording templates an officer completes.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any, Mapping

from letters.branding import Branding, WayToPay, Signatory
from letters.model import GeneralLetter, LocalText, ModelError, NoticeHeader
from refdata import DataError, council_dir, load_council_toml, load_toml

__all__ = ["load_branding", "general_letter_templates", "complete_general_letter", "asc_shown_separately",
           "welsh_authority_names"]


def asc_shown_separately(country: str, year: int) -> bool:
    """Whether a demand notice for the financial year starting 1 April ``year`` shows the adult
    social care precept as its own line (``ctax/demand_notices.toml``: England 2016/17 to
    2024/25; not from 2025/26, SI 2025/8)."""
    where = "ctax/demand_notices.toml"
    rules = [r for r in load_toml(where)["rule"] if r["country"] == country and r["effective_from"].year <= year]
    if not rules:
        raise DataError(f"{where}: no rule for {country} in {year}")
    return bool(max(rules, key=lambda r: r["effective_from"])["asc_separate"])


def _text(value: Any, where: str) -> LocalText:
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, Mapping) or not isinstance(value.get("en"), str) or not value["en"].strip():
        raise DataError(f"{where}: give the text as {{ en = \"...\", cy = \"...\" }}")
    unknown = set(value) - {"en", "cy"}
    if unknown:
        raise DataError(f"{where}: unknown language {', '.join(sorted(unknown))}")
    return LocalText(value["en"], value.get("cy"))


def _require(table: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise DataError(f"{where}: {key} is missing")
    return table[key]


def load_branding(council_id: str, data_dir: Path | None = None) -> Branding:
    """The branding for ``council_id`` from ``letters/<council_id>.toml`` in the council folder."""
    base = (data_dir or council_dir()) / "letters"
    where = f"letters/{council_id}.toml"
    table = load_council_toml(f"letters/{council_id}.toml", data_dir)
    if table.get("council_id") != council_id:
        raise DataError(f"{where}: council_id is {table.get('council_id')!r}, expected {council_id!r}")
    logo = base / _require(table, "logo", where)
    if not logo.is_file():
        raise DataError(f"{where}: logo {logo} does not exist")
    signatory = _require(table, "signatory", where)
    methods = [
        WayToPay(
            _require(m, "code", f"{where} payment method {i}"),
            _text(_require(m, "title", f"{where} payment method {i}"), f"{where} payment method {i} title"),
            _text(_require(m, "details", f"{where} payment method {i}"), f"{where} payment method {i} details"),
        )
        for i, m in enumerate(_require(table, "payment_methods", where), start=1)
    ]
    wording = table.get("wording", {})
    try:
        return Branding(
            council_id=council_id,
            name=_text(_require(table, "name", where), f"{where} name"),
            country=_require(table, "country", where),
            languages=_require(table, "languages", where),
            logo_svg=logo.read_text(encoding="utf-8"),
            address_lines=_require(table, "address_lines", where),
            postcode=_require(table, "postcode", where),
            phone=_require(table, "phone", where),
            email=_require(table, "email", where),
            website=_require(table, "website", where),
            opening_hours=_text(_require(table, "opening_hours", where), f"{where} opening_hours"),
            information_url=_require(table, "information_url", where),
            payment_methods=methods,
            signatory=Signatory(_require(signatory, "name", f"{where} signatory"), _text(_require(signatory, "title", f"{where} signatory"), f"{where} signatory title")),
            wording={lang: dict(entries) for lang, entries in wording.items()},
        )
    except (ValueError, ModelError) as error:
        raise DataError(f"{where}: {error}") from None


def welsh_authority_names(council_id: str, data_dir: Path | None = None) -> dict[str, str]:
    """The Welsh names of the council's authorities by code, from ``[authority_names] CODE =
    { cy = "..." }`` in ``letters/<council_id>.toml`` (none for a council printing only English)."""
    where = f"letters/{council_id}.toml"
    table = load_council_toml(where, data_dir).get("authority_names", {})
    return {code: _text({"en": code, **value}, f"{where} authority_names.{code}").cy or ""
            for code, value in table.items() if isinstance(value, Mapping) and value.get("cy")}


def general_letter_templates(data_dir: Path | None = None) -> dict[str, Mapping[str, Any]]:
    """The officer's letter templates by key (``request_for_information``...)."""
    return dict(load_council_toml("letters/general_letters.toml", data_dir))


def _fill(text: LocalText, fields: Mapping[str, LocalText], where: str) -> LocalText:
    def one(template: str | None, lang: str) -> str | None:
        if template is None:
            return None
        values = {}
        for _, name, _, _ in string.Formatter().parse(template):
            if name:
                value = fields[name].get(lang)
                if value is None:
                    raise DataError(f"{where}: field {name!r} has no Welsh text")
                values[name] = value
        return template.format(**values)

    return LocalText(one(text.en, "en"), one(text.cy, "cy"))


def complete_general_letter(
    key: str,
    header: NoticeHeader,
    fields: Mapping[str, str | LocalText],
    *,
    reply_by=None,
    data_dir: Path | None = None,
) -> GeneralLetter:
    """A :class:`GeneralLetter` from template ``key`` with the officer's ``fields`` filled in.

    A plain ``str`` field is used in every language; give a :class:`LocalText` where the
    wording differs (an answer written in English and Welsh).
    """
    templates = general_letter_templates(data_dir)
    where = f"letters/general_letters.toml [{key}]"
    if key not in templates:
        raise DataError(f"no general letter template {key!r} (have {', '.join(sorted(templates))})")
    template = templates[key]
    wanted = set(_require(template, "fields", where))
    missing, extra = wanted - set(fields), set(fields) - wanted
    if missing or extra:
        raise DataError(
            f"{where}: fields missing {sorted(missing)}, not expected {sorted(extra)}"
        )
    filled = {name: value if isinstance(value, LocalText) else LocalText(value, value) for name, value in fields.items()}
    subject = _fill(_text(_require(template, "subject", where), f"{where} subject"), filled, where)
    paragraphs = [
        _fill(_text(p, f"{where} paragraph {i}"), filled, where)
        for i, p in enumerate(_require(template, "paragraphs", where), start=1)
    ]
    return GeneralLetter(header=header, subject=subject, paragraphs=paragraphs, reply_by=reply_by)
