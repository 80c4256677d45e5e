"""Notices to HTML (Jinja2) and PDF (WeasyPrint).

A notice is rendered once per language of its council (``Branding.languages``); the
sections are joined into one ``<section class="notice">`` that starts on a new page. Many
notices go into one HTML document, because WeasyPrint lays out a 200-letter document far
faster per letter than 200 separate ones; :func:`render_pdf` reports each notice's page range
from the anchors WeasyPrint records, so a print index can say where each notice is.

What decides a notice's output besides its view model and branding — the templates, the
stylesheet, the wording catalogues and the formats — is a :class:`Sources`: by default the
current files, or the version a notice was issued with (kept by the store, named by its
:meth:`Sources.digest`), so a reprint renders as the notice was issued.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import attrs
import jinja2
import orjson
from markupsafe import Markup

from letters import locale as _locale
from letters.branding import Branding
from letters.columns import text_row
from letters.locale import Lang, WordingError, parse_catalogue, parse_formats
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
    "Sources",
    "current_sources",
    "sources_for",
    "template_digest",
    "registered",
]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STYLESHEET = Path(__file__).resolve().parent / "styles" / "notice.css"


class RenderError(ValueError):
    """A notice that cannot be rendered: unknown type, missing wording or Welsh text."""


def _environment(templates: Mapping[str, str]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(dict(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
    )
    env.globals["row"] = text_row
    env.globals["refbox"] = _refbox
    env.filters["charge_row"] = _charge_row
    env.filters["sundry_row"] = _sundry_row
    env.filters["statement_row"] = _statement_row
    return env


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


def _charge_row(line: NoticeChargeLine, lang: Lang) -> list[str]:
    """A charge line's cells: wording for its rule in this language, its period, its amount."""
    key = f"charge.{line.code}"
    period = lang.t("common.range", start=lang.date(line.start), end=lang.date(line.end)) if line.start and line.end else ""
    if line.percent is not None and lang.has(f"charge_percent.{line.code}"):
        text = lang.t(f"charge_percent.{line.code}", percent=lang.number(line.percent))
    else:
        text = lang.t(key) if lang.has(key) else line.text
    return [text, period, lang.money(line.amount)]


def _sundry_row(line, lang: Lang) -> list[str]:
    """A sundry invoice line's cells (:class:`letters.model.SundryInvoiceLine`)."""
    return [line.description, line.quantity, lang.money(line.unit_price), line.vat_code, lang.money(line.net),
            lang.money(line.vat)]


def _statement_row(row, lang: Lang) -> list[str]:
    """A statement row's cells (:class:`letters.model.StatementRow`)."""
    return [lang.date(row.day), row.what, lang.money(row.amount), lang.money(row.balance)]


def registered(notice: Notice) -> NoticeType:
    """The registry entry for ``notice``'s class."""
    name = getattr(type(notice), "notice_type", None)
    if name not in NOTICE_TYPES or NOTICE_TYPES[name].model is not type(notice):
        raise RenderError(f"{type(notice).__name__} is not a registered notice type")
    return NOTICE_TYPES[name]


@attrs.frozen
class Sources:
    """Everything besides a notice's view model and branding that decides how it prints, as
    text: templates by file name, the stylesheet, the wording catalogues by language and the
    formats (``formats.toml``). The fonts are the machine's (DejaVu Sans) and are not kept:
    a changed font shows as a reprint that differs from the PDF issued, and is refused."""

    templates: dict[str, str]
    stylesheet: str
    catalogues: dict[str, str]
    formats: str

    def digest(self) -> str:
        """SHA-256 over all of it: names the version, and checks a kept copy is unaltered."""
        return hashlib.sha256(orjson.dumps(attrs.asdict(self), option=orjson.OPT_SORT_KEYS)).hexdigest()


def current_sources() -> Sources:
    """The sources as the files now stand (every template)."""
    return Sources(
        templates={path.name: path.read_text(encoding="utf-8") for path in sorted(TEMPLATES_DIR.glob("*.j2"))},
        stylesheet=STYLESHEET.read_text(encoding="utf-8"),
        catalogues={path.stem: path.read_text(encoding="utf-8") for path in sorted(_locale.LOCALES_DIR.glob("*.toml"))},
        formats=_locale.FORMATS_FILE.read_text(encoding="utf-8"),
    )


