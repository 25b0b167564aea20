"""Unit tests for reader_app.core.anchoring: describe(), each anchoring status, reports and speed."""
from __future__ import annotations

import dataclasses
import random
import subprocess
import sys

import pytest

from reader_app.core.anchoring import Anchor, AnchorReport, anchor, describe, reanchor_all
from reader_app.core.anchoring.scoring import acceptable, combined
from reader_app.core.errors import InvalidValue
from reader_app.core.model import Selectors

TEXT = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, "
    "it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity."
)


def select(text: str, quote: str, occurrence: int = 0) -> Selectors:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return describe(text, start, start + len(quote))


# --- describe -----------------------------------------------------------------------------------------


def test_describe_captures_quote_and_32_characters_of_context():
    """The selectors hold the position, the quote, and 32 code points either side."""
    start = TEXT.index("age of wisdom")
    sel = describe(TEXT, start, start + 13)
    assert sel == Selectors(
        start, start + 13, "age of wisdom", TEXT[start - 32:start], TEXT[start + 13:start + 45]
    )
    assert len(sel.prefix) == len(sel.suffix) == 32


def test_describe_truncates_context_at_the_edges_of_the_text():
    """Near the start or end of the text, prefix/suffix are simply shorter, never padded."""
    assert describe(TEXT, 0, 5).prefix == ""
    assert describe(TEXT, 3, 5).prefix == "It "
    end = len(TEXT)
    assert describe(TEXT, end - 4, end).suffix == ""
    assert describe(TEXT, 10, 20, context=4).prefix == TEXT[6:10]
    assert describe(TEXT, 10, 20, context=0) == Selectors(10, 20, TEXT[10:20], "", "")


def test_describe_offsets_are_code_points_for_astral_characters():
    """An emoji or CJK Extension B character is one offset, as Python str indexing counts it."""
    text = "x😀𠀋 highlighted 𠀋y"
    sel = describe(text, 1, 3)
    assert sel.exact == "😀𠀋"
    assert sel.prefix == "x"
    assert sel.suffix.startswith(" highlighted")


@pytest.mark.parametrize(
    ("start", "end", "context"),
    [
        (5, 5, 32),  # empty
        (6, 5, 32),  # reversed
        (-1, 3, 32),  # negative
        (0, len(TEXT) + 1, 32),  # past the end
        (True, 3, 32),  # bool is not an offset
        (0.0, 3, 32),  # float is not an offset
        (0, 3, -1),  # negative context
    ],
)
def test_describe_rejects_bad_ranges_with_invalid_value(start, end, context):
    """Bad or empty ranges are a user-facing InvalidValue, not an IndexError or a silent empty quote."""
    with pytest.raises(InvalidValue):
        describe(TEXT, start, end, context)


# --- the four statuses --------------------------------------------------------------------------------


def test_unchanged_text_anchors_exactly():
    """Position verified by the quote gives "exact" with full score."""
    sel = select(TEXT, "epoch of belief")
    assert anchor(TEXT, sel) == Anchor(sel.start, sel.end, "exact", 1.0)


def test_insertion_before_the_highlight_moves_it():
    """Text inserted earlier shifts the quote; it is found again as "moved" at the shifted offset."""
    sel = select(TEXT, "epoch of belief")
    new = "A preface. " + TEXT
    assert anchor(new, sel) == Anchor(sel.start + 11, sel.end + 11, "moved", 1.0)


def test_moved_prefers_the_occurrence_whose_context_matches():
    """With the quote repeated, context (not proximity) picks the occurrence the reader marked."""
    sel = select(TEXT, "it was the", occurrence=3)  # "...foolishness, it was the epoch of belief"
    new = "Preface " * 40 + TEXT.replace("it was the age of wisdom", "it was the age of  wisdom")
    a = anchor(new, sel)
    assert a.status == "moved"
    assert new[a.start:a.end] == "it was the"
    assert new[a.end:].startswith(" epoch of belief")


