"""Student files: validation at the boundary, with file:line messages for every kind of bad field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pyrules.cli import main
from pyrules.core.engine import Engine
from pyrules.core.students import FactsError, load_student, student_files, student_from_text

STUDENTS = Path(__file__).resolve().parents[1] / "kb" / "facts" / "students"

HEAD = """id: t1
programme: msc_engineering_physics
admitted: 2023-02-01
"""


@pytest.fixture(scope="module")
def courses() -> frozenset[str]:
    courses = Engine().courses
    assert courses, "the course catalogue must be loaded"
    return courses


def problems(text: str, courses: frozenset[str] | None) -> list[str]:
    with pytest.raises(FactsError) as info:
        student_from_text(text, "t1.yaml", courses)
    return [str(p) for p in info.value.problems]


def test_bundled_students_are_valid(courses: frozenset[str]) -> None:
    files = student_files(STUDENTS)
    assert len(files) >= 15
    ids = [load_student(f, courses).id for f in files]
    assert "s1001" in ids and any(i.startswith("s2") for i in ids)
    assert all(f.stem == i for f, i in zip(files, ids, strict=True))


def test_unknown_course(courses: frozenset[str]) -> None:
    text = HEAD + "exams:\n  - {course: \"99999\", term: 2023-12, result: \"7\"}\n"
    assert problems(text, courses) == [
        "t1.yaml:5 exams[0].course: unknown course '99999': not in the course catalogue "
        "(kb/facts/catalogue.lp) nor the number of one of the file's special_courses"]


SPECIAL = HEAD + """special_courses:
  - {id: sc1, course: "10390", title: Project course in optics, ects: 7.5, approved: 2023-08-15}
