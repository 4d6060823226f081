"""The normaliser as a pure function: strings, a fixed publication date, a tense hint."""

from __future__ import annotations

from datetime import date

import pytest

from herald.time.normalize import Reference, Tense, is_age, normalise, quantity

FRIDAY = date(2024, 1, 19)  # the seed article's publication date, a Friday
D = date


@pytest.mark.parametrize(
    ("text", "tense", "value", "start", "end", "precision"),
    [
        ("Tuesday January 16", "unknown", "2024-01-16", D(2024, 1, 16), D(2024, 1, 16), "day"),
        ("Tuesday, January 16, 2024", "unknown", "2024-01-16", D(2024, 1, 16), None, "day"),
        ("August 11, 2023", "unknown", "2023-08-11", D(2023, 8, 11), D(2023, 8, 11), "day"),
        ("11 August 2023", "unknown", "2023-08-11", D(2023, 8, 11), None, "day"),
        ("the 11th of August 2023", "unknown", "2023-08-11", D(2023, 8, 11), None, "day"),
        ("Jan. 16th, 2024", "unknown", "2024-01-16", D(2024, 1, 16), None, "day"),
        ("2024-01-16", "unknown", "2024-01-16", D(2024, 1, 16), None, "day"),
        ("16/01/2024", "unknown", "2024-01-16", D(2024, 1, 16), None, "day"),
        ("16 January", "unknown", "2024-01-16", D(2024, 1, 16), None, "day"),
        ("December 28", "past", "2023-12-28", D(2023, 12, 28), None, "day"),
        ("March 3", "past", "2023-03-03", D(2023, 3, 3), None, "day"),
        ("March 3", "future", "2024-03-03", D(2024, 3, 3), None, "day"),
        ("Monday, Jan 15", "unknown", "2024-01-15", D(2024, 1, 15), None, "day"),
        ("Tuesday the 16th", "unknown", "2024-01-16", D(2024, 1, 16), None, "day"),
        ("January 2024", "unknown", "2024-01", D(2024, 1, 1), D(2024, 1, 31), "month"),
        ("in 2019", "unknown", "2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
        ("the 1990s", "unknown", "199", D(1990, 1, 1), D(1999, 12, 31), "decade"),
        ("the '90s", "unknown", "199", D(1990, 1, 1), D(1999, 12, 31), "decade"),
        ("the 50s", "unknown", "195", D(1950, 1, 1), D(1959, 12, 31), "decade"),
        ("the 20s", "unknown", "202", D(2020, 1, 1), D(2029, 12, 31), "decade"),
        ("the nineties", "unknown", "199", D(1990, 1, 1), None, "decade"),
        ("Q3 2023", "unknown", "2023-Q3", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
        ("the first quarter", "past", "2024-Q1", D(2024, 1, 1), D(2024, 3, 31), "quarter"),
        ("the third quarter", "past", "2023-Q3", D(2023, 7, 1), None, "quarter"),
        ("summer 2023", "unknown", "2023-SU", D(2023, 6, 1), D(2023, 8, 31), "season"),
        ("Christmas Day 2023", "unknown", "2023-12-25", D(2023, 12, 25), None, "day"),
    ],
)
def test_absolute_and_year_less_dates(
    text: str, tense: Tense, value: str, start: date, end: date | None, precision: str
) -> None:
    result = normalise(text, FRIDAY, tense)
    assert result is not None
    assert (result.value, result.start, result.precision) == (value, start, precision)
    if end is not None:
        assert result.end == end


@pytest.mark.parametrize(
    ("text", "tense", "value", "start", "end", "precision"),
    [
        ("yesterday", "unknown", "2024-01-18", D(2024, 1, 18), D(2024, 1, 18), "day"),
        ("today", "unknown", "2024-01-19", D(2024, 1, 19), D(2024, 1, 19), "day"),
        ("tomorrow", "unknown", "2024-01-20", D(2024, 1, 20), D(2024, 1, 20), "day"),
        ("last night", "unknown", "2024-01-18TNI", D(2024, 1, 18), D(2024, 1, 18), "day"),
        ("the day before yesterday", "unknown", "2024-01-17", D(2024, 1, 17), None, "day"),
        ("two days ago", "unknown", "2024-01-17", D(2024, 1, 17), D(2024, 1, 17), "day"),
        ("a week ago", "unknown", "2024-W02", D(2024, 1, 8), D(2024, 1, 14), "week"),
        ("three months ago", "unknown", "2023-10", D(2023, 10, 1), D(2023, 10, 31), "month"),
        ("two years ago", "unknown", "2022", D(2022, 1, 1), D(2022, 12, 31), "year"),
        ("last week", "unknown", "2024-W02", D(2024, 1, 8), D(2024, 1, 14), "week"),
        ("this week", "unknown", "2024-W03", D(2024, 1, 15), D(2024, 1, 21), "week"),
        ("next week", "unknown", "2024-W04", D(2024, 1, 22), D(2024, 1, 28), "week"),
        ("last month", "unknown", "2023-12", D(2023, 12, 1), D(2023, 12, 31), "month"),
        ("next month", "unknown", "2024-02", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("last year", "unknown", "2023", D(2023, 1, 1), D(2023, 12, 31), "year"),
        ("this year", "unknown", "2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("earlier this month", "unknown", "2024-01", D(2024, 1, 1), D(2024, 1, 18), "month"),
        ("earlier this year", "unknown", "2024", D(2024, 1, 1), D(2024, 1, 18), "year"),
        ("later this month", "unknown", "2024-01", D(2024, 1, 20), D(2024, 1, 31), "month"),
        ("in two weeks", "future", "2024-W05", D(2024, 1, 29), D(2024, 2, 4), "week"),
        ("this weekend", "unknown", "2024-W03-WE", D(2024, 1, 20), D(2024, 1, 21), "week"),
        ("over the weekend", "past", "2024-W02-WE", D(2024, 1, 13), D(2024, 1, 14), "week"),
        ("last summer", "unknown", "2023-SU", D(2023, 6, 1), D(2023, 8, 31), "season"),
        ("this winter", "unknown", "2023-WI", D(2023, 12, 1), D(2024, 2, 29), "season"),
        ("in March", "past", "2023-03", D(2023, 3, 1), D(2023, 3, 31), "month"),
        # Without a tense the nearest March: two months ahead rather than ten back.
        ("in March", "unknown", "2024-03", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("in March", "future", "2024-03", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("in January", "past", "2024-01", D(2024, 1, 1), D(2024, 1, 31), "month"),
        ("last March", "unknown", "2023-03", D(2023, 3, 1), None, "month"),
        ("next March", "unknown", "2024-03", D(2024, 3, 1), None, "month"),
        ("Christmas", "past", "2023-12-25", D(2023, 12, 25), None, "day"),
        ("Easter", "future", "2024-03-31", D(2024, 3, 31), None, "day"),
        ("now", "unknown", "PRESENT_REF", D(2024, 1, 19), D(2024, 1, 19), "day"),
        ("Thanksgiving", "past", "2023-11-23", D(2023, 11, 23), None, "day"),
        ("the third-quarter", "past", "2023-Q3", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ],
)
def test_relative_expressions(
    text: str, tense: Tense, value: str, start: date, end: date | None, precision: str
) -> None:
    result = normalise(text, FRIDAY, tense)
    assert result is not None
    assert (result.value, result.start, result.precision) == (value, start, precision)
    assert result.relative
    if end is not None:
        assert result.end == end


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        # Published on a Friday: a bare weekday is the nearest one, the tense says which way.
        ("Thursday", "unknown", D(2024, 1, 18)),
        ("Thursday", "past", D(2024, 1, 18)),
        ("Thursday", "future", D(2024, 1, 25)),
        ("Thursday evening", "past", D(2024, 1, 18)),
        ("Thursday evening", "future", D(2024, 1, 25)),
        ("Tuesday", "past", D(2024, 1, 16)),
        ("Tuesday", "unknown", D(2024, 1, 16)),
        # Untensed, a weekday leans back: four days back rather than three ahead.
        ("Monday", "unknown", D(2024, 1, 15)),
        ("Sunday", "unknown", D(2024, 1, 21)),
        ("Monday", "past", D(2024, 1, 15)),
        ("on Friday", "past", D(2024, 1, 19)),
        ("Friday", "future", D(2024, 1, 19)),
        ("Saturday", "past", D(2024, 1, 13)),
        ("last Tuesday", "unknown", D(2024, 1, 16)),
        ("last Friday", "unknown", D(2024, 1, 12)),
        ("next Tuesday", "unknown", D(2024, 1, 23)),
        ("this Tuesday", "future", D(2024, 1, 23)),
        ("Wednesday night", "past", D(2024, 1, 17)),
        ("early Sunday", "past", D(2024, 1, 14)),
        ("yesterday afternoon", "unknown", D(2024, 1, 18)),
    ],
)
def test_weekdays_resolve_by_tense(text: str, tense: Tense, expected: date) -> None:
    result = normalise(text, FRIDAY, tense)
    assert result is not None
    assert result.start == result.end == expected
    assert result.precision == "day"
    assert result.value is not None and result.value[:10] == expected.isoformat()


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("this morning", "unknown", "2024-01-19TMO"),
        ("last night", "unknown", "2024-01-18TNI"),
        ("later this afternoon", "unknown", "2024-01-19TAF"),
    ],
)
def test_a_part_of_day_word_keeps_its_timex_value(text: str, tense: Tense, value: str) -> None:
    result = normalise(text, FRIDAY, tense)
    assert result is not None
    assert (result.kind, result.value, result.precision) == ("time", value, "day")
    assert result.start == result.end == date.fromisoformat(value[:10])


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("Thursday evening", "past", "2024-01-18"),
        ("Wednesday night", "past", "2024-01-17"),
        ("yesterday afternoon", "unknown", "2024-01-18"),
        ("Saturday morning", "past", "2024-01-13"),
        ("mid-afternoon yesterday", "unknown", "2024-01-18"),
        ("the evening of January 16", "unknown", "2024-01-16"),
    ],
)
def test_a_named_day_with_a_part_of_day_is_that_day(text: str, tense: Tense, value: str) -> None:
    result = normalise(text, FRIDAY, tense)
    assert result is not None
    assert (result.value, result.precision) == (value, "day")
    assert result.start == result.end == date.fromisoformat(value)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Thursday evening", "time"), ("last night", "time"), ("Thursday", "date")],
)
def test_part_of_day_makes_a_time(text: str, kind: str) -> None:
    result = normalise(text, FRIDAY, "past")
    assert result is not None and result.kind == kind


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Thursday at 10:30 a.m.", "2024-01-18T10:30"),
        ("4 p.m. Tuesday", "2024-01-16T16:00"),
        ("2024-01-16T10:00", "2024-01-16T10:00"),
    ],
)
def test_clock_times_on_a_day(text: str, value: str) -> None:
    result = normalise(text, FRIDAY, "past")
    assert result is not None
    assert (result.kind, result.value, result.precision) == ("time", value, "day")


