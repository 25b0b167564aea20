"""Property tests for anchoring: edits around highlights, astral characters, repeats, deletions, typos.

Most properties build texts from two disjoint alphabets, one for the quote and one for everything else,
so that the expected anchor is unambiguous: the quote cannot reappear by chance, and context characters
can never be mistaken for quote characters. Both alphabets contain astral characters (outside the BMP),
so any UTF-16 offset arithmetic would shift results and fail.
"""
from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader_app.core.anchoring import anchor, describe

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# 😀 U+1F600 and 𝒳 U+1D4B3 in the context alphabet; 𠀋 U+2000B (CJK Ext. B) and 🎉 U+1F389 in the quote's.
CONTEXT_CHARS = "abcdefgh .,;\né😀𝒳"
QUOTE_CHARS = "ABCDEFGH中𠀋𠀌🎉"
MIXED_CHARS = CONTEXT_CHARS + QUOTE_CHARS + "[]()0123"

context_text = st.text(alphabet=CONTEXT_CHARS, max_size=80)
quote_text = st.text(alphabet=QUOTE_CHARS, min_size=1, max_size=40)


@st.composite
def edit_outside(draw, text: str, lo: int, hi: int, alphabet: str = CONTEXT_CHARS):
    """An insertion (drawn from ``alphabet``) or a deletion that leaves ``text[lo:hi]`` untouched.

    Returns (new_text, shift): ``shift`` is how far ``text[lo:hi]`` moved.
    """
    before_room, after_room = lo, len(text) - hi
    if draw(st.booleans()) or before_room + after_room == 0:
        pos = draw(st.one_of(st.integers(0, lo), st.integers(hi, len(text))))
        inserted = draw(st.text(alphabet=alphabet, min_size=1, max_size=60))
        return text[:pos] + inserted + text[pos:], (len(inserted) if pos <= lo else 0)
    side_before = after_room == 0 or (before_room > 0 and draw(st.booleans()))
    a, b = (0, lo) if side_before else (hi, len(text))
    d0 = draw(st.integers(a, b - 1))
    d1 = draw(st.integers(d0 + 1, b))
    return text[:d0] + text[d1:], (-(d1 - d0) if side_before else 0)


@PROPERTY_SETTINGS
@given(st.data())
def test_edits_outside_a_highlight_keep_it_exact_or_moved_with_the_same_quote(data):
    """Inserting or deleting text anywhere but inside the quote never loses it or turns it fuzzy."""
    text = data.draw(st.text(alphabet=MIXED_CHARS, min_size=1, max_size=300))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
    sel = describe(text, start, end)
    # Insertions may add further copies of the quote; any copy will do here.
    new, _ = data.draw(edit_outside(text, start, end, MIXED_CHARS))
    a = anchor(new, sel)
    assert a.status in ("exact", "moved")
    assert new[a.start:a.end] == sel.exact


@PROPERTY_SETTINGS
@given(left=context_text, quote=quote_text, right=context_text, data=st.data())
def test_unique_quote_follows_edits_before_and_after_it(left, quote, right, data):
    """A unique quote lands exactly on its shifted code-point offsets: "exact" if unmoved, else "moved"."""
    text = left + quote + right
    start, end = len(left), len(left) + len(quote)
    sel = describe(text, start, end)
    new, shift = data.draw(edit_outside(text, start, end))
    a = anchor(new, sel)
    assert (a.start, a.end) == (start + shift, end + shift)
    assert a.status == ("exact" if shift == 0 else "moved")


@PROPERTY_SETTINGS
@given(
    left=st.text(alphabet="😀𝒳𠀋a", max_size=50),
    quote=st.text(alphabet="𠀋🎉中A", min_size=1, max_size=20),
    right=st.text(alphabet="😀𝒳a", max_size=50),
    inserted=st.text(alphabet="😀𝒳", min_size=1, max_size=10),
)
def test_offsets_are_code_points_around_astral_characters(left, quote, right, inserted):
    """Selectors and anchors count an astral character as one offset, never as a UTF-16 pair."""
    assume("🎉" in quote or "𠀋" in quote or "😀" in left + right)
    text = left + "|" + quote + "|" + right
    start = len(left) + 1
    sel = describe(text, start, start + len(quote))
    assert sel.exact == quote
    assert len(sel.prefix) == min(32, start)
    assert len(sel.suffix) == min(32, len(right) + 1)
    assert text[start - len(sel.prefix):sel.end + len(sel.suffix)] == sel.prefix + quote + sel.suffix
    a = anchor(inserted + text, sel)
    assert (a.start, a.end, a.status) == (start + len(inserted), sel.end + len(inserted), "moved")


