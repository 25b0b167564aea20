"""PDF export: the HTML export laid out by Qt's own rich-text engine and written by QPdfWriter.

Qt is imported only when a PDF is made, so the command line stays Qt-free for every other format. From
the command line there is no QGuiApplication yet; one is made on the offscreen platform (a PDF needs
fonts, never a screen).
"""
from __future__ import annotations

import bisect
import os

PAGE_SIZES = ("A4", "Letter")
MARGINS_MM = (20.0, 18.0, 20.0, 22.0)  # left, top, right, bottom; the page number sits in the bottom one
RESOLUTION = 300


def _ensure_gui_application():
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["reader-app"])
    return app


def render_pdf(html: str, *, page_size: str = "A4", title: str = "Annotated notes") -> bytes:
    """The PDF bytes of ``html`` on A4 or Letter pages, numbered "n / N" at the foot."""
    if page_size not in PAGE_SIZES:
        from ..core.errors import InvalidValue

        raise InvalidValue(f"unknown page size {page_size!r} (choose from {', '.join(PAGE_SIZES)})")
    _ensure_gui_application()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Reader")
    writer.setResolution(RESOLUTION)
    size_id = QPageSize.PageSizeId.A4 if page_size == "A4" else QPageSize.PageSizeId.Letter
    writer.setPageLayout(QPageLayout(QPageSize(size_id), QPageLayout.Orientation.Portrait,
                                     QMarginsF(*MARGINS_MM), QPageLayout.Unit.Millimeter))

    document = QTextDocument()
    # Laying out on the writer itself makes point sizes true on paper and lets us paint the pages
    # directly; QTextDocument.print_() would clone and lay out the whole document a second time.
    document.documentLayout().setPaintDevice(writer)
    document.setDocumentMargin(0)
    # Without ligatures "ff" stays two letters in the PDF's text, so copying and searching a quote finds it.
    font = document.defaultFont()
    for feature in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(feature), 0)
    document.setDefaultFont(font)
    document.setHtml(html)
    body = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setTextWidth(body.width())  # one long column; page_cuts decides where pages end
    pages = page_cuts(document, body.height())

    footer_font = QFont(font)
    footer_font.setPointSizeF(8)
    footer_gap = writer.resolution() * 6 / 25.4  # 6 mm below the text block
    painter = QPainter(writer)
    for number, (top, bottom) in enumerate(pages, 1):
        if number > 1:
            writer.newPage()
        painter.save()
        painter.translate(0, -top)
        # A hair short of the cut: the next block's highlight colour starts right at it.
        document.drawContents(painter, QRectF(0, top, body.width(), max(bottom - top - 3, 1)))
        painter.restore()
        painter.setFont(footer_font)
        painter.setPen(Qt.GlobalColor.darkGray)
        painter.drawText(QRectF(0, body.height() + footer_gap * 0.5, body.width(), footer_gap),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, f"{number} / {len(pages)}")
    painter.end()
    buffer.close()
    return bytes(data.data())


def page_cuts(document, page_height: float) -> list[tuple[float, float]]:
    """Where each page starts and ends in a document laid out as one long column.

    Qt's own pagination cuts anywhere between lines, so a quote could start at the foot of one page and
    its colour, tags and note continue on the next. Here a page ends, when it can, just before a
    highlight (a block whose text sits on a highlight colour) together with the heading or passage label
    right above it; failing that (nothing to keep together in the lower half of the page) at the last
    block or line that fits. Lines are never cut.
    """
    from ..core.exporters.html import HIGHLIGHT_TINTS

    tints = set(HIGHLIGHT_TINTS.values())
    layout = document.documentLayout()
    total = document.size().height()
    blocks = []  # (top, bottom, is a heading, block)
    preferred, anywhere = [], []
    block = document.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        blocks.append((rect.top(), rect.bottom(), block.blockFormat().headingLevel() > 0, block))
        anywhere.append(rect.top())
        first = block.begin()
        quote = not first.atEnd() and first.fragment().charFormat().background().color().name() in tints
        if quote or blocks[-1][2]:
            start = len(blocks) - 1
            while start > 0 and blocks[start - 1][2]:  # keep headings with what follows them
                start -= 1
            preferred.append(blocks[start][0])
        block = block.next()
    preferred.sort()
    pages, top = [], 0.0
    while top < total - 0.5:
        limit = top + page_height
        if limit >= total:
            pages.append((top, total))
            break
        cut = _last_between(preferred, top + page_height * 0.5, limit)
        if cut is None:
            cut = _last_between(anywhere, top + 1, limit)
        if cut is None:
            cut = _line_cut(blocks, top, limit) or limit
        pages.append((top, cut))
        top = cut
    return pages or [(0.0, max(total, 1.0))]


def _last_between(sorted_tops: list[float], low: float, high: float) -> float | None:
    found = bisect.bisect_right(sorted_tops, high) - 1
    return sorted_tops[found] if found >= 0 and sorted_tops[found] > low else None


def _line_cut(blocks, top: float, limit: float) -> float | None:
    """The top of the last line that starts on this page, for a block taller than the space left."""
    for block_top, bottom, _heading, block in blocks:
        if block_top <= limit < bottom:
            lines = block.layout()
            tops = [block_top + lines.lineAt(i).y() for i in range(lines.lineCount())]
            fitting = [t for t in tops if top < t <= limit]
            return fitting[-1] if fitting else None
    return None


def export_pdf(data, *, page_size: str = "A4"):
    """The PDF export of collected ``ExportData`` as an ``ExportResult`` (the HTML export, laid out)."""
    from ..core.exporters.formats import FORMATS, ExportResult
    from ..core.exporters.html import render_html

    return ExportResult(FORMATS["pdf"], render_pdf(render_html(data), page_size=page_size, title=data.title))
