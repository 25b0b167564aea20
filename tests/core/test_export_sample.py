"""A realistic set of annotations on the five bundled articles, shared by the export tests, the
screenshots and the benchmark: highlights in every colour with tags and Markdown notes, and two
cross-document notes linking passages from several sources.
"""
from __future__ import annotations

FIXED_NOW = "2026-03-14T09:30:00Z"

# (document key, exact quote, colour, tags, note)
PASSAGES = [
    ("diplomat-hornung-2022", ("Japan engaged Russia quite actively in its dual pursuit of seeking a breakthrough in "
     "their bilateral territorial dispute as well attempting to keep Russia from getting strategically closer to "
     "China"), "yellow", ["Abe's Russia policy", "China"], "The *two* aims of Abe's policy, stated plainly."),
    ("diplomat-hornung-2022", ("the Japanese Ministry of Foreign Affairs’ 2022 Diplomatic Bluebook now describes the "
     "four islands as “illegally occupied by Russia,” using language not seen since 2003"), "pink",
     ["territorial dispute", "Kuril Islands"], "Wording change = policy change. Check the 2023 Bluebook."),
    ("diplomat-hornung-2022", "Historically, Japan has not actively relied on sanctions in its foreign relations.",
     "green", ["sanctions"], ""),
    ("diplomat-hornung-2022", ("Japan’s joining with other Group of Seven countries in imposing sanctions against "
     "Russia was impressive, both in its nature and speed"), "green", ["sanctions", "G7"], ""),
    ("diplomat-hornung-2022", "China’s decades-long quest to occupy Taiwan has drawn it into sharper focus", "blue",
     ["China", "Taiwan"], "Same framing as NBR: **Ukraine read as a proxy for Taiwan**."),
    ("diplomat-hornung-2022", ("With Japan pulling back from Russia, these economic relations have largely fallen "
     "apart."), "yellow", ["economy"], ""),
    ("diplomat-hornung-2022", ("former Prime Minister Abe Shinzo calling for nuclear sharing of U.S. nuclear weapons "
     "in Japan"), "purple", ["defence"], "Rejected by Kishida — see next sentence."),
    ("eaf-mahoney-2022", "Japan’s response to the annexation of Crimea in 2014 was lacklustre.", "pink",
     ["Crimea 2014", "sanctions"], ""),
    ("eaf-mahoney-2022", ("As of 16 March 2022, Japan has revoked Russia’s status as a ‘most-favoured trading "
     "nation’"), "green", ["sanctions"], "Date to compare with CAPS and CESCUBE."),
    ("eaf-mahoney-2022", "excluded selected Russian banks from the SWIFT bank messaging system", "green",
     ["sanctions", "SWIFT"], "Only *selected* banks — the others say nothing about which."),
    ("eaf-mahoney-2022", "But Abe’s courtship was futile.", "yellow", ["Abe's Russia policy"], ""),
    ("eaf-mahoney-2022", "has seen Japan return to its traditional hard-line posture", "pink",
     ["territorial dispute"], ""),
    ("eaf-mahoney-2022", "the renewed importance of the US–Japan alliance", "blue", ["US–Japan alliance"], ""),
    ("eaf-mahoney-2022", "make more efforts to eliminate its reliance on Russian natural gas and oil", "purple",
     ["energy"], "From the comments section, not the article itself."),
    ("nbr-oshea", "In 1945, Russia occupied several islands northeast of Hokkaido", "pink",
     ["territorial dispute", "Kuril Islands"], ""),
    ("nbr-oshea", ("The geostrategic logic was China-focused: if Russo-Japanese relations were developed, "
     "Sino-Russian relations would weaken."), "yellow", ["Abe's Russia policy", "China"], ""),
    ("nbr-oshea", ("Despite Abe offering economic and territorial concessions and meeting Vladamir Putin over 25 "
     "times, the policy failed."), "yellow", ["Abe's Russia policy"],
     "Spelling *Vladamir* is the source's.\n\n- 25+ meetings\n- economic **and** territorial concessions"),
    ("nbr-oshea", "Japan gave Russia a pass following its 2014 annexation of Crimea", "pink", ["Crimea 2014"], ""),
    ("nbr-oshea", "Japan’s security elite sees China as an existential threat.", "blue", ["China", "Taiwan"], ""),
    ("nbr-oshea", ("While Japan was a laggard in implementing sanctions after Russia’s annexation of Crimea, it did "
     "not hesitate to do so following the invasion of Ukraine."), "green", ["sanctions", "Crimea 2014"], ""),
    ("nbr-oshea", "Secretary General Jens Stoltenberg describing Japan as NATO’s closest ally", "blue",
     ["US–Japan alliance", "NATO"], ""),
    ("cescube-ukraine", "The Russian invasion of Ukraine is a turning point in Japan’s foreign policy.", "yellow",
     [], "Thesis sentence."),
    ("cescube-ukraine", ("Until this peace treaty is signed to solve issue of the Kuril Islands it is difficult to "
     "assume that the Russian-Japan relationship will ever be normal."), "pink",
     ["territorial dispute", "Kuril Islands"], ""),
    ("cescube-ukraine", ("He even set up a 2+2 defence and diplomatic ministerial meeting with Russia, a first in "
     "Russia-Japan relations."), "yellow", ["Abe's Russia policy"], ""),
    ("cescube-ukraine", ("For Japan dependence on US for national security means it cannot disassociate itself from "
     "the United States’ foreign policy."), "blue", ["US–Japan alliance"], ""),
    ("cescube-ukraine", ("Japan since the invasion of Ukraine has been more assertive and stringent in its foreign "
     "policy towards Russia."), "green", ["sanctions"], ""),
    ("caps-walia", "Russia has been involved in military action against Ukraine since February 26.", "purple",
     ["dates"], "The invasion began on **24** February 2022; the article says 26."),
    ("caps-walia", ("Japan had previously imposed sanctions on Moscow in 2014 when the Russian troops occupied the "
     "Crimea region of Ukraine"), "pink", ["Crimea 2014", "sanctions"], ""),
    ("caps-walia", "the then Japanese government led by former PM Shinzo Abe did not react very harshly", "yellow",
     ["Abe's Russia policy", "Crimea 2014"], ""),
    ("caps-walia", "The islands are named as the Southern Kurils in Russia and the Northern Territories in Japan.",
     "pink", ["territorial dispute", "Kuril Islands"], ""),
    ("caps-walia", ("since 4 per cent of Japan’s crude oil and 9 per cent of its Liquified Natural Gas (LPG) is "
     "directly supplied by Russia"), "purple", ["energy"],
     ("Shares as given:\n\n```python\nshare_from_russia = {\"crude oil\": 0.04, \"LNG\": 0.09}\n```\n\n"
     "\"LPG\" is the source's slip for LNG.")),
    ("caps-walia", ("Japan’s Sakhalin oil and gas development has owned a 30 per cent stake in the Sakhalin-1 oil "
     "project"), "purple", ["energy"], ""),
]

