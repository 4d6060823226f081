"""What the time stage reads from the parse: which verb governs a span, its tense, its clause."""

from __future__ import annotations

from bisect import bisect_right

from herald.model import Analysis, Span, Token
from herald.time.normalize import Tense

#: Dependency labels that open a clause of their own under another word.
CLAUSE_DEPS = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "csubj", "csubjpass", "parataxis", "xcomp", "conj"}
)
#: Of those, the ones that only make a clause when their token is a verb ("Monday and Tuesday"
#: are conjoined nouns; "the man elected in 2019" is an acl participle).
_VERBAL_ONLY = frozenset({"conj", "xcomp", "acl"})
_AUX_DEPS = frozenset({"aux", "auxpass"})
#: Verbs that put what they govern in the future: "is expected to", "is due to", "plans to".
_FUTURE_GOVERNORS = frozenset(
    {"expect", "schedule", "set", "due", "plan", "slate", "poise", "intend", "go", "prepare"}
)


def tokens_in(analysis: Analysis, span: Span) -> list[Token]:
    """The tokens overlapping a character span (binary search: articles can be long)."""
    tokens = analysis.tokens
    i = max(0, bisect_right(tokens, span.start, key=lambda t: t.start) - 1)
    out: list[Token] = []
    while i < len(tokens) and tokens[i].start < span.end:
        t = tokens[i]
        if span.start < t.end and t.pos != "SPACE":
            out.append(t)
        i += 1
    return out


def span_head(analysis: Analysis, span: Span) -> Token | None:
    """The token of a span whose syntactic head lies outside it."""
    tokens = tokens_in(analysis, span)
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head not in inside or t.head == t.i:
            return t
    return tokens[0] if tokens else None


def is_verb(token: Token) -> bool:
    return token.pos in ("VERB", "AUX") and token.dep not in _AUX_DEPS


def clause_root(analysis: Analysis, token: Token) -> Token:
    """The verb heading the clause a token belongs to (the token itself if it is one)."""
    if is_verb(token):
        return token
    for ancestor in analysis.ancestors(token.i):
        if is_verb(ancestor):
            return ancestor
    return token


def governing_verb(analysis: Analysis, span: Span) -> Token | None:
    """The verb a time expression modifies: the first verb above the expression's head."""
    head = span_head(analysis, span)
    if head is None:
        return None
    for ancestor in analysis.ancestors(head.i):
        if is_verb(ancestor):
            return ancestor
    return None


def tense(analysis: Analysis, verb: Token, _depth: int = 0) -> Tense:
    """The tense of the clause headed by ``verb``, from its tag and auxiliaries.

    The present perfect counts as past ("has visited"); "was expected" is past but "is expected"
    and "is due to" are future, as is anything governed by "will".
    """
    auxes = [t for t in analysis.children(verb.i) if t.dep in _AUX_DEPS]
    if any(a.lemma in ("will", "shall") or a.text.lower() in ("'ll", "wo") for a in auxes):
        return "future"
    if any(a.lemma == "would" for a in auxes):
        return "unknown"
    aux_past = any(a.tag == "VBD" or "Tense=Past" in a.morph for a in auxes if a.pos == "AUX")
    aux_present = any(a.tag in ("VBZ", "VBP") for a in auxes)
    if verb.lemma in _FUTURE_GOVERNORS and verb.tag in ("VBN", "VBG", "JJ") and aux_present:
        return "future"  # "is expected in Tehran", "is going to", "are set to"
    if verb.dep == "xcomp" and _depth < 3:
        governor = analysis.tokens[verb.head]
        governed = tense(analysis, governor, _depth + 1)
        if governor.lemma in _FUTURE_GOVERNORS:
            # What was planned or scheduled ("planned to leave on Thursday", "set to resume
            # Monday") lies ahead of the planning, even when the planning is past.
            return "future"
        if governed in ("past", "future"):
            return governed
    if verb.tag == "VBD" or aux_past:
        return "past"
    if verb.tag == "VBN" and any(a.lemma == "have" for a in auxes):
        return "past"
    if verb.tag in ("VBZ", "VBP") or aux_present:
        return "present"
    if verb.tag in ("VBN", "VBG") and not auxes and _depth < 3 and verb.head != verb.i:
        # A participle clause ("accompanied by ...") takes the tense of the clause it hangs on.
        return tense(analysis, clause_root(analysis, analysis.tokens[verb.head]), _depth + 1)
    return "unknown"


def subtree_ids(
    analysis: Analysis, i: int, children: dict[int, list[int]] | None = None
) -> set[int]:
    """Token ``i`` and everything it dominates. Walks a children index (``children``, built
    once by :func:`_children` and reusable) instead of Analysis.subtree's repeated passes over
    the sentence: those made a sentence of a few thousand tokens take minutes (issue 9)."""
    below = children if children is not None else _children(analysis, i)
    found, todo = {i}, [i]
    while todo:
        for child in below.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _children(analysis: Analysis, i: int) -> dict[int, list[int]]:
    """Each token of token ``i``'s sentence with its syntactic children."""
    sent = analysis.sentences[analysis.tokens[i].sent]
    out: dict[int, list[int]] = {}
    for t in analysis.tokens[sent.first : sent.last]:
        if t.head != t.i:
            out.setdefault(t.head, []).append(t.i)
    return out


def clause_tokens(analysis: Analysis, root: Token, keep: int) -> set[int]:
    """The tokens of ``root``'s own clause: its subtree without nested clauses that do not
    contain token ``keep`` (in "X, who visited Niamey in December, explained ...", the relative
    clause's date is not the explaining's)."""
    children = _children(analysis, root.i)
    inside = subtree_ids(analysis, root.i, children)
    for i in sorted(inside):
        t = analysis.tokens[i]
        if t.i == root.i or t.i not in inside or t.dep not in CLAUSE_DEPS:
            continue
        if t.dep in _VERBAL_ONLY and t.pos not in ("VERB", "AUX"):
            continue
        nested = subtree_ids(analysis, t.i, children)
        if keep not in nested:
            inside -= nested
    return inside