@pytest.mark.parametrize("text", ["10 a.m.", "noon", "1400 GMT", "in the evening"])
def test_a_bare_time_of_day_has_no_day(text: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None
    assert result.kind == "time" and result.start is None and result.end is None
    assert result.value is not None and result.value.startswith("XXXX-XX-XXT")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("early December", D(2023, 12, 1), D(2023, 12, 10)),
        ("mid-December", D(2023, 12, 11), D(2023, 12, 20)),
        ("late November", D(2023, 11, 21), D(2023, 11, 30)),
        ("the end of December", D(2023, 12, 21), D(2023, 12, 31)),
        ("the beginning of January", D(2024, 1, 1), D(2024, 1, 10)),
        ("early this month", D(2024, 1, 1), D(2024, 1, 10)),
        ("late February 2024", D(2024, 2, 21), D(2024, 2, 29)),
    ],
)
def test_parts_of_months(text: str, start: date, end: date) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None
    assert (result.start, result.end, result.precision) == (start, end, "part_of_month")
    assert result.value == f"{start.year}-{start.month:02d}"


def test_early_month_in_a_future_clause_looks_ahead() -> None:
    result = normalise("early December", FRIDAY, "future")
    assert result is not None and result.value == "2024-12"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("late 2023", D(2023, 9, 1), D(2023, 12, 31)),
        ("mid-2023", D(2023, 5, 1), D(2023, 8, 31)),
        ("late last year", D(2023, 9, 1), D(2023, 12, 31)),
        ("the end of the year", D(2024, 9, 1), D(2024, 12, 31)),
        ("the early 1990s", D(1990, 1, 1), D(1993, 12, 31)),
    ],
)
def test_parts_of_years_and_decades(text: str, start: date, end: date) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None and (result.start, result.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("three months", "P3M"),
        ("for two years", "P2Y"),
        ("two days", "P2D"),
        ("48 hours", "PT48H"),
        ("a decade", "P10Y"),
        ("the past two weeks", "P2W"),
        ("the past week", "P1W"),
        ("about three years", "P3Y"),
        ("several months", "PXM"),
        ("decades", "PXY"),
        ("recent years", "PXY"),
        ("the coming days", "PXD"),
        ("within 30 days", "P30D"),
        ("a two-day", "P2D"),
    ],
)
def test_durations_have_no_range(text: str, value: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None
    assert (result.kind, result.value, result.start, result.end) == ("duration", value, None, None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("every week", "P1W"),
        ("each year", "P1Y"),
        ("every two weeks", "P2W"),
        ("every Monday", "XXXX-WXX-1"),
        ("daily", "P1D"),
        ("annually", "P1Y"),
        ("twice a year", "P1Y"),
    ],
)
def test_sets(text: str, value: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None
    assert (result.kind, result.value, result.start) == ("set", value, None)


@pytest.mark.parametrize(
    ("text", "value"),
    [("recently", "PAST_REF"), ("a few days ago", "PAST_REF"), ("soon", "FUTURE_REF")],
)
def test_vague_references(text: str, value: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None and result.value == value and result.start is None


@pytest.mark.parametrize(
    "text",
    [
        "Tuesday January 16",
        "Thursday evening",
        "early December",
        "earlier this month",
        "last week",
        "two days ago",
        "yesterday",
        "today",
        "in March",
        "next month",
        "the first quarter",
        "this weekend",
        "Christmas",
    ],
)
def test_relative_expressions_stay_unresolved_without_a_date(text: str) -> None:
    result = normalise(text, None, "past")
    assert result is not None
    assert (result.value, result.start, result.end) == (None, None, None)
    assert result.relative


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("August 11, 2023", "2023-08-11"),
        ("16 January 2024", "2024-01-16"),
        ("in 2019", "2019"),
        ("the 1990s", "199"),
        ("January 2024", "2024-01"),
        ("2024-01-16", "2024-01-16"),
    ],
)
def test_absolute_expressions_resolve_without_a_date(text: str, value: str) -> None:
    result = normalise(text, None)
    assert result is not None and result.value == value and not result.relative