# (title, Markdown body, [(passage index, relation)])
NOTES = [
    ("Abe's Russia policy, judged in hindsight",
     ("All four sources call Abe's engagement a failure, but for **different reasons**:\n\n"
     "1. NBR: the China logic did not work\n2. EAF: no agreement on the islands\n"
     "3. CESCUBE only lists the meetings\n\nSee also [the Bluebook](https://www.mofa.go.jp/policy/other/bluebook/)."),
     [(16, "supports"), (10, "same fact"), (23, "adds detail"), (0, "quotes")]),
    ("Crimea 2014 versus Ukraine 2022",
     "Every source contrasts the weak 2014 response with 2022.", [(7, "supports"), (17, "same fact"),
                                                                 (27, "adds detail"), (2, "supports")]),
]


def build_sample(lib) -> dict:
    """Annotate the library's bundled articles; returns {"highlights": [ids], "notes": [ids]}."""
    docs = {d.key: d for d in lib.documents.list()}
    ids = []
    for key, quote, color, tags, note in PASSAGES:
        doc = docs[key]
        start, end = lib.highlights.find_quote(doc.id, quote)
        highlight, _ = lib.highlights.add(doc.id, start, end, color=color, tags=tags, note=note)
        ids.append(highlight.id)
    note_ids = []
    for title, body, links in NOTES:
        note, _ = lib.notes.create(title, body, [(ids[i], rel) for i, rel in links])
        note_ids.append(note.id)
    lib.settings.set_color_label("pink", "Contested claim")
    lib.settings.set_color_label("purple", "Check this")
    return {"highlights": ids, "notes": note_ids}


def test_sample_annotates_every_bundled_article(seeded):
    """The sample covers all five articles, every colour, and links passages from several sources."""
    made = build_sample(seeded)
    assert len(made["highlights"]) == len(PASSAGES)
    used = {seeded.highlights.get(i).document_id for i in made["highlights"]}
    assert len(used) == 5
    assert {seeded.highlights.get(i).color for i in made["highlights"]} == {"yellow", "green", "blue", "pink",
                                                                             "purple"}
    note = seeded.notes.get(made["notes"][0])
    assert len({seeded.highlights.get(lk.highlight_id).document_id for lk in note.links}) >= 3
