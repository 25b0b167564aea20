"""Markdown export: golden file, byte-identical repeats, grouping, escaping and front matter."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_export_sample import FIXED_NOW, build_sample

from reader_app.core.exporters.markdown import escape, render_markdown, tag_token
from reader_app.core.exporters.scope import ExportScope, collect
from reader_app.core.seeding import ensure_seeded
from reader_app.core.store import Library

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def sample(library_path):
    """The five articles with the sample annotations, written with a fixed clock."""
    lib = Library(library_path, clock=lambda: FIXED_NOW)
    ensure_seeded(lib)
    build_sample(lib)
    yield lib
    lib.close()


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(actual.encode("utf-8"))
    assert actual == path.read_bytes().decode("utf-8"), f"{name} changed; UPDATE_GOLDEN=1 rewrites it after review"


def test_markdown_matches_golden_file(sample):
    """The whole sample export, by document, is exactly the reviewed golden file."""
    check_golden("sample.md", render_markdown(collect(sample, ExportScope(), date="2026-03-14")))


def test_markdown_by_tag_matches_golden_file(sample):
    """Grouping by tag for two tags is exactly the reviewed golden file."""
    data = collect(sample, ExportScope(tags=("sanctions", "Kuril Islands"), group_by="tag"), date=None)
    check_golden("sample-by-tag.md", render_markdown(data))


def test_same_export_twice_is_byte_identical(sample):
    """Two exports of the same library with the same date are the same bytes (stable order, no clock)."""
    first = render_markdown(collect(sample, ExportScope(group_by="note"), date="2026-03-14"))
    second = render_markdown(collect(sample, ExportScope(group_by="note"), date="2026-03-14"))
    assert first == second


def test_front_matter_and_citations(sample):
    """The YAML front matter opens the file with title, date and Obsidian-safe tags; each source is cited."""
    text = render_markdown(collect(sample, ExportScope(), date="2026-03-14"))
    head, _, body = text.partition("\n---\n")
    assert head.startswith("---\ntitle: \"Annotated notes\"\ndate: 2026-03-14\ntags:\n")
    assert '  - "territorial-dispute"' in head and '  - "Abes-Russia-policy"' in head
    assert "Mercy A. Kuo (interviewer); Jeffrey Hornung (interviewee). *Ukraine War: The Impact on Japan-Russia " \
           "Relations*. The Diplomat, May 16, 2022." in body
    assert "Exported 2026-03-14 · 32 highlights · 5 sources · 2 cross-document notes" in body


def test_no_date_leaves_every_date_out(sample):
    """--no-date: neither the front matter nor the summary mention an export date."""
    text = render_markdown(collect(sample, ExportScope(), date=None))
    assert "date:" not in text.split("\n---\n")[0] and "Exported" not in text


def test_highlight_block_has_quote_colour_label_tags_and_note(sample):
    """A highlight is a block quote, then its colour (with the user's label), tags and location, then the
    note as written."""
    text = render_markdown(collect(sample, ExportScope(documents=("caps-walia",)), date=None))
    assert "> Russia has been involved in military action against Ukraine since February 26.\n\n" \
           "**Check this (purple)** · #dates · `caps-walia@" in text
    assert "The invasion began on **24** February 2022; the article says 26." in text
    assert "```python\nshare_from_russia" in text


def test_cross_document_note_lists_passages_with_relation_and_source(sample):
    """A cross-document note shows its body, then each passage numbered with its relation and source."""
    text = render_markdown(collect(sample, ExportScope(note_id=1), date=None))
    assert "## Cross-document notes" in text and "### Abe's Russia policy, judged in hindsight" in text
    assert "#### 1. Supports — Japan's Response to the Russia-Ukraine Conflict" in text
    assert "#### 2. Same fact — Japan’s decisiveness toward Russia and Ukraine" in text
    assert "**Yellow** · #Abes-Russia-policy · Melissa Mahoney, East Asia Forum · `eaf-mahoney-2022@" in text


def test_empty_scope_says_so(seeded):
    """An export with nothing in it says there is nothing rather than printing an empty shell."""
    text = render_markdown(collect(seeded, ExportScope(), date=None))
    assert "Nothing to export" in text


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a *b* c", r"a \*b\* c"),
    ("# not a heading", r"\# not a heading"),
    ("1. not a list", r"1\. not a list"),
    ("x <script>alert(1)</script>", r"x \<script>alert(1)\</script>"),
    ("see [here](http://x)", r"see \[here](http://x)"),
    ("snake_case and _em_", r"snake_case and \_em\_"),
    ("footnote [1] stays", "footnote [1] stays"),
])
def test_quotes_are_escaped_only_where_markdown_would_change_them(raw, escaped):
    """Document text renders literally, yet plain prose (footnote marks, apostrophes) is left alone."""
    assert escape(raw) == escaped


def test_tag_tokens_are_obsidian_tags():
    """Obsidian tags cannot hold spaces or apostrophes, and a number alone is not a tag."""
    assert tag_token("territorial dispute") == "territorial-dispute"
    assert tag_token("Abe's Russia policy") == "Abes-Russia-policy"
    assert tag_token("2022") == "tag-2022"


def test_raw_html_in_notes_is_inert_but_code_is_kept():
    """A note's Markdown stays as written except raw HTML tags outside code, which a Markdown viewer
    would run: they become text ("&lt;script>"), while code spans and fenced blocks keep their "<"."""
    from reader_app.core.exporters.markdown import defuse_html

    note = "Says <script>alert(1)</script>, a < b, `<b>` inline\n\n```html\n<div onclick=x>\n```\n<img src=x onerror=y>"
    out = defuse_html(note)
    assert "<script>" not in out and "<img" not in out and "&lt;script>alert(1)&lt;/script>" in out
    assert "a < b" in out and "`<b>`" in out and "```html\n<div onclick=x>\n```" in out
