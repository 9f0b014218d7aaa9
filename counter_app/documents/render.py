"""Drawing a document (a `DocSpec`, built in documents/content.py) on A4 with reportlab. Qt-free.

- NanumGothic (resources/fonts, SIL OFL) registered once and embedded as a subset, so Korean
  prints on a machine with no Korean font and the text layer is searchable.
- `Canvas(invariant=1)` and the document's own issue time as the PDF dates: the same spec gives
  the same bytes (tests/unit/test_documents.py compares a committed snapshot).
- Every page carries the watermark "임시 · 전산장애" across it and the line saying it is not a
  statutory certificate; the QR code (a 1-bit image mask, one sample a module, not interpolated;
  error correction M, 0.6 mm modules: ≥ 3.5 pixels a module in a 150-dpi scan) sits at the foot of
  the first page with the serial and the phone code.
"""

from __future__ import annotations

import functools
import io
import threading
from dataclasses import dataclass, field, replace

from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.resources import resource_path

FONT = "NanumGothic"
FONT_BOLD = "NanumGothicBold"
MODULE_MM = 0.6
_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "NanumGothic.ttf"))))
    bold = TTFont(FONT_BOLD, str(resource_path("fonts", "NanumGothicBold.ttf")))
    # the bold face carries the fixed words of a document (title, labels, headers) and ASCII (the
    # serial, the code), which reportlab always places at the same codes: its subset is the same
    # from one receipt to the next, so the subset file is made and compressed once (~4 ms) and
    # reused; the regular face carries the case's own words and is made for every document
    bold.face.addSubsetObjects = functools.partial(_cached_subset_objects, bold.face, {})
    pdfmetrics.registerFont(bold)
    _registered = True


def _cached_subset_objects(face, cache: dict, doc, fontname: str, subset: list[int]):
    """TTFontFace.addSubsetObjects, with the subset font file (as compressed) kept by its exact
    character list: the bytes are those reportlab writes itself (same zlib level), cached or not."""
    import zlib

    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC

    key = (tuple(subset), bool(doc.compression))
    hit = cache.get(key)
    if hit is None:
        raw = face.makeSubset(subset)
        hit = cache[key] = (zlib.compress(raw) if doc.compression else raw, len(raw))
        while len(cache) > 32:
            cache.pop(next(iter(cache)))
    font_file = pdfdoc.PDFStream(content=hit[0])
    font_file.dictionary["Length1"] = hit[1]
    if doc.compression:
        font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({fontname})")
    descriptor = pdfdoc.PDFDictionary(
        {
            "Type": "/FontDescriptor",
            "Ascent": face.ascent,
            "CapHeight": face.capHeight,
            "Descent": face.descent,
            "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(fontname),
            "ItalicAngle": face.italicAngle,
            "StemV": face.stemV,
            "FontFile2": font_file_ref,
            "MissingWidth": face.defaultWidth,
        }
    )
    return doc.Reference(descriptor, "fontDescriptor:" + fontname)


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    widths: tuple[float, ...]  # fractions of the text width
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class DocSpec:
    title: str
    subtitle: str  # the other language's title, small
    banner: str  # "not a statutory certificate" line
    watermark: str
    rows: tuple[tuple[str, str], ...] = ()  # label, value
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    closing: tuple[str, ...] = ()  # after the table (the register's audit chain head)
    qr_text: str = ""
    serial_label: str = ""
    serial: str = ""
    code_label: str = ""
    code: str = ""
    verify_hint: str = ""
    reprint_mark: str = ""  # "재발급" and its count, on a reprint
    copy_label: str = ""  # "민원인용" / "기관보관용" on a sheet of two copies (render_copies)
    footer: str = ""
    issued_at_pdf: str = "20260101000000+00'00'"  # D:… date of the PDF info
    pdf_title: str = ""
    pdf_subject: str = ""
    extra_lines: tuple[str, ...] = field(default=())


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of `text` no wider than `width`, broken at a space where one is near, else anywhere
    (Korean has no need of spaces to break). Character widths are cached per font and size."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    cache = _WIDTHS.setdefault((font, size), {})
    lines: list[str] = []
    for para in text.split("\n"):
        line, w = "", 0.0
        for ch in para:
            cw = cache.get(ch)
            if cw is None:
                cw = cache[ch] = stringWidth(ch, font, size)
            if w + cw > width and line:
                cut = line.rfind(" ")
                if cut > len(line) // 2:
                    lines.append(line[:cut])
                    line = line[cut + 1 :] + ch
                else:
                    lines.append(line)
                    line = ch
                w = sum(cache[x] for x in line)
            else:
                line += ch
                w += cw
        lines.append(line)
    return lines


