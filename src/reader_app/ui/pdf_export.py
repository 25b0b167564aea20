"""PDF export: the HTML export laid out by Qt's own rich-text engine and written by QPdfWriter.

Qt is imported only when a PDF is made, so the command line stays Qt-free for every other format. From
the command line there is no QGuiApplication yet; one is made on the offscreen platform (a PDF needs
fonts, never a screen).
"""
from __future__ import annotations

import os
from pathlib import Path

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
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
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
    document.setPageSize(QSizeF(body.width(), body.height()))
    pages = document.pageCount()

    footer_font = QFont(font)
    footer_font.setPointSizeF(8)
    footer_gap = writer.resolution() * 6 / 25.4  # 6 mm below the text block
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.save()
        painter.translate(0, -page * body.height())
        document.drawContents(painter, QRectF(0, page * body.height(), body.width(), body.height()))
        painter.restore()
        painter.setFont(footer_font)
        painter.setPen(Qt.GlobalColor.darkGray)
        painter.drawText(QRectF(0, body.height() + footer_gap * 0.5, body.width(), footer_gap),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, f"{page + 1} / {pages}")
    painter.end()
    buffer.close()
    return bytes(data.data())


def write_pdf(html: str, path: Path | str, *, page_size: str = "A4", title: str = "Annotated notes") -> None:
    Path(path).write_bytes(render_pdf(html, page_size=page_size, title=title))


def export_pdf(data, *, page_size: str = "A4"):
    """The PDF export of collected ``ExportData`` as an ``ExportResult`` (the HTML export, laid out)."""
    from ..core.exporters.formats import FORMATS, ExportResult
    from ..core.exporters.html import render_html

    return ExportResult(FORMATS["pdf"], render_pdf(render_html(data), page_size=page_size, title=data.title))
