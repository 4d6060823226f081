"""Property: the cleaner takes any text; it fails only with E201 and its spans stay in the text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from herald.clean import clean
from herald.errors import CleanError
from herald.model import Cleaned

#: Lines shaped like page furniture: cues, share bars, credits, labels, bullets, separators.
FURNITURE = st.sampled_from(
    [
        "Read more",
        "Read alsoNiger: talks resume",
        "Share :",
        "Facebook Twitter Email",
        "Advertisement",
        "By Jane Doe",
        "Photo: Jane Doe / AFP",
        "© Reuters",
        "Tags: Niger, Mali",
        "Continue reading on the same themes:",
        "• Niger",
        "* * *",
        "Home > World > Africa",
        "Sign up for our newsletter.",
        '"',
        "“",
    ]
)
#: Lines shaped like article text, including broken quotations and hyphenated line ends.
SENTENCE = st.sampled_from(
    [
        "The council met in the capital on Monday to discuss the new budget.",
        'She says she has "no',
        "objections to the plan",
        "The army said the inter-",
        "national force would stay.",
        "Troops patrol in Gao on March 3, 2024. AFP - Jane Doe",
        "on the table. table, under pressure",
        "Niger announces closer cooperation with Russia",
    ]
)
LINE = st.one_of(FURNITURE, SENTENCE, st.text(max_size=80))
_LINE_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")
SEPARATOR = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\u2028", " \n\t\n"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(LINE, max_size=30))
    seps = draw(st.lists(SEPARATOR, min_size=len(lines), max_size=len(lines)))
    return "".join(line + sep for line, sep in zip(lines, seps, strict=True))


def _check(raw: str) -> None:
    try:
        cleaned = clean(raw)
    except CleanError as error:
        assert error.code == "E201"
        return
    assert isinstance(cleaned, Cleaned)
    assert cleaned.text.strip()
    if cleaned.caption is not None:
        span = cleaned.caption
        assert 0 <= span.start < span.end <= len(cleaned.text)
        assert span.text(cleaned.text).strip() == span.text(cleaned.text)
    # Removed lines point at raw lines, counted over every line-break convention.
    raw_lines = len(_LINE_BREAK.split(unicodedata.normalize("NFC", raw)))
    for removed in cleaned.removed:
        assert 0 <= removed.line < raw_lines
        assert removed.text


_BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_BOUNDED
@given(st.text(max_size=2000))
def test_arbitrary_text(raw: str) -> None:
    _check(raw)


@_BOUNDED
@given(documents())
def test_furniture_and_sentences(raw: str) -> None:
    _check(raw)
