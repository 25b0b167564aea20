"""Approximate search for a quote that was edited: seed-and-extend around the old position.

Candidates come from two cheap sources, both running in C: rapidfuzz's ``partial_ratio_alignment`` (the
best approximate match of a quote's head or tail inside a window) and exact hits of short pieces of the
quote and its context (``str.count``/``str.find``). Each candidate is then aligned within a small region
around it, so the cost per window is linear in the window, never quadratic in the text.
Quotes longer than a probe are located by their head and tail pieces, which keeps the alignment work
independent of the quote length apart from one final similarity score.
"""
from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from reader_app.core.model import Selectors

from .result import FUZZY, Anchor
from .scoring import MIN_QUOTE_SIMILARITY, acceptable, similarity, span_score
from .search import BASE_RADIUS, windows

# rapidfuzz aligns needles of up to 64 characters with a single machine word, its fastest path.
PROBE = 64
PIECE_MIN = 4
PIECE_MAX = 24
MAX_PIECES = 12
CONTEXT_PIECE = 16
# A piece found more often than this in a window says little about where the quote is; nearer windows
# (searched first) will already have produced its useful hits.
PIECE_HIT_CAP = 32
MAX_CANDIDATES = 256
PROBE_CUTOFF = 50.0
# partial_ratio costs ~10 ms per megabyte; beyond this radius the exact pieces (found by str.find, far
# faster) are what locate a quote that moved far away.
PROBE_MAX_RADIUS = 1 << 16
LONG_SLACK_CAP = 2048

_Candidate = tuple[float, int, int, int, float]  # score, -distance, start, end, quote similarity


