"""How alike a candidate passage is to a stored highlight, and when that is good enough to anchor.

The numbers are explained in docs/decisions/0002-anchoring.md.
"""
from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from reader_app.core.model import Selectors

# Hypothesis' weighting: the quote matters most; the context mostly tells repeated passages apart.
QUOTE_WEIGHT = 50.0
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0

# Context shorter than this (at the edges of a text, or a non-default ``describe(context=...)``) counts
# for proportionally less: a one-character suffix such as "." cannot vouch for a candidate.
FULL_CONTEXT = 32

# At most a quarter of the quote may have been edited, or it no longer says what the reader marked.
MIN_QUOTE_SIMILARITY = 0.75
# A fuzzy match needs this combined score: a short quote therefore needs its context to vouch for it.
MIN_SCORE = 0.75
# A long, nearly intact quote is evidence enough even after its surroundings were rewritten.
STRONG_QUOTE_SIMILARITY = 0.85
STRONG_QUOTE_LENGTH = 24


def similarity(a: str, b: str, cutoff: float = 0.0) -> float:
    """1 - edit distance / longer length; 1.0 for two empty strings; 0.0 if below ``cutoff``."""
    return Levenshtein.normalized_similarity(a, b, score_cutoff=cutoff)


def span_score(text: str, start: int, end: int, sel: Selectors, quote: float) -> float:
    """Combined score of ``text[start:end]`` as the highlight, given its quote similarity ``quote``."""
    before = text[max(0, start - len(sel.prefix)):start]
    after = text[end:end + len(sel.suffix)]
    return combined(
        quote, similarity(sel.prefix, before), similarity(sel.suffix, after), len(sel.prefix), len(sel.suffix)
    )


def combined(quote: float, prefix: float, suffix: float, prefix_len: int = FULL_CONTEXT,
             suffix_len: int = FULL_CONTEXT) -> float:
    """Weighted similarity in 0..1; ``*_len`` are the stored context lengths."""
    wp = PREFIX_WEIGHT * min(1.0, prefix_len / FULL_CONTEXT)
    ws = SUFFIX_WEIGHT * min(1.0, suffix_len / FULL_CONTEXT)
    return (QUOTE_WEIGHT * quote + wp * prefix + ws * suffix) / (QUOTE_WEIGHT + wp + ws)


def acceptable(quote_length: int, quote: float, score: float) -> bool:
    """Whether a fuzzy candidate is trustworthy enough to move a highlight onto it."""
    if quote < MIN_QUOTE_SIMILARITY:
        return False
    if score >= MIN_SCORE:
        return True
    return quote_length >= STRONG_QUOTE_LENGTH and quote >= STRONG_QUOTE_SIMILARITY
