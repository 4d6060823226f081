"""Fast, defensive access to the dependency tree of an :class:`Analysis`.

``Analysis.children``/``subtree`` rescan a sentence on every call; the quotes stage asks many such
questions per sentence, so this indexes children once. It also tolerates analyses built by hand
(heads out of range, cycles) so that bad input cannot make the stage raise.
"""

from __future__ import annotations

from bisect import bisect_left

from herald.model import Analysis, Span, Token


class Tree:
    """Children index, subtrees and ancestors over an analysis' tokens, plus span helpers."""

    def __init__(self, analysis: Analysis, text_length: int) -> None:
        # Keep only tokens that point inside the text and are indexed by position; anything
        # else (a hand-built or mismatched analysis) is dropped rather than trusted.
        self.tokens: tuple[Token, ...] = tuple(
            t
            for k, t in enumerate(analysis.tokens)
            if t.i == k and 0 <= t.start <= t.end <= text_length
        )
        if len(self.tokens) != len(analysis.tokens):
            self.tokens = ()
        self._starts = [t.start for t in self.tokens]
        self._children: list[list[int]] = [[] for _ in self.tokens]
        self._sentences: dict[int, list[int]] = {}
        for t in self.tokens:
            self._sentences.setdefault(t.sent, []).append(t.i)
            if t.head != t.i and 0 <= t.head < len(self.tokens):
                self._children[t.head].append(t.i)

    def head(self, i: int) -> Token | None:
        """The syntactic head of token ``i``, None for a root or a broken arc."""
        h = self.tokens[i].head
        if h == i or not 0 <= h < len(self.tokens):
            return None
        return self.tokens[h]

    def children(self, i: int, *deps: str) -> list[Token]:
        """Children of ``i`` in text order, only those with one of ``deps`` when given."""
        kids = (self.tokens[k] for k in self._children[i])
        return [t for t in kids if not deps or t.dep in deps]

    def sentence(self, s: int) -> list[int]:
        """Indices of the tokens of sentence ``s`` (none for an unknown sentence)."""
        return self._sentences.get(s, [])

    def subtree(self, i: int) -> list[int]:
        """Indices of ``i`` and all it dominates, sorted."""
        seen = {i}
        todo = [i]
        while todo:
            for k in self._children[todo.pop()]:
                if k not in seen:
                    seen.add(k)
                    todo.append(k)
        return sorted(seen)

    def ancestors(self, i: int) -> list[Token]:
        """Heads above ``i``, nearest first; stops at a cycle."""
        out: list[Token] = []
        seen = {i}
        head = self.head(i)
        while head is not None and head.i not in seen:
            out.append(head)
            seen.add(head.i)
            head = self.head(head.i)
        return out

    def within(self, span: Span) -> list[int]:
        """Indices of the non-space tokens lying wholly inside ``span``."""
        k = bisect_left(self._starts, span.start)
        out: list[int] = []
        while k < len(self.tokens) and self.tokens[k].start < span.end:
            t = self.tokens[k]
            if t.end <= span.end and t.pos != "SPACE" and t.text.strip():
                out.append(k)
            k += 1
        return out

    def span(self, indices: list[int]) -> Span | None:
        """The character span from the first to the last of ``indices``."""
        if not indices:
            return None
        return Span(
            min(self.tokens[k].start for k in indices), max(self.tokens[k].end for k in indices)
        )

    def run_around(self, keep: set[int], anchor: int) -> list[int]:
        """The contiguous run of token indices in ``keep`` that contains ``anchor``.

        Space tokens do not break a run.
        """
        lo = hi = anchor
        while lo - 1 >= 0 and (lo - 1 in keep or self.tokens[lo - 1].pos == "SPACE"):
            lo -= 1
        while hi + 1 < len(self.tokens) and (hi + 1 in keep or self.tokens[hi + 1].pos == "SPACE"):
            hi += 1
        return [k for k in range(lo, hi + 1) if k in keep]
