"""Related passages on the five bundled articles: what ranks on top for each topic they share.

Every expectation below was checked by reading the articles: the passages named are the ones in the other
sources that speak of the selection's subject.
"""
from __future__ import annotations

import pytest

from reader_app.core.compare.passages import snippet
from reader_app.core.compare.related import related_passages, related_to_highlight, related_to_quote
from reader_app.core.compare.terms import bigrams, stem, without_idioms
from reader_app.core.errors import InvalidValue, NotFound
from reader_app.core.model import Block, DocumentMeta, ImportedDocument

EAF, NBR, CAPS, CESCUBE, DIPLOMAT = "eaf-mahoney-2022", "nbr-oshea", "caps-walia", "cescube-ukraine", \
    "diplomat-hornung-2022"

SWIFT_SENTENCE = (
    "As of 16 March 2022, Japan has revoked Russia’s status as a ‘most-favoured trading nation’, suspended visa "
    "issuance for certain individuals with relations to Russia, the Donetsk People’s Republic and the Luhansk "
    "People’s Republic, frozen assets and excluded selected Russian banks from the SWIFT bank messaging system.")


def passage_text(lib, p) -> str:
    return lib.documents.text(p.document_id)[p.start:p.end]


def related(lib, key, quote, limit=6):
    return related_to_quote(lib, key, quote, limit=limit)


@pytest.mark.parametrize("quote", [SWIFT_SENTENCE,
                                   "excluded selected Russian banks from the SWIFT bank messaging system"])
def test_swift_selection_puts_the_other_articles_swift_passages_on_top(seeded, quote):
    """EAF's sentence on excluding Russian banks from SWIFT: the two other articles that mention SWIFT
    (CAPS: "removal from the SWIFT international banking system", CESCUBE: "ban Russia from the SWIFT global
    payment systems") are the first two results, snippets marking SWIFT."""
    found = related(seeded, EAF, quote)
    assert [p.document_key for p in found[:2]] == [CAPS, CESCUBE]
    assert "removal from the SWIFT international banking system" in passage_text(seeded, found[0])
    assert "ban Russia from the SWIFT global payment systems" in passage_text(seeded, found[1])
    assert all("«SWIFT»" in p.snippet and "SWIFT" in p.matched_terms for p in found[:2])
    assert all("SWIFT" not in passage_text(seeded, p) for p in found[2:])


def test_kuril_islands_selection_finds_the_islands_in_three_other_articles(seeded):
    """EAF: "Japan’s stance towards Russia over the Kuril Islands has shifted." The top three are CESCUBE
    ("Until this peace treaty is signed to solve issue of the Kuril Islands"), CAPS ("named as the Southern
    Kurils in Russia and the Northern Territories in Japan") and the Diplomat ("Russian-held Southern Kuril
    Islands") — one passage per source before any second one."""
    found = related(seeded, EAF, "Japan’s stance towards Russia over the Kuril Islands has shifted.")
    assert {p.document_key for p in found[:3]} == {CESCUBE, CAPS, DIPLOMAT}
    assert all("Kuril" in passage_text(seeded, p) for p in found[:3])
    assert any("«Kuril Islands»" in p.snippet for p in found[:3])  # neighbours share one pair of marks


def test_northern_territories_selection_finds_the_same_islands_under_both_names(seeded):
    """NBR calls them only "the so-called Northern Territories"; the Diplomat, CAPS and EAF passages that
    give that name (beside "Kuril") come first."""
    found = related(seeded, NBR, "In 1945, Russia occupied several islands northeast of Hokkaido (the so-called "
                                 "Northern Territories), evicting the longtime Japanese residents")
    assert [p.document_key for p in found[:3]] == [DIPLOMAT, CAPS, EAF]
    assert all("Northern Territories" in passage_text(seeded, p) for p in found[:3])


def test_peace_treaty_selection_finds_the_treaty_talks(seeded):
    """CAPS on Abe seeking "a peace treaty between the two nations": the first three are the Diplomat's "zero
    hope of a peace treaty", NBR's "sign a peace treaty" and CESCUBE's "Until this peace treaty is signed"."""
    found = related(seeded, CAPS, "He also attempted to resolve the dispute through continued negotiations in "
                                  "order to conclude a peace treaty between the two nations.")
    assert [p.document_key for p in found[:3]] == [DIPLOMAT, NBR, CESCUBE]
    assert all("peace treaty" in passage_text(seeded, p) for p in found[:3])
    assert "sign a peace treaty" in passage_text(seeded, found[1])


def test_abe_selection_finds_abe_in_other_articles(seeded):
    """NBR on "Former prime minister Abe Shinzo": the Diplomat's "former Prime Minister Abe Shinzo" and EAF's
    "Under former prime minister Shinzo Abe" (name order differs) are the first two."""
    found = related(seeded, NBR, "Former prime minister Abe Shinzo spent much political capital attempting to "
                                 "improve relations and sign a peace treaty.")
    assert [p.document_key for p in found[:2]] == [DIPLOMAT, EAF]
    assert "Under former prime minister Shinzo Abe" in passage_text(seeded, found[1])


def test_taiwan_selection_finds_china_and_taiwan(seeded):
    """NBR: "If China annexes Taiwan…". CESCUBE ("the probability of China invading Taiwan also increases")
    and the Diplomat ("China’s decades-long quest to occupy Taiwan") are the first two."""
    found = related(seeded, NBR, "If China annexes Taiwan, the resulting conflict could escalate to the level of "
                                 "a regional or global war.")
    assert [p.document_key for p in found[:2]] == [CESCUBE, DIPLOMAT]
    assert all("Taiwan" in passage_text(seeded, p) for p in found[:2])


