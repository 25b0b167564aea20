"""File importers: encodings, canonical text and blocks, Markdown and HTML structure, metadata, folders.

Every test writes real files to ``tmp_path`` and goes through the public entry points.
"""
from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from reader_app.core import importers
from reader_app.core.errors import ImportFailed
from reader_app.core.importers import content_hash, decode_text, import_file, iter_import_paths
from reader_app.core.importers._blocks import Piece, build_text
from reader_app.core.importers.decoding import CP1252_WARNING
from reader_app.core.model import Inline


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def block_texts(doc) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks]


def kinds(doc) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, doc.text[b.start:b.end]) for b in doc.blocks]


def assert_canonical(doc) -> None:
    """The canonical-text rule every importer must keep."""
    texts = block_texts(doc)
    assert "\n".join(texts) == doc.text
    pos = 0
    for block, text in zip(doc.blocks, texts):
        assert block.start == pos and block.end > block.start
        if block.kind != "code":
            assert text == text.strip()
        pos = block.end + 1
    for span in doc.inlines:
        owner = [b for b in doc.blocks if b.start <= span.start and span.end <= b.end]
        assert owner and span.start < span.end, span


# -- decoding --------------------------------------------------------------------------------------------


ENCODED = "Kuril Islands — naïve café, 日本, 😀\nsecond line"


