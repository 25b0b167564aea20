"""HTML export: self-contained, colours shown, notes rendered, and nothing active survives hostile text."""
from __future__ import annotations

from html.parser import HTMLParser

from test_export_markdown import sample  # noqa: F401 (fixture)

from reader_app.core.exporters.html import note_html, render_html
from reader_app.core.exporters.scope import ExportScope, collect
from reader_app.core.model import Block, Creator, DocumentMeta, ImportedDocument

HOSTILE = [
    "<script>alert('doc')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(2)">click</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<svg onload="alert(3)"><circle/></svg>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<p style="background:url(https://evil.example/track.png)">styled</p>',
    '<form action="https://evil.example/"><input name=q></form>',
    "[md link](javascript:alert(4)) and ![img](https://evil.example/pixel.png)",
    '<a href="JaVaScRiPt:alert(5)">mixed case</a> <a href="data:text/html,<script>alert(6)</script>">data</a>',
]


class Inspector(HTMLParser):
    """Collects every tag and attribute a browser would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]


def inspect(html: str) -> Inspector:
    found = Inspector()
    found.feed(html)
    return found


def assert_inert(html: str) -> None:
    page = inspect(html)
    active = {"script", "iframe", "frame", "object", "embed", "img", "svg", "link", "form", "input", "base", "video",
              "audio", "source", "style"} & set(page.tags[page.tags.index("body"):])
    assert not active, f"active elements in the body: {active}"
    assert [t for t in page.tags if t == "style"] == ["style"], "only our own stylesheet"
    for tag, name, value in page.attrs:
        assert not name.startswith("on"), f"event handler {name} on <{tag}>"
        if name in ("href", "src", "action", "data"):
            assert value.startswith(("http://", "https://", "mailto:")) and "evil.example/x.css" not in value, \
                f"{name}={value!r} on <{tag}>"
        if name == "style":
            assert "url(" not in value and "expression" not in value, f"style {value!r}"
        if tag == "meta" and name == "http-equiv":
            assert value == "Content-Security-Policy"


def test_hostile_document_and_notes_yield_no_active_content(lib):
    """A document whose title, authors, URL and text are markup, and notes that try every usual trick,
    produce a page with no script, handler, frame, remote load or javascript: link."""
    text = "\n".join(HOSTILE)
    meta = DocumentMeta(title="<script>alert('title')</script>", creators=(Creator('<img src=x onerror=alert(7)>'),),
                        publisher="<iframe src=//evil.example>", url="javascript:alert(8)")
    doc = lib.documents.add(ImportedDocument(text, [Block(0, len(text))], meta, "txt")).document
    for i, line in enumerate(HOSTILE):
        start = text.index(line)
        h, _ = lib.highlights.add(doc.id, start, start + len(line), note=HOSTILE[-1 - i], tags=[f"<b>{i}</b>"])
    lib.notes.create("<script>alert('note')</script>", "\n\n".join(HOSTILE), [(h.id, "supports")])
    html = render_html(collect(lib, ExportScope(), date=None))
    assert_inert(html)
    # The text is still there to read, as text.
    assert "&lt;script&gt;alert(&#x27;doc&#x27;)&lt;/script&gt;" in html
    assert "javascript:alert(8)" in html and 'href="javascript' not in html.lower()


def test_inspector_catches_what_it_should():
    """The checker itself fails on a page with a script or handler (so the test above can fail)."""
    for bad in ("<script>x()</script>", '<p onclick="x()">a</p>', '<a href="javascript:x()">a</a>'):
        page = f"<html><head><style></style></head><body>{bad}</body></html>"
        try:
            assert_inert(page)
        except AssertionError:
            continue
        raise AssertionError(f"not caught: {bad}")


def test_page_is_self_contained_with_a_csp(sample):  # noqa: F811
    """One file: inline CSS, no external stylesheet, script or image, and a policy forbidding any load."""
    html = render_html(collect(sample, ExportScope(), date="2026-03-14"))
    assert "<style>" in html and "<link" not in html and "<script" not in html and "<img" not in html
    assert "default-src 'none'" in html
    assert_inert(html)


def test_colours_tags_citations_and_rendered_notes(sample):  # noqa: F811
    """Each quote sits on its colour, labelled with the user's name for it; notes are rendered Markdown."""
    html = render_html(collect(sample, ExportScope(), date="2026-03-14"))
    assert '<span style="background-color: #f6c6dc">the Japanese Ministry of Foreign Affairs’' in html
    assert "<b>Contested claim (pink)</b>" in html
    assert '<span class="tag" style="color: #' in html and "#territorial dispute</span>" in html
    assert "<cite>Ukraine War: The Impact on Japan-Russia Relations</cite>. The Diplomat, May 16, 2022." in html
    assert "Same framing as NBR: <strong>Ukraine read as a proxy for Taiwan</strong>." in html
    assert '<a href="https://www.mofa.go.jp/policy/other/bluebook/" rel="noopener noreferrer nofollow">' in html


def test_code_in_notes_is_coloured_with_inline_pygments_styles():
    """Fenced code becomes Pygments markup with inline colours (no stylesheet needed) that survives
    sanitising."""
    out = note_html("```python\nx = {\"a\": 1}  # note\n```")
    assert '<div class="codehilite" style="' in out
    assert '<span style="color: #' in out and "# note" in out


def test_unsafe_inline_style_is_dropped():
    """A note's own style attribute with url() is removed by the attribute filter."""
    out = note_html('<span style="color: red; background: url(https://evil.example/x)">x</span> ok')
    assert "url(" not in out and "evil" not in out and "ok" in out