def test_moved_tie_breaks_on_nearest_old_position():
    """Identical copies with identical context: the one nearest the old position wins."""
    block = "filler text here. REPEATED QUOTE. more filler text. " * 2
    text = block * 6
    second_last = len(block) * 4 + block.index("REPEATED")
    sel = describe(text, second_last, second_last + 15)
    new = "xx" + text
    a = anchor(new, sel)
    assert (a.start, a.status) == (second_last + 2, "moved")


def test_moved_without_intact_context_tie_breaks_on_nearest_old_position():
    """Copies whose context was edited alike (no perfect match anywhere): the nearest copy still wins."""
    block = "one two three. REPEATED QUOTE. four five six. "
    text = block * 6
    fourth = len(block) * 3 + block.index("REPEATED")
    sel = describe(text, fourth, fourth + 15)
    new = "xyz" + text.replace("three", "THREE").replace("four", "FOUR")
    a = anchor(new, sel)
    assert (a.start, a.status) == (fourth + 3, "moved")
    assert a.score < 1.0


def test_quote_shifted_onto_old_position_does_not_hijack_the_highlight():
    """If an edit moves another occurrence exactly onto the old offset, context sends it to the right one."""
    text = "alpha the cat beta gamma the cat delta"
    second = text.rindex("the cat")
    sel = describe(text, second, second + 7)
    first = text.index("the cat")
    new = "#" * (second - first) + text  # first "the cat" now sits at the old offset
    assert new[second:second + 7] == "the cat"
    a = anchor(new, sel)
    assert (a.start, a.status) == (second + second - first, "moved")


def test_quote_in_place_with_edited_context_stays_exact():
    """An edit right next to the quote changes its context but not its verified position."""
    sel = select(TEXT, "age of wisdom")
    new = TEXT.replace("worst of times, it was the age", "worst of times, it was then the age")
    a = anchor(new, sel)
    shift = len("then ")
    assert (a.start, a.end, a.status) == (sel.start + shift, sel.end + shift, "moved")
    same_place = TEXT.replace("age of wisdom, it", "age of wisdom; and it")
    b = anchor(same_place, sel)
    assert (b.start, b.end, b.status) == (sel.start, sel.end, "exact")
    assert b.score == 1.0


@pytest.mark.parametrize(
    ("edited", "new_quote"),
    [
        ("epoch of belief", "epoch of belief"),  # control: unchanged
        ("epoch of belief", "epoch of beleif"),  # transposition
        ("epoch of belief", "epoch of relief"),  # substitution
        ("epoch of belief", "epoch of the belief"),  # insertion
        ("epoch of belief", "epoch o belief"),  # deletion
    ],
)
def test_small_edit_inside_the_quote_is_fuzzy_with_exact_boundaries(edited, new_quote):
    """A typo inside the quote is found as "fuzzy" and the span covers exactly the edited passage."""
    sel = select(TEXT, edited)
    new = "Intro. " + TEXT.replace(edited, new_quote)
    a = anchor(new, sel)
    expected = new.index(new_quote)
    assert (a.start, a.end) == (expected, expected + len(new_quote))
    assert a.status == ("moved" if edited == new_quote else "fuzzy")
    assert 0.7 <= a.score <= 1.0


def test_short_quote_with_a_typo_is_rescued_by_its_context():
    """A two-word quote with one wrong letter is still found when its surroundings are intact."""
    text = "The dog chased the cat across the garden at dawn."
    sel = select(text, "the cat")
    a = anchor(text.replace("the cat", "the cot"), sel)
    assert (a.start, a.end, a.status) == (sel.start, sel.end, "fuzzy")


def test_one_wrong_letter_in_three_is_too_much_to_anchor():
    """A third of a short quote edited falls below the 0.75 quote-similarity floor even in context."""
    text = "The dog chased the cat across the garden at dawn."
    sel = select(text, "cat")
    assert anchor(text.replace("cat", "cot"), sel).status == "orphaned"


