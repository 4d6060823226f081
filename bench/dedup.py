"""Near-duplicate detection benchmark: the visible news corpus plus generated syndicated copies.

    python bench/dedup.py [--corpus ../shared/data/news_corpus/articles.jsonl.gz] [--copies 1000]

Every corpus article is an original. ``--copies`` of them (drawn with a fixed seed) get one
syndicated copy each, made by 1-3 of these documented edits, chosen at random:

- boilerplate: a wire dateline before the text and a footer after it (copyright, "read more",
  newsletter lines; 1-3 lines drawn from a fixed list);
- drop: paragraphs removed (up to 20% of them, never the first, only from texts of 4+
  paragraphs, keeping at least 80% of the words);
- reorder: two paragraphs after the first swapped (texts of 3+ paragraphs);
- words: 3% of the words replaced by another word or deleted (an editor's touch).

All articles, originals and copies, are then fed in a random order through Herald's
:class:`DuplicateIndex` exactly as the store does on ingest (each looked up, then indexed). A
predicted pair is an article and the stored article it was linked to. Scored as pairs:

- a true pair is (original, its copy), in either direction;
- the corpus itself repeats some stories (exact word-shingle Jaccard of originals at or above the
  threshold): a link between two such originals is scored neither way, and a copy linked to a
  repeat of its own original counts as right; both are reported apart.

Prints precision and recall, the counts behind them, and the errors by kind of edit.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections import Counter
from pathlib import Path

from herald.store.dedup import THRESHOLD, DuplicateIndex, shingles, signature

DATELINE = ["LONDON (Wire) -", "WASHINGTON, AP -", "PARIS (AFP) -", "NEW YORK (Reuters) -"]
FOOTERS = [
    "Copyright 2024 The Wire Service. All rights reserved.",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Read more: our full coverage of the story.",
    "Sign up for our morning newsletter to get the news first.",
    "Reporting by staff; editing by the news desk.",
]
REPLACEMENTS = ["said", "stated", "the", "a", "officials", "reported", "new", "on", "also"]


def _paragraphs(text: str) -> list[str]:
    parts = [p for p in text.split("\n\n") if p.strip()]
    return parts if len(parts) > 1 else [p for p in text.split("\n") if p.strip()]


def make_copy(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """A syndicated copy of ``text`` and the names of the edits applied."""
    edits = rng.sample(["boilerplate", "drop", "reorder", "words"], rng.randint(1, 3))
    paragraphs = _paragraphs(text)
    applied = []
    if "drop" in edits and len(paragraphs) >= 4:
        words = sum(len(p.split()) for p in paragraphs)
        for _ in range(max(1, len(paragraphs) // 5)):
            victim = rng.randrange(1, len(paragraphs))
            rest = sum(len(p.split()) for p in paragraphs) - len(paragraphs[victim].split())
            if rest >= 0.8 * words:
                paragraphs.pop(victim)
                applied.append("drop")
    if "reorder" in edits and len(paragraphs) >= 3:
        i, j = rng.sample(range(1, len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
        applied.append("reorder")
    if "words" in edits:
        changed = []
        for paragraph in paragraphs:
            out = []
            for word in paragraph.split(" "):
                roll = rng.random()
                if roll < 0.02:
                    out.append(rng.choice(REPLACEMENTS))
                elif roll < 0.03:
                    continue
                else:
                    out.append(word)
            changed.append(" ".join(out))
        paragraphs = changed
        applied.append("words")
    if "boilerplate" in edits or not applied:
        paragraphs = [
            rng.choice(DATELINE) + " " + paragraphs[0],
            *paragraphs[1:],
            *rng.sample(FOOTERS, rng.randint(1, 3)),
        ]
        applied.append("boilerplate")
    return "\n\n".join(paragraphs), sorted(set(applied))


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default="../shared/data/news_corpus/articles.jsonl.gz")
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with gzip.open(Path(args.corpus), "rt", encoding="utf-8") as lines:
        corpus = [json.loads(line) for line in lines]
    texts = {f"orig:{n}": row["text"] for n, row in enumerate(corpus)}
    signable = [key for key, text in texts.items() if signature(text) is not None]
    sources = rng.sample(signable, args.copies)
    edits: dict[str, list[str]] = {}
    truth: set[frozenset[str]] = set()
    for n, key in enumerate(sources):
        copy_key = f"copy:{n}"
        texts[copy_key], edits[copy_key] = make_copy(texts[key], rng)
        truth.add(frozenset((key, copy_key)))
    order = list(texts)
    rng.shuffle(order)

    started = time.perf_counter()
    index = DuplicateIndex()
    predicted: set[frozenset[str]] = set()
    unsigned = 0
    for key in order:
        values = signature(texts[key])
        if values is None:
            unsigned += 1
            continue
        match = index.best(values)
        if match is not None:
            predicted.add(frozenset((key, match.article_id)))
        index.add(key, values)
    elapsed = time.perf_counter() - started

    # Which article of a pair is the copy's original, in either direction, through families:
    # a copy linked to another copy of the same original is right too.
    family = {key: key for key in texts}
    for n, key in enumerate(sources):
        family[f"copy:{n}"] = key

    def same_story(pair: frozenset[str]) -> bool:
        a, b = (family[k] for k in pair)
        return a == b or jaccard(texts[a], texts[b]) >= THRESHOLD

    right = {p for p in predicted if len({family[k] for k in p}) == 1}
    # A copy linked to an original that duplicates its own original (the corpus has exact
    # repeats) is a right link too: shown apart, so the figure can be read either way.
    via_corpus = {
        p for p in predicted - right if any(k.startswith("copy:") for k in p) and same_story(p)
    }
    in_corpus = {p for p in predicted - right - via_corpus if same_story(p)}
    wrong = predicted - right - via_corpus - in_corpus
    right |= via_corpus
    found = {k for p in right for k in p if k.startswith("copy:")}
    missed = [key for key in edits if key not in found]
    precision = len(right) / max(len(right) + len(wrong), 1)
    recall = len(found) / len(truth)
    print(
        f"corpus: {len(corpus):,} articles ({unsigned} too short to sign), "
        f"{args.copies:,} generated copies, seed {args.seed}"
    )
    print(f"threshold {THRESHOLD} (estimated Jaccard of word 3-shingles, 128-permutation MinHash)")
    print(
        f"predicted links: {len(predicted):,}; right {len(right):,} (of which "
        f"{len(via_corpus)} to a corpus repeat of the copy's original), wrong {len(wrong):,}, "
        f"between near-duplicate originals already in the corpus (unscored) {len(in_corpus):,}"
    )
    print(
        f"precision {precision:.3f}  recall {recall:.3f}  ({len(found):,} of {len(truth):,} "
        "copies linked to their original)"
    )
    by_edit = Counter(e for key in missed for e in edits[key])
    print(f"missed copies by edit: {dict(by_edit) or 'none'}")
    for pair in sorted(wrong, key=sorted)[:10]:
        a, b = sorted(pair)
        print(
            f"  wrong link {a} - {b}: exact Jaccard {jaccard(texts[a], texts[b]):.2f}, "
            f"originals' Jaccard {jaccard(texts[family[a]], texts[family[b]]):.2f}"
        )
    print(
        f"time: {elapsed:.1f} s for {len(texts):,} articles "
        f"({elapsed / len(texts) * 1000:.2f} ms each)"
    )


if __name__ == "__main__":
    main()
