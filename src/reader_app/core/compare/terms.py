"""Words of a passage as the related-passages search sees them: tokens, stems, stopwords, phrases.

Tokens follow the chunk index's tokenizer (``unicode61 remove_diacritics 2``): runs of letters and digits,
lower-cased, accents removed, so a token here is a term FTS5 knows. Stems are a deliberately light
suffix strip (plurals, -ing, -ed): enough for "sanction/sanctions/sanctioned" and "bank/banks/banking"
to meet, without the false friends an aggressive stemmer makes of names.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Function words and the filler of analytical prose; content words are left to IDF to judge.
_STOPWORDS = """
a about above after again against all almost also although am among an and another any are around as at
be became because been before being below between both but by can cannot could did do does doing done down
during each either else enough even ever every few for from further had has have having he her here hers
herself him himself his how however i if in into is it its itself just last least less like made make many
may me might more most much must my myself neither never new no nor not now of off often on once one only
onto or other others our ours ourselves out over own per perhaps quite rather really s same she should since
so some such t than that the their theirs them themselves then there these they this those though through
thus to too toward towards under until up upon us very via was we well were what whatever when where
whether which while who whom whose why will with within without would yet you your yours yourself
already become becomes first second third said says say still way ways
mr mrs ms dr th st nd rd ll ve re d m
two three five six seven eight nine ten hundred thousand
"""
STOPWORDS = frozenset(_STOPWORDS.split())

_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"),
             ("ing", ""), ("ed", ""), ("s", ""))
_KEEP_S = ("ss", "us", "is", "os")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case without accents, as FTS5's unicode61 tokenizer stores it."""
    lowered = word.lower()
    if lowered.isascii():
        return lowered
    return "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def stem(term: str) -> str:
    """Strip one inflectional suffix when at least four letters stay (so "news", "bus", "is" survive)."""
    if not term.isalpha() or len(term) <= 4:
        return term
    for suffix, replacement in _SUFFIXES:
        if term.endswith(suffix):
            if suffix == "s" and term.endswith(_KEEP_S):
                return term
            base = term[: len(term) - len(suffix)] + replacement
            if len(base) >= 4:
                if suffix in ("ing", "ed") and len(base) > 2 and base[-1] == base[-2]:
                    base = base[:-1]  # "banned" -> "ban", "planning" -> "plan"
                return base
            return term
    return term


def stem_prefix(s: str) -> str:
    """What every word with stem ``s`` starts with: the stem, except for "-ies" plurals ("territor")."""
    return s[:-1] if s.endswith("y") and len(s) > 4 else s


@dataclass(frozen=True)
class Token:
    term: str  # folded form, as indexed
    stem: str
    start: int  # offsets in the text it came from (code points)
    end: int
    capitalised: bool  # starts with a capital letter: names, places, acronyms


def tokens(text: str) -> list[Token]:
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        term = fold(word)
        found.append(Token(term, stem(term), match.start(), match.end(), word[0].isupper()))
    return found


def is_content(token: Token) -> bool:
    """Worth searching for: not a function word, not a bare number other than a year."""
    if token.term in STOPWORDS or len(token.term) < 2:
        return False
    if token.term.isdigit():
        return len(token.term) == 4 and token.term[:2] in ("18", "19", "20")
    return True


# Connectives whose words look like content ("order", "terms", "well"); blanked before weighing a query.
_IDIOMS = re.compile(r"\b(?:in order to|in order for|as well as|in terms of|such as|on the other hand|"
                     r"at the same time|in addition to|in spite of|with regard to|the fact that)\b", re.IGNORECASE)


def without_idioms(text: str) -> str:
    """``text`` with connective phrases replaced by spaces (so offsets stay valid)."""
    return _IDIOMS.sub(lambda m: " " * len(m.group()), text)


def content_stems(text: str) -> list[str]:
    return [t.stem for t in tokens(text) if is_content(t)]


def bigrams(text: str, toks: list[Token] | None = None) -> list[tuple[str, str]]:
    """Adjacent content words with only spaces or a hyphen between them ("Kuril Islands", "peace treaty").
    ``toks`` are ``text``'s tokens when the caller has them already."""
    toks = tokens(text) if toks is None else toks
    pairs = []
    for left, right in itertools.pairwise(toks):
        gap = text[left.end:right.start]
        if is_content(left) and is_content(right) and gap.strip(" -\u2013") == "" and "\n" not in gap:
            pairs.append((left.stem, right.stem))
    return pairs