def sources_for(name: str, sources: Sources | None = None) -> Sources:
    """What of ``sources`` (the current files by default) notice type ``name`` prints with: its
    template, the templates it builds on and the letterhead, the stylesheet, wording, formats."""
    sources = sources or current_sources()
    kind = NOTICE_TYPES[name]
    # The letterhead is drawn on every notice's first page but rendered on its own.
    names = {kind.template, "_letterhead.html.j2", *_dependencies(kind.template, sources.templates)}
    missing = sorted(names - set(sources.templates))
    if missing:
        raise RenderError(f"{name}: template(s) {', '.join(missing)} not found")
    return attrs.evolve(sources, templates={file: sources.templates[file] for file in sorted(names)})


def template_digest(name: str) -> str:
    """The digest of the current version of notice type ``name``'s sources (:func:`sources_for`):
    stored with each issued notice, it names the version the notice was issued with."""
    return sources_for(name).digest()


def _dependencies(template: str, templates: Mapping[str, str]) -> set[str]:
    """Templates ``template`` extends, imports or includes, transitively."""
    found: set[str] = set()
    pending = [template]
    while pending:
        source = templates.get(pending.pop())
        if source is None:
            continue
        for ref in _referenced(source):
            if ref not in found:
                found.add(ref)
                pending.append(ref)
    return found


@lru_cache(maxsize=256)
def _referenced(source: str) -> frozenset[str]:
    # Parsing is most of a digest's cost, and a print run takes the digest of every notice.
    from jinja2 import meta

    parsed = jinja2.Environment(extensions=["jinja2.ext.do"]).parse(source)
    return frozenset(ref for ref in meta.find_referenced_templates(parsed) if ref)


class _Renderer:
    """One version of the sources made ready to render: templates compiled, catalogues and
    formats read, the stylesheet parsed when first needed."""

    def __init__(self, sources: Sources) -> None:
        self.env = _environment(sources.templates)
        self.entries = {code: parse_catalogue(text, f"{code}.toml") for code, text in sources.catalogues.items()}
        self.formats = parse_formats(sources.formats)[1]
        self._stylesheet_text = sources.stylesheet
        self._css = None

    def lang(self, code: str, branding: Branding) -> Lang:
        if code not in self.entries:
            raise RenderError(f"no wording catalogue for language {code!r}")
        return Lang(code, branding.wording.get(code), entries=self.entries[code], formats=self.formats[code])

    def langs(self, branding: Branding) -> list[Lang]:
        return [self.lang(code, branding) for code in branding.languages]

    def stylesheet(self):
        if self._css is None:
            import weasyprint

            self._css = weasyprint.CSS(string=self._stylesheet_text, base_url=str(TEMPLATES_DIR))
        return self._css


_RENDERERS: dict[str, _Renderer] = {}
_KEEP_RENDERERS = 4  # the current version and a few a reprint asked for


def _renderer(sources: Sources | None) -> _Renderer:
    """The renderer of ``sources`` (the current files when None), made once per version: the
    files are read on every call, so an edit is rendered from the next notice on."""
    sources = sources or current_sources()
    key = sources.digest()
    found = _RENDERERS.get(key)
    if found is None:
        while len(_RENDERERS) >= _KEEP_RENDERERS:
            del _RENDERERS[next(iter(_RENDERERS))]
        found = _RENDERERS[key] = _Renderer(sources)
    return found


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


def letterhead_html(branding: Branding, sources: Sources | None = None) -> Markup:
    """The council's letterhead, as it heads the first page of each of its notices."""
    return _letterhead_html(_renderer(sources), branding)


def _letterhead_html(renderer: _Renderer, branding: Branding) -> Markup:
    langs = renderer.langs(branding)
    names = dict.fromkeys(lang.text(branding.name) for lang in langs)
    body = renderer.env.get_template("_letterhead.html.j2").render(
        b=branding, L=langs[0], label=_label(langs), names=list(names), logo_uri=branding.logo_uri
    )
    return Markup(f'<section class="notice static">\n{body}</section>\n')


