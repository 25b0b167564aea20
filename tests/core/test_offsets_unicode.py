"""Offsets across the UTF-16 boundary: highlights on emoji, flags, ZWJ sequences, combining marks and CJK
Extension B characters land on exactly the selected code points — in the store and in every export.

Each of those characters is one Python ``str`` index but two UTF-16 code units (what Qt counts), so any
unit mix-up anywhere shifts the span and the checks below see a different quote.
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from reader_app.core.exporters import formats
from reader_app.core.exporters.scope import ExportScope
from reader_app.core.model import Block, DocumentMeta, ImportedDocument
from reader_app.core.store import Library

LINES = [
    "Astral test 📚",
    "Japan 🇯🇵 and Russia 🇷🇺 disagree about SWIFT.",
    "北方領土 𠀋𡈽𠮷 talks stalled in 2022.",
    "A family 👩‍👩‍👧 emoji, a cafe\u0301 with a combining accent, and 🙂 again.",
    "Plain ASCII after all that: the end.",
]
TEXT = "\n".join(LINES)
# Each span is chosen by its text; the expected offsets are Python (code point) indices.
SPANS = ["𠀋𡈽𠮷", "🇯🇵 and Russia 🇷🇺", "👩‍👩‍👧", "cafe\u0301", "stalled", "the end", "📚"]


def blocks_for(text: str) -> list[Block]:
    blocks, at = [], 0
    for line in text.split("\n"):
        blocks.append(Block(at, at + len(line)))
        at += len(line) + 1
    return blocks


def annotated_library(lib: Library) -> dict[str, int]:
    doc = lib.documents.add(ImportedDocument(TEXT, blocks_for(TEXT), DocumentMeta(title="Astral 🀄 𠀋"), "txt")).document
    ids = {}
    for quote in SPANS:
        start = TEXT.index(quote)
        h, _ = lib.highlights.add(doc.id, start, start + len(quote), tags=[f"tag {quote}"], note=f"note on {quote}")
        ids[quote] = h.id
    return ids


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_store_keeps_code_point_offsets_and_quotes(lib: Library):
    """Each stored highlight's start/end are code-point offsets and text[start:end] is the chosen quote,
    even after astral characters that count double in UTF-16."""
    ids = annotated_library(lib)
    assert utf16_len(TEXT) > len(TEXT) + 10  # the text really crosses the UTF-16 boundary
    for quote, hid in ids.items():
        h = lib.highlights.get(hid)
        assert (h.start, h.end) == (TEXT.index(quote), TEXT.index(quote) + len(quote))
        assert h.exact == quote and TEXT[h.start:h.end] == quote
        assert h.prefix == TEXT[max(0, h.start - 32):h.start] and h.suffix == TEXT[h.end:h.end + 32]
    for word in ("stalled", "ASCII"):  # search hits jump to code-point offsets too
        hits = lib.search.search(word)
        assert hits and all(TEXT[hit.start:hit.end] == word for hit in hits)


def export(lib: Library, name: str) -> formats.ExportResult:
    fmt = formats.get_format(name)
    return formats.render(formats.collect_for(lib, ExportScope(), fmt, date="2026-11-21"), fmt)


def test_every_export_carries_the_exact_quote_and_code_point_offsets(lib: Library):
    """Markdown, HTML, CSV, W3C Web Annotation and REFI-QDA all hold each quote exactly, and the formats
    with offsets give the code-point span that selects it from the document text."""
    ids = annotated_library(lib)
    markdown = export(lib, "markdown").text
    html = export(lib, "html").text
    for quote in SPANS:
        assert quote in markdown, quote
        assert quote in html, quote

    rows = list(csv.DictReader(io.StringIO(export(lib, "csv").text)))
    assert len(rows) == len(SPANS)
    for row in rows:
        assert TEXT[int(row["start"]):int(row["end"])] == row["quote"]

    collection = json.loads(export(lib, "json").text)
    items = collection.get("first", {}).get("items", collection.get("items", []))
    seen = 0
    for item in items:
        for tgt in item["target"] if isinstance(item["target"], list) else [item["target"]]:
            selectors = {s["type"]: s for s in tgt["selector"]}
            pos, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
            assert TEXT[pos["start"]:pos["end"]] == quote["exact"]
            assert TEXT[:pos["start"]].endswith(quote["prefix"]) and TEXT[pos["end"]:].startswith(quote["suffix"])
            seen += 1
    assert seen >= len(ids)

    with zipfile.ZipFile(io.BytesIO(export(lib, "qdpx").content)) as archive:
        project = ET.fromstring(archive.read("project.qde"))
        ns = {"q": project.tag.split("}")[0].strip("{")}
        source = project.find(".//q:TextSource", ns)
        text = archive.read("sources/" + source.get("plainTextPath").split("://")[1]).decode("utf-8")
        assert text == TEXT
        spans = {text[int(s.get("startPosition")):int(s.get("endPosition"))]
                 for s in source.findall("q:PlainTextSelection", ns)}
    assert spans == set(SPANS)


ASTRAL_ALPHABET = st.sampled_from(list("ab 北方領土") + ["𠀋", "𡈽", "🇯", "🇵", "🙂", "👩", "\u200d", "e\u0301", "\n"])


@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(ASTRAL_ALPHABET, min_size=2, max_size=80), data=st.data())
def test_any_span_of_astral_text_round_trips(tmp_path_factory, pieces, data):
    """Property: for random text full of astral and combining characters and any non-empty span, the
    stored highlight and the CSV export select exactly that span."""
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    with Library(tmp_path_factory.mktemp("lib") / "library.sqlite3") as lib:
        doc = lib.documents.add(ImportedDocument(text, [Block(0, len(text))], DocumentMeta(title="t"), "txt")).document
        h, _ = lib.highlights.add(doc.id, start, end)
        stored = lib.highlights.get(h.id)
        assert (stored.start, stored.end, stored.exact) == (start, end, text[start:end])
        row = next(csv.DictReader(io.StringIO(export(lib, "csv").text)))
        assert (int(row["start"]), int(row["end"])) == (start, end)
        assert row["quote"].lstrip("'") == text[start:end] or row["quote"] == text[start:end]
