"""pyrules/calendar.py: workdays (Danish public holidays from the `holidays` package) and months."""

from __future__ import annotations

import datetime as dt

import pytest
from clingo import Function, Number, String

from pyrules.core.calendar import Context, add_months, add_workdays, is_workday
from pyrules.core.values import day_number, from_day_number

D = dt.date.fromisoformat


@pytest.mark.parametrize(("start", "n", "expected"), [
    ("2024-03-20", 1, "2024-03-21"),   # Wednesday -> Thursday
    ("2024-03-22", 1, "2024-03-25"),   # Friday -> Monday (weekend skipped)
    ("2024-03-27", 1, "2024-04-02"),   # Maundy Thursday, Good Friday, Easter Monday 2024 skipped
    ("2024-03-20", 20, "2024-04-22"),  # 20 workdays across Easter
    ("2024-05-08", 1, "2024-05-10"),   # Ascension Day 2024-05-09 skipped
    ("2024-05-17", 1, "2024-05-21"),   # Whit Monday 2024-05-20 skipped
    ("2025-06-06", 1, "2025-06-10"),   # Whit Monday 2025-06-09 skipped
    ("2024-12-20", 20, "2025-01-22"),  # Christmas Day, Boxing Day, New Year's Day skipped
    ("2024-12-23", 1, "2024-12-24"),   # 24 December is not a public holiday
    ("2024-12-24", 1, "2024-12-27"),
    ("2024-12-31", 1, "2025-01-02"),
    ("2023-05-04", 1, "2023-05-08"),   # Great Prayer Day 2023-05-05 was a holiday ...
    ("2024-04-25", 1, "2024-04-26"),   # ... and abolished from 2024 (2024-04-26 is a workday)
    ("2024-06-04", 1, "2024-06-05"),   # 5 June (Constitution Day) is not a public holiday
])
def test_add_workdays(start: str, n: int, expected: str) -> None:
    assert add_workdays(D(start), n) == D(expected)


def test_start_day_is_not_counted_even_on_a_workday() -> None:
    assert is_workday(D("2024-03-20"))
    assert add_workdays(D("2024-03-20"), 1) != D("2024-03-20")


def test_is_workday() -> None:
    assert not is_workday(D("2024-03-23"))  # Saturday
    assert not is_workday(D("2024-03-24"))  # Sunday
    assert not is_workday(D("2024-03-29"))  # Good Friday
    assert not is_workday(D("2025-01-01"))
    assert is_workday(D("2024-03-26"))


@pytest.mark.parametrize(("start", "n", "expected"), [
    ("2024-01-31", 1, "2024-02-29"),   # clamped to the end of a leap February
    ("2025-01-31", 1, "2025-02-28"),   # clamped, not a leap year
    ("2025-03-31", 1, "2025-04-30"),
    ("2025-02-01", 5, "2025-07-01"),
    ("2024-11-15", 3, "2025-02-15"),   # year rollover
    ("2025-03-31", -1, "2025-02-28"),  # backwards, clamped
    ("2025-05-15", 0, "2025-05-15"),
])
def test_add_months(start: str, n: int, expected: str) -> None:
    assert add_months(D(start), n) == D(expected)


def test_context_functions_work_on_day_numbers() -> None:
    ctx = Context()
    day = Number(day_number(D("2024-12-20")))
    assert from_day_number(ctx.add_workdays(day, Number(20)).number) == D("2025-01-22")
    assert from_day_number(ctx.add_months(Number(day_number(D("2024-01-31"))), Number(1)).number) \
        == D("2024-02-29")
    assert ctx.workday(Number(day_number(D("2024-12-25")))).number == 0
    assert ctx.semester_of(Number(day_number(D("2025-01-31")))) == \
        Function("sem", [Number(2024), Function("autumn")])
    assert ctx.semester_of(Number(day_number(D("2025-02-01")))) == \
        Function("sem", [Number(2025), Function("spring")])
    assert ctx.date(Number(2024), Number(12), Number(24)).number == day_number(D("2024-12-24"))
    assert (ctx.year_of(day).number, ctx.month_of(day).number, ctx.day_of(day).number) == (2024, 12, 20)


