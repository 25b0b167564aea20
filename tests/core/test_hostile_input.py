"""Hostile documents: every crafted or fuzzed file either imports cleanly or is refused with a clear
reason, within bounded time and memory; no import makes a network request; nothing active that a
document carries reaches an HTML or Markdown export.

Two network guards: Python's socket API is made to raise for the duration of each import (catches any
Python-level fetch), and the hostile pages point their remote resources (DTD, images, stylesheets,
iframes, scripts) at a real listening socket on 127.0.0.1 that counts connections — that also catches a
fetch made from C inside libxml2, which never touches Python's socket module.
"""
from __future__ import annotations

import codecs
import contextlib
import random
import re
import signal
import socket
import threading
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader_app.core import importers
from reader_app.core.errors import ImportFailed
from reader_app.core.importing import FAILED, import_paths
from reader_app.core.model import ImportedDocument
from reader_app.core.store import Library

MB = 1 << 20
ACTIVE_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


# -- guards -------------------------------------------------------------------------------------------
class Listener:
    """A TCP socket on 127.0.0.1 that accepts and counts every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


@contextlib.contextmanager
def no_network():
    """Any Python-level attempt to reach the network raises while the block runs."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted during import: {args[1:] or kwargs}")

    saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection)
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.getaddrinfo = refuse
    socket.create_connection = refuse
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection = saved


# -- what a clean import means ------------------------------------------------------------------------------
def check_document(doc: ImportedDocument) -> None:
    """Invariants of an accepted document: shown text only, blocks and inlines inside it, no active links."""
    text = doc.text
    assert isinstance(text, str) and text
    assert "\x00" not in text and "\ufffe" not in text
    last = 0
    for block in doc.blocks:
        assert last <= block.start <= block.end <= len(text), block
        last = block.end
    for inline in doc.inlines:
        assert 0 <= inline.start <= inline.end <= len(text), inline
        assert not ACTIVE_SCHEMES.match(inline.target or ""), inline
    assert not re.search(r"javascript:|<script|<iframe|onerror\s*=", text, re.I) or doc.format in ("txt", "md"), \
        "markup from an HTML page leaked into its text"


@dataclass
class Outcome:
    status: str  # "imported" | "refused"
    reason: str
    seconds: float
    peak_bytes: int
    doc: ImportedDocument | None = None


