"""Related passages: what the *other* documents say about the words of a selection, ranked, with snippets.

Computed from the library's own chunk index, nothing downloaded (docs/decisions/0005-related-passages.md):

1. The selection's content words (stopwords and bare numbers out, light stemming) are weighted by
   tf × IDF, IDF from the chunk index's vocabulary; capitalised words inside a sentence (names, places,
   acronyms such as SWIFT) weigh 1.5×.
2. The heaviest stems (at most twelve, within a budget of postings) form an FTS5 ``OR`` query of the
   words the index holds for them ("sanction" finds "sanctions"); FTS5's bm25 picks the best candidate
   chunks outside the selection's document.
3. Candidates are re-ranked by the cosine of their TF-IDF vectors with the selection's, plus FTS5's own
   score, plus a bonus for shared word pairs ("Kuril Islands", "peace treaty"); a document's second and
   later passages, and headings, bylines and reference notes, are discounted.
4. Each hit is narrowed to the one to three sentences that carry the most weight, with a marked snippet.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import InvalidValue
from . import index
from .passages import best_window, snippet
from .terms import Token, bigrams, is_content, stem_prefix, tokens, without_idioms

if TYPE_CHECKING:
    from ..store import Library

QUERY_TERMS = 12  # stems sent to FTS5
CANDIDATES = 36  # chunks re-ranked in Python
NAME_BOOST = 1.5
PAIR_BONUS = 0.5  # shared word pairs, scaled by their share of the selection's weight
SAME_DOCUMENT_DISCOUNT = 0.8  # n-th passage of one document scores × 0.8**n
WINDOW_SHARE, CHUNK_SHARE, BM25_SHARE = 0.5, 0.2, 0.3
MIN_QUERY_TERMS, POSTINGS_SHARE, POSTINGS_FLOOR = 3, 0.08, 5000  # see _fts_expression
MAX_VARIANTS = 6
MIN_COVERAGE = 0.12  # of the selection's weight a passage must share
BODY_KINDS = frozenset({"paragraph", "list_item", "quote", "code"})
ASIDE_DISCOUNT = 0.5  # headings, bylines and reference notes: rarely the passage a reader wants
KIND_MARGIN = 8  # candidates beyond the limit whose block kind is still checked


@dataclass(frozen=True)
class RelatedPassage:
    document_id: int
    document_key: str
    title: str
    start: int  # the sentences that carry the match, code points in the document's canonical text
    end: int
    snippet: str  # one line, matched words wrapped in « »
    score: float
    matched_terms: tuple[str, ...]  # the selection's words this passage shares, heaviest first
    chunk_start: int = 0  # the whole paragraph the passage sits in
    chunk_end: int = 0


@dataclass(frozen=True)
class _Query:
    weights: dict[str, float]  # stem -> weight (tf × idf × name boost)
    idf: dict[str, float]
    surface: dict[str, str]  # stem -> the word as the selection wrote it
    pairs: set[tuple[str, str]]
    norm: float  # Euclidean, for cosines
    total: float  # sum of weights, for coverage
    other_idf: float  # for words outside the query


def _build_query(lib: Library, text: str) -> _Query | None:
    text = without_idioms(text)
    toks = tokens(text)
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    named: set[str] = set()
    for i, t in enumerate(toks):
        if not is_content(t):
            continue
        counts[t.stem] += 1
        surface.setdefault(t.stem, text[t.start:t.end])
        sentence_start = i == 0 or text[toks[i - 1].end:t.start].strip()[-1:] in (".", "!", "?", ":")
        if t.capitalised and not sentence_start:
            named.add(t.stem)
    if not counts:
        return None
    st = index.stats(lib)
    dfs = index.stem_frequencies(lib.conn, st, list(counts))
    weights, idf = {}, {}
    for s, n in counts.items():
        if dfs[s] == 0:
            continue  # nowhere in the library: cannot relate anything
        idf[s] = st.idf(dfs[s])
        weights[s] = (1.0 + math.log(n)) * idf[s] * (NAME_BOOST if s in named else 1.0)
    if not weights:
        return None
    pairs = {p for p in bigrams(text) if p[0] in weights and p[1] in weights and p[0] != p[1]}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return _Query(weights, idf, {s: surface[s] for s in weights}, pairs, norm, sum(weights.values()),
                  st.idf(max(1, st.chunks // 100)))


def _fts_expression(lib: Library, query: _Query) -> str:
    """The heaviest stems as an FTS5 OR query, each as the exact words the index holds for it.

    Stems are taken heaviest first until their chunks add up to POSTINGS_SHARE of the library (at least
    three stems): FTS5 ranks every chunk an OR query matches, and the lighter words of a selection
    ("part", "follow") would make it rank a third of a large library. Left-out words still count when
    candidates are re-ranked."""
    st = index.stats(lib)
    budget = max(POSTINGS_FLOOR, POSTINGS_SHARE * st.chunks)
    ranked = sorted(query.weights, key=lambda s: -query.weights[s])
    chosen, postings = [], 0
    for s in ranked[:QUERY_TERMS]:
        if len(chosen) >= MIN_QUERY_TERMS and postings + st.stem_df[s] > budget:
            break
        chosen.append(s)
        postings += st.stem_df[s]
    parts = []
    for s in chosen:
        words = st.variants.get(s) or (s,)
        # A stem with many spellings in the index is cheaper as one prefix than as a long OR.
        parts += [f'"{stem_prefix(s)}"*'] if len(words) > MAX_VARIANTS else [f'"{w}"' for w in words]
    return " OR ".join(parts)


def _cosine(query: _Query, toks: list[Token]) -> float:
    """Cosine of the TF-IDF vectors of ``toks`` and the query (stems; sublinear tf).

    Words the query lacks only lengthen the passage's vector; they all get one typical IDF (a word in 1%
    of chunks) rather than their own, which would cost an index lookup per word and make a result depend
    on what was looked up before."""
    dot, norm2 = 0.0, 0.0
    for s, n in Counter(t.stem for t in toks).items():
        damped = 1.0 + math.log(n)
        if s in query.weights:
            weight = damped * query.idf[s]
            dot += query.weights[s] * weight
        else:
            weight = damped * query.other_idf
        norm2 += weight * weight
    return dot / (query.norm * math.sqrt(norm2)) if norm2 else 0.0


@dataclass(frozen=True)
class _Scored:
    score: float
    candidate: index.Candidate
    shared: frozenset[str]
    window: tuple[int, int]  # within the chunk


def _score(query: _Query, c: index.Candidate, best_bm25: float) -> _Scored | None:
    all_toks = tokens(c.text)
    toks = [t for t in all_toks if is_content(t)]
    shared = frozenset(t.stem for t in toks if t.stem in query.weights)
    coverage = sum(query.weights[x] for x in shared) / query.total
    if coverage < MIN_COVERAGE:
        return None  # shares only a minor word (or a prefix's unrelated word: "bank" for "bankruptcy")
    window = best_window(c.text, {x: query.weights[x] for x in shared}, toks)
    in_window = [t for t in toks if window[0] <= t.start and t.end <= window[1]]
    pairs = set()
    if query.pairs:
        window_toks = [t for t in all_toks if window[0] <= t.start and t.end <= window[1]]
        pairs = query.pairs & set(bigrams(c.text, window_toks))
    pair_weight = sum(query.weights[a] + query.weights[b] for a, b in pairs) / (2 * query.total)
    score = (WINDOW_SHARE * _cosine(query, in_window) + CHUNK_SHARE * _cosine(query, toks)
             + BM25_SHARE * c.bm25 / best_bm25 + PAIR_BONUS * pair_weight)
    return _Scored(score, c, shared, window)


def related_to_text(lib: Library, text: str, *, exclude_document: int | None = None,
                    limit: int = 10) -> list[RelatedPassage]:
    """Passages of the library (outside ``exclude_document``) that speak of what ``text`` speaks of."""
    if limit < 1:
        raise InvalidValue(f"limit must be 1 or more, not {limit}")
    query = _build_query(lib, text)
    if query is None:
        return []
    found = index.candidates(lib.conn, _fts_expression(lib, query), exclude_document, CANDIDATES)
    if not found:
        return []
    best_bm25 = max(c.bm25 for c in found) or 1.0
    scored = [x for c in found if (x := _score(query, c, best_bm25)) is not None]
    scored.sort(key=lambda x: -x.score)
    # Headings, bylines and notes are discounted. The discount only lowers scores, so only the leaders can
    # be affected in a way that shows: their documents' block kinds are read, the rest need not be (on a
    # large library that reading is most of a first query's cost).
    leaders = scored[:limit + KIND_MARGIN]
    kinds = index.chunk_kinds(lib, [x.candidate for x in leaders])
    scored = [replace(x, score=x.score * ASIDE_DISCOUNT) if kinds[x.candidate.chunk_id] not in BODY_KINDS else x
              for x in leaders] + scored[len(leaders):]
    scored.sort(key=lambda x: -x.score)
    seen: Counter[int] = Counter()
    ranked = []
    for x in scored:
        ranked.append((x.score * SAME_DOCUMENT_DISCOUNT ** seen[x.candidate.document_id], x))
        seen[x.candidate.document_id] += 1
    ranked.sort(key=lambda row: -row[0])
    ranked = ranked[:limit]
    labels = index.document_labels(lib.conn, {x.candidate.document_id for _, x in ranked})
    results = []
    for score, x in ranked:
        c, (s, e) = x.candidate, x.window
        key, title = labels.get(c.document_id, ("", ""))
        terms = tuple(query.surface[t] for t in sorted(x.shared, key=lambda t: -query.weights[t]))
        results.append(RelatedPassage(c.document_id, key, title, c.start + s, c.start + e,
                                      snippet(c.text[s:e], {t: query.weights[t] for t in x.shared}),
                                      round(score, 4), terms,
                                      c.start, c.end))
    return results


def related_passages(lib: Library, doc_id: int, start: int, end: int, limit: int = 10) -> list[RelatedPassage]:
    """Related passages in the other documents for the span ``[start, end)`` of document ``doc_id``."""
    text = lib.documents.text(doc_id)
    if not (0 <= start < end <= len(text)):
        doc = lib.documents.get(doc_id)
        raise InvalidValue(f"range {start}–{end} is outside {doc.key!r} (length {len(text)})")
    return related_to_text(lib, text[start:end], exclude_document=doc_id, limit=limit)


def related_to_highlight(lib: Library, highlight_id: int, limit: int = 10) -> list[RelatedPassage]:
    h = lib.highlights.get(highlight_id)
    return related_to_text(lib, h.exact, exclude_document=h.document_id, limit=limit)


def related_to_quote(lib: Library, doc_key: str, quote: str, occurrence: int = 1,
                     limit: int = 10) -> list[RelatedPassage]:
    """Related passages for the N-th occurrence of ``quote`` in the document with key (or id) ``doc_key``."""
    doc = lib.documents.resolve(doc_key)
    start, end = lib.highlights.find_quote(doc.id, quote, occurrence)
    return related_passages(lib, doc.id, start, end, limit)
