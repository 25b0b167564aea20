"""The bundled articles: the manifest says only what the texts say, and importing them keeps every word
while marking web clutter, structure and footnotes so the reader can typeset them cleanly."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader_app.core.errors import ImportFailed
from reader_app.core.importers.seeds import import_seed, load_manifest
from reader_app.core.model import BLOCK_KINDS, Creator

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Written out by hand from reading each text; see the manifest's source_note for the evidence.
EXPECTED = {
    "diplomat-hornung-2022": dict(
        file="diplomat-hornung.txt",
        title="Ukraine War: The Impact on Japan-Russia Relations",
        creators=(Creator("Mercy A. Kuo", "interviewer"), Creator("Jeffrey Hornung", "interviewee")),
        publisher="The Diplomat",
        published="May 16, 2022",
        kind="interview",
    ),
    "eaf-mahoney-2022": dict(
        file="eaf-mahoney.txt",
        title="Japan’s decisiveness toward Russia and Ukraine",
        creators=(Creator("Melissa Mahoney", "author"),),
        publisher="East Asia Forum",
        published="",
        kind="analysis",
    ),
    "nbr-oshea": dict(
        file="nbr-oshea.txt",
        title="Japan's Response to the Russia-Ukraine Conflict",
        creators=(Creator("Claudia Jacobo", "interviewer"), Creator("Paul O’Shea", "interviewee")),
        publisher="The National Bureau of Asian Research (NBR)",
        published="",
        kind="interview",
    ),
    "cescube-ukraine": dict(
        file="cescube-ukraine.txt",
        title="Japan’s approach towards Ukraine Crisis",
        creators=(),
        publisher="CESCUBE",
        published="",
        kind="commentary",
    ),
    "caps-walia": dict(
        file="caps-walia.txt",
        title="Japan-Russia Ties Amidst Ukraine Crisis",
        creators=(Creator("Simran Walia", "author"),),
        publisher="Centre for Air Power Studies (CAPS)",
        published="",
        kind="analysis",
    ),
}

# SHA-256 of the texts as copied from the web pages; the seeds must stay byte-identical to them.
ORIGINAL_SHA256 = {
    "diplomat-hornung.txt": "413c7b3a66365c7100b0e345f1e1ee7f701e77da627d2a7966cfdf0ca74fadfe",
    "eaf-mahoney.txt": "3f69a214e3bdd6ee5a4a9ba87166bef4c4645f35a32c679d1b06f8de0121e5ba",
    "nbr-oshea.txt": "79ced2ed2a66ebbfeccafca9fa9341101964efe46d19324ae9a63da6eaeae721",
    "cescube-ukraine.txt": "a762228b60cf8d5d66e5e34508698e3e5fb9f8880816408eec470cfd0a609f33",
    "caps-walia.txt": "ca7a9684822f5dad144b61ead01b44f5092743fd5e2d021cd95da5006e83b55c",
}

# (key, start of a paragraph, kind, level): one sample of every role the rules assign.
STRUCTURE = [
    ("diplomat-hornung-2022", "Ukraine War: The Impact", "title", 1),
    ("diplomat-hornung-2022", "By Mercy A. Kuo", "byline", 0),
    ("diplomat-hornung-2022", "May 16, 2022", "byline", 0),
    ("diplomat-hornung-2022", "Identify the top three impacts", "heading", 2),
    ("diplomat-hornung-2022", "What calculations if Japan making", "heading", 2),
    ("diplomat-hornung-2022", "Assess the effectiveness", "heading", 2),
    ("diplomat-hornung-2022", "The Diplomat author Mercy Kuo", "paragraph", 0),
    ("eaf-mahoney-2022", "Japan’s response to the annexation of Crimea", "paragraph", 0),
    ("eaf-mahoney-2022", "By following the US lead", "paragraph", 0),
    ("eaf-mahoney-2022", "Melissa Mahoney is a student", "byline", 0),
    ("nbr-oshea", "Shaping Indo-Pacific Security", "title", 2),
    ("nbr-oshea", "How does Japan view the Russia-Ukraine war", "heading", 2),
    ("nbr-oshea", "With no foreseeable end to the fighting", "heading", 2),
    ("nbr-oshea", "This interview was conducted by", "byline", 0),
    ("cescube-ukraine", "Japan Russia relations in the historical context.", "heading", 2),
    ("cescube-ukraine", "Russian invasion.", "heading", 2),
    ("cescube-ukraine", "Conclusion", "heading", 2),
    ("cescube-ukraine", "Notes", "heading", 2),
    ("cescube-ukraine", "(The views expressed are those of the author", "byline", 0),
    ("caps-walia", "Author: Simran Walia", "byline", 0),
    ("caps-walia", "Keywords: Japan, Russia", "byline", 0),
    ("caps-walia", "Likely Future Developments", "heading", 2),
    ("caps-walia", "Japan had previously imposed sanctions", "paragraph", 0),
]

# (key, text that must sit inside a clutter block)
CLUTTER = [
    ("diplomat-hornung-2022", "The Diplomat ("),
    ("diplomat-hornung-2022", "You can comment this article"),
    ("diplomat-hornung-2022", "Оставить комментарий"),
    ("eaf-mahoney-2022", "Peer reviewed analysis from world leading experts"),
    ("eaf-mahoney-2022", "Reading Time: 4 mins"),
    ("eaf-mahoney-2022", "(Photo: EYEPRESS Images/Reuters Connect)"),
    ("eaf-mahoney-2022", "In Brief"),
    ("eaf-mahoney-2022", "• A"),
    ("eaf-mahoney-2022", "2 responses to"),
    ("eaf-mahoney-2022", "wolf in sheep’s clothing"),
    ("eaf-mahoney-2022", "I hope the Russian people will reconsider"),
    ("eaf-mahoney-2022", "Support Quality Analysis"),
    ("eaf-mahoney-2022", "acknowledges the First Peoples"),
    ("eaf-mahoney-2022", "Article printed from East Asia Forum ("),
    ("eaf-mahoney-2022", "Copyright ©2024 East Asia Forum"),
    ("nbr-oshea", "Interview"),
    ("cescube-ukraine", "Pic Courtesy-JJ Ying"),
    ("caps-walia", "Share article"),
    ("caps-walia", "Related articles"),
]


@pytest.fixture(scope="module")
def entries():
    return load_manifest(SEEDS)


@pytest.fixture(scope="module")
def docs(entries):
    return {e.key: import_seed(e, SEEDS) for e in entries}


def block_texts(doc, kind=None):
    return [doc.text[b.start : b.end] for b in doc.blocks if kind is None or b.kind == kind]


def test_manifest_lists_the_five_seeds_with_unique_keys_and_existing_files(entries):
    """Every shipped article has exactly one entry, and every entry points at a shipped file."""
    keys = [e.key for e in entries]
    assert len(entries) == 5
    assert len(set(keys)) == 5
    assert set(keys) == set(EXPECTED)
    for e in entries:
        assert (SEEDS / e.file).is_file()
    assert sorted(e.file for e in entries) == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_manifest_metadata_is_what_the_texts_state(entries):
    """Titles, creators, publishers, dates and kinds as read from the texts; no date is invented."""
    for e in entries:
        want = EXPECTED[e.key]
        got = dict(
            file=e.file,
            title=e.title,
            creators=e.creators,
            publisher=e.publisher,
            published=e.published,
            kind=e.kind,
        )
        assert got == want, e.key
        assert e.language == "en"
        assert e.source_note.strip(), f"{e.key}: say where the metadata comes from"


def test_every_printed_date_and_title_is_in_its_text(entries):
    """A published date or title that is not printed in the text itself would be invented."""
    for e in entries:
        raw = (SEEDS / e.file).read_text(encoding="utf-8")
        assert e.title in raw
        if e.published:
            assert e.published in raw[:500], f"{e.key}: the date must come from the header"
        for c in e.creators:
            assert c.name in raw


def test_seed_files_are_byte_identical_to_the_originals():
    """The seeds are the texts as copied; any cleaning happens at import, never in the files."""
    for name, digest in ORIGINAL_SHA256.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def test_manifest_is_plain_utf8_json():
    """The manifest is package data read with json; keep it loadable without this module."""
    data = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    assert len(data["seeds"]) == 5


def test_every_word_of_each_original_is_kept_in_order(entries, docs):
    """Only whitespace between and around paragraphs may change; every word stays, in order."""
    for e in entries:
        raw = (SEEDS / e.file).read_text(encoding="utf-8")
        assert docs[e.key].text.split() == raw.split(), e.key


def test_blocks_tile_the_canonical_text(docs):
    """Blocks are sorted, don't overlap, index their own text, and are separated by exactly one newline."""
    for key, doc in docs.items():
        assert doc.format == "seed"
        assert doc.blocks, key
        assert doc.blocks[0].start == 0
        assert doc.blocks[-1].end == len(doc.text)
        for prev, block in zip(doc.blocks, doc.blocks[1:]):
            assert block.start == prev.end + 1, key
            assert doc.text[prev.end] == "\n"
        for block, text in zip(doc.blocks, block_texts(doc)):
            assert block.kind in BLOCK_KINDS
            assert text and text == text.strip(), (key, block)
            assert "\n" not in text
        assert doc.text == "\n".join(block_texts(doc))