def test_short_quote_with_a_typo_and_new_context_is_orphaned():
    """Without context to vouch for it, a short near-miss is too likely a coincidence to anchor to."""
    text = "The dog chased the cat across the garden at dawn."
    sel = select(text, "the cat")
    new = "Quarterly figures rose by the cot percent, analysts observed with mild surprise."
    assert anchor(new, sel).status == "orphaned"


def test_similar_sibling_sentence_does_not_inherit_a_deleted_highlight():
    """A deleted clause is orphaned even though a look-alike clause with the same ending remains."""
    sel = select(TEXT, "it was the epoch of incredulity")
    new = TEXT.replace(", it was the epoch of incredulity", "")
    assert anchor(new, sel).status == "orphaned"


def test_context_cut_short_by_the_text_edge_counts_less():
    """A one-character suffix (highlight at the end of a text) cannot vouch like 32 matching characters."""
    full = combined(0.8, 0.5, 1.0, prefix_len=32, suffix_len=32)
    cut = combined(0.8, 0.5, 1.0, prefix_len=32, suffix_len=1)
    assert cut < full
    assert acceptable(20, 0.8, full) and not acceptable(20, 0.8, cut)
    assert combined(0.9, 0.0, 0.0, prefix_len=0, suffix_len=0) == pytest.approx(0.9)


def test_long_nearly_intact_quote_needs_no_context_but_a_short_one_does():
    """The strong-quote rule: >= 24 characters at >= 0.85 similarity anchors even with new surroundings."""
    assert acceptable(40, 0.9, 0.6)
    assert not acceptable(20, 0.9, 0.6)
    assert not acceptable(40, 0.7, 0.9)  # below the quote floor whatever the context


def test_deleted_passage_is_orphaned_and_never_raises():
    """When the quoted sentence is gone, the highlight is orphaned with no offsets."""
    sel = select(TEXT, "it was the epoch of incredulity")
    new = TEXT.replace(", it was the epoch of incredulity", "")
    assert anchor(new, sel) == Anchor(None, None, "orphaned", 0.0)


def test_rewritten_passage_is_orphaned():
    """A quote rewritten beyond recognition is not forced onto some vaguely similar text."""
    sel = select(TEXT, "the age of foolishness")
    new = TEXT.replace("the age of foolishness", "a period marked by folly")
    assert anchor(new, sel).status == "orphaned"


def test_empty_quote_and_empty_text_are_orphaned():
    """Nothing to verify (empty quote) or nowhere to look (empty text) cannot anchor."""
    assert anchor(TEXT, Selectors(3, 3, "")).status == "orphaned"
    assert anchor("", select(TEXT, "best")).status == "orphaned"


def test_stale_position_beyond_the_new_text_is_only_a_hint():
    """A stored offset past the end of a shortened text does not break the search."""
    sel = select(TEXT, "epoch of incredulity")
    new = "incredulity; " + TEXT[: TEXT.index("it was the age of wisdom")] + "the epoch of incredulity."
    a = anchor(new, sel)
    assert a.status == "moved"
    assert new[a.start:a.end] == "epoch of incredulity"


def test_fuzzy_prefers_the_nearer_of_two_equally_good_matches():
    """Two identical edited copies with identical context: position breaks the tie."""
    block = "lorem ipsum dolor. The Quick Brown Fox Jumps. sit amet consectetur. "
    text = block * 5
    target = len(block) * 3 + block.index("The Quick")
    sel = describe(text, target, target + len("The Quick Brown Fox Jumps"))
    new = text.replace("Brown Fox", "Brown Fax")
    a = anchor(new, sel)
    assert (a.start, a.status) == (target, "fuzzy")


# --- long quotes ---------------------------------------------------------------------------------------


