"""Walk an HTML element tree into block pieces; shared by the HTML and the Markdown importers.

The walk uses lxml's ``iterwalk`` rather than Python recursion, so a hostile nesting depth cannot
exhaust the stack. Whitespace is collapsed the way a browser shows it, except inside ``<pre>``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

from lxml import etree

from reader_app.core.importers._blocks import Piece
from reader_app.core.model import Inline

# Void in HTML5 but not to libxml2, which nests the rest of the page inside them. They have no content of
# their own, so walking into them is right, and skipping them would silently lose everything after.
UNCLOSED_VOID_TAGS = frozenset({"embed", "source", "track", "wbr", "keygen"})
# Never readable article text, whatever the page: code, embedded objects, form controls, navigation.
# (<form> itself is the HTML importer's call: some sites wrap the whole page in one.)
SKIP_TAGS = frozenset(
    "script style noscript template iframe frame frameset object applet svg math canvas video audio "
    "button input select textarea option datalist nav aside head title meta link base map area img "
    "picture param dialog".split()
) - UNCLOSED_VOID_TAGS
# Tags that end the block in progress and start their own. Table cells are not among them: a row is one
# block, its cells separated by tabs.
BREAK_TAGS = frozenset(
    "address article blockquote body center dd details dir div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li listing main menu ol p plaintext pre section "
    "summary table tbody tfoot thead tr caption ul xmp".split()
)
HEADINGS = {f"h{n}": n for n in range(1, 7)}
PRE_TAGS = frozenset({"pre", "listing", "xmp", "plaintext"})
LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
EMPHASIS_TAGS = frozenset({"em", "i", "cite", "dfn"})
STRONG_TAGS = frozenset({"strong", "b"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "ftps", "tel", "news"})

_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace; NBSP and other Unicode spaces are content
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20]+")


def safe_href(href: str | None, base_url: str = "") -> str:
    """The link target worth keeping, or "" for script and data URLs (browsers ignore inner blanks)."""
    if not href:
        return ""
    href = href.strip()
    m = _SCHEME.match(_URL_NOISE.sub("", href))
    if m:
        return href if m.group(1).lower() in SAFE_SCHEMES else ""
    if base_url and not href.startswith("#"):
        try:
            return urljoin(base_url, href)
        except ValueError:
            return href
    return href


class _Frame:
    """A block context: the kind that text inside it gets."""

    __slots__ = ("kind", "level", "label", "emitted")

    def __init__(self, kind: str, level: int = 0, label: str = ""):
        self.kind, self.level, self.label, self.emitted = kind, level, label, False


class _Record:
    """What opening an element changed, so closing it can undo exactly that."""

    __slots__ = ("block", "frame", "span", "counter")

    def __init__(self, block: bool):
        self.block = block
        self.frame = False
        self.span: list | None = None
        self.counter = ""  # "quote" | "pre" | "list" | "row"


class BlockWalker:
    """Element events in, block pieces out: ``open(el, tag)``/``close(record)`` around ``add_text``.

    ``el`` is anything with ``.get(attribute)``: an lxml element here, a token's attribute dict for the
    Markdown importer, which drives the same walker so both formats share one notion of blocks. With
    ``footnotes``, ``li`` with ``id="fn:LABEL"`` is a footnote block and ``a`` with class ``footnote-ref``
    and ``href="#fn:LABEL"`` a reference to it.
    """

    def __init__(self, footnotes: bool, base_url: str):
        self.footnotes, self.base_url = footnotes, base_url
        self.pieces: list[Piece] = []
        self.parts: list[str] = []
        self.length = 0
        self.last = ""
        self.pending_space = False
        self.pending_break = False
        self.open_spans: list[list] = []  # [kind, target, start]
        self.done_spans: list[Inline] = []
        self.frames: list[_Frame] = []
        self.lists: list[list[int] | None] = []  # per open list: [next number] when ordered
        self.quote_depth = 0
        self.pre_depth = 0
        self.rows: list[int] = []  # cells seen in each open table row

    # -- text ---------------------------------------------------------------------------------------------
    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)
        self.last = s[-1]

    def _resolve_pending(self) -> None:
        if self.pending_break and self.length:
            self._emit("\n")
        elif self.pending_space and self.length and self.last not in " \n\t":
            self._emit(" ")
        self.pending_space = self.pending_break = False

    def add_text(self, s: str) -> None:
        if not s:
            return
        if self.pre_depth:
            self._resolve_pending()
            self._emit(s)
            return
        s = _SPACES.sub(" ", s)
        core = s.strip(" ")
        if s[0] == " ":
            self.pending_space = True
        if core:
            self._resolve_pending()
            self._emit(core)
            self.pending_space = s[-1] == " "

    def line_break(self) -> None:
        if self.pre_depth:
            self._emit("\n")
        elif self.pending_break:
            self.flush()  # <br><br> is how old pages separate paragraphs
        elif self.length:
            self.pending_break, self.pending_space = True, False

    def cell_break(self) -> None:
        self.pending_space = self.pending_break = False
        if self.length:
            self._emit("\t")

    def open_span(self, kind: str, target: str = "") -> list:
        self._resolve_pending()
        span = [kind, target, self.length]
        self.open_spans.append(span)
        return span

    def close_span(self, span: list) -> None:
        kind, target, start = span
        if self.length > start:
            self.done_spans.append(Inline(start, self.length, kind, target))
        self.open_spans.remove(span)

    def flush(self) -> None:
        text = "".join(self.parts)
        if text.strip():
            kind, level, label = "paragraph", 0, ""
            for frame in reversed(self.frames):
                kind, level, label = frame.kind, frame.level, frame.label
                if kind == "list_item" and frame.emitted:
                    kind, label = "paragraph", ""  # later paragraphs of one item are not new bullets
                frame.emitted = True
                break
            spans = list(self.done_spans)
            # A span crossing blocks (an <a> around <p>s) is cut here and continues in the next block.
            for span in self.open_spans:
                if self.length > span[2]:
                    spans.append(Inline(span[2], self.length, span[0], span[1]))
            self.pieces.append(Piece(kind, text, level, label, tuple(spans)))
        for span in self.open_spans:
            span[2] = 0
        self.parts, self.length, self.last = [], 0, ""
        self.pending_space = self.pending_break = False
        self.done_spans = []

    # -- elements -----------------------------------------------------------------------------------------
    def open(self, el, tag: str) -> _Record:
        rec = _Record(tag in BREAK_TAGS)
        if rec.block:
            self.flush()
        frame = None
        if tag in HEADINGS:
            frame = _Frame("heading", HEADINGS[tag])
        elif tag == "li":
            el_id = el.get("id") or ""
            if self.footnotes and el_id.startswith("fn:"):
                frame = _Frame("footnote", 0, el_id[3:])
            else:
                label = ""
                numbering = self.lists[-1] if self.lists else None
                if numbering is not None:
                    label = str(numbering[0])
                    numbering[0] += 1
                frame = _Frame("list_item", max(1, len(self.lists)), label)
        elif tag == "blockquote":
            self.quote_depth += 1
            rec.counter = "quote"
            frame = _Frame("quote", self.quote_depth)
        elif tag in PRE_TAGS:
            self.pre_depth += 1
            rec.counter = "pre"
            frame = _Frame("code")
        elif tag in LIST_TAGS:
            rec.counter = "list"
            self.lists.append([_int(el.get("start"), 1)] if tag == "ol" else None)
        elif tag == "tr":
            rec.counter = "row"
            self.rows.append(0)
        elif tag in ("td", "th"):
            if self.rows:
                self.rows[-1] += 1
                if self.rows[-1] > 1:
                    self.cell_break()
        elif tag == "br":
            self.line_break()
        elif rec.block and "byline" in (el.get("class") or "").split():
            frame = _Frame("byline")
        elif tag == "a":
            classes = (el.get("class") or "").split()
            href = el.get("href") or ""
            if self.footnotes and "footnote-ref" in classes and href.startswith("#fn:"):
                rec.span = self.open_span("footnote_ref", href[4:])
            else:
                target = safe_href(href, self.base_url)
                if target:
                    rec.span = self.open_span("link", target)
        elif tag in EMPHASIS_TAGS:
            rec.span = self.open_span("emphasis")
        elif tag in STRONG_TAGS:
            rec.span = self.open_span("strong")
        if frame is not None:
            self.frames.append(frame)
            rec.frame = True
        return rec

    def close(self, rec: _Record) -> None:
        if rec.span is not None:
            self.close_span(rec.span)
        if rec.block:
            self.flush()
        if rec.frame:
            self.frames.pop()
        if rec.counter == "quote":
            self.quote_depth -= 1
        elif rec.counter == "pre":
            self.pre_depth -= 1
        elif rec.counter == "list":
            self.lists.pop()
        elif rec.counter == "row":
            self.rows.pop()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def pieces_from_tree(
    root,
    *,
    skip: Callable[[object], bool] | None = None,
    base_url: str = "",
) -> list[Piece]:
    """Block pieces of ``root``'s readable text.

    ``skip(el)`` drops an element and its content (its tail text stays); relative links are resolved
    against ``base_url`` when given.
    """
    w = BlockWalker(False, base_url)
    records: list[_Record | None] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if (
                not tag  # comments, processing instructions
                or tag in SKIP_TAGS
                or (skip is not None and records and skip(el))  # the root itself was chosen
            ):
                walker.skip_subtree()
                records.append(None)
                continue
            records.append(w.open(el, tag))
            if el.text:
                w.add_text(el.text)
        else:
            rec = records.pop()
            if rec is not None:
                w.close(rec)
            if records and el.tail:  # the root's tail lies outside what was asked for
                w.add_text(el.tail)
    w.flush()
    return w.pieces