def test_each_document_has_one_title_matching_the_manifest(entries, docs):
    """The title block carries the manifest title; a repeated title line is page furniture."""
    for e in entries:
        doc = docs[e.key]
        titles = [(b.level, doc.text[b.start : b.end]) for b in doc.blocks if b.kind == "title"]
        assert titles[0] == (1, e.title)
        assert [t for level, t in titles if level == 1] == [e.title]
    assert block_texts(docs["cescube-ukraine"], "clutter")[0] == "Japan’s approach towards Ukraine Crisis"


@pytest.mark.parametrize("key, start, kind, level", STRUCTURE)
def test_structure_roles(docs, key, start, kind, level):
    """Titles, bylines, section headings and interview questions get their roles; body text stays body."""
    doc = docs[key]
    matches = [b for b in doc.blocks if doc.text[b.start : b.end].startswith(start)]
    assert len(matches) == 1, (key, start)
    assert (matches[0].kind, matches[0].level) == (kind, level)


def test_interview_questions_are_headings(docs):
    """Each Q&A piece's questions are level-2 headings: five in each."""
    assert len(block_texts(docs["diplomat-hornung-2022"], "heading")) == 5
    assert len(block_texts(docs["nbr-oshea"], "heading")) == 5


@pytest.mark.parametrize("key, snippet", CLUTTER)
def test_web_clutter_is_marked(docs, key, snippet):
    """Web furniture stays in the text (offsets never shift) but sits in clutter blocks."""
    doc = docs[key]
    holders = [b for b in doc.blocks if snippet in doc.text[b.start : b.end]]
    assert holders, (key, snippet)
    assert all(b.kind == "clutter" for b in holders), (key, snippet)


