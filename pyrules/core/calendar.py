"""Calendar arithmetic the KB calls during grounding (`@add_months(D,N)`, `@add_workdays(D,N)`, ...).

clingo has integers but no calendar. The rules keep the legal logic; these functions only turn a
day number into another day number. Workdays are Monday-Friday that are not Danish public holidays
(the `holidays` package's Denmark calendar, which knows that Great Prayer Day ended in 2024).
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from functools import lru_cache

import holidays
from clingo import Function, Number, String, Symbol, SymbolType

from .values import day_number, from_day_number, semester_of


@lru_cache(maxsize=64)
def _danish_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("DK", years=year).keys())


def is_workday(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in _danish_holidays(d.year)


def add_months(d: dt.date, months: int) -> dt.date:
    """Same day of month, months later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    last = _cal.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(d.day, last))


def add_workdays(d: dt.date, n: int) -> dt.date:
    """The n-th workday strictly after d (n >= 1); the start day itself is not counted."""
    current = d
    counted = 0
    while counted < n:
        current += dt.timedelta(days=1)
        if is_workday(current):
            counted += 1
    return current


def _num(sym: Symbol) -> int:
    return int(sym.number)


_MEMO = 1 << 16  # the date callbacks are pure: remembered across Controls (batch grounding 1.3x)


class Context:
    """Functions available to the KB as @name(...) during grounding. Pure and deterministic."""

    @staticmethod
    @lru_cache(maxsize=_MEMO)
    def add_months(day: Symbol, months: Symbol) -> Symbol:
        return Number(day_number(add_months(from_day_number(_num(day)), _num(months))))

    @staticmethod
    @lru_cache(maxsize=_MEMO)
    def add_workdays(day: Symbol, n: Symbol) -> Symbol:
        return Number(day_number(add_workdays(from_day_number(_num(day)), _num(n))))

    @staticmethod
    @lru_cache(maxsize=_MEMO)
    def workday(day: Symbol) -> Symbol:
        return Number(1 if is_workday(from_day_number(_num(day))) else 0)

    @staticmethod
    @lru_cache(maxsize=_MEMO)
    def semester_of(day: Symbol) -> Symbol:
        s = semester_of(from_day_number(_num(day)))
        return Function("sem", [Number(s.year), Function(s.kind)])

    @staticmethod
    @lru_cache(maxsize=_MEMO)
    def date(year: Symbol, month: Symbol, day: Symbol) -> Symbol:
        return Number(day_number(dt.date(_num(year), _num(month), _num(day))))

    def year_of(self, day: Symbol) -> Symbol:
        return Number(from_day_number(_num(day)).year)

    def month_of(self, day: Symbol) -> Symbol:
        return Number(from_day_number(_num(day)).month)

    def day_of(self, day: Symbol) -> Symbol:
        return Number(from_day_number(_num(day)).day)

    def subject_text(self, subject: Symbol) -> Symbol:
        """A decision subject as a string: "10122" stays, the constant p1 becomes "p1".

        (encode.subject_sym turns a lower-case subject into a constant.)
        """
        if subject.type == SymbolType.String:
            return subject
        if subject.type == SymbolType.Function and not subject.arguments:
            return String(subject.name)
        return String(str(subject))