@pytest.mark.parametrize(
    "text",
    ["45 years old", "the 45-year-old", "aged 30", "in his 50s", "her early twenties"],
)
def test_ages_are_not_time_expressions(text: str) -> None:
    assert is_age(text)
    assert normalise(text, FRIDAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2023-13-45",
        "2023-02-30",
        "32 January 2024",
        "the year 3000",
        "99999 years ago",
        "banana",
        "P2D",
        "2019 and 2020",
        "x" * 5000,
        "January " * 200,
        "31/31/2024",
        "25:61",
        "\u2014",
    ],
)
def test_bad_input_never_raises(text: str) -> None:
    for anchor in (FRIDAY, None, date(1, 1, 1), date(9999, 12, 31)):
        tenses: tuple[Tense, ...] = ("past", "present", "future", "unknown")
        for tense in tenses:
            result = normalise(text, anchor, tense)
            if result is not None and result.start is not None:
                assert result.end is not None and result.start <= result.end


@pytest.mark.parametrize("text", ["2023-13-45", "the year 3000", "32 January 2024"])
def test_impossible_dates_get_no_value(text: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is None or result.value is None


def test_the_50s_is_a_decade_not_a_failure() -> None:
    result = normalise("the 50s", FRIDAY)
    assert result is not None and result.precision == "decade"


def test_ambiguous_numeric_date_without_anchor_is_refused() -> None:
    assert normalise("03/04/2024", None) is None
    nearer = normalise("03/04/2024", FRIDAY)
    assert nearer is not None and nearer.value == "2024-03-04"


@pytest.mark.parametrize(
    ("words", "expected"),
    [("two", 2), ("twenty-four", 24), ("a", 1), ("12", 12), ("several", "X"), ("blue", None)],
)
def test_quantity(words: str, expected: int | str | None) -> None:
    assert quantity(words) == expected


@pytest.mark.parametrize("anchor", [date(2024, 1, 1), date(2024, 2, 29), date(2023, 12, 31)])
@pytest.mark.parametrize(
    "text", ["earlier this month", "earlier this week", "later this week", "later this year"]
)
def test_period_edges_never_invert(anchor: date, text: str) -> None:
    result = normalise(text, anchor)
    assert result is not None and result.start is not None and result.end is not None
    assert result.start <= result.end


# --- the narrative's reference time --------------------------------------------------------------


def _read(text: str, tense: Tense = "past") -> Reference:
    """The reference once ``text`` has been read (a mentioned date sets the narrative time)."""
    result = normalise(text, FRIDAY, tense)
    assert result is not None
    return Reference().after(result)


@pytest.mark.parametrize(
    ("before", "text", "value"),
    [
        # TimeBank values a comparison as the same period one year back.
        ("the third quarter", "a year earlier", "2022-Q3"),
        ("the third quarter", "the year-ago quarter", "2022-Q3"),
        ("the third quarter", "a year ago", "2022-Q3"),
        ("August 12, 2023", "a year earlier", "2022-08-12"),
        ("the third quarter", "the quarter", "2023-Q3"),
        ("March 3, 2023", "that day", "2023-03-03"),
        ("March 3, 2023", "the next day", "2023-03-04"),
        ("March 3, 2023", "the day before", "2023-03-02"),
        ("March 3, 2023", "later that year", "2023"),
        ("March 3, 2023", "the following month", "2023-04"),
        ("March 3, 2023", "the previous Friday", "2023-02-24"),
        ("March 3, 2023", "at 10 p.m.", "2023-03-03T22:00"),
    ],
)
def test_anaphora_read_the_reference_time(before: str, text: str, value: str) -> None:
    result = normalise(text, FRIDAY, "past", _read(before))
    assert result is not None and result.value == value
    assert result.anaphoric


@pytest.mark.parametrize("text", ["that day", "the following year", "the next morning"])
def test_anaphora_without_a_reference_stay_unresolved(text: str) -> None:
    result = normalise(text, FRIDAY, "past")
    assert result is None or result.value is None


def test_a_comparison_does_not_move_the_reference() -> None:
    quarter = _read("the third quarter")
    earlier = normalise("a year earlier", FRIDAY, "past", quarter)
    assert earlier is not None and quarter.after(earlier) == quarter


def test_a_span_of_months_ends_the_reference() -> None:
    reference = _read("the third quarter")
    nine_months = normalise("the first nine months", FRIDAY, "past", reference)
    assert nine_months is not None and nine_months.value == "P9M"
    assert reference.after(nine_months) == Reference()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the latest quarter", "2023-Q4"),  # the last one completed by the publication date
        ("the seasonally slow third quarter", "2023-Q3"),
        ("its fourth quarter", "2023-Q4"),
        ("the fiscal first quarter", "2024-Q1"),
        ("this year's third quarter", "2024-Q3"),
        ("next year's first quarter", "2025-Q1"),
        ("the 1988 third quarter", "1988-Q3"),
    ],
)
def test_quarters(text: str, value: str) -> None:
    result = normalise(text, FRIDAY, "past")
    assert result is not None and result.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("nineteen ninety-six", "1996"),
        ("January nineteen ninety-seven", "1997-01"),
        ("the year two thousand", "2000"),
        ("June last year", "2023-06"),
        ("early October this year", "2024-10"),
        ("April next year", "2025-04"),
        ("last Oct. 23", "2023-10-23"),
        ("the week of March 6", "2023-W10"),
        ("about 10:35 a.m.", "XXXX-XX-XXT10:35"),
        ("7:15 p.m.", "XXXX-XX-XXT19:15"),
        ("5 p.m. EST Tuesday", "2024-01-16T17:00"),
        ("Earlier Friday", "2024-01-19"),
        ("later today", "2024-01-19"),
        ("almost daily", "P1D"),
        ("three days later", "P3D"),
        ("two decades", "P20Y"),
    ],
)
def test_timeml_value_conventions(text: str, value: str) -> None:
    result = normalise(text, FRIDAY, "past")
    assert result is not None and result.value == value


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        # A past-tense announcement may set a date in the coming weeks.
        ("Feb. 1", "past", "2024-02-01"),
        # Further ahead, a past clause still means last year.
        ("March 3", "past", "2023-03-03"),
    ],
)
def test_year_less_days_allow_some_slack_against_the_tense(
    text: str, tense: Tense, value: str
) -> None:
    result = normalise(text, FRIDAY, tense)
    assert result is not None and result.value == value