_TO_BITS = bytes(ord("0") if b < 128 else ord("1") for b in range(256))


def _mask_hex(rows: list[bytes]) -> str:
    """QR rows (0 = dark) as the hex samples of an image mask: bit 0 paints (Decode [0 1]), each
    row padded with light bits to a whole byte."""
    if not rows:
        return ""
    width = len(rows[0])
    pad = b"1" * (-width % 8)
    nbytes = (width + 7) // 8
    return b"".join(int(row.translate(_TO_BITS) + pad, 2).to_bytes(nbytes, "big") for row in rows).hex().upper()


def _canvas(buf: io.BytesIO, spec: DocSpec, pagesize):
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(buf, pagesize=pagesize, invariant=1, pageCompression=1)
    c.setTitle(spec.pdf_title or spec.title)
    c.setSubject(spec.pdf_subject)
    c.setCreator("counter_app")
    c.setAuthor("counter_app")
    c.setProducer("counter_app (reportlab)")
    c._doc.info.creationDate = spec.issued_at_pdf  # noqa: SLF001 - invariant dates
    c._doc.info.modDate = spec.issued_at_pdf  # noqa: SLF001
    return c


DOES_NOT_FIT = Msg(
    "이 문서는 한 장에 두 부를 넣기에 너무 깁니다. 한 부씩 출력하십시오.",
    "This document is too long for two copies on one sheet; print the copies one at a time.",
)


