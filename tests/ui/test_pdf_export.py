"""PDF export: the HTML export laid out by Qt's PDF writer, on A4 or Letter, holding every quote."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from test_export_markdown import sample  # noqa: F401 (fixture)

from reader_app.core.errors import InvalidValue
from reader_app.core.exporters.scope import ExportScope, collect
from reader_app.ui.pdf_export import export_pdf, render_pdf

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def flat(text: str) -> str:
    """Whitespace-insensitive form: line breaks in the PDF (also after hyphens) do not matter."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; scripts/bootstrap.sh installs it")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")


def test_pdf_holds_every_quote_citation_and_note(qapp, sample, tmp_path):  # noqa: F811
    """The PDF opens (pdftotext reads it) and its text contains each quote, the citations and notes."""
    data = collect(sample, ExportScope(), date="2026-03-14")
    result = export_pdf(data)
    assert result.content.startswith(b"%PDF-") and result.content.rstrip().endswith(b"%%EOF")
    path = tmp_path / "notes.pdf"
    path.write_bytes(result.content)
    text = flat(pdf_text(path))
    for h in data.highlights:
        assert flat(h.exact) in text, h.exact
    assert "The Diplomat, May 16, 2022." in text
    assert "Contested claim (pink)" in text and "Abe's Russia policy, judged in hindsight" in text
    assert 'share_from_russia = {"crude oil": 0.04, "LNG": 0.09}' in text
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "export-sample-a4.pdf").write_bytes(result.content)


@pytest.mark.parametrize(("size", "points"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_page_size(qapp, size, points):
    """A4 and Letter pages have their sizes in points in every page's MediaBox."""
    content = render_pdf("<h1>Title</h1><p>Body</p>", page_size=size)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", content)
    assert boxes and all((round(float(w)), round(float(h))) == points for w, h in boxes)


def test_unknown_page_size_is_refused(qapp):
    """Only A4 and Letter; anything else is an error naming the value."""
    with pytest.raises(InvalidValue, match="'A5'"):
        render_pdf("<p>x</p>", page_size="A5")


def test_cli_makes_a_pdf_without_a_display(sample, library_path, tmp_path):  # noqa: F811
    """reader-app export -f pdf runs headless: Qt is loaded only for the PDF, on the offscreen platform."""
    sample.close()
    target = tmp_path / "out.pdf"
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    subprocess.run([sys.executable, "-m", "reader_app", "--library", str(library_path), "export", "-f", "pdf",
                    "--page-size", "Letter", "--tag", "energy", "-o", str(target)], check=True, env=env,
                   capture_output=True, timeout=120)
    text = flat(pdf_text(target))
    assert flat("make more efforts to eliminate its reliance on Russian natural gas and oil") in text


def test_no_highlight_is_split_across_pages(qapp, sample, tmp_path):  # noqa: F811
    """Pages end between highlights: every quote, with its colour line, is whole on one page."""
    data = collect(sample, ExportScope(group_by="note"), date="2026-03-14")
    path = tmp_path / "notes.pdf"
    path.write_bytes(export_pdf(data, page_size="Letter").content)
    pdf_text(path)  # skips when pdftotext is missing
    pages, number = [], 1
    while True:
        result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(number), "-l", str(number), str(path), "-"],
                                capture_output=True, timeout=60)
        if result.returncode != 0 or number > 50:
            break
        pages.append(flat(result.stdout.decode("utf-8")))
        number += 1
    assert len(pages) >= 3
    for h in data.all_highlights():
        label = data.color_name(h.color)
        assert any(flat(h.exact) in page and label in page.split(flat(h.exact), 1)[1][:200] for page in pages), h.exact