def _prose(rng: random.Random, n: int) -> str:
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
             for _ in range(3000)]
    return " ".join(rng.choices(vocab, k=n // 5 + 10))[:n]


def test_long_quote_with_edits_at_head_middle_and_tail_is_fuzzy():
    """A 5,000-character quote edited in several places and moved far away is still found, whole."""
    rng = random.Random(3)
    text = _prose(rng, 300_000)
    sel = describe(text, 50_000, 55_000)
    q = sel.exact
    # Edits stay a few characters inside the quote: a replaced first or last character would make the
    # boundary genuinely ambiguous against surrounding prose.
    edited = q[:10] + "EDIT" + q[14:2500] + "MIDDLE" + q[2500:4980] + "TAIL" + q[4984:]
    rest = text[:50_000] + text[55_000:]
    new = rest[:250_000] + edited + rest[250_000:]
    a = anchor(new, sel)
    assert (a.start, a.end, a.status) == (250_000, 250_000 + len(edited), "fuzzy")


def test_long_quote_unchanged_and_shifted():
    """Long quotes take the same exact/moved paths as short ones."""
    rng = random.Random(4)
    text = _prose(rng, 100_000)
    sel = describe(text, 20_000, 28_000)
    assert anchor(text, sel).status == "exact"
    a = anchor("Inserted heading\n" + text, sel)
    assert (a.start, a.status) == (20_017, "moved")


# --- report ----------------------------------------------------------------------------------------------


def test_reanchor_all_returns_anchors_in_order_and_a_matching_report():
    """One anchor per selector, in order, and the report counts each status."""
    sels = [
        select(TEXT, "best of times"),
        select(TEXT, "age of wisdom"),
        select(TEXT, "epoch of incredulity"),
        select(TEXT, "the age of foolishness"),
    ]
    new = TEXT.replace("age of wisdom", "age of wisdom!").replace("incredulity", "incredulty")
    new = "Title\n" + new.replace("it was the age of foolishness, ", "")
    anchors, report = reanchor_all(new, sels)
    assert [a.status for a in anchors] == ["moved", "moved", "fuzzy", "orphaned"]
    assert report == AnchorReport(exact=0, moved=2, fuzzy=1, orphaned=1)
    assert report.total == 4
    assert report.summary() == "0 exact, 2 moved, 1 fuzzy, 1 orphaned"


def test_report_summary_format():
    """The summary string the import dialog shows."""
    assert AnchorReport(12, 3, 1, 0).summary() == "12 exact, 3 moved, 1 fuzzy, 0 orphaned"
    assert reanchor_all(TEXT, [])[1].summary() == "0 exact, 0 moved, 0 fuzzy, 0 orphaned"


def test_anchor_is_immutable():
    """Anchors are values; callers may cache and share them."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        Anchor(1, 2, "exact", 1.0).start = 3  # type: ignore[misc]


def test_anchoring_does_not_import_qt():
    """The core must stay usable headless: importing anchoring must not pull in PySide6."""
    code = (
        "import sys, reader_app.core.anchoring\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- large texts (timings live in bench/bench_store.py, not here) -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def five_mb_text() -> str:
    return _prose(random.Random(11), 5_000_000)


def test_ten_thousand_unchanged_highlights_all_anchor_exactly(five_mb_text):
    """Every one of 10,000 highlights on an unchanged 5 MB text anchors exactly where it was."""
    rng = random.Random(5)
    sels = []
    for _ in range(10_000):
        s = rng.randrange(len(five_mb_text) - 200)
        sels.append(describe(five_mb_text, s, s + rng.randint(5, 150)))
    anchors, report = reanchor_all(five_mb_text, sels)
    assert report.exact == 10_000
    assert [(a.start, a.end) for a in anchors] == [(s.start, s.end) for s in sels]


def test_fuzzy_and_orphan_in_five_mb(five_mb_text):
    """A typo'd quote moved 3 MB away is found fuzzily at its new place; a removed one is orphaned."""
    start = 1_000_000
    sel = describe(five_mb_text, start, start + 80)
    passage = five_mb_text[start - 32:start + 112]
    typo = passage[:70] + "#" + passage[71:]
    rest = five_mb_text[:start - 32] + five_mb_text[start + 112:]
    new = rest[:4_000_000] + typo + rest[4_000_000:]
    a = anchor(new, sel)
    assert (a.start, a.end, a.status) == (4_000_032, 4_000_112, "fuzzy")

    gone = anchor(rest, sel)
    assert gone.status == "orphaned"
