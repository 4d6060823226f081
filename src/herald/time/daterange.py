"""Calendar arithmetic on inclusive day ranges: months, weeks, quarters, seasons, decades.

Every helper returns ``None`` instead of raising when a value falls outside what ``datetime.date``
can hold, so hostile input ("year 99999", "3000 years ago") degrades to an unresolved expression.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

#: Years outside this window are treated as misreadings (numbers, not years).
MIN_YEAR = 1000
MAX_YEAR = 2200

#: Meteorological seasons (northern hemisphere): TIMEX3 code -> first month. Winter Y starts in
#: December of Y and runs into the next year.
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def valid_year(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)`` or None when the date does not exist or is out of range."""
    if not valid_year(year) or not 1 <= month <= 12:
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def add_days(day: date, n: int) -> date | None:
    try:
        out = day + timedelta(days=n)
    except OverflowError:
        return None
    return out if valid_year(out.year) else None


def shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    """The (year, month) ``n`` months after (year, month); ``n`` may be negative."""
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def month_range(year: int, month: int) -> tuple[date, date] | None:
    if not valid_year(year) or not 1 <= month <= 12:
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_range(year: int) -> tuple[date, date] | None:
    if not valid_year(year):
        return None
    return date(year, 1, 1), date(year, 12, 31)


def week_range(day: date) -> tuple[date, date] | None:
    """Monday to Sunday of the ISO week containing ``day``."""
    monday = add_days(day, -day.weekday())
    sunday = add_days(day, 6 - day.weekday())
    if monday is None or sunday is None:
        return None
    return monday, sunday


def week_value(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def quarter_range(year: int, quarter: int) -> tuple[date, date] | None:
    if not 1 <= quarter <= 4:
        return None
    first = month_range(year, 3 * quarter - 2)
    last = month_range(year, 3 * quarter)
    if first is None or last is None:
        return None
    return first[0], last[1]


def season_range(year: int, season: str) -> tuple[date, date] | None:
    start_month = SEASON_START[season]
    first = month_range(year, start_month)
    end_year, end_month = shift_month(year, start_month, 2)
    last = month_range(end_year, end_month)
    if first is None or last is None:
        return None
    return first[0], last[1]


def season_of(day: date) -> tuple[int, str]:
    """The (season year, season code) a day falls in."""
    for code, start in (("WI", 12), ("FA", 9), ("SU", 6), ("SP", 3)):
        if day.month >= start:
            return day.year, code
    return day.year - 1, "WI"


def decade_range(first_year: int) -> tuple[date, date] | None:
    if not valid_year(first_year) or not valid_year(first_year + 9):
        return None
    return date(first_year, 1, 1), date(first_year + 9, 12, 31)
