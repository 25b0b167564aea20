"""Narrowing a matching chunk to the sentences that carry the match, and marking them in a snippet."""
from __future__ import annotations

import re
from bisect import bisect_right

from .terms import Token, tokens

# A sentence ends at . ! ? or … (optionally followed by a footnote mark "[11]" or closing quotes) + space.
_SENTENCE_END = re.compile(r"[.!?\u2026](?:\[\d+\])*[\"'\u201d\u2019)\]]*\s+")
MARK_OPEN, MARK_CLOSE = "\u00ab", "\u00bb"
SNIPPET_CHARS = 260
MAX_WINDOW = 3  # sentences


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip():
            spans.append((start, len(text[:end].rstrip())))
        start = end
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans or [(0, len(text))]


def best_window(text: str, weights: dict[str, float], toks: list[Token] | None = None) -> tuple[int, int]:
    """The run of one to three sentences with the most distinct weighted stems; shorter wins a tie.

    ``weights`` maps query stems to their weight; ``toks`` are the text's tokens if already made.
    Returns offsets within ``text``."""
    sentences = sentence_spans(text)
    starts = [s for s, _ in sentences]
    found: list[set[str]] = [set() for _ in sentences]
    for t in tokens(text) if toks is None else toks:
        if t.stem in weights:
            found[bisect_right(starts, t.start) - 1].add(t.stem)
    best, best_key = sentences[0], None
    for i in range(len(sentences)):
        covered: set[str] = set()
        for j in range(i, min(i + MAX_WINDOW, len(sentences))):
            if not found[j] - covered and j > i:
                break  # a sentence that adds nothing new only dilutes the passage
            covered |= found[j]
            gain = sum(weights[s] for s in covered)
            # Each extra sentence must earn its place: a small length penalty breaks ties toward shorter.
            key = (round(gain, 6) - 0.02 * (j - i), -(sentences[j][1] - sentences[i][0]))
            if best_key is None or key > best_key:
                best, best_key = (sentences[i][0], sentences[j][1]), key
    return best


def snippet(text: str, weights: dict[str, float], limit: int = SNIPPET_CHARS) -> str:
    """One line of ``text`` with matched words (stems in ``weights``) wrapped in « »; neighbouring matched
    words share one pair of marks ("«Kuril Islands»"). A longer text is cut to about ``limit`` characters
    where the heaviest distinct matches sit closest together."""
    toks = [t for t in tokens(text) if t.stem in weights]
    lo, hi = 0, len(text)
    if len(text) > limit:
        lo = _densest_start(text, toks, weights, limit)
        hi = min(len(text), lo + limit)
        if hi < len(text):
            space = text.rfind(" ", lo, hi)
            hi = space if space > lo else hi
    runs: list[list[int]] = []
    for t in toks:
        if t.start < lo or t.end > hi:
            continue
        if runs and text[runs[-1][1]:t.start].strip(" -\u2013") == "":
            runs[-1][1] = t.end
        else:
            runs.append([t.start, t.end])
    out, at = [], lo
    for s, e in runs:
        out += [text[at:s], MARK_OPEN, text[s:e], MARK_CLOSE]
        at = e
    out.append(text[at:hi])
    body = " ".join("".join(out).split())
    return ("\u2026" if lo > 0 else "") + body + ("\u2026" if hi < len(text) else "")


def _densest_start(text: str, toks: list, weights: dict[str, float], limit: int) -> int:
    """Where a ``limit``-long cut should begin: a little before the match that opens the heaviest window."""
    best, best_gain = 0, -1.0
    for i, first in enumerate(toks):
        lo = max(0, first.start - limit // 5)
        seen = {t.stem for t in toks[i:] if t.end <= lo + limit}
        gain = sum(weights[s] for s in seen)
        if gain > best_gain + 1e-9:
            best, best_gain = lo, gain
    if best == 0:
        return 0
    space = text.rfind(" ", 0, best)
    return space + 1 if space >= 0 else best