class TookTooLong(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Interrupt the block after ``seconds`` (SIGALRM; the importers are Python, so they stop promptly)."""
    def expire(signum, frame):
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_import(path: Path, limit: float | None = None) -> Outcome:
    """Import one file under the network guard and a time limit, measuring wall time and peak Python
    allocation."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with no_network(), time_limit(limit or TIME_LIMIT_S):
            doc = importers.import_file(path)
        status, reason = "imported", "; ".join(doc.warnings)
    except ImportFailed as exc:
        doc, status, reason = None, "refused", exc.reason
        assert str(path) in str(exc)
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if doc is not None:
        check_document(doc)
    else:
        assert len(reason) > 10, "a refusal must say why"
    return Outcome(status, reason, seconds, peak, doc)


# -- the crafted set -----------------------------------------------------------------------------------------
def active_html(port: int) -> str:
    remote = f"http://127.0.0.1:{port}"
    return f"""<!DOCTYPE html SYSTEM "{remote}/evil.dtd">
<html><head><title>Hostile page</title>
<meta http-equiv="refresh" content="0; url={remote}/refresh">
<base href="{remote}/">
<link rel="stylesheet" href="{remote}/style.css"><script src="{remote}/app.js"></script>
<script>document.write('SCRIPTED'); fetch('{remote}/beacon')</script>
<style>body {{ background: url({remote}/bg.png) }}</style></head>
<body onload="alert('ONLOAD')"><article><h1>Real heading</h1>
<p>First paragraph with a <a href="javascript:alert('JSLINK')">javascript link</a>,
a <a href="JaVaScRiPt&#58;alert(1)">disguised one</a>, a <a href=" java&#x09;script:alert(2)">split one</a>,
a <a href="data:text/html;base64,PHNjcmlwdD4=">data link</a> and a <a href="https://example.org/ok">good link</a>.</p>
<img src="{remote}/pixel.png" onerror="alert('ONERROR')" alt="remote image">
<iframe src="{remote}/frame.html">IFRAME FALLBACK</iframe>
<object data="{remote}/x.swf"></object><embed src="{remote}/y.swf">
<svg><script>alert('SVGSCRIPT')</script><image href="{remote}/svg.png"/></svg>
<form action="{remote}/post"><input name="q" value="FORMVALUE"></form>
<p>Last paragraph.</p></article><noscript>NOSCRIPT</noscript></body></html>"""


RAW_MARKDOWN = """# Notes with raw HTML

Plain paragraph before.

<script>alert('MDSCRIPT')</script>

<iframe src="http://127.0.0.1:{port}/md-frame"></iframe>

A [javascript link](javascript:alert('MDJS')) and a [good one](https://example.org).

![remote image](http://127.0.0.1:{port}/md.png) <img src=x onerror=alert(1)>

<div onclick="alert('CLICK')">div text</div>
"""

BIDI = ("Normal text \u202eevil reversed txt.exe\u202c then \u2067isolated \u05e2\u05d1\u05e8\u05d9\u05ea\u2069 "
        "and \u200f marks \u200e and \u061c.\nSecond line \u202a embedded \u202c end.\n")
ASTRAL = "Emoji 🇯🇵🇷🇺 👩‍👩‍👧 🙂 and CJK Ext B 𠀋𡈽𠮷 and math 𝔸𝔹 and tags 🏴󠁧󠁢󠁳󠁣󠁴󠁿.\n" * 50


def crafted(port: int) -> dict[str, bytes]:
    rnd = random.Random(7)
    deep_html = "<html><body>" + "<div>" * 10_000 + "deep text" + "</div>" * 10_000 + "</body></html>"
    deep_inline = "<html><body><p>" + "<b><i>" * 5_000 + "deep inline" + "</i></b>" * 5_000 + "</p></body></html>"
    return {
        "random.txt": rnd.randbytes(64 * 1024),
        "random.html": rnd.randbytes(64 * 1024),
        "random.md": rnd.randbytes(64 * 1024),
        "png-named.html": b"\x89PNG\r\n\x1a\n" + rnd.randbytes(4096),
        "nul-bytes.txt": b"Looks like text\x00but has a NUL\x00 or two.\n" * 20,
        "truncated-utf8.txt": "Café 日本語 Ελληνικά".encode("utf-8")[:-1],
        "truncated-utf8.md": ("# Title\n\nÜber " + "日本" * 20).encode("utf-8")[:-2],
        "utf16-no-bom.txt": "Text saved as UTF-16 without a byte-order mark.\n".encode("utf-16-le") * 10,
        "utf16-no-bom-be.html": "<p>Big-endian, no BOM</p>".encode("utf-16-be") * 10,
        "utf16-bom.txt": codecs.BOM_UTF16_LE + "UTF-16 with a BOM imports 𠀋.\n".encode("utf-16-le"),
        "bom-lies.txt": codecs.BOM_UTF16_LE + b"\x00\xd8",  # BOM, then a lone surrogate
        "empty.txt": b"",
        "whitespace.md": b" \n\t\n   \n",
        "controls.txt": bytes(range(1, 32)) * 100,
        "bidi.txt": BIDI.encode("utf-8"),
        "bidi.html": f"<html><body><p>{BIDI}</p></body></html>".encode("utf-8"),
        "astral.txt": ASTRAL.encode("utf-8"),
        "astral.md": ("# 🇯🇵 𠀋\n\n" + ASTRAL).encode("utf-8"),
        "deep-10000.html": deep_html.encode(),
        "deep-inline.html": deep_inline.encode(),
        "deep-quotes.md": ("> " * 10_000 + "deep quote\n").encode(),
        "deep-lists.md": "".join("    " * i + "- item\n" for i in range(2_000)).encode(),
        "brackets.md": ("[" * 100_000 + "x" + "]" * 100_000).encode(),
        "emphasis.md": ("*a" * 100_000 + "\n").encode(),
        "active.html": active_html(port).encode(),
        "active.htm": active_html(port).replace("<html>", "<html><?xml-stylesheet href='x'?>").encode("cp1252",
                                                                                                        "replace"),
        "raw-html.md": RAW_MARKDOWN.format(port=port).encode(),
        "entity-bomb.html": ("<!DOCTYPE x [<!ENTITY a \"" + "A" * 1000 + "\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                             "<html><body><p>&b;&b;&b;&b;</p></body></html>").encode(),
        "xxe.html": (f'<!DOCTYPE x [<!ENTITY ext SYSTEM "http://127.0.0.1:{port}/xxe">]>'
                     "<html><body><p>before &ext; after</p></body></html>").encode(),
        "cp1252.txt": "Caf\u00e9 \u2013 na\u00efve \u201cquotes\u201d\n".encode("cp1252"),
        "many-paragraphs.txt": ("Short paragraph.\n" * 200_000).encode(),
    }


@pytest.fixture(scope="module")
def crafted_dir(tmp_path_factory, listener) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, data in crafted(listener.port).items():
        (folder / name).write_bytes(data)
    return folder


TIME_LIMIT_S = 10.0
# Python-side peak allocation allowed per import: a few copies of the input, plus a floor.
MEMORY_FACTOR, MEMORY_FLOOR = 12, 64 * MB


# Findings reported to the importers' owner; strict, so a fix turns these into failures to clean up.
KNOWN_IMPORTER_BUGS = {
    "active.html": "libxml2's HTML parser does not know HTML5's void <embed>: it swallows the rest of the page, "
                   "and the importer drops embed contents, so 'Last paragraph' is silently lost",
    "emphasis.md": "Python-Markdown is quadratic on '*a' * 100,000 (24 s here); _too_costly has no guard for it",
}


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_IMPORTER_BUGS[n])) if n in KNOWN_IMPORTER_BUGS
    else n for n in sorted(crafted(0))])
