"""Sorting numbered lines into content and furniture, and finding the caption, tags and links."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from herald.clean.credit import split_credit
from herald.clean.features import (
    bullet_item,
    has_date,
    has_terminal,
    is_label,
    is_real_paragraph,
    is_title_like,
    words,
)
from herald.clean.furniture import byline, is_credit_only, related_cue, rule_reason, tag_cue
from herald.clean.normalise import RawLine
from herald.clean.repair import join_kind
from herald.model import Removed

#: Caption text is a sentence or two; a longer line ending with a credit is a body paragraph.
_CAPTION_MAX_WORDS = 60


@dataclass(slots=True)
class Sorted:
    """The lines kept as content (in order) and what was taken out of the rest."""

    kept: list[RawLine] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    related: list[tuple[int, str]] = field(default_factory=list)  # (raw line, title)
    tags: list[tuple[int, str]] = field(default_factory=list)  # (raw line, tag)
    caption: int | None = None  # raw line number of the caption line
    captions: dict[int, str] = field(default_factory=dict)  # raw line -> text without credit

    def remove(self, line: RawLine, reason: str, text: str | None = None) -> None:
        self.removed.append(Removed(line=line.no, text=text or line.text, reason=reason))


def sort_lines(lines: list[RawLine]) -> Sorted:
    """Classify every line, then apply the checks that need the whole article's shape.

    1. Cue lines, link lines, tag lists and single furniture lines, in reading order.
    2. Captions: lines ending with a photo credit, or the line a credit-only line follows.
    3. Repeated paragraphs (a scrape that caught the lead twice).
    4. The tail: short labels and bullets after the last real paragraph are theme tags.
    5. Position: what lies outside the article's body (see _outside_body), but for its headline.
    """
    result = Sorted()
    _scan(lines, result)
    _find_captions(lines, result)
    _drop_repeats(result)
    _tail_tags(result)
    _outside_body(lines, result)
    result.removed.sort(key=lambda r: r.line)
    result.tags.sort(key=lambda t: t[0])
    return result


def _scan(lines: list[RawLine], out: Sorted) -> None:
    pending: str | None = None  # "tags" or "related" after a bare cue line
    tail = _tail_start(lines)
    for line in lines:
        if pending == "tags" and _take_tag(line, out):
            continue
        if pending == "related" and _take_related(line, out):
            # In the body a cue links one title (the next line may be a subheading); in the
            # tail it heads a list ("Most read", "Related articles").
            pending = "related" if line.no > tail else None
            continue
        handled, pending = _cue(line, out)
        if handled:
            continue
        reason = rule_reason(line.text)
        if reason is None and byline(line.text):
            reason = "byline"
        if reason is None and is_credit_only(line.text):
            reason = "credit"
        if reason is None:
            out.kept.append(line)
        else:
            out.remove(line, reason)


def _tail_start(lines: list[RawLine]) -> int:
    """Raw number of the last line that reads as a real paragraph and is no cue or prompt."""
    for line in reversed(lines):
        text = line.text
        # A short question is as likely a linked headline as a closing sentence.
        if text.endswith("?") and words(text) <= 12:
            continue
        if is_real_paragraph(text) and rule_reason(text) is None and related_cue(text) is None:
            return line.no
    return -1


def _cue(line: RawLine, out: Sorted) -> tuple[bool, str | None]:
    """Handle a tag or related-link cue line: (whether it was one, what it announces next)."""
    tags = tag_cue(line.text)
    if tags is not None:
        out.tags.extend((line.no, tag) for tag in tags)
        out.remove(line, "tags" if tags else "cue")
        return True, "tags"
    related = related_cue(line.text)
    if related is not None:
        out.related.extend((line.no, title) for title in related)
        out.remove(line, "related" if related else "cue")
        # Only a bare cue announces a link title on the next line.
        return True, None if related else "related"
    return False, None


def _take_tag(line: RawLine, out: Sorted) -> bool:
    item = bullet_item(line.text) or line.text
    if (
        rule_reason(line.text) is not None
        or words(item) > 6
        or has_terminal(item)
        or not is_title_like(item, 6)
    ):
        return False
    out.tags.append((line.no, item))
    out.remove(line, "tags", item)
    return True


def _take_related(line: RawLine, out: Sorted) -> bool:
    title = bullet_item(line.text) or line.text
    if rule_reason(line.text) is not None or byline(line.text):
        return False
    if (has_terminal(title) and not title.endswith("?")) or not is_title_like(title):
        return False
    out.related.append((line.no, title))
    out.remove(line, "related")
    return True


def _find_captions(lines: list[RawLine], out: Sorted) -> None:
    last = out.kept[-1].no if out.kept else -1
    for line in out.kept:
        parts = split_credit(line.text)
        if parts is None or not 3 <= words(parts[0]) <= _CAPTION_MAX_WORDS:
            continue
        out.captions[line.no] = parts[0]
        out.remove(line, "credit", parts[1])
        # A wire story's last paragraph may end with "(AFP)"; a caption sits by its photo,
        # above more text, not after the whole article.
        if out.caption is None and line.no != last:
            out.caption = line.no
    if out.caption is None:
        _caption_before_credit(lines, out)


def _caption_before_credit(lines: list[RawLine], out: Sorted) -> None:
    """A credit on its own line credits the photo whose caption is the line just before it."""
    if not out.kept:
        return
    credits = {r.line for r in out.removed if r.reason == "credit"}
    kept = {line.no for line in out.kept}
    for previous, line in pairwise(lines):
        if line.no not in credits or previous.no not in kept or previous is out.kept[0]:
            continue
        if has_date(previous.text) and words(previous.text) <= _CAPTION_MAX_WORDS:
            out.caption = previous.no
            return


def _drop_repeats(out: Sorted) -> None:
    seen: set[str] = set()
    kept: list[RawLine] = []
    for line in out.kept:
        key = line.text.casefold()
        if key in seen and words(line.text) >= 3:
            out.remove(line, "repeat")
            continue
        seen.add(key)
        kept.append(line)
    out.kept = kept


def _tail_tags(out: Sorted) -> None:
    """Short labels after the last real paragraph, among furniture, are a theme list."""
    real = [i for i, line in enumerate(out.kept) if is_real_paragraph(line.text)]
    if not real:
        return
    last_real = out.kept[real[-1]].no
    furniture_after = sorted(r.line for r in out.removed if r.line > last_real)
    kept: list[RawLine] = []
    for line in out.kept:
        item = bullet_item(line.text)
        after_furniture = bool(furniture_after) and furniture_after[0] < line.no
        if line.no > last_real and item is not None and is_label(item, 6):
            out.tags.append((line.no, item))
            out.remove(line, "tags", item)
        elif line.no > last_real and after_furniture and is_label(line.text, 4):
            out.tags.append((line.no, line.text))
            out.remove(line, "tags")
        else:
            kept.append(line)
    out.kept = kept


#: Weights of the body search: a real paragraph counts its words up to this many ...
_BODY_WORDS_CAP = 40
#: ... and any other line (kept or already furniture) counts this much against the body.
_BODY_PENALTY = 4
#: How many kept lines above the body the headline may sit (bylines, dates, share bars between).
_HEADLINE_REACH = 8
#: A region outside the body is trimmed only from this many lines (furniture included) on.
_MIN_OUTSIDE = 3


def _outside_body(lines: list[RawLine], out: Sorted) -> None:
    """Remove what lies before or after the article's body: menus, teasers, footers.

    A scrape that kept the whole page buries the story among navigation. The body is the run of
    lines with the most sentence text net of short lines (a maximum-sum run: a real paragraph, or
    a line that a break cut from its neighbour, weighs its words, any other line a fixed penalty),
    so subheadings and broken quotations inside the story are bridged while a long menu or footer
    is not. Only a region of several lines is trimmed, so a short text's closing line or a
    stray label stays. Outside the body, the headline (the nearest title-like line above it) and
    the caption stay.
    """
    if not any(is_real_paragraph(line.text) for line in out.kept):
        return
    first, last = _body_span(lines, out)
    before = [line for line in out.kept if line.no < first]
    headline = next(
        (
            line.no
            for line in reversed(before[-_HEADLINE_REACH:])
            if words(line.text) >= 3 and is_title_like(line.text) and not has_terminal(line.text)
        ),
        None,
    )
    head = sum(line.no < first for line in lines) >= _MIN_OUTSIDE
    tail = sum(line.no > last for line in lines) >= _MIN_OUTSIDE
    body: list[RawLine] = []
    for line in out.kept:
        outside = (head and line.no < first) or (tail and line.no > last)
        if outside and line.no not in (headline, out.caption):
            out.remove(line, "outside")
        else:
            body.append(line)
    out.kept = body


def _body_span(lines: list[RawLine], out: Sorted) -> tuple[int, int]:
    """Raw numbers of the first and last line of the maximum-sum run (see _outside_body)."""
    kept = [line for line in lines if line.no in {k.no for k in out.kept}]
    joined: set[int] = set()
    for prev, nxt in pairwise(kept):
        if join_kind(prev.text, nxt.text) is not None:
            joined.update((prev.no, nxt.no))
    kept_nos = {line.no for line in kept}
    best, total, start, span = 0, 0, 0, (lines[0].no, lines[-1].no)
    for line in lines:
        # A teaser cut off with an ellipsis ("The workers are upset and protesting...") is the
        # excerpt of another article, however sentence-like: it never carries the body.
        teaser = line.text.endswith(("...", "…")) and not line.text.endswith(("....", "…."))
        real = (
            line.no in kept_nos
            and not teaser
            and (is_real_paragraph(line.text) or line.no in joined)
        )
        gain = min(words(line.text), _BODY_WORDS_CAP) if real else -_BODY_PENALTY
        if total <= 0:
            start, total = line.no, 0
        total += gain
        # Ties extend the run: a body that ends where it began weighs as much is still one.
        if total >= best:
            best, span = total, (start, line.no)
    return span
