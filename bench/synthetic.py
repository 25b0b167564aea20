"""Synthetic text for benchmarks: Zipf-distributed words in sentences and paragraphs, reproducible."""
from __future__ import annotations

import random
from pathlib import Path

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def vocabulary(size: int = 20_000, seed: int = 1) -> list[str]:
    """Real English words from the benchmark corpus when present, else made-up pronounceable ones."""
    book = SHARED_CORPUS / "war-and-peace_pg2600.txt"
    if book.exists():
        words: dict[str, None] = {}
        for word in book.read_text(encoding="utf-8-sig").lower().split():
            word = word.strip(".,;:!?\"'()[]_-—“”‘’")
            if word.isalpha():
                words.setdefault(word)
        found = list(words)
        if len(found) >= 1000:
            return found[:size]
    rng = random.Random(seed)
    syllables = ["ka", "to", "ri", "mu", "sen", "ba", "lo", "ve", "dan", "shi", "po", "gra", "nel", "tu"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(size)]


def paragraphs(target_chars: int, seed: int, vocab: list[str]) -> list[str]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    out, total = [], 0
    while total < target_chars:
        sentences = []
        for _ in range(rng.randint(2, 7)):
            words = rng.choices(vocab, weights=weights, k=rng.randint(6, 24))
            sentences.append(" ".join(words).capitalize() + ".")
        para = " ".join(sentences)
        out.append(para)
        total += len(para) + 2
    return out


def document_text(target_chars: int, seed: int, vocab: list[str]) -> str:
    return f"Synthetic document {seed}\n\n" + "\n\n".join(paragraphs(target_chars, seed, vocab))
