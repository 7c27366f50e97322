"""Value types shared by the student schema, the encoder and the answers: dates, terms, ECTS, results."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

EPOCH = dt.date(1970, 1, 1)

# Bounds (docs/facts.md, "Bounds"): every date and term lies in FIRST_YEAR..LAST_YEAR, so the
# calendar functions the KB calls during grounding never leave Python's date range; an ECTS item
# is at most MAX_ECTS, so no sum the KB takes can leave clingo's 32-bit integers.
FIRST_YEAR, LAST_YEAR = 1950, 2100
FIRST_DATE, LAST_DATE = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
MAX_ECTS = 300
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

GRADES = (-3, 0, 2, 4, 7, 10, 12)
GRADE_TEXT = {-3: "-3", 0: "00", 2: "02", 4: "4", 7: "7", 10: "10", 12: "12"}
CODES = ("pass", "fail", "syg", "em", "ig", "ab", "ai", "sn")
# Danish spellings of the same assessments (003): bestået / ikke bestået.
CODE_ALIASES = {"be": "pass", "bestaaet": "pass", "bestået": "pass", "passed": "pass",
                "ib": "fail", "ikke bestået": "fail", "not passed": "fail", "failed": "fail"}
RESULT_CHOICES = "-3,00,02,4,7,10,12,pass,fail,BE,IB,SYG,EM,IG,AB,AI,SN"

MONTHS = {name: i for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
PERIOD_KINDS = ("autumn", "spring", "january", "june", "july", "august")


def day_number(d: dt.date) -> int:
    """A date as the integer clingo sees: days since 1970-01-01."""
    return (d - EPOCH).days


def from_day_number(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=n)


def check_year(year: int, what: str = "year") -> int:
    """A year within FIRST_YEAR..LAST_YEAR (the range every date and term must lie in)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{what} {year} is outside {FIRST_YEAR}..{LAST_YEAR}")
    return year


def parse_date(value: Any) -> dt.date:
    """A calendar date from YAML or a command: exactly YYYY-MM-DD, in FIRST_YEAR..LAST_YEAR."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value.strip())
    if isinstance(value, dt.date):
        if not FIRST_DATE <= value <= LAST_DATE:
            raise ValueError(f"date {value} is outside {FIRST_DATE}..{LAST_DATE}")
        return value
    raise ValueError(f"expected a date YYYY-MM-DD; got {value!r}")


def parse_ects(value: Any) -> int:
    """ECTS points as an exact integer times ten (7.5 -> 75); rejects 7.25 and negatives."""
    text = str(value).strip() if isinstance(value, (int, float, str, Decimal)) else ""
    if isinstance(value, bool) or not text or len(text) > 20:
        raise ValueError(f"expected ECTS points such as 5, 7.5 or 32.5; got {value!r}")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValueError(f"expected ECTS points such as 5, 7.5 or 32.5; got {value!r}") from None
    if not amount.is_finite() or not 0 <= amount <= MAX_ECTS:
        raise ValueError(f"expected ECTS points from 0 to {MAX_ECTS}; got {value!r}")
    tenths = amount * 10
    if tenths != tenths.to_integral_value():
        raise ValueError(f"expected ECTS points in steps of 0.1 (e.g. 7.5), >= 0; got {value!r}")
    return int(tenths)


def ects_text(tenths: int) -> str:
    """75 -> '7.5', 50 -> '5'."""
    whole, frac = divmod(tenths, 10)
    return f"{whole}" if frac == 0 else f"{whole}.{frac}"


def parse_result(value: Any) -> str | int:
    """A result: an int grade of the 7-point scale, or one of the codes (lower case)."""
    if isinstance(value, bool):
        raise ValueError(f"expected one of {RESULT_CHOICES}; got {value!r}")
    if isinstance(value, int):
        if value in GRADES:
            return value
        raise ValueError(f"expected one of {RESULT_CHOICES}; got {value}")
    if isinstance(value, str):
        text = value.strip()
        for grade, shown in GRADE_TEXT.items():
            if text in (shown, str(grade)):
                return grade
        low = text.lower()
        if low in CODES:
            return low
        if low in CODE_ALIASES:
            return CODE_ALIASES[low]
    raise ValueError(f"expected one of {RESULT_CHOICES}; got {value!r}")


def result_text(result: str | int) -> str:
    if isinstance(result, int):
        return GRADE_TEXT[result]
    return {"pass": "Pass", "fail": "Fail"}.get(result, result.upper())


def parse_course(value: Any) -> str:
    """A DTU course number: five digits, kept as a string ("01920")."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 99999:
        value = f"{value:05d}"
    if isinstance(value, str) and re.fullmatch(r"\d{5}", value.strip()):
        return value.strip()
    raise ValueError(f"expected a five-digit course number such as \"10036\"; got {value!r}")


