"""Nothing active that a hostile document carries reaches an export: HTML pages with scripts, frames and
script URLs, Markdown with raw HTML, texts with literal markup, hostile titles, authors and URLs — all
imported for real, highlighted, tagged and linked in a note, then exported as HTML and Markdown."""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from hostile_samples import ACTIVE_SCHEMES, RAW_MARKDOWN, active_html, no_network

from reader_app.core.importing import import_paths
from reader_app.core.store import Library


@pytest.fixture
def crafted_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "active.html").write_text(active_html(9), encoding="utf-8")
    (folder / "raw-html.md").write_text(RAW_MARKDOWN.format(port=9), encoding="utf-8")
    return folder


LITERAL_MARKUP = ("Quoted markup: <script>alert('TXTSCRIPT')</script> <img src=x onerror=alert('TXTIMG')> "
                  "[click](javascript:alert('TXTLINK')) <iframe src=\"http://127.0.0.1:9/f\"></iframe>\n"
                  "# not a heading <b onmouseover=alert(1)>bold?</b>\n")
HOSTILE_NOTE = ("Note with <script>alert('NOTESCRIPT')</script> and [a link](javascript:alert('NOTELINK')) "
                "<img src=\"http://127.0.0.1:9/track.png\" onerror=\"alert('NOTEIMG')\"> <iframe src=//x></iframe>\n\n"
                "<a href=\"vbscript:msgbox\">vb</a> <svg onload=alert(1)></svg> "
                "<form action=http://127.0.0.1:9><button>go</button></form>")
ACTIVE_ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
                   "svg", "math", "base", "link", "img", "audio", "video", "source"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset"}


def assert_inert(html: str, where: str) -> None:
    """No element that runs, loads or submits anything; no event handler; no script URL."""
    tree = lxml.html.document_fromstring(html)
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in ACTIVE_ELEMENTS, f"{where}: <{el.tag}> survived: {lxml.html.tostring(el)[:200]!r}"
        if el.tag == "meta":
            assert el.get("http-equiv", "").lower() in ("", "content-security-policy", "content-type"), where
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: {name}= on <{el.tag}>"
            if name.lower() in URL_ATTRIBUTES:
                assert not ACTIVE_SCHEMES.match(value), f"{where}: {name}={value!r}"
    for marker in ("NOTESCRIPT", "TXTSCRIPT", "MDSCRIPT", "SCRIPTED"):
        for script in tree.iter("script"):
            assert marker not in (script.text or ""), where


def export_hostile_library(tmp_path: Path, crafted_dir: Path, note: str) -> dict[str, str]:
    """Import the hostile pages and texts, highlight each whole document with a hostile tag and ``note``,
    link them in a note; returns the HTML and Markdown exports."""
    from reader_app.core.exporters import formats
    from reader_app.core.exporters.scope import ExportScope

    literal = tmp_path / "literal-markup.txt"
    literal.write_text(LITERAL_MARKUP, encoding="utf-8")
    titled = tmp_path / "titled.html"
    titled.write_text("<html><head><title>&lt;script&gt;alert('TITLE')&lt;/script&gt;</title>"
                      "<meta name=author content=\"<img src=x onerror=alert('AUTHOR')>\">"
                      "<link rel=canonical href=\"javascript:alert('URL')\"></head>"
                      "<body><p>Body text of a page with a hostile title.</p></body></html>", encoding="utf-8")
    with Library(tmp_path / "library.sqlite3") as lib, no_network():
        report = import_paths(lib, [crafted_dir / "active.html", crafted_dir / "raw-html.md", literal, titled])
        assert not report.failures, [o.line() for o in report.failures]
        ids = []
        for doc in lib.documents.list():
            text = lib.documents.text(doc.id)
            h, _ = lib.highlights.add(doc.id, 0, len(text), tags=["<b onmouseover=alert(1)>tag</b>"], note=note)
            ids.append(h.id)
        lib.notes.create("<script>alert('NOTETITLE')</script>", note, [(i, "supports") for i in ids])
        exports = {}
        for name in ("html", "markdown"):
            fmt = formats.get_format(name)
            exports[name] = formats.render(formats.collect_for(lib, ExportScope(), fmt, date="2026-11-21"), fmt).text
    assert "MDSCRIPT" in exports["markdown"] and "TXTSCRIPT" in exports["html"]  # there, as text
    return exports


def markdown_as_viewed(text: str) -> str:
    """The Markdown body as a CommonMark viewer (GitHub, Obsidian, pandoc) renders it, raw HTML passed
    through. Python-Markdown stands in, with the two CommonMark escapes it lacks (``\\<``, ``\\&``)
    applied first; the YAML front matter is metadata, not Markdown, so it is left out."""
    import markdown

    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    body = re.sub(r"(?<!\\)\\<", "&lt;", re.sub(r"(?<!\\)\\&", "&amp;", body))
    return markdown.markdown(body, extensions=["tables", "fenced_code"])


def test_nothing_active_from_hostile_documents_reaches_html_or_markdown_exports(crafted_dir, tmp_path):
    """Hostile pages, texts with literal markup and hostile titles, authors and URLs, highlighted in full
    under a hostile tag: the HTML export, and the Markdown export as a viewer renders it, contain no
    script, frame, form, embedded object or remote load, no event handler and no script URL."""
    exports = export_hostile_library(tmp_path, crafted_dir, note="A plain note.")
    assert_inert(exports["html"], "html")
    assert_inert(markdown_as_viewed(exports["markdown"]), "markdown")


def test_hostile_note_markup_is_sanitised_in_the_html_export(crafted_dir, tmp_path):
    """A note full of raw HTML (as an imported annotation file could carry): the HTML export keeps its
    text but nothing active. (The Markdown export keeps a note's Markdown verbatim, raw HTML included —
    by design, since it is the note's own source.)"""
    exports = export_hostile_library(tmp_path, crafted_dir, note=HOSTILE_NOTE)
    assert "Note with" in exports["html"]
    assert_inert(exports["html"], "html")
