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
from letters.locale import LOCALES_DIR, Lang, WordingError
from letters.model import NOTICE_TYPES, Notice, NoticeType

__all__ = [
    "TEMPLATES_DIR",
    "STYLESHEET",
    "RenderError",
    "RenderedPdf",
    "notice_html",
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
)


def registered(notice: Notice) -> NoticeType:
    """The registry entry for ``notice``'s class."""
    name = getattr(type(notice), "notice_type", None)
    if name not in NOTICE_TYPES or NOTICE_TYPES[name].model is not type(notice):
        raise RenderError(f"{type(notice).__name__} is not a registered notice type")
    return NOTICE_TYPES[name]


def _langs(branding: Branding) -> list[Lang]:
    return [Lang(code, branding.wording.get(code)) for code in branding.languages]


def notice_html(notice: Notice, branding: Branding, *, sequence: int = 1) -> Markup:
    """The ``<section>`` for one notice in every language its council uses."""
    kind = registered(notice)
    if notice.header.council_id != branding.council_id:
        raise RenderError(
            f"notice {notice.header.account_reference} is for council {notice.header.council_id!r}, "
            f"branding is {branding.council_id!r}"
        )
    langs = _langs(branding)

    def label(key: str) -> str:
        # The front page labels carry every language the council prints in.
        return " / ".join(dict.fromkeys(lang.t(key) for lang in langs))

    template = _ENV.get_template(kind.template)
    parts = []
    try:
        for index, lang in enumerate(langs):
            parts.append(
                template.render(
                    n=notice, b=branding, L=lang, label=label, first=index == 0, logo_uri=branding.logo_uri
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


def render_pdf(notices: Sequence[Notice], brandings: Mapping[str, Branding]) -> RenderedPdf:
    """Render ``notices`` in order into one PDF document.

    Fonts are embedded whole rather than subset: subsetting dominated the time per letter,
    and one embedding serves every notice in the document.
    """
    import weasyprint  # imported here so HTML rendering does not need it

    sections = []
    for sequence, notice in enumerate(notices, start=1):
        try:
            branding = brandings[notice.header.council_id]
        except KeyError:
            raise RenderError(f"no branding for council {notice.header.council_id!r}") from None
        sections.append(notice_html(notice, branding, sequence=sequence))
    html = weasyprint.HTML(string=document_html(sections), base_url=str(TEMPLATES_DIR))
    document = html.render(stylesheets=[_stylesheet()], full_fonts=True, cache={})
    starts: dict[int, int] = {}
    for page_number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            if anchor.startswith("n") and anchor[1:].isdigit():
                starts.setdefault(int(anchor[1:]), page_number)
    total = len(document.pages)
    if sorted(starts) != list(range(1, len(notices) + 1)):
        raise RenderError("a notice did not start a page in the rendered document")
    first_pages = [starts[s] for s in range(1, len(notices) + 1)]
    ends = [nxt - 1 for nxt in first_pages[1:]] + [total]
    return RenderedPdf(document.write_pdf(), tuple(zip(first_pages, ends)))


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