@pytest.mark.parametrize(
    "raw",
    [
        ENCODED.encode("utf-8"),
        b"\xef\xbb\xbf" + ENCODED.encode("utf-8"),
        b"\xff\xfe" + ENCODED.encode("utf-16-le"),
        b"\xfe\xff" + ENCODED.encode("utf-16-be"),
        b"\xff\xfe\x00\x00" + ENCODED.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom"],
)
def test_unicode_encodings_decode_without_warning_or_bom(tmp_path, raw):
    """UTF-8 with or without BOM and UTF-16/32 with BOM decode exactly, the BOM gone, no warning."""
    doc = import_file(write(tmp_path, "doc.txt", raw))
    assert doc.text == ENCODED
    assert not doc.text.startswith("\ufeff")
    assert doc.warnings == []
    assert_canonical(doc)


def test_cp1252_is_the_declared_fallback_with_a_warning(tmp_path):
    """Bytes that are not UTF-8 decode as Windows-1252 and the import report is told so."""
    raw = "Café “quoted” – 5 €\n\nSecond paragraph.".encode("cp1252")
    doc = import_file(write(tmp_path, "legacy.txt", raw))
    assert doc.text == "Café “quoted” – 5 €\nSecond paragraph."
    assert doc.warnings == [CP1252_WARNING]
    assert CP1252_WARNING == "decoded as Windows-1252 because it is not valid UTF-8"


def test_valid_utf8_is_never_reinterpreted_as_cp1252(tmp_path):
    """Text that is valid UTF-8 is read as UTF-8 even when it would also be valid Windows-1252."""
    doc = import_file(write(tmp_path, "doc.txt", "naÃ¯ve"))
    assert doc.text == "naÃ¯ve"
    assert doc.warnings == []


def test_decode_text_normalises_line_endings(tmp_path):
    """CRLF, lone CR and Unicode line separators all become "\\n"; a UTF-8 BOM is stripped."""
    text, warnings = decode_text(b"\xef\xbb\xbfa\r\nb\rc\xe2\x80\xa8d\ne", tmp_path / "x.txt")
    assert (text, warnings) == ("a\nb\nc\nd\ne", [])


def test_stray_control_characters_are_removed_and_reported(tmp_path):
    """A few control characters in real text do not sink the import; they are removed, with a note."""
    text = ("A perfectly ordinary paragraph of text. " * 10) + "\x1b[0m end"
    doc = import_file(write(tmp_path, "doc.txt", text))
    assert "\x1b" not in doc.text
    assert any("control character" in w for w in doc.warnings)


def test_html_declared_charset_is_used_when_not_utf8(tmp_path):
    """An HTML page in Shift_JIS that says so in <meta charset> is read in that encoding."""
    html = (
        '<html><head><meta charset="shift_jis"><title>北方領土</title></head>'
        "<body><p>日本とロシア</p></body></html>"
    )
    doc = import_file(write(tmp_path, "jp.html", html.encode("shift_jis")))
    assert doc.text == "日本とロシア"
    assert doc.meta.title == "北方領土"
    assert any("shift_jis" in w for w in doc.warnings)


# -- dispatch and file-level errors ----------------------------------------------------------------------


def test_unsupported_suffix_names_the_type_and_the_supported_ones(tmp_path):
    """A PDF is refused with the message the import report shows."""
    path = write(tmp_path, "paper.pdf", b"%PDF-1.7")
    with pytest.raises(ImportFailed) as err:
        import_file(path)
    assert err.value.reason == "unsupported file type '.pdf' (supported: .txt, .md, .html)"
    assert err.value.path == str(path)


def test_file_without_extension_is_unsupported(tmp_path):
    """A name with no suffix gets a readable reason rather than "''"."""
    with pytest.raises(ImportFailed, match="no extension"):
        import_file(write(tmp_path, "README", "hello"))


@pytest.mark.parametrize("name", ["doc.TXT", "doc.Text", "doc.MD", "doc.markdown", "doc.HTM", "doc.html"])
def test_suffixes_are_case_insensitive(tmp_path, name):
    """Every supported suffix dispatches, whatever its case."""
    doc = import_file(write(tmp_path, name, "Hello there, reader."))
    assert doc.text == "Hello there, reader."


def test_empty_file_is_refused(tmp_path):
    """A zero-byte file is reported as empty, for each format."""
    for name in ("e.txt", "e.md", "e.html"):
        with pytest.raises(ImportFailed, match="the file is empty"):
            import_file(write(tmp_path, name, b""))


@pytest.mark.parametrize(
    "name, content",
    [
        ("w.txt", " \n\n\t \n"),
        ("w.md", "---\n\n   \n"),
        ("w.html", "<html><body><script>x()</script> </body></html>"),
    ],
)
def test_file_without_readable_text_is_refused(tmp_path, name, content):
    """Whitespace, a lone rule or a page of script only: "no readable text"."""
    with pytest.raises(ImportFailed, match="no readable text"):
        import_file(write(tmp_path, name, content))


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    """Files over MAX_BYTES are refused with both sizes in the message; the limit is a module constant."""
    monkeypatch.setattr(importers, "MAX_BYTES", 1_000)
    path = write(tmp_path, "big.txt", "x" * 1_500)
    with pytest.raises(ImportFailed) as err:
        import_file(path)
    assert err.value.reason == "file is 1.5 kB; the limit is 1 kB"
    write(tmp_path, "ok.txt", "x" * 1_000)
    assert import_file(tmp_path / "ok.txt").text == "x" * 1_000


def test_oversized_message_at_the_real_limit(tmp_path):
    """A 60.1 MB (sparse) file is refused against the default 50 MB limit without reading it."""
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(60_100_000)
    with pytest.raises(ImportFailed) as err:
        import_file(path)
    assert err.value.reason == "file is 60.1 MB; the limit is 50 MB"


def test_missing_file_and_folder_are_clear_errors(tmp_path):
    """A path that is gone or is a folder is reported, not raised as OSError."""
    with pytest.raises(ImportFailed, match="no such file"):
        import_file(tmp_path / "gone.txt")
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(ImportFailed, match="folder"):
        import_file(tmp_path / "folder.md")


# -- canonical text and the shared builder ---------------------------------------------------------------


def test_build_text_joins_stripped_blocks_and_moves_inlines():
    """The shared helper: tuples accepted, empty pieces dropped, inlines follow the stripped text."""
    text, blocks, inlines = build_text(
        [
            ("heading", "  Title  ", 1),
            ("paragraph", "   \n  "),
            Piece("paragraph", "  some *bold*  ", 0, "", (Inline(7, 13, "strong"), Inline(0, 2, "emphasis"))),
            Piece("code", "\n\n    indented()\n\n"),
        ]
    )
    assert text == "Title\nsome *bold*\n    indented()"
    assert [(b.kind, b.level, text[b.start:b.end]) for b in blocks] == [
        ("heading", 1, "Title"),
        ("paragraph", 0, "some *bold*"),
        ("code", 0, "    indented()"),
    ]
    assert [(i.kind, text[i.start:i.end]) for i in inlines] == [("strong", "*bold*")]


def test_content_hash_is_sha256_of_the_canonical_text(tmp_path):
    """Same content from two files hashes the same; the hash is the hex SHA-256 of the text."""
    a = import_file(write(tmp_path, "a.txt", "Same words.\r\n\r\nSecond."))
    b = import_file(write(tmp_path, "b.txt", "Same words.\n\n\n\nSecond.\n"))
    assert a.text == b.text
    assert content_hash(a.text) == content_hash(b.text) == hashlib.sha256(a.text.encode()).hexdigest()
    assert content_hash("Other") != content_hash(a.text)


# -- plain text ------------------------------------------------------------------------------------------


def test_plain_text_paragraphs_keep_their_lines(tmp_path):
    """Blank lines separate paragraphs; a line break inside a paragraph stays a line break."""
    raw = "Japan and Russia\r\n\r\nRoses are red,\r\n  violets are blue.\r\n\r\n\r\n   Last paragraph.   \r\n"
    doc = import_file(write(tmp_path, "poem.txt", raw))
    assert kinds(doc) == [
        ("title", 0, "Japan and Russia"),
        ("paragraph", 0, "Roses are red,\n  violets are blue."),
        ("paragraph", 0, "Last paragraph."),
    ]
    assert doc.meta.title == "Japan and Russia"
    assert doc.format == "txt" and doc.source_path == str(tmp_path / "poem.txt")
    assert_canonical(doc)


def test_plain_text_title_falls_back_to_the_file_stem(tmp_path):
    """A first paragraph that reads like a sentence is not a title; the file name stands in."""
    doc = import_file(write(tmp_path, "field-notes.txt", "This opens with a sentence.\n\nMore."))
    assert doc.meta.title == "field-notes"
    assert doc.blocks[0].kind == "paragraph"


def test_astral_characters_keep_code_point_offsets(tmp_path):
    """Emoji and astral CJK count one offset each (str indices), in every format."""
    sentence = "Sanctions 😀 and 𠮷野家 over SWIFT"
    for name, content in [
        ("a.txt", f"Title 𝔘\n\n{sentence}"),
        ("a.md", f"# Title 𝔘\n\n{sentence} *😀*"),
        ("a.html", f"<h1>Title 𝔘</h1><p>{sentence} <em>😀</em></p>"),
    ]:
        doc = import_file(write(tmp_path, name, content))
        assert_canonical(doc)
        start = doc.text.index(sentence)
        assert doc.text[start:start + len(sentence)] == sentence
        assert doc.text.index("SWIFT") == start + len("Sanctions 😀 and 𠮷野家 over ")
        assert block_texts(doc)[0] == "Title 𝔘"
        for span in doc.inlines:
            assert doc.text[span.start:span.end] == "😀"


# -- Markdown --------------------------------------------------------------------------------------------

MARKDOWN = """\
# Japan–Russia *relations*

Opening paragraph with **strong** words,
a [link](https://example.com/a "t") and `code`.

## Sanctions

- first item
- second item
    - nested item

3. third
4. fourth

> Quoted words
> > nested quote

```python
def f():
\treturn "<tab> & <b>"
```

    indented code  keeps  spaces

***

Closing line.
"""


def test_markdown_structure_becomes_blocks(tmp_path):
    """Headings with levels, paragraphs, list items with nesting and numbers, quotes and code."""
    doc = import_file(write(tmp_path, "notes.md", MARKDOWN))
    assert kinds(doc) == [
        ("heading", 1, "Japan–Russia relations"),
        ("paragraph", 0, "Opening paragraph with strong words, a link and code."),
        ("heading", 2, "Sanctions"),
        ("list_item", 1, "first item"),
        ("list_item", 1, "second item"),
        ("list_item", 2, "nested item"),
        ("list_item", 1, "third"),
        ("list_item", 1, "fourth"),
        ("quote", 1, "Quoted words"),
        ("quote", 2, "nested quote"),
        ("code", 0, 'def f():\n\treturn "<tab> & <b>"'),
        ("code", 0, "indented code  keeps  spaces"),
        ("paragraph", 0, "Closing line."),
    ]
    assert [b.label for b in doc.blocks if b.kind == "list_item"] == ["", "", "", "3", "4"]
    assert doc.meta.title == "Japan–Russia relations"
    assert doc.format == "md"
    assert_canonical(doc)


def test_markdown_inline_markup_becomes_spans(tmp_path):
    """Emphasis, strong and links leave the text and become Inline spans over their words."""
    doc = import_file(write(tmp_path, "notes.md", MARKDOWN))
    spans = [(i.kind, doc.text[i.start:i.end], i.target) for i in doc.inlines]
    assert spans == [
        ("emphasis", "relations", ""),
        ("strong", "strong", ""),
        ("link", "link", "https://example.com/a"),
    ]
    assert "*" not in doc.text and "](" not in doc.text


def test_markdown_raw_html_is_text_never_markup(tmp_path):
    """<script>, event handlers and javascript: links in Markdown stay visible text, never markup/targets."""
    source = (
        'Hi <script>alert("x")</script> there.\n\n<div onclick="steal()">block html</div>\n\n'
        "[click](javascript:alert(1)) and <b>bold?</b>"
    )
    doc = import_file(write(tmp_path, "raw.md", source))
    assert block_texts(doc) == [
        'Hi <script>alert("x")</script> there.',
        '<div onclick="steal()">block html</div>',
        "click and <b>bold?</b>",
    ]
    assert all(i.kind != "link" for i in doc.inlines)


def test_markdown_front_matter_gives_metadata_and_leaves_the_text(tmp_path):
    """YAML front matter: title, authors (block list), date, publisher, url; none of it in the text."""
    source = """---
title: "Front-matter title"
author:
  - Jane Doe
  - John Roe
date: 2022-03-01
publisher: East Asia Forum  # comment
url: https://example.com/x
---
# Heading title

Body text.
"""
    doc = import_file(write(tmp_path, "fm.md", source))
    assert doc.meta.title == "Front-matter title"
    assert [c.name for c in doc.meta.creators] == ["Jane Doe", "John Roe"]
    assert doc.meta.published == "2022-03-01"
    assert doc.meta.publisher == "East Asia Forum"
    assert doc.meta.url == "https://example.com/x"
    assert block_texts(doc) == ["Heading title", "Body text."]


def test_markdown_flow_list_author_and_title_fallbacks(tmp_path):
    """``authors: [A, B]`` is a list; without a level-1 heading the title is the file stem."""
    doc = import_file(write(tmp_path, "draft-2.md", "---\nauthors: [A. One, 'B. Two']\n---\n## Sub\n\nText."))
    assert [c.name for c in doc.meta.creators] == ["A. One", "B. Two"]
    assert doc.meta.title == "draft-2"


def test_markdown_rules_around_prose_are_not_front_matter(tmp_path):
    """A leading "---" rule with prose after it is Markdown, not front matter: nothing is swallowed."""
    doc = import_file(write(tmp_path, "rules.md", "---\nA sentence between rules.\n---\n\nMore."))
    assert "A sentence between rules." in doc.text
    assert "More." in doc.text
    doc = import_file(write(tmp_path, "list.md", "---\n- a list item\n---\n\nMore."))
    assert "a list item" in doc.text


def test_markdown_footnotes_become_footnote_blocks_and_refs(tmp_path):
    """``[^n]`` markers become footnote_ref spans pointing at footnote blocks with the same label."""
    doc = import_file(write(tmp_path, "fn.md", "Claim.[^src]\n\n[^src]: The source, p. 4.\n"))
    note = [b for b in doc.blocks if b.kind == "footnote"]
    assert len(note) == 1 and doc.text[note[0].start:note[0].end] == "The source, p. 4."
    refs = [i for i in doc.inlines if i.kind == "footnote_ref"]
    assert len(refs) == 1 and refs[0].target == note[0].label == "src"
    assert "↩" not in doc.text


# -- HTML ------------------------------------------------------------------------------------------------

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Japan's Russia Policy | The Site</title>
<meta property="og:site_name" content="The Site">
<meta name="author" content="Jane Doe">
<meta property="article:author" content="https://social.example/janedoe">
<meta property="article:published_time" content="2022-03-01T10:00:00+09:00">
<link rel="canonical" href="https://example.com/2022/03/japan-russia">
<link rel="stylesheet" href="https://cdn.example/site.css">
<style>p { color: red } .STYLE-TEXT {}</style>
<script>var tracker = "SCRIPT-TEXT";</script>
</head><body>
<header class="site"><nav><a href="/">Home</a><a href="/asia">NAV-TEXT</a></nav>
<div>BANNER-TEXT</div></header>
<div class="social"><button>Share article BUTTON-TEXT</button></div>
<main>
<article>
  <header><h1>Japan&#8217;s Russia Policy</h1><p class="byline">By Jane Doe</p></header>
  <p>Tokyo joined <em>sanctions</em> after the <a href="/2022/02/invasion">invasion</a>;
     see <a href="javascript:alert(1)">this</a> and <a href=" JaVa&#09;ScRiPt:void(0)">that</a>.</p>
  <iframe src="https://video.example/embed">IFRAME-TEXT</iframe>
  <h2>SWIFT</h2>
  <ul><li>Banks cut off</li><li>Assets frozen<ul><li>Central bank</li></ul></li></ul>
  <ol start="3"><li>third</li></ol>
  <blockquote><p>A quoted official.</p></blockquote>
  <pre>  keep   this
	spacing</pre>
  <p>Line one<br>line two<br><br>New paragraph</p>
  <table><tr><th>Year</th><th>Event</th></tr><tr><td>2014</td><td>Crimea</td></tr></table>
  <form action="/comment"><label>FORM-TEXT</label><textarea>TEXTAREA-TEXT</textarea></form>
  <div hidden>HIDDEN-TEXT</div><span style="display:none">HIDDEN-STYLE-TEXT</span>
  <span aria-hidden="true">ARIA-HIDDEN-TEXT</span>
  <noscript>NOSCRIPT-TEXT</noscript>
  <svg><text>SVG-TEXT</text></svg>
  <aside>ASIDE-TEXT</aside>
  <footer>Share this ARTICLE-FOOTER-TEXT</footer>
</article>
</main>
<aside>Most read SIDEBAR-TEXT</aside>
<footer>SITE-FOOTER-TEXT</footer>
<script>document.write("LATE-SCRIPT-TEXT")</script>
</body></html>
"""


def test_html_main_text_structure(tmp_path):
    """The <article>'s headings, paragraphs, lists, quote, pre and table rows become blocks."""
    doc = import_file(write(tmp_path, "article.html", ARTICLE))
    assert kinds(doc) == [
        ("heading", 1, "Japan’s Russia Policy"),
        ("byline", 0, "By Jane Doe"),
        ("paragraph", 0, "Tokyo joined sanctions after the invasion; see this and that."),
        ("heading", 2, "SWIFT"),
        ("list_item", 1, "Banks cut off"),
        ("list_item", 1, "Assets frozen"),
        ("list_item", 2, "Central bank"),
        ("list_item", 1, "third"),
        ("quote", 1, "A quoted official."),
        ("code", 0, "  keep   this\n\tspacing"),
        ("paragraph", 0, "Line one\nline two"),
        ("paragraph", 0, "New paragraph"),
        ("paragraph", 0, "Year\tEvent"),
        ("paragraph", 0, "2014\tCrimea"),
    ]
    assert doc.blocks[7].label == "3"
    assert doc.format == "html"
    assert_canonical(doc)


def test_html_metadata(tmp_path):
    """Title (site suffix dropped), author (profile URLs ignored), date as stated, publisher, canonical."""
    doc = import_file(write(tmp_path, "article.html", ARTICLE))
    assert doc.meta.title == "Japan's Russia Policy"
    assert [c.name for c in doc.meta.creators] == ["Jane Doe"]
    assert doc.meta.published == "2022-03-01T10:00:00+09:00"
    assert doc.meta.publisher == "The Site"
    assert doc.meta.url == "https://example.com/2022/03/japan-russia"


def test_html_drops_scripts_styles_navigation_forms_and_hidden_content(tmp_path):
    """No script, style, nav, banner, form, iframe, svg, hidden, aside or footer text reaches the document."""
    doc = import_file(write(tmp_path, "article.html", ARTICLE))
    for marker in (
        "SCRIPT-TEXT", "STYLE-TEXT", "NAV-TEXT", "BANNER-TEXT", "BUTTON-TEXT", "IFRAME-TEXT", "FORM-TEXT",
        "TEXTAREA-TEXT", "HIDDEN-TEXT", "HIDDEN-STYLE-TEXT", "ARIA-HIDDEN-TEXT", "NOSCRIPT-TEXT", "SVG-TEXT",
        "ASIDE-TEXT", "ARTICLE-FOOTER-TEXT", "SIDEBAR-TEXT", "SITE-FOOTER-TEXT", "LATE-SCRIPT-TEXT",
    ):
        assert marker not in doc.text, marker
    assert "javascript" not in doc.text.lower()
    assert all("javascript" not in i.target.lower() for i in doc.inlines)


def test_html_links_are_resolved_against_the_canonical_url(tmp_path):
    """A relative href becomes absolute from the canonical URL; script links keep their words only."""
    doc = import_file(write(tmp_path, "article.html", ARTICLE))
    links = [(doc.text[i.start:i.end], i.target) for i in doc.inlines if i.kind == "link"]
    assert links == [("invasion", "https://example.com/2022/02/invasion")]
    assert [(doc.text[i.start:i.end]) for i in doc.inlines if i.kind == "emphasis"] == ["sanctions"]


def test_html_without_article_uses_the_body_minus_site_furniture(tmp_path):
    """No <article>/<main>: the body is read minus site header, nav and footer; <title> is the title."""
    html = """<html><head><title>Plain page</title></head><body>
    <header><a href="/">Logo</a> Site name</header>
    <div>Loose text in a div <b>with bold</b>
    <p>A real paragraph.</p>tail text</div>
    <footer>Copyright</footer></body></html>"""
    doc = import_file(write(tmp_path, "plain.html", html))
    assert block_texts(doc) == ["Loose text in a div with bold", "A real paragraph.", "tail text"]
    assert doc.meta.title == "Plain page"
    assert doc.meta.creators == () and doc.meta.published == "" and doc.meta.url == ""


def test_html_page_wrapped_in_one_form_keeps_its_text(tmp_path):
    """Old ASP.NET pages wrap everything in a <form>; that form is content, not a comment box."""
    html = "<html><body><form id='aspnetForm'><h1>Report</h1><p>Findings.</p></form></body></html>"
    doc = import_file(write(tmp_path, "aspx.html", html))
    assert block_texts(doc) == ["Report", "Findings."]
    assert doc.meta.title == "Report"


def test_html_teaser_article_does_not_hide_the_real_text(tmp_path):
    """A tiny <article> card beside the real text is not taken for the article: the body is read."""
    body = "<p>" + "The real article text. " * 40 + "</p>"
    html = f"<html><body><div>{body}</div><article><p>Teaser</p></article></body></html>"
    doc = import_file(write(tmp_path, "teaser.html", html))
    assert "The real article text." in doc.text


def test_html_with_xml_declaration(tmp_path):
    """XHTML files beginning with an XML declaration import (lxml refuses it on str input)."""
    html = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>XHTML body</p></body></html>'
    )
    doc = import_file(write(tmp_path, "x.htm", html))
    assert doc.text == "XHTML body"