def test_crimea_selection_finds_the_2014_response(seeded):
    """NBR: Japan "gave Russia a pass following its 2014 annexation of Crimea". EAF's "response to the
    annexation of Crimea in 2014 was lacklustre" leads; CAPS's "sanctions on Moscow in 2014 when the Russian
    troops occupied the Crimea region" is second."""
    found = related(seeded, NBR, "As part of this diplomatic push, Japan gave Russia a pass following its 2014 "
                                 "annexation of Crimea.")
    assert found[0].document_key == EAF and "annexation of Crimea in 2014" in passage_text(seeded, found[0])
    assert found[1].document_key == CAPS and "Crimea region" in passage_text(seeded, found[1])


def test_results_are_other_documents_with_valid_offsets_and_snippets(seeded):
    """Never the selection's own document; offsets point at the passage inside its paragraph; the snippet's
    words come from the passage; scores descend."""
    doc = seeded.documents.resolve(EAF)
    start = seeded.documents.text(doc.id).index("Japan’s stance towards Russia")
    found = related_passages(seeded, doc.id, start, start + 65, limit=10)
    assert found and all(p.document_id != doc.id for p in found)
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
    for p in found:
        text = seeded.documents.text(p.document_id)
        assert p.chunk_start <= p.start < p.end <= p.chunk_end <= len(text)
        plain = p.snippet.replace("«", "").replace("»", "").strip("…")
        assert plain.split()[0] in " ".join(text[p.start:p.end].split())
        assert p.title and p.document_key


def test_highlight_and_quote_entry_points_agree(seeded):
    """related_to_highlight on a highlight gives what related_to_quote gives on its quote."""
    doc = seeded.documents.resolve(EAF)
    quote = "excluded selected Russian banks from the SWIFT bank messaging system"
    start, end = seeded.highlights.find_quote(doc.id, quote)
    h, _ = seeded.highlights.add(doc.id, start, end)
    assert related_to_highlight(seeded, h.id) == related_to_quote(seeded, EAF, quote)


def test_bad_input_is_reported_with_the_value(seeded):
    """A range outside the document and an unknown quote are refused with a message naming them."""
    doc = seeded.documents.resolve(CAPS)
    with pytest.raises(InvalidValue, match="caps-walia"):
        related_passages(seeded, doc.id, 10, 10_000_000)
    with pytest.raises(NotFound, match="no such words"):
        related_to_quote(seeded, CAPS, "no such words")
    with pytest.raises(InvalidValue, match="limit"):
        related_passages(seeded, doc.id, 0, 50, limit=0)


def test_function_words_alone_relate_to_nothing(seeded):
    """A selection without a content word ("it is one of the") returns no passages rather than noise."""
    text = seeded.documents.text(seeded.documents.resolve(DIPLOMAT).id)
    at = text.find(" the ")
    assert related_passages(seeded, seeded.documents.resolve(DIPLOMAT).id, at, at + 5) == []


def test_a_newly_imported_document_is_found_at_once(seeded):
    """The IDF cache follows the index: a document added after a first query shows up in the next one."""
    assert all(p.document_key != "swift-note" for p in related(seeded, EAF, SWIFT_SENTENCE))
    text = "Banks cut from SWIFT: the SWIFT bank messaging system excluded Russian banks in March 2022."
    seeded.documents.add(ImportedDocument(text, [Block(0, len(text))], DocumentMeta(title="t", key="swift-note"),
                                          "txt"))
    assert related(seeded, EAF, SWIFT_SENTENCE)[0].document_key == "swift-note"


def test_light_stemming_joins_inflections_but_keeps_short_words():
    """sanctions/sanctioned, banks/banking and territories/territory meet; "news", "US" and "bus" stay."""
    assert stem("sanctions") == stem("sanctioned") == stem("sanction") == "sanction"
    assert stem("banks") == stem("banking") == "bank"
    assert stem("territories") == "territory"
    assert stem("banned") == "ban"
    assert [stem(w) for w in ("news", "us", "bus", "crisis", "status")] == ["news", "us", "bus", "crisis", "status"]


def test_word_pairs_and_idioms():
    """Pairs need adjacent content words; connectives like "in order to" are blanked, keeping offsets."""
    assert ("kuril", "island") in bigrams("the Kuril Islands dispute")
    assert ("peace", "treaty") not in bigrams("peace, treaty")
    text = "negotiations in order to conclude"
    assert len(without_idioms(text)) == len(text) and "order" not in without_idioms(text)


def test_snippet_marks_matches_and_cuts_around_the_heaviest():
    """A long text is cut where the weighty matches are; neighbouring matched words share marks."""
    text = "Filler words here. " * 30 + "Japan left the Kuril Islands talks. " + "More filler. " * 30
    out = snippet(text, {"kuril": 3.0, "island": 2.0, "japan": 0.5})
    assert "«Kuril Islands»" in out and out.startswith("…") and out.endswith("…")
    assert len(out) < 300


def test_a_schema_1_library_gains_the_vocabulary_on_upgrade(tmp_path):
    """The released schema-1 fixture library is upgraded on open (vocabulary view added) and related
    passages work on it at once."""
    import shutil
    from pathlib import Path

    from reader_app.core.store import Library

    path = tmp_path / "old.sqlite3"
    shutil.copy(Path(__file__).parent / "fixtures" / "libraries" / "schema-1.sqlite3", path)
    with Library(path) as lib:
        assert lib.conn.execute("SELECT doc FROM chunks_vocab WHERE term = 'swift'").fetchone()[0] == 2
        found = related_to_quote(lib, lib.documents.list()[0].key, "Japanese banks cut Russian lenders off SWIFT")
        assert found and found[0].document_key == lib.documents.list()[1].key
        assert "SWIFT" in found[0].snippet
