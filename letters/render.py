"""Notices to HTML (Jinja2) and PDF (WeasyPrint).

A notice is rendered once per language of its council (``Branding.languages``); the
sections are joined into one ``<section class="notice">`` that starts on a new page. Many
notices go into one HTML document, because WeasyPrint lays out a 200-letter document far
faster per letter than 200 separate ones; :func:`render_pdf` reports each notice's page range
from the anchors WeasyPrint records, so a print index can say where each notice is.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import attrs
import jinja2
from markupsafe import Markup

from letters.branding import Branding
from letters.columns import text_row
from letters.locale import LOCALES_DIR, Lang, WordingError
from letters.model import NOTICE_TYPES, NoticeChargeLine, Notice, NoticeType

__all__ = [
    "TEMPLATES_DIR",
    "STYLESHEET",
    "RenderError",
    "RenderedPdf",
    "notice_html",
    "reverse_html",
    "letterhead_html",
    "document_html",
    "render_pdf",
    "preview_pdf",
    "template_digest",
    "registered",
]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STYLESHEET = Path(__file__).resolve().parent / "styles" / "notice.css"


class RenderError(ValueError):
    """A notice that cannot be rendered: unknown type, missing wording or Welsh text."""


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.do"],
)
_ENV.globals["row"] = text_row


REFBOX_LINE_PT = 12  # the reference box's line height (notice.css .refbox), in points


def _refbox(rows: Sequence[Sequence]) -> Markup:
    """The reference box beside the address: each row's label(s) (one per language) and bold
    value line(s), as two columns of text.

    Rows are padded with blank lines to the same height in both columns, and the values column
    is pulled up beside the labels by a negative margin of the known height: plain block flow,
    far cheaper to lay out than a table, inline blocks or absolutely positioned cells.
    """
    labels: list[str] = []
    values: list[str] = []
    for row_labels, row_values in rows:
        row_labels = [row_labels] if isinstance(row_labels, str) else list(row_labels)
        row_values = [row_values] if isinstance(row_values, str) else list(row_values)
        height = max(len(row_labels), len(row_values))
        labels += row_labels + ["\u00a0"] * (height - len(row_labels))
        values += row_values + ["\u00a0"] * (height - len(row_values))
    return Markup('<div class="refbox"><div class="k">{}</div><div class="v" style="margin-top: -{}pt">{}</div></div>').format(
        "\n".join(labels), len(labels) * REFBOX_LINE_PT, "\n".join(values)
    )


_ENV.globals["refbox"] = _refbox


def _charge_row(line: NoticeChargeLine, lang: Lang) -> list[str]:
    """A charge line's cells: wording for its rule in this language, its period, its amount."""
    key = f"charge.{line.code}"
    period = lang.t("common.range", start=lang.date(line.start), end=lang.date(line.end)) if line.start and line.end else ""
    if line.percent is not None and lang.has(f"charge_percent.{line.code}"):
        text = lang.t(f"charge_percent.{line.code}", percent=lang.number(line.percent))
    else:
        text = lang.t(key) if lang.has(key) else line.text
    return [text, period, lang.money(line.amount)]


_ENV.filters["charge_row"] = _charge_row


def _sundry_row(line, lang: Lang) -> list[str]:
    """A sundry invoice line's cells (:class:`letters.model.SundryInvoiceLine`)."""
    return [line.description, line.quantity, lang.money(line.unit_price), line.vat_code, lang.money(line.net),
            lang.money(line.vat)]


def _statement_row(row, lang: Lang) -> list[str]:
    """A statement row's cells (:class:`letters.model.StatementRow`)."""
    return [lang.date(row.day), row.what, lang.money(row.amount), lang.money(row.balance)]


_ENV.filters["sundry_row"] = _sundry_row
_ENV.filters["statement_row"] = _statement_row


def registered(notice: Notice) -> NoticeType:
    """The registry entry for ``notice``'s class."""
    name = getattr(type(notice), "notice_type", None)
    if name not in NOTICE_TYPES or NOTICE_TYPES[name].model is not type(notice):
        raise RenderError(f"{type(notice).__name__} is not a registered notice type")
    return NOTICE_TYPES[name]


def _langs(branding: Branding) -> list[Lang]:
    return [Lang(code, branding.wording.get(code)) for code in branding.languages]


def _check_council(notice: Notice, branding: Branding) -> None:
    if notice.header.council_id != branding.council_id:
        raise RenderError(
            f"notice {notice.header.account_reference} is for council {notice.header.council_id!r}, "
            f"branding is {branding.council_id!r}"
        )


def _labels(langs: Sequence[Lang]):
    # The front page labels carry every language the council prints in.
    def labels(key: str) -> list[str]:
        return list(dict.fromkeys(lang.t(key) for lang in langs))

    return labels


def _label(langs: Sequence[Lang]):
    labels = _labels(langs)

    def label(key: str) -> str:
        return " / ".join(labels(key))

    return label


