"""The export formats by name, and one entry point that renders any text or archive format.

PDF is listed so every front end offers the same choices, but it is made in the UI layer
(``reader_app.ui.pdf_export``) because it needs Qt's layout engine; ``render`` refuses it.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InvalidValue, ReaderError
from .scope import DEFAULT_TITLE, ExportData, ExportScope, collect

if TYPE_CHECKING:
    from ..store import Library


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    extension: str
    is_text: bool  # can be written to stdout / shown as a preview
    needs_texts: bool = False  # the documents' full texts travel with the export


FORMATS = {f.name: f for f in (
    ExportFormat("markdown", "Markdown", ".md", True),
    ExportFormat("html", "HTML (self-contained)", ".html", True),
    ExportFormat("pdf", "PDF", ".pdf", False),
    ExportFormat("csv", "CSV (one row per highlight)", ".csv", True),
    ExportFormat("json", "W3C Web Annotation (JSON-LD)", ".json", True),
    ExportFormat("qdpx", "REFI-QDA project (.qdpx)", ".qdpx", False, needs_texts=True),
)}


@dataclass
class ExportResult:
    format: ExportFormat
    content: bytes
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8-sig")

    def write(self, path: Path | str) -> None:
        """Write beside the target and rename, so a failed export never leaves half a file behind."""
        path = Path(path).expanduser()
        if path.is_dir():
            raise InvalidValue(f"{path}: is a folder; give a file name")
        if not path.parent.is_dir():
            raise InvalidValue(f"{path}: the folder {path.parent} does not exist")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        except OSError as exc:
            raise ReaderError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(self.content)
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise ReaderError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def get_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidValue(f"unknown export format {name!r} (choose from {', '.join(FORMATS)})") from None


def collect_for(lib: Library, scope: ExportScope, fmt: ExportFormat, *, date: str | None,
                title: str = DEFAULT_TITLE) -> ExportData:
    return collect(lib, scope, date=date, title=title, with_texts=fmt.needs_texts)


def render(data: ExportData, fmt: ExportFormat, *, bom: bool = True) -> ExportResult:
    """Render collected data; ``bom`` only concerns CSV (see csv_export)."""
    if fmt.name == "markdown":
        from .markdown import render_markdown

        return ExportResult(fmt, render_markdown(data).encode("utf-8"))
    if fmt.name == "html":
        from .html import render_html

        return ExportResult(fmt, render_html(data).encode("utf-8"))
    if fmt.name == "csv":
        from .csv_export import render_csv

        return ExportResult(fmt, render_csv(data, bom=bom).encode("utf-8"))
    if fmt.name == "json":
        from .webannotation import render_json

        return ExportResult(fmt, render_json(data).encode("utf-8"))
    if fmt.name == "qdpx":
        from .refiqda import render_qdpx

        content, warnings = render_qdpx(data)
        return ExportResult(fmt, content, warnings)
    raise InvalidValue(f"the {fmt.label} export is made by the desktop layer (reader_app.ui.pdf_export)")
