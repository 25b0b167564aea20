"""Markdown text into block pieces: markdown-it-py's tokens driven straight into the block walker.

markdown-it-py parses CommonMark in linear time (docs/decisions/0009-markdown-import.md); nothing is
rendered to HTML and parsed again. Raw HTML is off, so ``<script>`` in a Markdown file is text the user
sees, never markup. Links are parsed whatever their scheme and then filtered by the walker like any HTML
link, so a ``javascript:`` link keeps its words and loses its target.

Memory: a token costs ~370 bytes, and a whole document's tokens came to ~100 bytes per input byte. So
block tokens are turned into small events as the block parser makes them, and a paragraph's inline
tokens live only while it is walked. Inline parsing waits for the whole block pass because link
reference and footnote definitions may come after their first use.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, table
from markdown_it.rules_inline import StateInline, image, link
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref

from reader_app.core.importers._blocks import Piece
from reader_app.core.importers._tree import BlockWalker

# markdown-it-py parses nested blocks by recursion and, past this many levels, silently skips the rest
# of the enclosing block. A document that comes near it is read as plain text instead (nothing lost).
# Each quote is one level, each list two (the list and its item).
MAX_NESTING = 100
# Inline nesting is a link holding an image at most, but each level multiplies the work of looking for
# a link's "]" in a run of unmatched "[" (5 s/MB at 20 levels, 4 at 6). Beyond it the rest stays text.
INLINE_NESTING = 8
# A footnote label ends at "]"; bounding the search keeps "[^[^[^…" from being scanned once per "[".
_MAX_FOOTNOTE_LABEL = 200
# A paragraph's inline tokens exist all at once (~300 bytes each, up to one per two characters), so a
# longer paragraph is parsed in slices cut at a line break or space. Markup spanning a cut stays as
# written; no real paragraph comes near this length.
MAX_INLINE_CHARS = 100_000
# The characters the enabled inline rules react to (newline, escape, code span, emphasis, link, footnote,
# image, autolink, entity). Inline text without any of them is its own rendering; enabling another rule
# (strikethrough "~", say) means adding its character here.
_INLINE_MARKUP = re.compile(r"[\n\\`*_\[!<&]")
_LAST_CLOSE = "reader_app.last_close"  # env key: where the paragraph's last "]" is
# markdown-it-py measures each line's indentation a character at a time in Python (8 MB of indentation:
# 1 s, 17 s under tracemalloc). Indentation past the deepest nesting that is read only shifts code lines
# right, so the rest of it is cut before parsing.
MAX_INDENT = 4 * MAX_NESTING
# The table rule makes every row's tokens before any can be collected (470 MB for 1 MB of one-character
# cells). Rows past this many cells are read as a paragraph of their text, pipes and all.
MAX_TABLE_CELLS = 100_000
_DEEP_INDENT = re.compile(rf"^([ \t]{{{MAX_INDENT}}})[ \t]+", re.M)

# Events: (OPEN, tag, attrs), (INLINE, source), (CODE, text), or CLOSE.
OPEN, INLINE, CODE = "open", "inline", "code"
CLOSE = ("close",)
_NO_ATTRS: dict[str, Any] = {}
_COLLECTOR = "reader_app.collector"  # env key: the parse's collector, reached from the block rule
_CONTAINERS = frozenset({"blockquote_open", "list_item_open", "footnote_reference_open"})


class TooDeep(Exception):
    """The document nests lists or quotes deeper than the parser reads without dropping text."""


class _Collector:
    """Block tokens in, events out; footnote definitions set aside for the end of the document."""

    def __init__(self) -> None:
        self.events: list[tuple] = []
        self.notes: list[tuple] = []
        self.numbers: dict[str, int] = {}  # footnote label → number, in definition order
        self._note_depth = 0  # inside how many definitions: one may hold another
        self._opens: dict[str, tuple] = {}

    def take(self, tokens: Sequence[Token]) -> None:
        for tok in tokens:
            if tok.level >= MAX_NESTING - 1 and tok.type in _CONTAINERS:
                # Its content would be parsed at MAX_NESTING: skipped. A list and its item are two levels.
                raise TooDeep(
                    f"lists or quotes nested too deeply, over {MAX_NESTING // 2 - 1} lists "
                    f"or {MAX_NESTING - 1} quotes"
                )
            if tok.type == "footnote_reference_open":
                label = tok.meta["label"]
                self.numbers.setdefault(label, len(self.numbers) + 1)
                self._note_depth += 1
                event = (OPEN, "li", {"id": "fn:" + label})
            elif tok.nesting == 1:
                event = (OPEN, tok.tag, tok.attrs) if tok.attrs else self._open(tok.tag)
            elif tok.nesting == -1:
                event = CLOSE
            elif tok.type == "inline":
                event = (INLINE, tok.content)
            elif tok.type in ("fence", "code_block"):
                event = (CODE, tok.content)
            elif tok.type == "hr":
                self._add(self._open("hr"))
                event = CLOSE
            else:  # raw HTML is off; nothing else carries text
                continue
            self._add(event)
            if tok.type == "footnote_reference_close":
                self._note_depth -= 1

    def _add(self, event: tuple) -> None:
        (self.notes if self._note_depth else self.events).append(event)

    def _open(self, tag: str) -> tuple:
        # Most opening events are alike; sharing them keeps a big document's event list small.
        event = self._opens.get(tag)
        if event is None:
            event = self._opens[tag] = (OPEN, tag, _NO_ATTRS)
        return event


def _collect_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """First block rule: before each block, at any depth, hand the tokens so far to the collector.

    A list of 250,000 items is one top-level block; collecting only between top-level blocks held all
    its tokens (450 MB for a 1 MB file). The tokens handed over are complete for what the collector
    reads (type, tag, attributes, level, content, label). Rules do keep token indices: the list rule marks
    its tight paragraphs hidden by index afterwards, which clearing turns into no-ops; nothing here reads
    ``hidden``.
    """
    if not silent and state.tokens:
        state.env[_COLLECTOR].take(state.tokens)
        state.tokens.clear()
    return False  # never consumes a line: the real rules run next


def _bounded_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    header = state.src[state.bMarks[start_line]:state.eMarks[start_line]]
    rows = MAX_TABLE_CELLS // (header.count("|") + 1)
    return table(state, start_line, min(end_line, start_line + 2 + rows), silent)


def _bounded_footnote_ref(state: StateInline, silent: bool) -> bool:
    end = state.src.find("]", state.pos, min(state.posMax, state.pos + _MAX_FOOTNOTE_LABEL))
    return end >= 0 and footnote_ref(state, silent)


def _needs_close(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """``rule`` (link or image), skipped where no "]" follows: it would find none after walking up to
    INLINE_NESTING tokens from every "[" of a run of them."""

    def guarded(state: StateInline, silent: bool) -> bool:
        return state.pos < state.env[_LAST_CLOSE] and rule(state, silent)

    return guarded


@functools.cache
def _parser(blocks: bool) -> MarkdownIt:
    """The block parser (inline parsing off) or the inline one; parse() keeps its state per call, so
    both are shared by every import and thread."""
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING if blocks else INLINE_NESTING})
    md.enable("table")
    # Inline ^[notes] are not Markdown most readers know; left as text. Definitions stay in the stream
    # (the plugin would drop unreferenced ones) and the collector moves them to the end.
    md.use(footnote_plugin, inline=False, move_to_end=False)
    if blocks:
        md.core.ruler.disable(["inline", "text_join"])
        md.block.ruler.before(md.block.ruler.get_all_rules()[0], "reader_collect", _collect_block)
        md.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})
    else:
        md.inline.ruler.at("footnote_ref", _bounded_footnote_ref)
        md.inline.ruler.at("link", _needs_close(link))
        md.inline.ruler.at("image", _needs_close(image))
        md.validateLink = lambda url: True  # the walker's safe_href decides; the words stay either way
    return md


def _walk_inline(w: BlockWalker, children: Sequence[Token], numbers: dict[str, int]) -> None:
    records = []
    for tok in children:
        kind = tok.type
        if kind == "softbreak":
            w.add_text("\n")  # collapses to a space, as a browser shows a wrapped line
        elif kind == "hardbreak":
            w.line_break()
        elif kind == "footnote_ref":
            label = tok.meta["label"]
            rec = w.open({"class": "footnote-ref", "href": "#fn:" + label}, "a")
            w.add_text(str(numbers.get(label, "")))
            w.close(rec)
        elif kind == "image":
            continue  # images carry no text in either importer: an <img>'s alt is dropped too
        elif tok.nesting == 1:
            records.append(w.open(tok.attrs, tok.tag))
        elif tok.nesting == -1:
            w.close(records.pop())
        else:  # text, escaped characters, entities, code spans (their markup gone)
            w.add_text(tok.content)


def _slices(source: str) -> Iterator[tuple[str, str]]:
    """``source`` in pieces of at most MAX_INLINE_CHARS, each with the separator cut out after it."""
    start = 0
    while len(source) - start > MAX_INLINE_CHARS:
        limit = start + MAX_INLINE_CHARS
        cut = source.rfind("\n", start, limit)
        if cut <= start:
            cut = source.rfind(" ", start, limit)
        if cut <= start:
            yield source[start:limit], ""
            start = limit
        else:
            yield source[start:cut], source[cut]
            start = cut + 1
    yield source[start:], ""


def _walk_paragraph(w: BlockWalker, source: str, numbers: dict[str, int], env: dict) -> None:
    """One block's inline source (a paragraph, heading or table cell) into the walker."""
    if not _INLINE_MARKUP.search(source):
        w.add_text(source)
        return
    inline = _parser(False)
    for part, separator in _slices(source):
        env[_LAST_CLOSE] = part.rfind("]")
        _walk_inline(w, inline.inline.parse(part, inline, env, []), numbers)
        w.add_text(separator)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing allocates millions of short-lived acyclic objects; the cycle collector's passes over them
    cost a third of the time on markup-dense text. Restored even when another import paused it too."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _walk(w: BlockWalker, events: Sequence[tuple], numbers: dict[str, int], env: dict) -> None:
    records = []
    for event in events:
        op = event[0]
        if op is OPEN:
            records.append(w.open(event[2], event[1]))
        elif event is CLOSE:
            w.close(records.pop())
        elif op is INLINE:
            _walk_paragraph(w, event[1], numbers, env)
        else:
            rec = w.open(_NO_ATTRS, "pre")
            w.add_text(event[1])
            w.close(rec)


def markdown_pieces(text: str) -> list[Piece]:
    """Block pieces of Markdown ``text``; TooDeep when the parser would skip part of it."""
    collector = _Collector()
    env: dict[str, Any] = {_COLLECTOR: collector}
    with _gc_paused():
        collector.take(_parser(True).parse(_DEEP_INDENT.sub(r"\1", text), env))  # the last block
        del env[_COLLECTOR]  # the inline pass reads link references and footnote labels from env
        w = BlockWalker(footnotes=True, base_url="")
        _walk(w, collector.events, collector.numbers, env)
        _walk(w, collector.notes, collector.numbers, env)  # at the end, in definition order, as numbered
        w.flush()
    return w.pieces
