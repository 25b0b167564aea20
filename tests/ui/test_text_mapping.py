"""UTF-16 ↔ code point conversion, the only place the reading view translates offsets."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader_app.ui.widgets.text_mapping import OffsetMap, utf16_length


def _utf16_prefix_len(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def test_bmp_text_maps_to_itself():
    """Without astral characters both units agree, and the map says so (the fast path)."""
    m = OffsetMap("Kuril Islands — 北方領土")
    assert m.is_identity
    assert [m.to_utf16(i) for i in range(5)] == list(range(5))
    assert m.to_cp(7) == 7


def test_astral_characters_count_two_utf16_units():
    """An emoji and the rare kanji 𠀋 each shift later UTF-16 positions by one."""
    text = "a😀b𠀋c"
    m = OffsetMap(text)
    assert m.utf16_length == utf16_length(text) == 7
    assert [m.to_utf16(cp) for cp in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [m.to_cp(u) for u in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]


def test_position_inside_a_surrogate_pair_rounds_down():
    """A UTF-16 position between the halves of a pair belongs to the character's start."""
    m = OffsetMap("x😀y")
    assert m.to_cp(2) == 1
    assert m.span_to_cp(2, 3) == (1, 2)


@given(st.text(alphabet=st.sampled_from(["a", "é", "\n", "😀", "𠀋", "北", "\U0001F1EF"]), max_size=60))
def test_round_trip_matches_python_utf16_encoding(text):
    """For any text, code point → UTF-16 agrees with Python's own UTF-16 encoder and converts back."""
    m = OffsetMap(text)
    for cp in range(len(text) + 1):
        u = m.to_utf16(cp)
        assert u == _utf16_prefix_len(text, cp)
        assert m.to_cp(u) == cp
