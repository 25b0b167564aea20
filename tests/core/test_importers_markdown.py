"""Markdown import beyond the basics in test_importers.py: CommonMark structure, footnotes, links, tables,
and the parts that keep big and hostile files linear in time and small in memory.

Every test writes a real file to ``tmp_path`` and goes through ``import_file``.
"""
from __future__ import annotations

import gc
import threading
import tracemalloc
from pathlib import Path

from reader_app.core.importers import _markdown, import_file
from reader_app.core.importers.decoding import decode_text, read_source
from reader_app.core.importers.markdown_doc import from_markdown


def imported(tmp_path: Path, source: str, name: str = "doc.md"):
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    doc = import_file(path)
    texts = [doc.text[b.start:b.end] for b in doc.blocks]
    assert "\n".join(texts) == doc.text  # the canonical-text rule, checked for every document here
    return doc


def kinds(doc) -> list[tuple[str, int, str, str]]:
    return [(b.kind, b.level, b.label, doc.text[b.start:b.end]) for b in doc.blocks]


def spans(doc, kind: str | None = None) -> list[tuple[str, str, str]]:
    return [(i.kind, doc.text[i.start:i.end], i.target) for i in doc.inlines if kind in (None, i.kind)]


def test_two_space_sub_items_nest_as_commonmark_says(tmp_path):
    """Sub-items indented to the parent's text nest (Python-Markdown wanted four spaces and made them
    siblings); a later paragraph of an item is a paragraph, not a new bullet."""
    doc = imported(tmp_path, "- one\n  - two\n    - three\n\n  more about one\n- four\n")
    assert kinds(doc) == [
        ("list_item", 1, "", "one"),
        ("list_item", 2, "", "two"),
        ("list_item", 3, "", "three"),
        ("paragraph", 1, "", "more about one"),
        ("list_item", 1, "", "four"),
    ]


def test_list_items_hold_quotes_code_and_keep_their_numbers(tmp_path):
    """An ordered list starting at 7 numbers on from there; a quote and fenced code inside an item keep
    their kinds."""
    doc = imported(tmp_path, "7. first\n   > quoted in item\n\n   ```\n   code\tin item\n   ```\n8. second\n")
    assert kinds(doc) == [
        ("list_item", 1, "7", "first"),
        ("quote", 1, "", "quoted in item"),
        ("code", 0, "", "code\tin item"),
        ("list_item", 1, "8", "second"),
    ]


def test_footnotes_are_numbered_in_definition_order_and_gathered_at_the_end(tmp_path):
    """References show their footnote's number; every definition, referenced or not and wherever it was
    written, becomes a footnote block at the end, all its paragraphs included."""
    source = (
        "A claim[^b] and another[^a].\n\n[^a]: First written.\n\n    Its second paragraph.\n\n"
        "Middle paragraph.\n\n[^b]: Second written.\n[^c]: Never referenced.\n\nLast paragraph.\n"
    )
    doc = imported(tmp_path, source)
    assert kinds(doc) == [
        ("paragraph", 0, "", "A claim2 and another1."),
        ("paragraph", 0, "", "Middle paragraph."),
        ("paragraph", 0, "", "Last paragraph."),
        ("footnote", 0, "a", "First written."),
        ("footnote", 0, "a", "Its second paragraph."),
        ("footnote", 0, "b", "Second written."),
        ("footnote", 0, "c", "Never referenced."),
    ]
    assert spans(doc) == [("footnote_ref", "2", "b"), ("footnote_ref", "1", "a")]


def test_undefined_footnote_and_inline_note_stay_text(tmp_path):
    """``[^x]`` with no definition and ``^[inline]`` notes are not markup here: the text shows them."""
    doc = imported(tmp_path, "See [^missing] and ^[an inline note].\n")
    assert doc.text == "See [^missing] and ^[an inline note]."
    assert doc.inlines == []


def test_link_targets_safe_ones_kept_script_and_data_dropped(tmp_path):
    """Links keep their words; http(s), relative, reference-style (defined after use) and autolinks keep
    targets; javascript: and data: targets are dropped, not left as Markdown source."""
    source = (
        "[web](https://example.org/a) [rel](../b.html) [ref][r] <https://auto.example> "
        "[js](javascript:alert(1)) [js2](<JaVaScRiPt:alert(1)>) [data](data:text/html,<b>x</b>)\n\n"
        '[r]: https://ref.example/c "Title"\n'
    )
    doc = imported(tmp_path, source)
    assert doc.text == "web rel ref https://auto.example js js2 data"
    assert spans(doc) == [
        ("link", "web", "https://example.org/a"),
        ("link", "rel", "../b.html"),
        ("link", "ref", "https://ref.example/c"),
        ("link", "https://auto.example", "https://auto.example"),
    ]


