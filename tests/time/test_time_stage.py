"""The time stage's entry points: resolve_times, infer_published, date_events."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from herald.model import (
    Analysis,
    Article,
    Event,
    Mention,
    Sentence,
    Span,
    TimeExpression,
    Token,
)
from herald.time import date_events, infer_published, resolve_times
from herald.time.resolve import tense_of

FRIDAY = date(2024, 1, 19)


def hand_analysis(text: str, dates: tuple[str, ...] = (), label: str = "DATE") -> Analysis:
    """A parse built by hand: whitespace tokens with no syntax, one sentence, given entities."""
    tokens = tuple(
        Token(
            i=i,
            start=m.start(),
            end=m.end(),
            text=m.group(),
            lemma=m.group().lower(),
            pos="X",
            tag="XX",
            dep="dep",
            head=i,
            sent=0,
        )
        for i, m in enumerate(re.finditer(r"\S+", text))
    )
    entities = []
    for phrase in dates:
        start = text.index(phrase)
        entities.append(Mention(span=Span(start, start + len(phrase)), label=label))
    sentence = Sentence(i=0, span=Span(0, len(text)), first=0, last=len(tokens))
    return Analysis(text=text, sentences=(sentence,), tokens=tokens, entities=tuple(entities))


def article(text: str, published: date | None = FRIDAY, caption: Span | None = None) -> Article:
    return Article(id="x", raw=text, text=text, published=published, caption=caption)


def texts(found: tuple[TimeExpression, ...], source: str) -> list[str]:
    return [t.span.text(source) for t in found]


def event_at(text: str, word: str, occurrence: int = 0) -> Event:
    """An event whose trigger is the ``occurrence``-th whole-word match of ``word``."""
    m = list(re.finditer(rf"\b{re.escape(word)}\b", text))[occurrence]
    return Event(
        id=word,
        article_id="x",
        type="X",
        cameo="0",
        trigger=Span(m.start(), m.end()),
        evidence=Span(m.start(), m.end()),
    )


# --- resolve_times without a model ---------------------------------------------------------------


@pytest.mark.parametrize(
    "analysis",
    [
        Analysis(text="", sentences=(), tokens=(), entities=()),
        Analysis(text="Nothing happened.", sentences=(), tokens=(), entities=()),
    ],
)
def test_empty_analysis_gives_no_expressions(analysis: Analysis) -> None:
    assert resolve_times(article(analysis.text), analysis) == ()


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        # spaCy stops at "August 11"; the year belongs to it.
        ("Supporters rally in Niamey, August 11, 2023. AFP", ("August 11",), ["August 11, 2023"]),
        # Two entities that read as one expression are joined.
        ("Thursday evening, he was in Tehran.", ("Thursday", "evening"), ["Thursday evening"]),
        # Patterns find what spaCy missed.
        ("It happened last week and again two days ago.", (), ["last week", "two days ago"]),
        ("The tour began on Tuesday January 16.", (), ["Tuesday January 16"]),
        ("The law dates from the 1990s and was amended in 2019.", (), ["the 1990s", "2019"]),
        # Ages are not time expressions, even when spaCy says DATE.
        ("The 45 years old man was arrested yesterday.", ("45 years old",), ["yesterday"]),
        # Two separate years stay two expressions.
        (
            "Elections were held in 2019, 2020 and 2021.",
            ("2019", "2020", "2021"),
            ["2019", "2020", "2021"],
        ),
        # Month names that are verbs are left alone unless spaCy tags them.
        ("Protesters march on the palace; they may return.", (), []),
    ],
)
def test_spans_are_completed_joined_and_filtered(
    text: str, entities: tuple[str, ...], expected: list[str]
) -> None:
    found = resolve_times(article(text), hand_analysis(text, entities))
    assert texts(found, text) == expected


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        # A range is its two ends, each an expression of its own.
        ("Bought from Aug. 26 to Oct. 20.", ("Aug. 26 to Oct. 20",), ["Aug. 26", "Oct. 20"]),
        ("Prices rose between 1982 and 1992.", ("between 1982 and 1992",), ["1982", "1992"]),
        # A period and the date that bounds it.
        ("In the quarter ended Sept. 30.", ("quarter ended Sept. 30",), ["quarter", "Sept. 30"]),
        # A number alone is a count, whatever the parser says.
        ("The index fell 44 points.", ("44",), []),
        # TIMEX3 marks deictic words.
        ("He is now in Paris and was recently in Rome.", (), ["now", "recently"]),
    ],
)  # fmt: skip
def test_spans_are_split_and_completed_by_timeml_rules(
    text: str, entities: tuple[str, ...], expected: list[str]
) -> None:
    found = resolve_times(article(text), hand_analysis(text, entities))
    assert texts(found, text) == expected


def test_a_year_bounded_by_another_date_is_a_duration() -> None:
    text = "Sales rose in the year ended March 31, 2023."
    found = resolve_times(article(text), hand_analysis(text, ("the year ended March 31",)))
    assert [(t.span.text(text), t.kind, t.value) for t in found] == [
        ("the year", "duration", "P1Y"),
        ("March 31, 2023", "date", "2023-03-31"),
    ]


def test_anaphora_follow_the_narrative_not_the_publication_date() -> None:
    text = "The attack came on 12 March 2023. The next day, rebels withdrew."
    found = resolve_times(article(text), hand_analysis(text, ("The next day",)))
    assert [(t.span.text(text), t.value) for t in found] == [
        ("12 March 2023", "2023-03-12"),
        ("The next day", "2023-03-13"),
    ]


def test_resolution_uses_the_publication_date() -> None:
    text = "He left on Tuesday January 16, visited Niamey in early December and earlier this month."
    found = resolve_times(
        article(text), hand_analysis(text, ("early December", "earlier this month"))
    )
    by_text = {t.span.text(text): t for t in found}
    assert by_text["Tuesday January 16"].value == "2024-01-16"
    december = by_text["early December"]
    assert (december.value, december.start, december.end) == (
        "2023-12",
        date(2023, 12, 1),
        date(2023, 12, 10),
    )
    assert december.precision == "part_of_month"
    this_month = by_text["earlier this month"]
    assert (this_month.start, this_month.end) == (date(2024, 1, 1), date(2024, 1, 18))


def test_without_publication_date_only_absolute_expressions_resolve() -> None:
    text = "It began last week, after the vote of August 11, 2023."
    found = resolve_times(article(text, None), hand_analysis(text, ("last week", "August 11")))
    values = {t.span.text(text): t.value for t in found}
    assert values == {"last week": None, "August 11, 2023": "2023-08-11"}
    assert all(t.start is None for t in found if t.value is None)


def test_unreadable_entities_are_kept_without_a_value() -> None:
    text = "On the same day the dossier 2023-13-45 was filed."
    found = resolve_times(article(text), hand_analysis(text, ("the same day", "2023-13-45")))
    assert [(t.span.text(text), t.value, t.start) for t in found] == [
        ("the same day", None, None),
        ("2023-13-45", None, None),
    ]


def test_durations_and_sets_have_no_range() -> None:
    text = "The talks lasted three days and are held every week."
    found = resolve_times(article(text), hand_analysis(text, ("three days", "every week")))
    assert [(t.kind, t.value, t.start, t.end) for t in found] == [
        ("duration", "P3D", None, None),
        ("set", "P1W", None, None),
    ]


def test_a_very_long_text_is_handled_quickly() -> None:
    filler = "The committee met again and discussed the budget at length. " * 20000
    text = filler + "The vote took place on 16 January 2024."
    analysis = hand_analysis(text, ("16 January 2024",))
    started = time.perf_counter()
    found = resolve_times(article(text), analysis)
    assert time.perf_counter() - started < 10
    assert [t.value for t in found] == ["2024-01-16"]


def test_ranges_are_never_inverted() -> None:
    text = "Earlier this month, last week, this weekend, early December, today, the 50s, in 2019."
    for published in (date(2024, 1, 1), date(2024, 3, 1), date(2023, 12, 31), FRIDAY):
        for t in resolve_times(article(text, published), hand_analysis(text)):
            assert (t.start is None) == (t.end is None)
            if t.start is not None and t.end is not None:
                assert t.start <= t.end


# --- infer_published ---------------------------------------------------------------------------


def expression(
    value: str | None, start: date | None, precision: str | None = "day"
) -> TimeExpression:
    return TimeExpression(Span(0, 1), "date", value, start, start, precision)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        ((), None),
        ((expression(None, None),), None),
        ((expression("2023", date(2023, 1, 1), "year"),), None),
        ((expression("2023-12", date(2023, 12, 1), "month"),), None),
        ((expression("2023-08-11", date(2023, 8, 11)),), date(2023, 8, 11)),
        (
            (
                expression("2023-08-11", date(2023, 8, 11)),
                expression("2024-01-16", date(2024, 1, 16)),
            ),
            date(2024, 1, 16),
        ),
        ((expression("PRESENT_REF", date(2024, 1, 19)),), None),
    ],
)
def test_infer_published_takes_the_latest_full_date(
    times: tuple[TimeExpression, ...], expected: date | None
) -> None:
    assert infer_published(times) == expected


def test_infer_published_skips_the_caption() -> None:
    photo = TimeExpression(
        Span(0, 15), "date", "2023-08-11", date(2023, 8, 11), date(2023, 8, 11), "day"
    )
    assert infer_published((photo,)) == date(2023, 8, 11)
    assert infer_published((photo,), caption=Span(0, 40)) is None


def test_infer_published_ignores_durations() -> None:
    duration = TimeExpression(Span(0, 1), "duration", "P2D", None, None, None)
    assert infer_published((duration,)) is None


# --- date_events without a model ----------------------------------------------------------------


def test_events_without_syntax_fall_back_to_the_publication_date() -> None:
    text = "Police arrested ten people."
    analysis = hand_analysis(text)
    dated = date_events(article(text), analysis, (), (event_at(text, "arrested"),))
    assert dated[0].date is not None
    assert (dated[0].date.start, dated[0].date.source) == (FRIDAY, "publication")


def test_no_publication_date_and_no_expression_leaves_the_date_empty() -> None:
    text = "Police arrested ten people."
    analysis = hand_analysis(text)
    dated = date_events(article(text, None), analysis, (), (event_at(text, "arrested"),))
    assert dated[0].date is None


def test_date_events_on_an_empty_analysis_never_raises() -> None:
    empty = Analysis(text="", sentences=(), tokens=(), entities=())
    event = Event(
        id="e", article_id="x", type="X", cameo="0", trigger=Span(0, 0), evidence=Span(0, 0)
    )
    assert date_events(article(""), empty, (), (event,))[0].date is not None
    assert date_events(article("", None), empty, (), (event,))[0].date is None


# --- with the language model ---------------------------------------------------------------------


def dated(
    analyze: Callable[[str], Analysis], text: str, word: str, published: date | None = FRIDAY,
    caption: Span | None = None, occurrence: int = 0,
) -> tuple[date, date, str] | None:  # fmt: skip
    a = article(text, published, caption)
    analysis = analyze(text)
    times = resolve_times(a, analysis)
    result = date_events(a, analysis, times, (event_at(text, word, occurrence),))[0].date
    return (result.start, result.end, result.source) if result else None


@pytest.mark.model
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("visited", (date(2023, 12, 1), date(2023, 12, 10), "expression")),
        # The relative clause's date is not the main verb's, nor the complement clause's.
        ("explained", (FRIDAY, FRIDAY, "publication")),
        ("remains", (FRIDAY, FRIDAY, "publication")),
    ],
)
def test_a_relative_clause_keeps_its_date(
    analyze: Callable[[str], Analysis], word: str, expected: tuple[date, date, str]
) -> None:
    text = (
        "The mediator, who visited Bamako in early December, explained that her plan remains open."
    )
    assert dated(analyze, text, word) == expected


@pytest.mark.model
def test_past_events_inherit_the_narrative_date(analyze: Callable[[str], Analysis]) -> None:
    text = "Police arrested ten protesters on Tuesday. They released them after questioning."
    assert dated(analyze, text, "arrested") == (date(2024, 1, 16), date(2024, 1, 16), "expression")
    assert dated(analyze, text, "released") == (date(2024, 1, 16), date(2024, 1, 16), "inherited")


@pytest.mark.model
def test_present_and_future_events_take_the_publication_date(
    analyze: Callable[[str], Analysis],
) -> None:
    text = "Police arrested ten protesters on Tuesday. The government says it will open an inquiry."
    assert dated(analyze, text, "open") == (FRIDAY, FRIDAY, "publication")
    assert dated(analyze, text, "says") == (FRIDAY, FRIDAY, "publication")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The minister will visit Paris on Thursday.", "visit", date(2024, 1, 25)),
        ("The minister visited Paris on Thursday.", "visited", date(2024, 1, 18)),
        ("Thursday evening, the envoy was expected in Lusaka.", "expected", date(2024, 1, 18)),
        ("The minister is expected in Paris on Monday.", "expected", date(2024, 1, 22)),
    ],
)
def test_weekdays_follow_the_tense_of_their_clause(
    analyze: Callable[[str], Analysis], text: str, word: str, expected: date
) -> None:
    assert dated(analyze, text, word) == (expected, expected, "expression")


@pytest.mark.model
def test_a_caption_dates_itself_and_lends_nothing(analyze: Callable[[str], Analysis]) -> None:
    caption = "Supporters demonstrate in Niamey, August 11, 2023."
    text = f"Talks began on Tuesday.\n\n{caption}\n\nThe delegation signed an agreement."
    span = Span(text.index(caption), text.index(caption) + len(caption))
    assert dated(analyze, text, "demonstrate", caption=span) == (
        date(2023, 8, 11),
        date(2023, 8, 11),
        "expression",
    )
    # The signing inherits the narrative Tuesday, not the photo's date.
    assert dated(analyze, text, "signed", caption=span) == (
        date(2024, 1, 16),
        date(2024, 1, 16),
        "inherited",
    )


@pytest.mark.model
def test_a_caption_does_not_inherit(analyze: Callable[[str], Analysis]) -> None:
    caption = "Soldiers patrolled the border."
    text = f"Fighting broke out on Tuesday.\n\n{caption}"
    span = Span(text.index(caption), len(text))
    assert dated(analyze, text, "patrolled", caption=span) == (FRIDAY, FRIDAY, "publication")


@pytest.mark.model
def test_inherited_dates_are_never_after_publication(analyze: Callable[[str], Analysis]) -> None:
    text = "The summit is set for 3 March 2024. Leaders met in Paris to prepare it."
    assert dated(analyze, text, "met") == (FRIDAY, FRIDAY, "publication")


@pytest.mark.model
def test_coordinated_verbs_share_a_date(analyze: Callable[[str], Analysis]) -> None:
    text = "Rebels attacked the town on 12 March 2023 and burned the market."
    assert dated(analyze, text, "burned") == (date(2023, 3, 12), date(2023, 3, 12), "expression")


@pytest.mark.model
def test_without_publication_date_relative_dates_give_nothing(
    analyze: Callable[[str], Analysis],
) -> None:
    text = "Rebels attacked the town on Monday. On 12 March 2023, they burned the market."
    assert dated(analyze, text, "attacked", published=None) is None
    assert dated(analyze, text, "burned", published=None) == (
        date(2023, 3, 12),
        date(2023, 3, 12),
        "expression",
    )


@pytest.mark.model
def test_ages_in_parsed_text_are_dropped(analyze: Callable[[str], Analysis]) -> None:
    text = "The 45-year-old man, aged 45, was arrested two days ago."
    found = resolve_times(article(text), analyze(text))
    assert [(t.span.text(text), t.value) for t in found] == [("two days ago", "2024-01-17")]


# --- the reference article -----------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.shared
def test_reference_article_dates(analyze: Callable[[str], Analysis], shared: Path) -> None:
    seed = shared / "seed"
    raw = (seed / "article.txt").read_text(encoding="utf-8")
    expected = json.loads((seed / "expected.json").read_text(encoding="utf-8"))["dates"]
    published = date(2024, 1, 19)
    found = resolve_times(Article(id="x", raw=raw, text=raw, published=published), analyze(raw))
    by_text = {t.span.text(raw): t for t in found}
    for item in expected:
        assert item["text"] in by_text, f"{item['text']!r} not found among {sorted(by_text)}"
        t = by_text[item["text"]]
        assert t.value == item["value"], item
        assert t.start is not None and t.end is not None and t.start <= t.end
        if len(item["value"]) == 10:
            assert t.start == t.end == date.fromisoformat(item["value"])
        else:
            year, month = map(int, item["value"].split("-"))
            assert (t.start.year, t.start.month) == (year, month)
            assert t.end < published
    early = by_text["early December"]
    assert early.end is not None and early.end <= date(2023, 12, 15)
    assert by_text["earlier this month"].start == date(2024, 1, 1)


# --- spans and tenses added for TempEval-3 (issue 4), without a model ----------------------------


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        # spaCy took a neighbour along; the expression inside keeps its value.
        (
            "Costs were lower than two days ago.",
            "lower than two days ago",
            ("two days ago", "2024-01-17"),
        ),
        ("It cited an Aug. 3, 2021, contract.", "an Aug. 3, 2021", ("Aug. 3, 2021", "2021-08-03")),
        ("They met the day Tuesday.", "the day Tuesday", ("Tuesday", "2024-01-16")),
        (
            "Sales fell in the past 14 months alone.",
            "the past 14 months alone",
            ("the past 14 months", "P14M"),
        ),
    ],
)
def test_an_unreadable_entity_shrinks_to_the_expression_inside(
    text: str, entity: str, expected: tuple[str, str]
) -> None:
    found = resolve_times(article(text), hand_analysis(text, (entity,)))
    assert [(t.span.text(text), t.value) for t in found] == [expected]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        # The words around a readable part would have continued it: one unreadable expression.
        ("Rain fell for the past three winters.", "the past three winters"),
        ("They left in the early hours of Monday.", "the early hours of Monday"),
        ("The fair is held each Easter fortnight.", "Easter fortnight"),
    ],
)
def test_an_entity_is_not_shrunk_to_a_part_its_words_modify(text: str, entity: str) -> None:
    found = resolve_times(article(text), hand_analysis(text, (entity,)))
    assert texts(found, text) == [entity]
    assert found[0].value is None


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        # An expression never ends in a conjunction.
        ("The summit is on March 3 and 4.", "March 3 and", ["March 3"]),
        # "both X and Y" is two expressions, like "between X and Y".
        ("Profit grew in both 2019 and 2020.", "both 2019 and 2020", ["2019", "2020"]),
    ],
)
def test_coordinations_are_cut_at_the_conjunction(
    text: str, entity: str, expected: list[str]
) -> None:
    found = resolve_times(article(text), hand_analysis(text, (entity,)))
    assert texts(found, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Crowds gather there every day.", ("every day", "P1D")),
        ("A ferry leaves each Friday.", ("each Friday", "XXXX-WXX-5")),
        ("The rallies are held almost daily.", ("daily", "P1D")),
        ("Margins shrank in the latest period.", ("the latest period", "2023-Q4")),
    ],
)
def test_patterns_find_sets_and_report_periods(text: str, expected: tuple[str, str]) -> None:
    found = resolve_times(article(text), hand_analysis(text))
    assert [(t.span.text(text), t.value) for t in found] == [expected]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The board declared a dividend payable Feb. 2.", "Feb. 2"),
        ("The new rules take hold, effective March 1.", "March 1"),
        ("Its rights expire on April 9.", "April 9"),
        ("Trading could resume as soon as Monday.", "Monday"),
    ],
)
def test_words_that_point_ahead_make_the_date_future(text: str, phrase: str) -> None:
    start = text.index(phrase)
    assert tense_of(hand_analysis(text), Span(start, start + len(phrase))) == "future"


def test_what_became_effective_is_not_ahead() -> None:
    text = "The tariff became effective Jan. 2."
    start = text.index("Jan. 2")
    assert tense_of(hand_analysis(text), Span(start, start + len("Jan. 2"))) != "future"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks need two more weeks.", [("two more weeks", "P2W")]),
        ("He served 12 years in office.", [("12 years", "P12Y")]),
        # "a year" after a price is a rate, left to the parser.
        ("Membership costs $40 a year.", []),
        ("The 30 years old clerk resigned.", []),
    ],
)
def test_a_pattern_finds_counted_durations(text: str, expected: list[tuple[str, str]]) -> None:
    found = resolve_times(article(text), hand_analysis(text))
    assert [(t.span.text(text), t.value) for t in found] == expected