def test_article_text_is_never_clutter(docs):
    """The argument itself is never hidden: the SWIFT sentences, the summary and the disclaimer stay."""
    swift = 0
    for key, doc in docs.items():
        for block in doc.blocks:
            text = doc.text[block.start : block.end]
            if "SWIFT" in text:
                swift += 1
                assert block.kind == "paragraph", (key, text)
    assert swift == 3
    for key, doc in docs.items():
        assert len(block_texts(doc, "paragraph")) >= 5, key
    cescube = docs["cescube-ukraine"]
    assert "(The views expressed are those of the author" not in " ".join(block_texts(cescube, "clutter"))


def test_footnote_markers_point_at_notes(docs):
    """Each "[n]" marker spans exactly its characters and has a footnote block labelled n."""
    expected_labels = {
        "cescube-ukraine": [str(n) for n in range(1, 12)],
        "caps-walia": [str(n) for n in range(1, 10)],
    }
    for key, doc in docs.items():
        labels = [b.label for b in doc.blocks if b.kind == "footnote"]
        assert labels == expected_labels.get(key, []), key
        for b in doc.blocks:
            if b.kind == "footnote":
                assert doc.text[b.start : b.end].startswith(f"[{b.label}]")
        refs = [i for i in doc.inlines if i.kind == "footnote_ref"]
        assert sorted({r.target for r in refs}, key=int) == labels, key
        for ref in refs:
            assert doc.text[ref.start : ref.end] == f"[{ref.target}]"
            assert ref.target in labels
            (home,) = [b for b in doc.blocks if b.start <= ref.start and ref.end <= b.end]
            assert home.kind not in ("footnote", "clutter")
        assert [r.start for r in refs] == sorted(r.start for r in refs)


def test_imports_cleanly_with_manifest_metadata(entries, docs):
    """No warnings for the shipped seeds, and the document carries the manifest's metadata."""
    for e in entries:
        doc = docs[e.key]
        assert doc.warnings == [], e.key
        assert doc.meta == e.meta
        assert doc.meta.key == e.key
        assert Path(doc.source_path) == SEEDS / e.file