# --- TimeML conventions added for TempEval-3 (issue 4) ------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3 1/2 years", "P3Y6M"),
        ("about 4 1/2 hours", "PT4H30M"),
        ("an hour and a half", "PT1H30M"),
        ("half an hour", "PT30M"),
        ("a day and a half", "P1DT12H"),
        ("two and a half decades", "P25Y"),
        ("a minute and a half later", "PT1M30S"),
    ],
)
def test_halves_go_into_the_next_smaller_unit(text: str, value: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None and (result.kind, result.value) == ("duration", value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("an additional month", "P1M"),
        ("another week", "P1W"),
        ("almost a hundred years", "P100Y"),
        ("the first hours", "PTXH"),
    ],
)
def test_more_duration_forms(text: str, value: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None and (result.kind, result.value) == ("duration", value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a month or so ago", "2023-12"),
        ("the next year or so", "2025"),
        ("two weeks or so ago", "2024-W01"),
    ],
)
def test_or_so_is_a_hedge(text: str, value: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None and result.value == value


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("June fifth", "past", "2023-06-05"),
        ("the twenty first of May", "future", "2024-05-21"),
        ("this coming Sunday, January twenty first", "unknown", "2024-01-21"),
    ],
)
def test_ordinal_words_next_to_a_month_are_days(text: str, tense: Tense, value: str) -> None:
    result = normalise(text, FRIDAY, tense)
    assert result is not None and result.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the first quarter", "2024-Q1"),
        ("the second half of 2023", "2023-H2"),
    ],
)
def test_ordinal_words_away_from_a_month_keep_their_meaning(text: str, value: str) -> None:
    result = normalise(text, FRIDAY, "past")
    assert result is not None and result.value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("this past autumn", "2023-FA"), ("this coming Tuesday", "2024-01-23")],
)
def test_this_past_and_this_coming_are_one_word(text: str, value: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None and result.value == value


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("this summer", "past", "2024-SU"),
        ("this summer", "future", "2024-SU"),
        ("this winter", "past", "2023-WI"),  # January lies in the winter begun in December
    ],
)
def test_this_season_is_the_current_years(text: str, tense: Tense, value: str) -> None:
    result = normalise(text, FRIDAY, tense)
    assert result is not None and result.value == value


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        # A past clause may report a plan for the coming month ...
        ("in early February", FRIDAY, "2024-02"),
        ("in January", D(2023, 12, 6), "2024-01"),
        # ... but two months ahead is last year's.
        ("in March", FRIDAY, "2023-03"),
    ],
)
def test_a_past_clause_reaches_one_month_ahead(text: str, anchor: date, value: str) -> None:
    result = normalise(text, anchor, "past")
    assert result is not None and result.value == value