def _pieces(sel: Selectors) -> list[tuple[str, int]]:
    """(piece, shift) pairs: a hit of ``piece`` at ``i`` suggests the quote starts at ``i - shift``."""
    quote, n = sel.exact, len(sel.exact)
    pieces: list[tuple[str, int]] = []
    if n >= 2 * PIECE_MIN:
        size = max(PIECE_MIN, min(PIECE_MAX, n // 3))
        count = max(2, min(MAX_PIECES, n // size))
        for k in range(count):
            offset = round(k * (n - size) / (count - 1))
            pieces.append((quote[offset:offset + size], offset))
    # Context pieces still find a quote whose every piece was edited, as long as its neighbours remain.
    before, after = sel.prefix[-CONTEXT_PIECE:], sel.suffix[:CONTEXT_PIECE]
    if len(before) >= PIECE_MIN:
        pieces.append((before, -len(before)))
    if len(after) >= PIECE_MIN:
        pieces.append((after, n))
    seen: set[tuple[str, int]] = set()
    return [p for p in pieces if not (p in seen or seen.add(p))]


def _probes(quote: str) -> list[tuple[str, int]]:
    if len(quote) <= PROBE:
        return [(quote, 0)]
    return [(quote[:PROBE], 0), (quote[-PROBE:], len(quote) - PROBE)]


def _align(text: str, pattern: str, lo: int, hi: int, hint: int) -> tuple[int, int] | None:
    """Absolute (start, end) of the best approximate match of ``pattern`` in ``text[lo:hi]``.

    ``hint`` is where the pattern is expected to start; it wins ties.
    """
    lo, hi = max(0, lo), min(len(text), hi)
    if lo >= hi:
        return None
    hit = fuzz.partial_ratio_alignment(pattern, text[lo:hi])
    if hit is None or hit.dest_end <= hit.dest_start:
        return None
    found = _settle(text, pattern, lo + hit.dest_start, lo + hit.dest_end)
    # partial_ratio reports the first of equally good windows, which in repetitive text can be far from
    # where the pattern was expected; the window at the hint keeps the highlight in place on a tie.
    h0 = max(lo, min(hint, hi - 1))
    at_hint = _settle(text, pattern, h0, min(hi, h0 + len(pattern)))
    return max((at_hint, found), key=lambda span: Indel.normalized_similarity(pattern, text[span[0]:span[1]]))


def _settle(text: str, pattern: str, a: int, b: int) -> tuple[int, int]:
    """Slide both edges of ``text[a:b]`` to where ``pattern`` matches best.

    partial_ratio compares windows of the pattern's length; an inserted or deleted character moves the
    true edges. Indel (no substitution) is the measure because under Levenshtein a stray neighbouring
    character "substituted" for a deleted quote character ties with leaving it out, and the span would
    swallow context.
    """
    reach = min(16, max(2, len(pattern) // 4))
    for _ in range(2):
        starts = range(max(0, a - reach), min(b - 1, a + reach) + 1)
        a = _best(pattern, a, [(x, text[x:b]) for x in starts])
        ends = range(max(a + 1, b - reach), min(len(text), b + reach) + 1)
        b = _best(pattern, b, [(x, text[a:x]) for x in ends])
    return a, b


def _best(pattern: str, current: int, options: list[tuple[int, str]]) -> int:
    """The edge position whose span matches ``pattern`` best, the nearest to ``current`` on ties."""
    return max(options, key=lambda o: (Indel.normalized_similarity(pattern, o[1]), -abs(o[0] - current)))[0]


def _locate(text: str, quote: str, guess: int) -> tuple[int, int] | None:
    """Refine a guessed quote start into the span of ``text`` that best matches the quote."""
    n = len(quote)
    if n <= PROBE:
        slack = n // 2 + 4
        return _align(text, quote, guess - slack, guess + n + slack, guess)
    slack = min(n // 4, LONG_SLACK_CAP) + 16
    head = _align(text, quote[:PROBE], guess - slack, guess + PROBE + slack, guess)
    tail_start = guess + n - PROBE
    tail = _align(text, quote[-PROBE:], tail_start - slack, tail_start + PROBE + slack, tail_start)
    if head is None or tail is None or tail[1] - head[0] < n // 2:
        return None
    return head[0], tail[1]


def _guesses(text: str, sel: Selectors, lo: int, hi: int, radius: int, old: int) -> list[int]:
    quote = sel.exact
    # An edit inside the quote usually leaves it where it was, and in repetitive text nothing else would
    # point there: partial_ratio reports only the first of equally good windows.
    guesses = [old]
    if radius <= PROBE_MAX_RADIUS:
        region = text[lo:hi]
        for probe, shift in _probes(quote):
            hit = fuzz.partial_ratio_alignment(probe, region, score_cutoff=PROBE_CUTOFF)
            if hit is not None:
                guesses.append(lo + hit.dest_start - hit.src_start - shift)
    for piece, shift in _pieces(sel):
        hits = text.count(piece, lo, hi)
        if 0 < hits <= PIECE_HIT_CAP:
            i = text.find(piece, lo, hi)
            while i >= 0:
                guesses.append(i - shift)
                i = text.find(piece, i + 1, hi)
    guesses.sort(key=lambda g: (abs(g - old), g))
    return guesses[:MAX_CANDIDATES]


class _Near:
    """Guesses already tried, so that one within ``width`` of an earlier (nearer) one is skipped:
    ``_locate`` would land on the same span. Bucketed so the check stays O(1) per guess."""

    def __init__(self, width: int):
        self.width = width
        self.buckets: dict[int, list[int]] = {}

    def add(self, guess: int) -> bool:
        """Record ``guess``; False if a tried guess is already within ``width`` of it."""
        key = guess // self.width
        for k in (key - 1, key, key + 1):
            if any(abs(guess - t) <= self.width for t in self.buckets.get(k, ())):
                return False
        self.buckets.setdefault(key, []).append(guess)
        return True


def find_fuzzy(text: str, sel: Selectors, old: int) -> Anchor | None:
    """The best acceptable approximate match, preferring the smallest window around ``old`` that has one."""
    quote = sel.exact
    n = len(quote)
    tried = _Near(max(1, min(n, PROBE) // 8))
    scored: dict[tuple[int, int], _Candidate] = {}
    for lo, hi, radius in windows(len(text), old, old + n, max(BASE_RADIUS, 4 * n)):
        for guess in _guesses(text, sel, lo, hi, radius, old):
            if not tried.add(guess):
                continue
            span = _locate(text, quote, guess)
            if span is None or span in scored:
                continue
            s, e = span
            # The cutoff lets rapidfuzz stop early on hopeless candidates; with long quotes this dominates.
            q = similarity(quote, text[s:e], cutoff=MIN_QUOTE_SIMILARITY)
            scored[span] = (span_score(text, s, e, sel, q), -abs(s - old), s, e, q)
        good = [c for c in scored.values() if acceptable(n, c[4], c[0])]
        if good:
            score, _, s, e, _ = max(good, key=lambda c: (c[0], c[1], -c[2]))
            return Anchor(s, e, FUZZY, score)
    return None