def test_importing_twice_gives_the_same_document(entries):
    """Import is deterministic, so re-importing a seed re-anchors every highlight exactly."""
    e = entries[0]
    a, b = import_seed(e, SEEDS), import_seed(e, SEEDS)
    assert (a.text, a.blocks, a.inlines) == (b.text, b.blocks, b.inlines)


def test_seed_importer_does_not_import_qt():
    """Core stays usable headless: importing the seed importer must not pull in PySide6."""
    code = "import sys, reader_app.core.importers.seeds; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _write_manifest(folder: Path, seeds: list, common: list | None = None) -> None:
    payload = {"format": 1, "common_rules": common or [], "seeds": seeds}
    (folder / "manifest.json").write_text(json.dumps(payload), encoding="utf-8")


def _seed(**over):
    base = dict(
        key="one",
        file="one.txt",
        title="A Title",
        creators=[],
        publisher="",
        published="",
        kind="analysis",
        language="en",
        source_note="test",
    )
    return {**base, **over}


@pytest.mark.parametrize(
    "seeds, reason",
    [
        ([_seed(file="missing.txt")], "missing file"),
        ([_seed(), _seed()], "duplicate seed key"),
        ([_seed(rules=[{"kind": "clutter", "match": "("}])], "bad pattern"),
        ([_seed(rules=[{"kind": "title", "match": "x"}])], "rule kind"),
        ([_seed(kind="essay")], "kind 'essay'"),
        ([_seed(creators=[{"name": "X", "role": "ghost"}])], "role 'ghost'"),
        ([_seed(file="../one.txt")], "plain file name"),
    ],
)
def test_broken_manifest_fails_with_a_reason(tmp_path, seeds, reason):
    """A packaging mistake in the manifest names the file and the problem instead of importing half."""
    (tmp_path / "one.txt").write_text("A Title\n\nBody.\n", encoding="utf-8")
    _write_manifest(tmp_path, seeds)
    with pytest.raises(ImportFailed, match=reason) as info:
        load_manifest(tmp_path)
    assert info.value.path.endswith("manifest.json")


def test_rules_regions_and_footnotes_on_a_crafted_text(tmp_path):
    """Rules are data: a region hides a comment thread, a repeated title is clutter, notes pair up."""
    (tmp_path / "one.txt").write_text(
        "\ufeffA Title\r\n\r\nA Title\n   Body one[1] and [2].  \n\n\n3 comments\nnice\nBy me\nFooter\n"
        "[1] First note.\n[2]Second note.\n[3] Orphan note.\n",
        encoding="utf-8",
    )
    _write_manifest(
        tmp_path,
        [_seed(regions=[{"kind": "clutter", "from": r"\d+ comments", "until": "Footer"}])],
        common=[{"kind": "clutter", "match": "Footer"}, {"kind": "byline", "match": "By .*"}],
    )
    (entry,) = load_manifest(tmp_path)
    doc = import_seed(entry, tmp_path)
    kinds = [(doc.text[b.start : b.end], b.kind, b.label) for b in doc.blocks]
    assert kinds == [
        ("A Title", "title", ""),
        ("A Title", "clutter", ""),
        ("Body one[1] and [2].", "paragraph", ""),
        ("3 comments", "clutter", ""),
        ("nice", "clutter", ""),
        ("By me", "clutter", ""),  # inside the comment region, so no byline
        ("Footer", "clutter", ""),
        ("[1] First note.", "footnote", "1"),
        ("[2]Second note.", "footnote", "2"),
        ("[3] Orphan note.", "footnote", "3"),
    ]
    assert [doc.text[i.start : i.end] for i in doc.inlines] == ["[1]", "[2]"]
    assert doc.warnings == ["note [3] has no marker in the text"]


def test_unreadable_seed_text_is_reported(tmp_path):
    """A seed that is not UTF-8 fails with the file's path rather than importing garbled text."""
    (tmp_path / "one.txt").write_bytes(b"\xff\xfe\x00bad")
    _write_manifest(tmp_path, [_seed()])
    (entry,) = load_manifest(tmp_path)
    with pytest.raises(ImportFailed, match="not valid UTF-8"):
        import_seed(entry, tmp_path)
