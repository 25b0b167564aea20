"""Crafted bad files: binary, broken encodings, hostile nesting, pathological Markdown, special files.

The contract under test: every such file either imports (losing no text) or raises ImportFailed naming
the file and the reason, quickly, and nothing else ever escapes.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader_app.core.errors import ImportFailed
from reader_app.core.importers import import_file, iter_import_paths

SUFFIXES = (".txt", ".md", ".html")
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def failure(path: Path) -> ImportFailed:
    with pytest.raises(ImportFailed) as err:
        import_file(path)
    assert err.value.path == str(path)
    return err.value


def assert_canonical(doc) -> None:
    texts = [doc.text[b.start:b.end] for b in doc.blocks]
    assert "\n".join(texts) == doc.text
    assert all(b.end > b.start for b in doc.blocks)
    assert all(t == t.strip() for b, t in zip(doc.blocks, texts) if b.kind != "code")
    assert all(0 <= i.start < i.end <= len(doc.text) for i in doc.inlines)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_binary_with_nul_bytes_is_refused_as_binary(tmp_path, suffix):
    """An image renamed to .txt/.md/.html is refused as binary, not decoded into mojibake."""
    err = failure(write(tmp_path, "image" + suffix, PNG_HEADER + bytes(range(256)) * 4))
    assert "binary" in err.reason


def test_control_character_soup_is_refused_as_binary(tmp_path):
    """Data with no NUL but many control characters is binary too."""
    err = failure(write(tmp_path, "blob.txt", bytes(range(1, 32)) * 20 + b"some words"))
    assert "control characters" in err.reason and "binary" in err.reason


def test_utf16_without_bom_gets_a_helpful_reason(tmp_path):
    """UTF-16 text saved without a byte-order mark is recognised and the user told how to fix it."""
    err = failure(write(tmp_path, "notes.txt", "Plain words in UTF-16".encode("utf-16-le")))
    assert "UTF-16" in err.reason and "byte-order mark" in err.reason


def test_truncated_utf16_after_its_bom_is_refused(tmp_path):
    """A UTF-16 BOM followed by an odd number of bytes is not silently patched up."""
    err = failure(write(tmp_path, "cut.txt", b"\xff\xfe" + "abc".encode("utf-16-le") + b"d"))
    assert "not valid UTF-16" in err.reason


def test_utf16_with_nul_characters_is_binary(tmp_path):
    """NUL characters inside BOM-marked UTF-16 still mean binary."""
    err = failure(write(tmp_path, "nul16.txt", b"\xff\xfe" + "a\x00b\x00\x00c".encode("utf-16-le")))
    assert "binary" in err.reason


def test_bytes_valid_in_neither_utf8_nor_cp1252_are_refused(tmp_path):
    """0x81 is undefined in Windows-1252 and invalid UTF-8 here: the reason names both and the bytes."""
    err = failure(write(tmp_path, "odd.txt", b"caf\xe9 and \x81 more words here"))
    assert "not valid UTF-8" in err.reason and "Windows-1252" in err.reason and "0x81" in err.reason


@pytest.mark.parametrize(
    "html",
    [
        "<body><p>before</p>" + "<div>" * 10_000 + "deep" + "</div>" * 10_000 + "<p>after</p></body>",
        "<p>" + "<b><i>" * 5_000 + "deep" + "</i></b>" * 5_000 + "</p>",
        "<ul>" + "<li><ul>" * 10_000 + "deep",
    ],
    ids=["divs", "inline", "unclosed-lists"],
)
def test_ten_thousand_deep_html_fails_cleanly_and_fast(tmp_path, html):
    """10,000 levels of nesting: ImportFailed in well under a second, never a crash or a silent cut."""
    started = time.perf_counter()
    try:
        doc = import_file(write(tmp_path, "deep.html", html))
    except ImportFailed as err:
        assert "nested" in err.reason
    else:  # importing is fine too, but then every word must be there
        assert "deep" in doc.text and ("after" in doc.text or "after" not in html)
    assert time.perf_counter() - started < 5


def test_deep_but_parseable_html_keeps_all_its_text(tmp_path):
    """1,000 levels is within the parser's limit: text before, inside and after all survive."""
    html = "<body><p>before</p>" + "<div>" * 1_000 + "deep" + "</div>" * 1_000 + "<p>after</p></body>"
    doc = import_file(write(tmp_path, "deep.html", html))
    assert doc.text == "before\ndeep\nafter"


@pytest.mark.parametrize(
    "source",
    [
        "".join("    " * i + "- item\n" for i in range(300)),
        "".join("  " * i + "- item\n" for i in range(300)),
        "> " * 10_000 + "deep quote\n\nafter",
        ">" * 10_000 + " deep\n\nafter",
        "1. " * 5_000,
    ],
    ids=["deep-list", "deep-list-2-spaces", "deep-quote", "deep-quote-no-spaces", "list-markers"],
)
def test_markdown_nested_past_the_parsers_depth_is_read_as_plain_text(tmp_path, source):
    """Lists or quotes nested deeper than the parser reads (it would skip the rest): plain text with a
    note, every character kept, quickly."""
    started = time.perf_counter()
    doc = import_file(write(tmp_path, "evil.md", source))
    assert time.perf_counter() - started < 2
    assert any("imported as plain text" in w and "nested too deeply" in w for w in doc.warnings), doc.warnings
    assert_canonical(doc)
    assert "".join(doc.text.split()) == "".join(source.split())