def letterhead_html(branding: Branding) -> Markup:
    """The council's letterhead, as it heads the first page of each of its notices."""
    langs = _langs(branding)
    names = dict.fromkeys(lang.text(branding.name) for lang in langs)
    body = _ENV.get_template("_letterhead.html.j2").render(
        b=branding, L=langs[0], label=_label(langs), names=list(names), logo_uri=branding.logo_uri
    )
    return Markup(f'<section class="notice static">\n{body}</section>\n')


def _has_reverse(kind: NoticeType) -> bool:
    return "reverse" in _ENV.get_template(kind.template).blocks


def notice_html(notice: Notice, branding: Branding, *, sequence: int = 1) -> Markup:
    """The ``<section>`` for one notice in every language its council uses.

    A notice type whose template has a ``reverse`` block gets an empty page after each
    language's front, with id ``r<sequence>-<lang>``; :func:`render_pdf` stamps the reverse
    (:func:`reverse_html`) onto it.
    """
    kind = registered(notice)
    _check_council(notice, branding)
    langs = _langs(branding)
    label = _label(langs)

    template = _ENV.get_template(kind.template)
    reverse = _has_reverse(kind)
    parts = []
    try:
        for index, lang in enumerate(langs):
            parts.append(
                template.render(
                    n=notice,
                    b=branding,
                    L=lang,
                    label=label,
                    labels=_labels(langs),
                    first=index == 0,
                    letterhead_id=f"h{sequence}",
                    reverse_id=f"r{sequence}-{lang.code}" if reverse else None,
                )
            )
    except WordingError as error:
        raise RenderError(f"{kind.name} {notice.header.account_reference}: {error}") from None
    return Markup(f'<section class="notice" id="n{sequence}">\n{"".join(parts)}</section>\n')


def reverse_html(name: str, branding: Branding, lang: str) -> Markup:
    """The reverse page of notice type ``name`` for a council in one language: what every
    such notice carries overleaf (for a bill: how to pay and the explanatory notes)."""
    template = _ENV.get_template(NOTICE_TYPES[name].template)
    language = Lang(lang, branding.wording.get(lang))
    context = template.new_context({"n": None, "b": branding, "L": language})
    try:
        body = "".join(template.blocks["reverse"](context))
    except WordingError as error:
        raise RenderError(f"{name} reverse ({lang}): {error}") from None
    return Markup(f'<section class="notice static" lang="{lang}">\n{body}</section>\n')


def document_html(sections: Iterable[str], title: str = "Notices") -> str:
    """A whole HTML document holding the given notice sections, one after another."""
    body = "".join(sections)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{Markup.escape(title)}</title>'
        f"</head><body>\n{body}</body></html>\n"
    )


@attrs.frozen
class RenderedPdf:
    """A PDF and the page range (first, last; 1-based, inclusive) of each notice in it."""

    pdf: bytes
    page_ranges: tuple[tuple[int, int], ...]

    @property
    def pages(self) -> int:
        return self.page_ranges[-1][1] if self.page_ranges else 0


@lru_cache(maxsize=1)
def _stylesheet():
    import weasyprint

    return weasyprint.CSS(filename=str(STYLESHEET))


def _weasy(html: str):
    import weasyprint  # imported here so HTML rendering does not need it

    # Fonts are embedded whole rather than subset: subsetting dominated the time per letter,
    # and one embedding serves every notice in the document.
    return weasyprint.HTML(string=html, base_url=str(TEMPLATES_DIR)).render(
        stylesheets=[_stylesheet()], full_fonts=True, cache={}
    )


def _static_html(key: tuple[str, ...], brandings: Mapping[str, Branding], number: int) -> Markup:
    if key[0] == "letterhead":
        html = letterhead_html(brandings[key[1]])
    else:
        _, name, council, lang = key
        html = reverse_html(name, brandings[council], lang)
    return Markup(str(html).replace('<section class="notice static"', f'<section class="notice static" id="s{number}"', 1))


