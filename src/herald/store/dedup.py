"""Near-duplicate articles: MinHash signatures of word shingles, candidates from LSH (datasketch).

Syndicated copies differ from their original by a boilerplate line, a dropped or moved paragraph,
a few changed words. Word 3-shingles keep most of their set under such edits (moving a paragraph
breaks only the shingles across its two edges), so the Jaccard similarity of shingle sets stays
high for copies and low for different stories, even on the same topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

#: Permutations per signature: the Jaccard estimate's standard error is about 1/sqrt(128) = 0.09
#: at J = 0.5, so candidates are confirmed against :data:`THRESHOLD` with some margin.
NUM_PERM = 128
#: Articles whose estimated shingle Jaccard similarity reaches this are near-duplicates.
THRESHOLD = 0.5
#: LSH recall setting: lower than THRESHOLD, so pairs near the threshold still become candidates.
_LSH_THRESHOLD = 0.35
#: Words per shingle.
SHINGLE = 3
#: Texts with fewer shingles than this are too short to call anything a copy of them.
MIN_SHINGLES = 8
#: Fixed seed and permutation scheme: signatures stored today must compare with those computed
#: next year (datasketch 2 changed its default scheme; naming it keeps stored values valid).
_SEED = 1
_SCHEME = "affine32"

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """The set of lower-cased word ``size``-grams of ``text``, as bytes for hashing."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> list[int] | None:
    """The MinHash signature of ``text`` (NUM_PERM unsigned ints), None when it is too short."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch(list(grams))
    return [int(v) for v in minhash.hashvalues]


#: A signature as computed (a list) or as the index keeps it (an array).
Signature = Sequence[int] | npt.NDArray[np.uint32]


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal positions."""
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))


def _minhash(values: Sequence[int]) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        seed=_SEED,
        scheme=_SCHEME,
        hashvalues=np.asarray(values, dtype=np.uint64),
    )


@dataclass(frozen=True, slots=True)
class Match:
    """The stored article a new one duplicates, and how similar they are."""

    article_id: str
    similarity: float


class DuplicateIndex:
    """An LSH index of article signatures; finds the best stored match for a new signature."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=min(_LSH_THRESHOLD, threshold), num_perm=NUM_PERM)
        # uint32 arrays (what datasketch's affine32 scheme produces): 0.6 kB per article instead
        # of 5 kB as a list of Python ints, for a structure that lives as long as the store.
        self._signatures: dict[str, npt.NDArray[np.uint32]] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, values: Sequence[int]) -> None:
        """Index one article's signature (a second add of the same id is ignored)."""
        if article_id in self._signatures:
            return
        self._signatures[article_id] = np.asarray(values, dtype=np.uint32)
        self._lsh.insert(article_id, _minhash(values))

    def add_many(self, items: Iterable[tuple[str, Sequence[int]]]) -> None:
        for article_id, values in items:
            self.add(article_id, values)

    def best(self, values: Sequence[int]) -> Match | None:
        """The most similar indexed article at or above the threshold (ties: smallest id)."""
        found: Match | None = None
        for candidate in self._lsh.query(_minhash(values)):
            score = similarity(values, self._signatures[candidate])
            if score < self.threshold:
                continue
            if (
                found is None
                or score > found.similarity
                or (score == found.similarity and candidate < found.article_id)
            ):
                found = Match(candidate, score)
        return found