def test_crafted_file_imports_cleanly_or_is_refused_with_a_reason(crafted_dir, listener, name):
    """Each crafted file: a valid document or a refusal naming the reason; bounded time and memory; no
    connection reaches the listener its remote references point at."""
    path = crafted_dir / name
    before = listener.connections
    outcome = run_import(path)
    assert outcome.seconds < TIME_LIMIT_S, f"{name}: {outcome.seconds:.1f} s"
    assert outcome.peak_bytes < MEMORY_FACTOR * path.stat().st_size + MEMORY_FLOOR, f"{name}: {outcome.peak_bytes}"
    assert listener.connections == before, f"{name} made the importer connect to the network"
    print(f"\n{name}: {outcome.status} in {outcome.seconds * 1000:.0f} ms, peak {outcome.peak_bytes / MB:.1f} MB"
          + (f" — {outcome.reason}" if outcome.reason else ""))
    expectations = EXPECTED.get(name)
    if expectations:
        status, needle = expectations
        assert outcome.status == status, f"{name}: {outcome.status} ({outcome.reason})"
        assert needle.lower() in (outcome.reason + (outcome.doc.text if outcome.doc else "")).lower()


# What certain files must do (the rest may go either way, as long as it is clean and explained).
EXPECTED = {
    "nul-bytes.txt": ("refused", "NUL"),
    "utf16-no-bom.txt": ("refused", "UTF-16"),
    "random.txt": ("refused", "binary"),
    "png-named.html": ("refused", "binary"),
    "empty.txt": ("refused", "empty"),
    "controls.txt": ("refused", "control"),
    "utf16-bom.txt": ("imported", "𠀋"),
    "cp1252.txt": ("imported", "Windows-1252"),
    "astral.txt": ("imported", "𠀋𡈽𠮷"),
    "bidi.txt": ("imported", "isolated"),
    "active.html": ("imported", "Last paragraph"),
    "raw-html.md": ("imported", "Plain paragraph before"),
}


def test_active_content_never_becomes_text_or_links(crafted_dir):
    """Scripts, handlers, iframes, forms and script URLs from the hostile page leave nothing in the text,
    and of its links only the https one survives."""
    doc = importers.import_file(crafted_dir / "active.html")
    for marker in ("SCRIPTED", "ONLOAD", "JSLINK", "ONERROR", "SVGSCRIPT", "IFRAME FALLBACK", "FORMVALUE", "beacon"):
        assert marker not in doc.text, marker
    targets = [i.target for i in doc.inlines if i.kind == "link"]
    assert "https://example.org/ok" in targets
    assert all(not ACTIVE_SCHEMES.match(t) for t in targets)


def test_fifty_megabyte_single_line(tmp_path):
    """A 50 MB file of one line: refused for its size (a clear reason, in well under a second); a single
    line just under the limit imports within the time and memory bounds and stores as one document."""
    line = (b"lorem ipsum dolor sit amet " * (2 * MB))[:50 * MB]
    big = tmp_path / "line-50mb.txt"
    big.write_bytes(line)
    outcome = run_import(big)
    assert outcome.status == "refused" and "limit" in outcome.reason and outcome.seconds < 1
    under = tmp_path / "line-under-limit.txt"
    under.write_bytes(line[:importers.MAX_BYTES - 1])
    outcome = run_import(under, limit=2 * TIME_LIMIT_S)
    print(f"\nsingle line of {under.stat().st_size / MB:.1f} MB: {outcome.status} in {outcome.seconds:.1f} s, "
          f"peak {outcome.peak_bytes / MB:.0f} MB")
    assert outcome.status == "imported" and outcome.seconds < 2 * TIME_LIMIT_S
    assert outcome.peak_bytes < 8 * under.stat().st_size
    assert outcome.doc.text == line[:importers.MAX_BYTES - 1].decode().strip()