# --- kb/chapters/reexams.lp: a course discontinued exactly on a period start (001 L1578) -----------

@pytest.fixture(scope="module")
def engine():
    from pyrules.core.engine import Engine
    return Engine()


def _discontinued_10122(engine, discontinued_on: str, on: str):
    from pyrules.core.students import student_from_data
    student = student_from_data({
        "id": "tdisc", "programme": "msc_engineering_physics", "admitted": "2023-09-01",
        "course_registrations": [{"course": "10122", "period": "autumn-2023"}],
        "exams": [{"course": "10122", "term": "2023-12", "date": "2023-12-14", "result": "00"}],
    }, "test")
    extra = [Function("discontinued", [String("10122"), Number(day_number(D(discontinued_on)))])]
    return engine.evaluate(student, D(on), extra)


def test_discontinued_on_a_period_start_has_no_run_in_that_period(engine) -> None:
    # 10122 (autumn) no longer offered from 2024-09-01, the first day of the autumn period: the last
    # run is autumn 2023, so the two extra re-exams are May 2024 and May 2025.
    ev = _discontinued_10122(engine, "2024-09-01", "2025-06-01")
    assert ev.holds(Function("reexam_barred", [String("tdisc"), String("10122"),
                                               Function("course_no_longer_offered")]))
    ev = _discontinued_10122(engine, "2024-09-01", "2025-05-31")
    assert ev.holds(Function("reexam_term", [String("tdisc"), String("10122"),
                                             Function("term", [Number(2025), Number(5)])]))


def test_discontinued_a_day_after_the_period_start_keeps_that_run(engine) -> None:
    # From 2024-09-02: autumn 2024 began before it and is the last run -> extra re-exams May 2025, 2026.
    ev = _discontinued_10122(engine, "2024-09-02", "2025-06-01")
    assert not ev.holds(Function("reexam_barred", [String("tdisc"), String("10122"),
                                                   Function("course_no_longer_offered")]))
    assert ev.holds(Function("reexam_term", [String("tdisc"), String("10122"),
                                             Function("term", [Number(2026), Number(5)])]))


# --- kb/chapters/exam_deadlines.lp: an August exam of a course with a 13-week and an August period ----

def _august_exam(engine, course: str, extra):
    from pyrules.core.students import student_from_data
    student = student_from_data({
        "id": "taug", "programme": "msc_engineering_physics", "admitted": "2023-09-01",
        "exams": [{"course": course, "term": "2024-08", "date": "2024-08-15", "result": "7",
                   "period_end": "2024-08-23"}],
    }, "test")
    return engine.evaluate(student, D("2024-10-01"), extra)


def _grading(course: str, day: str):
    return Function("grading_deadline", [String("taug"), String(course),
                                         Function("term", [Number(2024), Number(8)]),
                                         Number(day_number(D(day)))])


def test_august_exam_of_a_course_with_a_thirteen_week_period_may_be_a_reexam(engine) -> None:
    # 10122 (autumn) given an extra August period: an August exam without a course registration may be
    # its re-exam, so the exam-day rule applies (2024-08-15 + 20 workdays), not the 3-week rule.
    ev = _august_exam(engine, "10122", [Function("offered", [String("10122"), Function("august")])])
    assert ev.holds(_grading("10122", "2024-09-12"))
    assert not ev.holds(_grading("10122", "2024-09-20"))


def test_august_exam_of_an_august_only_course_is_a_three_week_exam(engine) -> None:
    ev = _august_exam(engine, "42504", [])
    assert ev.holds(_grading("42504", "2024-09-20"))      # 2024-08-23 + 20 workdays
    assert not ev.holds(_grading("42504", "2024-09-12"))
