"""Notices to HTML (Jinja2) and PDF (WeasyPrint).

A notice is rendered once per language of its council (``Branding.languages``); the
sections are joined into one ``<section class="notice">`` that starts on a new page. Many
notices go into one HTML document, because WeasyPrint lays out a 200-letter document far
faster per letter than 200 separate ones; :func:`render_pdf` reports each notice's page range
from the anchors WeasyPrint records, so a print index can say where each notice is.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import attrs
import jinja2
from markupsafe import Markup

from letters.branding import Branding
from letters.locale import LOCALES_DIR, Lang, WordingError
from letters.columns import text_row
from letters.model import NOTICE_TYPES, ChargeLine, Notice, NoticeType

__all__ = [
    "TEMPLATES_DIR",
    "STYLESHEET",
    "RenderError",
    "RenderedPdf",
    "notice_html",
    "reverse_html",
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


def _charge_row(line: ChargeLine, lang: Lang) -> list[str]:
    """A charge line's cells: wording for its rule in this language, its period, its amount."""
    key = f"charge.{line.code}"
    period = lang.t("common.range", start=lang.date(line.start), end=lang.date(line.end)) if line.start and line.end else ""
    return [lang.t(key) if lang.has(key) else line.text, period, lang.money(line.amount)]


_ENV.filters["charge_row"] = _charge_row


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

    def label(key: str) -> str:
        # The front page labels carry every language the council prints in.
        return " / ".join(dict.fromkeys(lang.t(key) for lang in langs))

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
                    first=index == 0,
                    logo_uri=branding.logo_uri,
                    reverse_id=f"r{sequence}-{lang.code}" if reverse else None,
                )
            )
    except WordingError as error:
        raise RenderError(f"{kind.name} {notice.header.account_reference}: {error}") from None
    ref = notice.header.account_reference
    council = langs[0].text(branding.name)
    return Markup(
        f'<section class="notice" id="n{sequence}" data-ref="{Markup.escape(ref)}" '
        f'data-council="{Markup.escape(council)}">\n{"".join(parts)}</section>\n'
    )


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
    return Markup(f'<section class="notice reverse" lang="{lang}">\n{body}</section>\n')


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


def render_pdf(notices: Sequence[Notice], brandings: Mapping[str, Branding]) -> RenderedPdf:
    """Render ``notices`` in order into one PDF document, each starting on a new page."""
    sections = []
    for sequence, notice in enumerate(notices, start=1):
        try:
            branding = brandings[notice.header.council_id]
        except KeyError:
            raise RenderError(f"no branding for council {notice.header.council_id!r}") from None
        sections.append(notice_html(notice, branding, sequence=sequence))
    document = _weasy(document_html(sections))
    starts: dict[int, int] = {}
    reverses: dict[int, tuple[str, str, str]] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("n") and anchor[1:].isdigit():
                starts.setdefault(int(anchor[1:]), index + 1)
            elif anchor.startswith("r"):
                sequence, lang = anchor[1:].split("-")
                notice = notices[int(sequence) - 1]
                reverses[index] = (notice.notice_type, notice.header.council_id, lang)
    total = len(document.pages)
    if sorted(starts) != list(range(1, len(notices) + 1)):
        raise RenderError("a notice did not start a page in the rendered document")
    first_pages = [starts[s] for s in range(1, len(notices) + 1)]
    ends = [nxt - 1 for nxt in first_pages[1:]] + [total]
    pdf = document.write_pdf()
    if reverses:
        pdf = _stamp_reverses(pdf, reverses, brandings)
    return RenderedPdf(pdf, tuple(zip(first_pages, ends)))


def _stamp_reverses(pdf: bytes, reverses: Mapping[int, tuple[str, str, str]], brandings: Mapping[str, Branding]) -> bytes:
    """Draw each distinct reverse once as a PDF form and place it on every page that needs it.

    Laying out the reverse of each bill again costs a quarter of the bill; as a form it is
    laid out once per batch and each page just refers to it.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    forms: dict[tuple[str, str, str], tuple[NameObject, object]] = {}
    for key in sorted(set(reverses.values())):
        name, council, lang = key
        static = PdfReader(io.BytesIO(_weasy(document_html([reverse_html(name, brandings[council], lang)])).write_pdf()))
        if len(static.pages) != 1:
            raise RenderError(f"the {name} reverse for {council} ({lang}) does not fit one page")
        page = static.pages[0]
        form = DecodedStreamObject()
        form.set_data(page.get_contents().get_data())
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        form[NameObject("/BBox")] = page.mediabox
        form[NameObject("/Resources")] = page["/Resources"].clone(writer)
        forms[key] = (NameObject(f"/Reverse{len(forms)}"), writer._add_object(form))
    save = writer._add_object(_content(DecodedStreamObject, b"q\n"))
    restore = writer._add_object(_content(DecodedStreamObject, b"\nQ\n"))
    draws = {key: writer._add_object(_content(DecodedStreamObject, b"q " + name.encode() + b" Do Q\n")) for key, (name, _) in forms.items()}
    for index, key in reverses.items():
        page = writer.pages[index]
        name, form = forms[key]
        resources = page["/Resources"].get_object()
        xobjects = resources.get("/XObject")
        if xobjects is None:
            xobjects = DictionaryObject()
            resources[NameObject("/XObject")] = xobjects
        xobjects.get_object()[name] = form
        contents = page["/Contents"].get_object()
        existing = list(contents) if isinstance(contents, ArrayObject) else [page["/Contents"]]
        page[NameObject("/Contents")] = ArrayObject([save, *existing, restore, draws[key]])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _content(cls, data: bytes):
    stream = cls()
    stream.set_data(data)
    return stream


def preview_pdf(notice: Notice, branding: Branding) -> bytes:
    """One notice as a PDF, for an officer to look at before issuing it."""
    return render_pdf([notice], {branding.council_id: branding}).pdf


def template_digest(name: str) -> str:
    """SHA-256 over the notice type's template, the templates it builds on, the stylesheet and
    the wording catalogues:
    stored with each issued notice so a reprint can tell whether the layout has changed."""
    kind = NOTICE_TYPES[name]
    digest = hashlib.sha256()
    files = sorted({kind.template, *_dependencies(kind.template)})
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