def test_html_import_never_touches_the_network(tmp_path, monkeypatch):
    """External DTDs, stylesheets, images and iframes are never fetched: any socket use fails the test."""

    def no_network(*args, **kwargs):
        raise AssertionError("the importer tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    html = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
        '<html><head><link rel="stylesheet" href="http://example.com/s.css"></head>'
        '<body><img src="http://example.com/a.png"><iframe src="http://example.com/"></iframe>'
        "<p>Offline &amp; safe</p></body></html>"
    )
    doc = import_file(write(tmp_path, "net.html", html))
    assert doc.text == "Offline & safe"


# -- folders ---------------------------------------------------------------------------------------------


def test_iter_import_paths_expands_folders_sorted_skipping_hidden(tmp_path):
    """Folders expand recursively in sorted order; hidden files and folders are skipped; unsupported files
    stay listed so the report names them; explicit files are kept and nothing is listed twice."""
    root = tmp_path / "articles"
    names = ("b.md", "A.txt", "sub/c.html", "sub/deeper/d.txt", "notes.pdf", ".hidden.txt", ".git/config.txt")
    for name in names:
        write(root, name, "text")
    loose = write(tmp_path, "loose.txt", "text")
    missing = tmp_path / "missing.md"
    paths = iter_import_paths([root, loose, root / "b.md", missing])
    rel = [p.relative_to(tmp_path).as_posix() for p in paths]
    assert rel == [
        "articles/A.txt",
        "articles/b.md",
        "articles/notes.pdf",
        "articles/sub/c.html",
        "articles/sub/deeper/d.txt",
        "loose.txt",
        "missing.md",
    ]
    assert all(isinstance(p, Path) for p in paths)