def test_dateparser_never_invents_a_year_from_a_day() -> None:
    # "24 and 25" is two days of April, not April 24, 2025.
    result = normalise("April 24 and 25", FRIDAY, "future")
    assert result is None or result.value != "2025-04-24"


@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        ("later in the day", None, "2024-01-19"),
        ("earlier in the day", "January 16", "2024-01-16"),
    ],
)
def test_in_the_day_is_the_narratives_day(text: str, reference: str | None, value: str) -> None:
    ref = Reference()
    if reference is not None:
        known = normalise(reference, FRIDAY, "past")
        assert known is not None
        ref = ref.after(known)
    result = normalise(text, FRIDAY, "past", ref)
    assert result is not None and result.value == value


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("Election Day", "future", "2024-11-05"),
        ("Election Day", "past", "2023-11-07"),
        ("Easter week", "future", "2024-W13"),
        ("Christmas week", "past", "2023-W52"),  # Monday 2023-12-25
    ],
)
def test_more_holidays(text: str, tense: Tense, value: str) -> None:
    result = normalise(text, FRIDAY, tense)
    assert result is not None and result.value == value


def test_a_holiday_week_may_have_begun_before_the_holiday() -> None:
    # Written on the Monday of the week whose Sunday is Easter (2024-03-31).
    result = normalise("Easter week", D(2024, 3, 25), "past")
    assert result is not None and result.value == "2024-W13"


@pytest.mark.parametrize(("text", "value"), [("a 21st century", "20"), ("the 19th century", "18")])
def test_an_ordinal_century_is_no_duration(text: str, value: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None and (result.kind, result.value) == ("date", value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on Sundays", "XXXX-WXX-7"),
        ("Fridays", "XXXX-WXX-5"),
        ("Friday nights", "XXXX-WXX-5TNI"),
        ("each Thursday", "XXXX-WXX-4"),
    ],
)
def test_plural_weekdays_are_sets(text: str, value: str) -> None:
    result = normalise(text, FRIDAY)
    assert result is not None and (result.kind, result.value) == ("set", value)


def test_a_later_date_is_a_future_reference() -> None:
    result = normalise("a later date", FRIDAY)
    assert result is not None and result.value == "FUTURE_REF"


def test_only_a_named_quarter_becomes_the_quarter_of_reference() -> None:
    # "the end of the year" has a quarter's grain but is no quarter to go back to.
    ref = Reference()
    for text in ("the third quarter", "the end of the year"):
        found = normalise(text, FRIDAY, "past", ref)
        assert found is not None
        ref = ref.after(found)
    result = normalise("the quarter", FRIDAY, "past", ref)
    assert result is not None and result.value == "2023-Q3"