@dataclass(frozen=True, order=True)
class Term:
    """An exam term: the month of an exam period (December 2023 = Term(2023, 12))."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


def parse_term(value: Any) -> Term:
    """'2023-12', 'december 2023', 'december-2023' or a date -> Term."""
    if isinstance(value, dt.date):
        return Term(check_year(value.year, "term year"), value.month)
    if isinstance(value, str):
        text = value.strip().lower()
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        if m and 1 <= int(m.group(2)) <= 12:
            return Term(check_year(int(m.group(1)), "term year"), int(m.group(2)))
        m = re.fullmatch(r"([a-z]+)[ -](\d{4})", text)
        if m and m.group(1) in MONTHS:
            return Term(check_year(int(m.group(2)), "term year"), MONTHS[m.group(1)])
    raise ValueError(f"expected an exam term such as 2023-12 or \"december 2023\"; got {value!r}")


@dataclass(frozen=True, order=True)
class Period:
    """A teaching period: autumn/spring 13-week or a 3-week period (january..august) of a year."""

    year: int
    kind: str

    def __str__(self) -> str:
        return f"{self.kind}-{self.year}"


def parse_period(value: Any) -> Period:
    """'autumn-2023', 'autumn 2023', 'january-2024' -> Period."""
    if isinstance(value, str):
        m = re.fullmatch(r"([a-z]+)[ -](\d{4})", value.strip().lower())
        if m and m.group(1) in PERIOD_KINDS:
            return Period(check_year(int(m.group(2))), m.group(1))
    raise ValueError(
        f"expected a teaching period such as autumn-2023, spring-2024, january-2024; got {value!r}"
    )


@dataclass(frozen=True, order=True)
class Semester:
    """autumn Y = 1 Sep Y .. 31 Jan Y+1; spring Y = 1 Feb Y .. 31 Aug Y (001 L1918)."""

    year: int
    kind: str

    def __str__(self) -> str:
        return f"{self.kind}-{self.year}"


def parse_semester(value: Any) -> Semester:
    if isinstance(value, str):
        m = re.fullmatch(r"(autumn|spring)[ -](\d{4})", value.strip().lower())
        if m:
            return Semester(check_year(int(m.group(2))), m.group(1))
    raise ValueError(f"expected a semester such as autumn-2024 or spring-2025; got {value!r}")


def semester_of(d: dt.date) -> Semester:
    if d.month >= 9:
        return Semester(d.year, "autumn")
    if d.month == 1:
        return Semester(d.year - 1, "autumn")
    return Semester(d.year, "spring")


_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


def parse_name(value: Any, what: str = "a name") -> str:
    """A lower-case identifier used as a symbol (e.g. a reason or a decision subject)."""
    if isinstance(value, str) and _NAME.fullmatch(value.strip()):
        return value.strip()
    raise ValueError(f"expected {what}: lower-case letters, digits and _; got {value!r}")


_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def parse_id(value: Any) -> str:
    """An identifier printed in tables and used as a file name: letters, digits, _ . - (64 at most)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and _SAFE_ID.fullmatch(value):
        return value
    raise ValueError(f"expected an id of letters, digits, _, . and - (at most 64, starting with "
                     f"a letter or digit); got {value!r}")


def _control(ch: str) -> bool:
    """A character that can move the cursor, erase or reorder text on a terminal."""
    o = ord(ch)
    return o < 32 or 127 <= o < 160 or 0x200B <= o <= 0x200F or 0x202A <= o <= 0x202E \
        or 0x2066 <= o <= 0x2069 or o in (0x2028, 0x2029, 0xFEFF)


def parse_text(value: Any) -> str:
    """Free text (a name, a title, a note): one line, no control characters."""
    if isinstance(value, str):
        bad = next((ch for ch in value if _control(ch)), None)
        if bad is not None:
            raise ValueError(f"control character {bad!r} is not allowed in text; got {value[:60]!r}")
    return value


def escape(text: object, lines: bool = True) -> str:
    """Text safe to print on a terminal: control characters become visible escapes (\\x1b);
    newlines and tabs stay when `lines` (multi-line replies), else they are escaped too."""
    s = str(text)
    keep = "\n\t" if lines else ""
    if not any(_control(ch) and ch not in keep for ch in s):
        return s
    return "".join(repr(ch)[1:-1] if _control(ch) and ch not in keep else ch for ch in s)