@PROPERTY_SETTINGS
@given(
    quote=quote_text,
    fillers=st.lists(context_text, min_size=3, max_size=5),
    data=st.data(),
)
def test_repeated_quote_keeps_the_occurrence_its_context_names(quote, fillers, data):
    """With the quote repeated, edits outside the stored context leave the highlight on its own copy."""
    copies = len(fillers) - 1
    parts, starts = [fillers[0]], []
    for i in range(copies):
        parts.append(f"[{i}]")
        starts.append(sum(map(len, parts)))
        parts += [quote, f"({i})", fillers[i + 1]]
    text = "".join(parts)
    chosen = data.draw(st.integers(0, copies - 1))
    start = starts[chosen]
    sel = describe(text, start, start + len(quote))
    new, shift = data.draw(edit_outside(text, start - len(sel.prefix), sel.end + len(sel.suffix)))
    a = anchor(new, sel)
    assert (a.start, a.end) == (start + shift, sel.end + shift)


@PROPERTY_SETTINGS
@given(
    quote=quote_text,
    filler=st.text(alphabet=CONTEXT_CHARS, min_size=1, max_size=30),
    copies=st.integers(2, 6),
    data=st.data(),
)
def test_identical_repeats_resolve_by_nearest_position(quote, filler, copies, data):
    """Copies indistinguishable by context: a small shift keeps the highlight on the nearest copy."""
    block = filler + quote
    text = block * copies + filler
    chosen = data.draw(st.integers(0, copies - 1))
    start = chosen * len(block) + len(filler)
    sel = describe(text, start, start + len(quote))
    inserted = data.draw(st.text(alphabet=CONTEXT_CHARS, min_size=1, max_size=max(1, (len(block) - 1) // 2)))
    assume(2 * len(inserted) < len(block))
    a = anchor(inserted + text, sel)
    assert (a.start, a.status) == (start + len(inserted), "moved")


@PROPERTY_SETTINGS
@given(left=context_text, quote=quote_text, right=context_text, data=st.data())
def test_deleting_the_quoted_passage_orphans_the_highlight(left, quote, right, data):
    """Once the quote and any amount of its surroundings are deleted, the highlight is orphaned."""
    text = left + quote + right
    start, end = len(left), len(left) + len(quote)
    sel = describe(text, start, end)
    cut_from = data.draw(st.integers(0, start))
    cut_to = data.draw(st.integers(end, len(text)))
    a = anchor(text[:cut_from] + text[cut_to:], sel)
    assert (a.start, a.end, a.status, a.score) == (None, None, "orphaned", 0.0)


@PROPERTY_SETTINGS
@given(
    left=context_text,
    quote=st.text(alphabet=QUOTE_CHARS, min_size=12, max_size=200),
    right=context_text,
    preface=st.text(alphabet=CONTEXT_CHARS, max_size=40),
    kind=st.sampled_from(["substitute", "insert", "delete"]),
    data=st.data(),
)
def test_small_typo_inside_the_quote_is_fuzzy_with_exact_boundaries(left, quote, right, preface, kind, data):
    """One edited character inside the quote (short or long) gives "fuzzy" on exactly the edited span."""
    i = data.draw(st.integers(1, len(quote) - 2))
    if kind == "substitute":
        # A character equal to a neighbour makes the edited span's boundary genuinely ambiguous
        # ("𠀌AAA" → "𠀌𠀌AA" aligns equally well one place later), so it proves nothing either way.
        char = data.draw(st.sampled_from(QUOTE_CHARS + "xyz").filter(lambda c: c not in quote[i - 1:i + 2]))
        edited = quote[:i] + char + quote[i + 1:]
    elif kind == "insert":
        char = data.draw(st.sampled_from(QUOTE_CHARS + "xyz").filter(lambda c: c not in quote[i - 1:i + 1]))
        edited = quote[:i] + char + quote[i:]
    else:
        edited = quote[:i] + quote[i + 1:]
    text = left + quote + right
    sel = describe(text, len(left), len(left) + len(quote))
    new = preface + left + edited + right
    assume(quote not in new)  # e.g. an extra "A" inserted into "AAAA…" still contains the old quote
    a = anchor(new, sel)
    expected = len(preface) + len(left)
    assert (a.start, a.end, a.status) == (expected, expected + len(edited), "fuzzy")
    assert 0.75 <= a.score <= 1.0


@PROPERTY_SETTINGS
@given(
    old=st.text(alphabet=MIXED_CHARS, min_size=1, max_size=200),
    new=st.text(alphabet=MIXED_CHARS, max_size=200),
    data=st.data(),
)
def test_anchoring_arbitrary_texts_never_raises_and_returns_consistent_spans(old, new, data):
    """Whatever the new text, the result is a valid span whose status matches what it contains."""
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    sel = describe(old, start, end)
    a = anchor(new, sel)
    if a.status == "orphaned":
        assert (a.start, a.end, a.score) == (None, None, 0.0)
        return
    assert 0 <= a.start < a.end <= len(new)
    assert 0.0 < a.score <= 1.0
    if a.status in ("exact", "moved"):
        assert new[a.start:a.end] == sel.exact
    if a.status == "exact":
        assert a.start == sel.start