def _has_reverse(renderer: _Renderer, kind: NoticeType) -> bool:
    return "reverse" in renderer.env.get_template(kind.template).blocks


def notice_html(notice: Notice, branding: Branding, *, sequence: int = 1, sources: Sources | None = None) -> Markup:
    """The ``<section>`` for one notice in every language its council uses.

    A notice type whose template has a ``reverse`` block gets an empty page after each
    language's front, with id ``r<sequence>-<lang>``; :func:`render_pdf` stamps the reverse
    (:func:`reverse_html`) onto it.
    """
    return _notice_html(_renderer(sources), notice, branding, sequence)


def _notice_html(renderer: _Renderer, notice: Notice, branding: Branding, sequence: int) -> Markup:
    kind = registered(notice)
    _check_council(notice, branding)
    langs = renderer.langs(branding)
    label = _label(langs)

    template = renderer.env.get_template(kind.template)
    reverse = _has_reverse(renderer, kind)
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


def reverse_html(name: str, branding: Branding, lang: str, sources: Sources | None = None) -> Markup:
    """The reverse page of notice type ``name`` for a council in one language: what every
    such notice carries overleaf (for a bill: how to pay and the explanatory notes)."""
    return _reverse_html(_renderer(sources), name, branding, lang)


def _reverse_html(renderer: _Renderer, name: str, branding: Branding, lang: str) -> Markup:
    template = renderer.env.get_template(NOTICE_TYPES[name].template)
    language = renderer.lang(lang, branding)
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


def _weasy(html: str, stylesheet):
    import weasyprint  # imported here so HTML rendering does not need it

    # Fonts are embedded whole rather than subset: subsetting dominated the time per letter,
    # and one embedding serves every notice in the document.
    return weasyprint.HTML(string=html, base_url=str(TEMPLATES_DIR)).render(
        stylesheets=[stylesheet], full_fonts=True, cache={}
    )


def _static_html(renderer: _Renderer, key: tuple[str, ...], brandings: Mapping[str, Branding], number: int) -> Markup:
    if key[0] == "letterhead":
        html = _letterhead_html(renderer, brandings[key[1]])
    else:
        _, name, council, lang = key
        html = _reverse_html(renderer, name, brandings[council], lang)
    return Markup(str(html).replace('<section class="notice static"', f'<section class="notice static" id="s{number}"', 1))


def render_pdf(notices: Sequence[Notice], brandings: Mapping[str, Branding], sources: Sources | None = None) -> RenderedPdf:
    """Render ``notices`` in order into one PDF document, each starting on a new page, with
    ``sources`` (the current files by default).

    The parts that are the same on every notice of a council (its letterhead; a bill's
    reverse of notes) are laid out once, on pages appended to the document, and turned into
    PDF forms that each notice's page draws; those pages are then dropped (:func:`_use_forms`).
    Laying them out and drawing them for every bill cost over a third of the bill.
    """
    renderer = _renderer(sources)
    sections = []
    statics: dict[tuple[str, ...], int] = {}
    for sequence, notice in enumerate(notices, start=1):
        try:
            branding = brandings[notice.header.council_id]
        except KeyError:
            raise RenderError(f"no branding for council {notice.header.council_id!r}") from None
        sections.append(_notice_html(renderer, notice, branding, sequence))
        statics.setdefault(("letterhead", branding.council_id), len(statics))
        if _has_reverse(renderer, registered(notice)):
            for lang in branding.languages:
                statics.setdefault(("reverse", notice.notice_type, branding.council_id, lang), len(statics))
    sections.extend(_static_html(renderer, key, brandings, number) for key, number in statics.items())
    document = _weasy(document_html(sections), renderer.stylesheet())

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


def preview_pdf(notice: Notice, branding: Branding, sources: Sources | None = None) -> bytes:
    """One notice as a PDF, for an officer to look at before issuing it, or as issued (rendered
    alone like this, with the sources it was issued with: the PDF whose hash is kept)."""
    return render_pdf([notice], {branding.council_id: branding}, sources).pdf