def render_pdf(notices: Sequence[Notice], brandings: Mapping[str, Branding]) -> RenderedPdf:
    """Render ``notices`` in order into one PDF document, each starting on a new page.

    The parts that are the same on every notice of a council (its letterhead; a bill's
    reverse of notes) are laid out once, on pages appended to the document, and turned into
    PDF forms that each notice's page draws; those pages are then dropped (:func:`_use_forms`).
    Laying them out and drawing them for every bill cost over a third of the bill.
    """
    sections = []
    statics: dict[tuple[str, ...], int] = {}
    for sequence, notice in enumerate(notices, start=1):
        try:
            branding = brandings[notice.header.council_id]
        except KeyError:
            raise RenderError(f"no branding for council {notice.header.council_id!r}") from None
        sections.append(notice_html(notice, branding, sequence=sequence))
        statics.setdefault(("letterhead", branding.council_id), len(statics))
        if _has_reverse(registered(notice)):
            for lang in branding.languages:
                statics.setdefault(("reverse", notice.notice_type, branding.council_id, lang), len(statics))
    sections.extend(_static_html(key, brandings, number) for key, number in statics.items())
    document = _weasy(document_html(sections))

    starts: dict[int, int] = {}
    static_pages: dict[int, int] = {}
    stamps: dict[int, list[int]] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            kind, rest = anchor[0], anchor[1:]
            if kind == "n":
                starts.setdefault(int(rest), index + 1)
            elif kind == "s":
                static_pages[int(rest)] = index
            elif kind == "h":
                council = notices[int(rest) - 1].header.council_id
                stamps.setdefault(index, []).append(statics[("letterhead", council)])
            elif kind == "r":
                sequence, lang = rest.split("-")
                notice = notices[int(sequence) - 1]
                stamps.setdefault(index, []).append(statics[("reverse", notice.notice_type, notice.header.council_id, lang)])
    if sorted(starts) != list(range(1, len(notices) + 1)):
        raise RenderError("a notice did not start a page in the rendered document")
    first_static = min(static_pages.values(), default=len(document.pages))
    if len(document.pages) - first_static != len(statics):
        raise RenderError("a letterhead or reverse does not fit on one page")
    first_pages = [starts[s] for s in range(1, len(notices) + 1)]
    ends = [nxt - 1 for nxt in first_pages[1:]] + [first_static]
    pdf = document.write_pdf(finisher=lambda _, pdf: _use_forms(pdf, static_pages, stamps))
    return RenderedPdf(pdf, tuple(zip(first_pages, ends)))


def _use_forms(pdf, static_pages: Mapping[int, int], stamps: Mapping[int, list[int]]) -> None:
    """Turn the static pages into form XObjects, draw them on the pages that asked for them,
    and remove the static pages. ``pdf`` is WeasyPrint's pydyf document before it is written:
    every page shares one resources dictionary, so a form can use it as its own."""
    import pydyf

    def obj(reference: bytes):
        return pdf.objects[int(reference.split()[0])]

    kids = pdf.pages["Kids"]
    page_numbers = list(kids[::3])
    involved = {*static_pages.values(), *stamps}
    if len({pdf.objects[page_numbers[i]]["Resources"] for i in involved}) > 1:
        raise RenderError("WeasyPrint no longer shares one resources dictionary between pages; forms need reworking")
    draws = {}
    for number, index in static_pages.items():
        page = pdf.objects[page_numbers[index]]
        form = obj(page["Contents"])
        form.extra.update(Type="/XObject", Subtype="/Form", BBox=page["MediaBox"], Resources=page["Resources"])
        obj(page["Resources"])["XObject"][f"Static{number}"] = form.reference
        draws[number] = pydyf.Stream([f"q /Static{number} Do Q".encode()])
        pdf.add_object(draws[number])
    save, restore = pydyf.Stream([b"q"]), pydyf.Stream([b"Q"])
    pdf.add_object(save)
    pdf.add_object(restore)
    for index, numbers in stamps.items():
        page = pdf.objects[page_numbers[index]]
        page["Contents"] = pydyf.Array(
            [save.reference, page["Contents"], restore.reference, *(draws[n].reference for n in numbers)]
        )
    dropped = set(static_pages.values())
    keep = [n for i, n in enumerate(page_numbers) if i not in dropped]
    kids[:] = [part for n in keep for part in (n, 0, "R")]
    pdf.pages["Count"] = len(keep)


def preview_pdf(notice: Notice, branding: Branding) -> bytes:
    """One notice as a PDF, for an officer to look at before issuing it."""
    return render_pdf([notice], {branding.council_id: branding}).pdf


def template_digest(name: str) -> str:
    """SHA-256 over the notice type's template, the templates it builds on, the stylesheet and
    the wording catalogues:
    stored with each issued notice so a reprint can tell whether the layout has changed."""
    kind = NOTICE_TYPES[name]
    digest = hashlib.sha256()
    # The letterhead is drawn on every notice's first page but rendered on its own.
    files = sorted({kind.template, "_letterhead.html.j2", *_dependencies(kind.template)})
    for file in files:
        digest.update(file.encode() + b"\0" + (TEMPLATES_DIR / file).read_bytes())
    digest.update(STYLESHEET.read_bytes())
    for catalogue in sorted(LOCALES_DIR.glob("*.toml")):
        digest.update(catalogue.read_bytes())
    return digest.hexdigest()


def _dependencies(template: str) -> set[str]:
    """Templates ``template`` extends, imports or includes, transitively."""
    from jinja2 import meta

    found: set[str] = set()
    pending = [template]
    while pending:
        source = (TEMPLATES_DIR / pending.pop()).read_text(encoding="utf-8")
        for ref in meta.find_referenced_templates(_ENV.parse(source)):
            if ref and ref not in found:
                found.add(ref)
                pending.append(ref)
    return found