class _Writer:
    def __init__(self, spec: DocSpec, canvas=None):
        """One document on A4 pages of its own canvas, or (`canvas` given) on the one page of a
        canvas the caller has placed (render_copies): then it must fit on that page."""
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm

        register_fonts()
        self.spec = spec
        self.buf = io.BytesIO()
        self.w, self.h = A4
        self.mm = mm
        self.single_page = canvas is not None
        self.c = canvas if canvas is not None else _canvas(self.buf, spec, A4)
        self.left = 20 * mm
        self.right = self.w - 20 * mm
        self.page_no = 0
        self.y = 0.0
        self._start_page()

    # -- page furniture
    def _start_page(self) -> None:
        c, mm, spec = self.c, self.mm, self.spec
        self.page_no += 1
        c.saveState()
        c.setFillGray(0.86)
        c.setFont(FONT_BOLD, 54)
        c.translate(self.w / 2, self.h / 2)
        c.rotate(35)
        for dy in (-260, 0, 260):
            c.drawCentredString(0, dy, spec.watermark)
        c.restoreState()
        c.setFillGray(0)
        c.setFont(FONT, 8.5)
        c.drawString(self.left, self.h - 12 * mm, spec.banner)
        if spec.copy_label:
            c.setFont(FONT_BOLD, 13)
            c.setStrokeGray(0)
            c.setLineWidth(1.2)
            c.rect(self.right - 44 * mm, self.h - 20 * mm, 44 * mm, 10 * mm)
            c.drawCentredString(self.right - 22 * mm, self.h - 16.8 * mm, spec.copy_label)
            c.setLineWidth(1)
            c.setFont(FONT, 8.5)
        if spec.serial:
            c.drawRightString(self.right, 10 * mm, f"{spec.serial_label} {spec.serial}  ·  {self.page_no}")
        if spec.footer:
            c.drawString(self.left, 10 * mm, spec.footer)
        self.y = self.h - 22 * mm
        if self.page_no == 1:
            c.setFont(FONT_BOLD, 22)
            c.drawString(self.left, self.y - 8 * mm, spec.title)
            c.setFont(FONT, 10)
            c.drawString(self.left, self.y - 14 * mm, spec.subtitle)
            if spec.reprint_mark:
                c.setFont(FONT_BOLD, 12)
                c.setStrokeGray(0)
                c.rect(self.right - 42 * mm, self.y - 11 * mm, 42 * mm, 9 * mm)
                c.drawCentredString(self.right - 21 * mm, self.y - 8 * mm, spec.reprint_mark)
            self.y -= 22 * mm
        else:
            self.y -= 4 * mm

    def _need(self, height: float) -> None:
        bottom = 20 * self.mm if self.page_no > 1 or not self.spec.qr_text else 82 * self.mm
        if self.y - height < bottom:
            if self.single_page:
                raise UserError(DOES_NOT_FIT)
            self.c.showPage()
            self._start_page()

    # -- content
    def rows(self) -> None:
        c, mm = self.c, self.mm
        label_w = 40 * mm
        for label, value in self.spec.rows:
            lines = _wrap(value, FONT, 10.5, self.right - self.left - label_w)
            height = 6 * mm * len(lines) + 1.5 * mm
            self._need(height)
            c.setFont(FONT_BOLD, 10.5)
            c.drawString(self.left, self.y - 4.5 * mm, label)
            c.setFont(FONT, 10.5)
            for i, line in enumerate(lines):
                c.drawString(self.left + label_w, self.y - 4.5 * mm - i * 6 * mm, line)
            self.y -= height
            c.setStrokeGray(0.7)
            c.line(self.left, self.y + 0.8 * mm, self.right, self.y + 0.8 * mm)
        self.y -= 4 * mm

    def paragraphs(self, items: tuple[str, ...], size: float = 10) -> None:
        c, mm = self.c, self.mm
        for para in items:
            lines = _wrap(para, FONT, size, self.right - self.left)
            for line in lines:
                self._need(5.2 * mm)
                c.setFont(FONT, size)
                c.drawString(self.left, self.y - 4 * mm, line)
                self.y -= 5.2 * mm
            self.y -= 1.5 * mm

    def table(self, table: Table) -> None:
        c, mm = self.c, self.mm
        width = self.right - self.left
        xs = [self.left]
        for f in table.widths[:-1]:
            xs.append(xs[-1] + f * width)

        def header() -> None:
            c.setFont(FONT_BOLD, 8.5)
            for x, text in zip(xs, table.headers):
                c.drawString(x + 1, self.y - 4 * mm, text)
            self.y -= 5.5 * mm
            c.setStrokeGray(0)
            c.line(self.left, self.y + 0.8 * mm, self.right, self.y + 0.8 * mm)

        self._need(12 * mm)
        header()
        page = self.page_no
        for row in table.rows:
            self._need(5 * mm)
            if self.page_no != page:
                page = self.page_no
                header()
            c.setFont(FONT, 8.5)
            for x, f, text in zip(xs, table.widths, row):
                limit = f * width - 2
                from reportlab.pdfbase.pdfmetrics import stringWidth

                while text and stringWidth(text, FONT, 8.5) > limit:
                    text = text[:-1]
                c.drawString(x + 1, self.y - 3.8 * mm, text)
            self.y -= 5 * mm
        self.y -= 4 * mm

    def seal_block(self) -> None:
        """QR code, serial and phone code at the foot of page 1 (drawn last, on page 1)."""
        spec, c, mm = self.spec, self.c, self.mm
        if not spec.qr_text:
            return
        from counter_app.documents.seal import qr_rows

        rows = qr_rows(spec.qr_text)
        n = len(rows)
        module = MODULE_MM * mm
        size = n * module
        x0, y0 = self.right - size, 18 * mm
        c.setFillGray(1)
        c.rect(x0 - 4 * module, y0 - 4 * module, size + 8 * module, size + 8 * module, stroke=0, fill=1)
        c.setFillGray(0)
        # the symbol as a 1-bit image mask, one sample a module, painted in the fill colour and
        # scaled without interpolation (sharp module edges at any resolution): ~0.1 ms, where one
        # vector "re" per run of dark modules cost ~6 ms a code (~3,000 formatted rectangles)
        c.addLiteral(
            f"q {size:.3f} 0 0 {size:.3f} {x0:.3f} {y0:.3f} cm\n"
            f"BI /W {n} /H {n} /IM true /BPC 1 /I false /F /AHx ID\n{_mask_hex(rows)}>\nEI Q"
        )
        tx = self.left
        ty = y0 + size - 4 * mm
        c.setFont(FONT_BOLD, 11)
        c.drawString(tx, ty, f"{spec.serial_label} {spec.serial}")
        c.drawString(tx, ty - 7 * mm, f"{spec.code_label} {spec.code}")
        c.setFont(FONT, 8.5)
        for i, line in enumerate(_wrap(spec.verify_hint, FONT, 8.5, x0 - tx - 8 * mm)):
            c.drawString(tx, ty - 14 * mm - i * 4.6 * mm, line)

    def finish(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


_A85_LOCK = threading.Lock()


def render(spec: DocSpec) -> bytes:
    """The unsigned PDF of one document. Streams are only zlib-compressed: reportlab's default
    ASCII85 layer over them (rl_config.useA85, a global) costs ~15 ms a page in pure Python and
    buys nothing in a binary PDF, so it is switched off while this renders (and put back)."""
    from reportlab import rl_config

    with _A85_LOCK:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            return _render(spec)
        finally:
            rl_config.useA85 = saved


def _render(spec: DocSpec) -> bytes:
    w = _Writer(spec)
    _draw(w)
    return w.finish()


def _draw(w: _Writer) -> None:
    spec = w.spec
    first_page_seal_done = False
    if w.page_no == 1 and spec.qr_text:
        w.seal_block()
        first_page_seal_done = True
    w.rows()
    w.paragraphs(spec.paragraphs)
    if spec.table is not None:
        w.table(spec.table)
    w.paragraphs(spec.closing, size=9)
    w.paragraphs(spec.extra_lines, size=9)
    assert first_page_seal_done or not spec.qr_text


COPY_SCALE = 0.5**0.5  # A4 portrait onto half an A4 landscape sheet (A5): the QR's modules 0.42 mm


def render_copies(spec: DocSpec, labels: tuple[str, ...]) -> bytes:
    """Two copies of a one-page document side by side on one A4 landscape sheet, each the A4 page
    at A5 size with its label (민원인용 / 기관보관용) and a dashed cutting line between them. The same
    serial, QR code and text in both; UserError(DOES_NOT_FIT) when the document needs more than a page."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4, landscape

    with _A85_LOCK:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            register_fonts()
            buf = io.BytesIO()
            width, height = landscape(A4)
            c = _canvas(buf, spec, (width, height))
            for i, label in enumerate(labels):
                c.saveState()
                c.translate(i * width / len(labels), 0)
                c.scale(COPY_SCALE, COPY_SCALE)
                _draw(_Writer(replace(spec, copy_label=label), canvas=c))
                c.restoreState()
            c.setDash(4, 3)
            c.setStrokeGray(0.5)
            for i in range(1, len(labels)):
                c.line(i * width / len(labels), 12, i * width / len(labels), height - 12)
            c.showPage()
            c.save()
            return buf.getvalue()
        finally:
            rl_config.useA85 = saved