"""


def test_a_special_course_number_is_a_known_course_of_its_file(courses: frozenset[str]) -> None:
    # 001 L906-914: an MSc project course; its exams name its number
    text = SPECIAL + "exams:\n  - {course: \"10390\", term: 2023-12, result: \"7\"}\n"
    student = student_from_text(text, "t1.yaml", courses)
    assert student.record.special_courses[0].course == "10390"


def test_another_unknown_course_is_still_refused_beside_a_special_course(courses: frozenset[str]) -> None:
    text = SPECIAL + "exams:\n  - {course: \"10391\", term: 2023-12, result: \"7\"}\n"
    (msg,) = problems(text, courses)
    assert msg.startswith("t1.yaml:7 exams[0].course: unknown course '10391'")
    text = SPECIAL + "course_registrations:\n  - {course: \"10391\", period: autumn-2023}\n"
    (msg,) = problems(text, courses)
    assert msg.startswith("t1.yaml:7 course_registrations[0].course: unknown course '10391'")


def test_a_special_course_number_in_the_catalogue_is_refused(courses: frozenset[str]) -> None:
    (msg,) = problems(SPECIAL.replace("10390", "10122"), courses)
    assert msg.startswith("t1.yaml:5 special_courses[0].course: course 10122 is in the course catalogue")


def test_a_special_course_number_twice_is_refused(courses: frozenset[str]) -> None:
    text = SPECIAL + "  - {id: sc2, course: \"10390\", ects: 5}\n"
    (msg,) = problems(text, courses)
    assert msg.startswith("t1.yaml:6 special_courses[1].course: course 10390 is already the number of "
                          "special_courses[0]")


def test_a_special_course_result_given_twice_is_refused(courses: frozenset[str]) -> None:
    text = SPECIAL.replace("approved: 2023-08-15", "approved: 2023-08-15, result: \"7\", date: 2023-12-20")
    text += "exams:\n  - {course: \"10390\", term: 2023-12, result: \"7\"}\n"
    (msg,) = problems(text, courses)
    assert msg.startswith("t1.yaml:5 special_courses[0].result: special course 10390 has exams")


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("course", "1039", "special_courses[0].course: expected a five-digit course number"),
    ("approved", "2023-02-30", "special_courses[0].approved: expected a date YYYY-MM-DD"),
])
def test_special_course_schema_errors(courses: frozenset[str], field: str, value: str, expected: str) -> None:
    line = {"course": 'course: "10390"', "approved": "approved: 2023-08-15"}[field]
    text = SPECIAL.replace(line, f'{field}: "{value}"')
    (msg,) = problems(text, courses)
    assert msg.startswith(f"t1.yaml:5 {expected}"), msg


def test_impossible_grade(courses: frozenset[str]) -> None:
    text = HEAD + "exams:\n  - course: \"10122\"\n    term: 2023-12\n    result: 13\n"
    (msg,) = problems(text, courses)
    assert msg.startswith("t1.yaml:7 exams[0].result: expected one of -3,00,02,4,7,10,12")
    assert msg.endswith("got 13")


def test_bad_date(courses: frozenset[str]) -> None:
    text = HEAD.replace("2023-02-01", "2023-02-30")
    (msg,) = problems(text, courses)
    assert msg.startswith("t1.yaml:3 admitted: expected a date YYYY-MM-DD")


def test_attempt_before_admission(courses: frozenset[str]) -> None:
    text = HEAD + "exams:\n  - {course: \"10122\", term: 2022-12, date: 2022-12-13, result: \"7\"}\n"
    (msg,) = problems(text, courses)
    assert msg.startswith("t1.yaml:5 exams[0].date: exam date 2022-12-13 is before admission")


def test_early_start_exam_before_admission_is_allowed(courses: frozenset[str]) -> None:
    # 001 L1947: a February start may take a January course before the study start.
    text = HEAD + "exams:\n  - {course: \"42501\", term: 2023-01, date: 2023-01-25, result: \"7\"}\n"
    assert student_from_text(text, "t1.yaml", courses).record.exams[0].course == "42501"


def test_duplicate_attempt(courses: frozenset[str]) -> None:
    text = HEAD + ("exams:\n  - {course: \"10122\", term: 2023-12, result: \"7\"}\n"
                   "  - {course: \"10122\", term: december 2023, result: \"4\"}\n")
    (msg,) = problems(text, courses)
    assert msg.startswith("t1.yaml:6 exams[1]: duplicate exam occasion: course 10122 in term 2023-12")


def test_missing_and_unknown_fields(courses: frozenset[str]) -> None:
    text = "id: t1\nprogramme: msc_engineering_physics\nadmited: 2023-02-01\n"
    msgs = problems(text, courses)
    assert "t1.yaml:1 admitted: missing (required)" in msgs
    assert any(m.startswith("t1.yaml:3 admited: unknown field") for m in msgs)


def test_bad_yaml_names_the_line() -> None:
    (msg,) = problems(HEAD + "exams: [\n  {course: 1\n", None)
    assert msg.startswith("t1.yaml:") and "not valid YAML" in msg


def test_exact_ects_and_leading_zeros(courses: frozenset[str]) -> None:
    text = HEAD + ("pre_commencement_credit:\n  - {id: a, ects: 32.5, level: msc, "
                   "passed_on: 2022-06-01}\nexams:\n  - {course: 01922, term: 2023-05, result: 02}\n")
    rec = student_from_text(text.replace("msc_engineering_physics", "beng_process_innovation"),
                            "t1.yaml", courses).record
    assert rec.pre_commencement_credit[0].ects == 325
    assert rec.exams[0].course == "01922" and rec.exams[0].result == 2


def test_ects_not_exact_is_rejected() -> None:
    text = HEAD + "pre_commencement_credit:\n  - {id: a, ects: 7.25, level: msc, passed_on: 2022-06-01}\n"
    (msg,) = problems(text, None)
    assert msg.startswith("t1.yaml:5 pre_commencement_credit[0].ects: expected ECTS points in steps")


def test_cli_exits_2_with_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEAD + "exams:\n  - {course: \"10122\", term: 2023-12, result: 13}\n")
    assert main(["check", str(bad), "--on", "2024-01-01"]) == 2
    out = capsys.readouterr().out
    assert f"{bad}:5 exams[0].result: expected one of" in out


def test_injection_stays_data(courses: frozenset[str]) -> None:
    """A field of study or a title that looks like ASP is a clingo string, never program text;
    an id that looks like ASP is not even a valid id (ids are a safe alphabet)."""
    evil = 'x). #false. %'
    text = ("id: \"x1\"\nprogramme: msc_engineering_physics\nadmitted: 2023-02-01\n"
            "field_of_study: \"a). :- student(X). %\"\n"
            "credit_transfers:\n  - {id: \"b1\", title: \"x). #false. %\", ects: 5, "
            "level: msc, status: applied}\n"
            "exams:\n  - {course: \"10122\", term: 2023-12, date: 2023-12-14, result: \"7\"}\n")
    student = student_from_text(text, "evil.yaml", courses)
    ev = Engine().evaluate(student, dt.date(2024, 1, 1))
    passed = ev.conclusions("course_passed")
    assert [c.values for c in passed] == [("x1", "10122")]
    with pytest.raises(FactsError, match=r"evil.yaml:1 id: expected an id"):
        student_from_text(text.replace('id: "x1"', f'id: "{evil}"'), "evil.yaml", courses)


def test_complaint_decision_needs_its_outcome(courses: frozenset[str]) -> None:
    text = HEAD + "exams:\n  - course: \"10122\"\n    term: 2023-12\n    complaint: {decided: 2024-03-15}\n"
    (msg,) = problems(text, courses)
    assert msg.startswith("t1.yaml:") and "complaint" in msg and "outcome" in msg


def test_form_change_kind_is_checked(courses: frozenset[str]) -> None:
    text = HEAD + ("exams:\n  - course: \"10122\"\n    term: 2023-12\n"
                   "    form_changed: {notified: 2023-11-20, kind: oral}\n")
    (msg,) = problems(text, courses)
    assert "form_changed.kind" in msg