def test_inline_details_entities_escapes_breaks_images_and_code_spans(tmp_path):
    """Entities decode, escapes lose their backslash, a hard break is a line break, images leave no
    text (as in HTML pages), a code span keeps its words without the backticks, and wrapped lines join."""
    source = "A &amp; B \\*not em\\* ![alt](i.png) `x  y`\nwrapped  \nbroken\\\nagain\n"
    doc = imported(tmp_path, source)
    assert doc.text == "A & B *not em* x y wrapped\nbroken\nagain"
    assert doc.inlines == []


def test_table_rows_become_tab_separated_paragraphs(tmp_path):
    """A pipe table is one paragraph per row, cells separated by tabs, inline markup still read."""
    doc = imported(tmp_path, "| Year | Event |\n|---|---|\n| 2014 | *Crimea* |\n")
    assert kinds(doc) == [("paragraph", 0, "", "Year\tEvent"), ("paragraph", 0, "", "2014\tCrimea")]
    assert spans(doc) == [("emphasis", "Crimea", "")]


def test_table_rows_past_the_cell_budget_become_a_paragraph_of_their_text(tmp_path):
    """The table rule holds all its rows at once, so past MAX_TABLE_CELLS cells the remaining rows are
    read as one paragraph, pipes included: no word lost, and the text after the table is still there."""
    rows = _markdown.MAX_TABLE_CELLS // 4  # "|a|b|" counts as four cells' worth
    source = "|a|b|\n|-|-|\n" + "".join(f"|{i}|x|\n" for i in range(rows + 3)) + "\nAfter.\n"
    doc = imported(tmp_path, source)
    texts = [doc.text[b.start:b.end] for b in doc.blocks]
    assert texts[:2] == ["a\tb", "0\tx"] and texts[rows] == f"{rows - 1}\tx"
    assert texts[-2:] == [f"|{rows}|x| |{rows + 1}|x| |{rows + 2}|x|", "After."]


def test_raw_html_block_and_inline_stay_visible_text(tmp_path):
    """With raw HTML off, tags in any position are characters the reader sees."""
    doc = imported(tmp_path, "<script>\nalert(1)\n</script>\n\nA <img src=x onerror=y> tag.\n")
    assert doc.text == "<script> alert(1) </script>\nA <img src=x onerror=y> tag."


def test_giant_paragraph_is_parsed_in_slices_without_losing_text(tmp_path):
    """A paragraph longer than MAX_INLINE_CHARS is parsed a slice at a time: every word and every
    emphasis span is there, the line breaks at the cuts are spaces like the others."""
    line = "word *stress* word\n"
    count = 3 * _markdown.MAX_INLINE_CHARS // len(line)
    doc = imported(tmp_path, line * count)
    assert doc.text == " ".join(["word stress word"] * count)
    assert len(spans(doc, "emphasis")) == count


def test_absurd_indentation_is_cut_without_losing_the_code(tmp_path):
    """A code line indented by thousands of spaces keeps its text (the indentation past MAX_INDENT goes),
    so megabytes of indentation cost no more than their text."""
    doc = imported(tmp_path, "Intro.\n\n" + " " * 5_000 + "deep_code()\n\nAfter.\n")
    assert [(b.kind, doc.text[b.start:b.end].strip()) for b in doc.blocks] == [
        ("paragraph", "Intro."),
        ("code", "deep_code()"),
        ("paragraph", "After."),
    ]
    assert doc.text.count(" ") <= _markdown.MAX_INDENT


def test_a_long_list_is_collected_while_parsing(tmp_path):
    """A 10,000-item nested list is one top-level block; its tokens are handed on as they are made, so
    peak memory stays a small multiple of the file (all tokens at once came to ~100 bytes a character)."""
    source = "".join(f"- item {i} with *some* words\n  - child {i}\n" for i in range(5_000))
    path = tmp_path / "list.md"
    path.write_text(source, encoding="utf-8")
    text, _ = decode_text(read_source(path), path)  # outside the measurement: reading reserves MAX_BYTES
    tracemalloc.start()
    try:
        doc = from_markdown(text, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(b.level, doc.text[b.start:b.end]) for b in doc.blocks[-2:]] == [
        (1, "item 4999 with some words"),
        (2, "child 4999"),
    ]
    assert len(doc.blocks) == 10_000 and len(spans(doc, "emphasis")) == 5_000
    assert peak < 60 * len(source), peak


def test_imports_on_several_threads_agree_and_leave_the_collector_on(tmp_path):
    """The parsers are shared: four threads importing at once get identical documents, and the cycle
    collector, paused while each parses, is running again afterwards (a fallback import included)."""
    source = "# T\n\n" + "Para *em* [l](https://x.example)[^n].\n\n" * 2_000 + "[^n]: Note.\n"
    path = tmp_path / "shared.md"
    path.write_text(source, encoding="utf-8")
    results = []
    threads = [threading.Thread(target=lambda: results.append(import_file(path))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    assert all((r.text, r.blocks, r.inlines) == (results[0].text, results[0].blocks, results[0].inlines)
               for r in results)
    deep = imported(tmp_path, "> " * 500 + "deep\n", "deep.md")
    assert deep.warnings and gc.isenabled()