@pytest.mark.parametrize(
    "source, words",
    [
        ("[a](" * 5_000, "[a](" * 5_000),
        ("[" * 30_000, "[" * 30_000),
        ("[" * 30_000 + "x" + "]" * 30_000, "[" * 30_000 + "x" + "]" * 30_000),
        ("*" * 20_000 + "x" + "*" * 20_000, "x"),
        ("*a" * 100_000, "a" * 100_000),
        ("`a" * 60_000, "a" * 60_000),
        ("&amp;" * 50_000, "&" * 50_000),
    ],
    ids=[
        "unclosed-links", "open-brackets", "nested-brackets", "emphasis-run", "star-a", "backtick-a", "entities",
    ],
)
def test_markup_dense_markdown_is_parsed_not_dropped(tmp_path, source, words):
    """Input that made Python-Markdown crawl (and was read as plain text) is now parsed as Markdown, in
    linear time: no warning, its words there, the markup gone where CommonMark says it is markup."""
    started = time.perf_counter()
    doc = import_file(write(tmp_path, "evil.md", source))
    assert time.perf_counter() - started < 3
    assert doc.warnings == []
    assert_canonical(doc)
    assert words in "".join(doc.text.split())


def test_star_a_becomes_fifty_thousand_emphasis_spans(tmp_path):
    """"*a" repeated: CommonMark emphasises every other "a"; each becomes a span, none of the stars stay."""
    doc = import_file(write(tmp_path, "stars.md", "*a" * 100_000))
    assert doc.text == "a" * 100_000
    spans = [i for i in doc.inlines if i.kind == "emphasis"]
    assert len(spans) == 50_000 and all(i.end - i.start == 1 for i in spans)


def test_html5_void_elements_libxml2_does_not_know_keep_the_rest_of_the_page(tmp_path):
    """libxml2 nests everything after <embed>/<source>/<track>/<wbr> inside them; that text still counts."""
    html = (
        "<article><p>First.</p><embed src='x.swf'><p>After embed.</p>"
        "<video><source src='v.mp4'>Fallback</video><p>After video.</p>"
        "<p>long<wbr>word</p><audio><track src='t.vtt'></audio><p>Last paragraph.</p></article>"
    )
    doc = import_file(write(tmp_path, "void.html", html))
    assert doc.text == "First.\nAfter embed.\nAfter video.\nlongword\nLast paragraph."


def test_html_of_comments_only_has_no_readable_text(tmp_path):
    """A page holding only comments and whitespace is "no readable text", not a parser exception."""
    err = failure(write(tmp_path, "c.html", "<!-- nothing -->\n  <!-- here -->"))
    assert err.reason == "no readable text"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    """Opening a FIFO would wait forever for a writer; it is refused as not a regular file."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert failure(fifo).reason == "not a regular file"


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_folder_symlink_loop_terminates(tmp_path):
    """A symlink pointing back up the tree is not followed, so expansion ends."""
    (tmp_path / "docs").mkdir()
    write(tmp_path / "docs", "a.txt", "text")
    (tmp_path / "docs" / "loop").symlink_to(tmp_path / "docs", target_is_directory=True)
    paths = iter_import_paths([tmp_path / "docs"])
    assert [p.name for p in paths] == ["a.txt", "loop"]  # the link is listed, and import_file refuses it
    with pytest.raises(ImportFailed):
        import_file(paths[1])


_MARKUP_BYTES = st.sampled_from(
    list(b"<>[]()*_`#-=!&;:/\\\n\r\t ~|\"'ab1.")
    + [0x00, 0x1B, 0x80, 0x81, 0xA9, 0xC3, 0xE2, 0xEF, 0xFE, 0xFF]
)
_TOKENS = [
    "<p>", "</p>", "<div>", "<a href='javascript:x'>", "<br>", "<pre>", "<li>", "*", "**", "[x](y)", "\n\n",
    "> ", "- ", "```", "\t", "😀", "&amp;", "<script>", "---\n",
]
_FUZZ_BYTES = st.one_of(
    st.binary(max_size=400),
    st.lists(_MARKUP_BYTES, max_size=400).map(bytes),
    st.text(max_size=200).map(lambda s: s.encode("utf-8")),
    st.lists(st.sampled_from(_TOKENS), max_size=60).map(lambda parts: "".join(parts).encode("utf-8")),
)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_FUZZ_BYTES, suffix=st.sampled_from(SUFFIXES))
def test_fuzz_random_bytes_raise_only_import_failed(fuzz_dir, data, suffix):
    """Whatever the bytes, import_file either returns a well-formed document or raises ImportFailed."""
    path = fuzz_dir / ("fuzz" + suffix)
    path.write_bytes(data)
    try:
        doc = import_file(path)
    except ImportFailed as err:
        assert err.reason and err.path == str(path)
        return
    assert doc.blocks and doc.text
    assert_canonical(doc)