def test_whole_crafted_set_through_the_real_import_pipeline(crafted_dir, tmp_path, listener):
    """Import the whole folder into a library: one report line per file (refusals with reasons), the
    library stays consistent, and every stored document can be highlighted."""
    before = listener.connections
    with Library(tmp_path / "library.sqlite3") as lib, no_network():
        report = import_paths(lib, [crafted_dir])
        assert len(report.outcomes) == len(list(crafted_dir.iterdir()))
        for outcome in report.outcomes:
            assert outcome.status != FAILED or outcome.reason, outcome
        for doc in lib.documents.list():
            text = lib.documents.text(doc.id)
            h, _ = lib.highlights.add(doc.id, 0, min(len(text), 12), tags=["hostile"])
            assert lib.highlights.get(h.id).exact == text[:min(len(text), 12)]
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert listener.connections == before
    failed = sum(1 for o in report.outcomes if o.status == FAILED)
    print(f"\npipeline: {len(report.outcomes)} files, {failed} refused with reasons, {len(report.outcomes) - failed} stored")


# -- fuzzing --------------------------------------------------------------------------------------------------
HTML_TAGS = ["p", "div", "b", "i", "a", "script", "style", "iframe", "table", "tr", "td", "ul", "li", "h1", "h2",
             "blockquote", "pre", "code", "br", "img", "svg", "math", "noscript", "template", "article", "nav"]
ATTRS = ['href="javascript:alert(1)"', 'onclick="x()"', 'src="http://127.0.0.1:9/x"', 'style="display:none"',
         'href="https://example.org"', 'role="main"', 'hidden', 'lang="ar" dir="rtl"']
TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def html_documents(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 6 and draw(st.booleans()):
            tag = draw(st.sampled_from(HTML_TAGS))
            attr = draw(st.sampled_from(["", *ATTRS]))
            inner = draw(html_documents(depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}"]))  # unclosed and broken tags too
            parts.append(f"<{tag} {attr}>{inner}{close}")
        else:
            parts.append(draw(TEXTS))
    return "".join(parts)


MARKDOWN_BITS = st.sampled_from(["# ", "## ", "> ", "- ", "1. ", "    ", "```\n", "*", "_", "[", "](", ")", "![",
                                 "<script>", "</script>", "<b>", "\n", "\n\n", "|a|b|\n|-|-|\n", "[^1]", "[^1]: "])


def fuzz_file(tmp_path_factory, suffix: str, data: bytes) -> Outcome:
    path = tmp_path_factory.mktemp("fuzz") / f"fuzzed{suffix}"
    path.write_bytes(data)
    outcome = run_import(path)
    assert outcome.seconds < TIME_LIMIT_S
    return outcome


FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_fuzzed_bytes(tmp_path_factory, data, suffix):
    """Arbitrary bytes under each importer: a clean document or ImportFailed, nothing else escapes."""
    fuzz_file(tmp_path_factory, suffix, data)


@FUZZ
@given(text=st.text(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_fuzzed_text_in_several_encodings(tmp_path_factory, text, suffix, encoding):
    """Any Unicode text, encoded as a user's editor might save it: clean or refused with a reason."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    fuzz_file(tmp_path_factory, suffix, data)


@FUZZ
@given(body=html_documents())
def test_fuzzed_html_structure(tmp_path_factory, body):
    """Random nesting of real and dangerous tags and attributes: no markup or script URL reaches the text
    or the links."""
    outcome = fuzz_file(tmp_path_factory, ".html", f"<html><body>{body}</body></html>".encode())
    if outcome.doc is not None:
        assert "javascript:" not in outcome.doc.text or "javascript:" in body.replace('"javascript:alert(1)"', "")


@FUZZ
@given(bits=st.lists(st.one_of(MARKDOWN_BITS, TEXTS), max_size=120))
def test_fuzzed_markdown(tmp_path_factory, bits):
    """Random Markdown syntax soup with raw HTML: clean or refused, never an exception or a hang."""
    fuzz_file(tmp_path_factory, ".md", "".join(bits).encode("utf-8"))


# -- exports of hostile documents --------------------------------------------------------------------------
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

    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
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
