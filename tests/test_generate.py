"""The cohort generator: valid files, reproducible from the seed, varied conclusions."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from pyrules.core.engine import shared_engine
from pyrules.core.students import FactsError, load_student
from pyrules.maintain.generate import BENG, MSC, catalogue, generate, main, student_text


@pytest.fixture(scope="module")
def courses() -> frozenset[str]:
    courses = shared_engine().courses
    assert courses
    return courses


def test_catalogue_parser_agrees_with_the_kb(courses: frozenset[str]) -> None:
    cat = catalogue()
    assert set(cat.ects) == set(courses)
    assert cat.groups["gc_b"] and cat.groups["technological_specialisation"]
    assert cat.plan[("k2024", 1)] == ["01911", "10935", "62001", "62010"]
    assert "62051" in cat.choice[("k2023", 4)] and cat.electives["kpre2021"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_students_are_valid(tmp_path: Path, courses: frozenset[str], seed: int) -> None:
    paths = generate(300, seed, tmp_path / "cohort")
    assert [p.name for p in paths] == [f"g{i:06d}.yaml" for i in range(1, 301)]
    errors: list[str] = []
    ids = []
    for p in paths:
        try:
            ids.append(load_student(p, courses).id)
        except FactsError as err:
            errors.extend(str(e) for e in err.problems)
    assert errors == []
    assert ids == [p.stem for p in paths] and len(set(ids)) == 300
    assert sorted(x.name for x in (tmp_path).iterdir()) == ["cohort"]  # no temporary left behind


def test_every_result_code_and_hard_case_appears() -> None:
    text = "".join(student_text(5, i) for i in range(1, 401))
    for code in ("-3", "00", "02", "4", "7", "10", "12"):
        assert f'result: "{code}"' in text
    for code in ("pass", "fail", "BE", "IB", "SYG", "EM", "IG", "AB", "AI", "SN"):
        assert f"result: {code}" in text, code
    for key in ("parts:", "illness_documented:", "withdrawn:", "leave:", "withdrawal:",
                "readmission_applications:", "pre_commencement_credit:", "credit_transfers:",
                "kind: msc_thesis", "kind: beng_project", "extensions:", "decisions:",
                "industry_programme: true", "tuition:", "disenrolment:", "exchange_stays:",
                "kind: release_from_binding", "kind: course_manager_new_opportunity",
                "kind: extra_attempt", "subject: thesis_start", "residence_status_changes:"):
        assert key in text, key
    # documentation of illness on day 13, 14 and 15 after the exam (001: two weeks)
    for day in (13, 14, 15):
        assert f"syg-day{day}" in text
    years = Counter(m.group(1) for m in re.finditer(r"^admitted: (\d{4})", text, re.M))
    assert set(years) == {str(y) for y in range(2019, 2027)}
    assert 'course: "01911"' in text  # course numbers stay quoted strings


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = generate(50, 11, tmp_path / "a")
    b = generate(50, 11, tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    c = generate(50, 12, tmp_path / "c")
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]
    # a larger cohort of the same seed starts with the same students
    assert student_text(11, 7) == a[6].read_text(encoding="utf-8")


def test_existing_folder_and_programme(tmp_path: Path, courses: frozenset[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    paths = generate(20, 4, out, programme=BENG)
    assert sorted(x.name for x in out.iterdir()) == sorted(["keep.txt", *(p.name for p in paths)])
    assert {load_student(p, courses).record.programme for p in paths} == {BENG}
    with pytest.raises(ValueError):
        generate(1, 4, tmp_path / "bad", programme="phd")


def test_command_line(tmp_path: Path) -> None:
    assert main(["--students", "3", "--seed", "9", "--out", str(tmp_path / "o"),
                 "--programme", MSC]) == 0
    files = sorted((tmp_path / "o").iterdir())
    assert len(files) == 3 and all(f"programme: {MSC}\n" in f.read_text() for f in files)


def test_conclusions_are_varied(tmp_path: Path, courses: frozenset[str]) -> None:
    engine = shared_engine()
    seen: Counter[str] = Counter()
    for p in generate(30, 1, tmp_path / "v"):  # ~0.2 s an evaluation: keep the test short
        evaluation = engine.evaluate(load_student(p, courses), on=dt.date(2026, 12, 1))
        seen.update({c.predicate for c in evaluation.conclusions()})
    assert len(seen) >= 45, sorted(seen)
    wanted = ("attempts_exhausted", "may_start_thesis", "thesis_passed", "study_activity_breached",
              "binding_kept_despite_illness", "credit_transferable", "leave_allowed", "thesis_extension",
              "part_exam_average", "readmission_earliest_start", "must_retake_course")
    assert sum(seen[p] > 0 for p in wanted) >= 8, {p: seen[p] for p in wanted}
    conflicts = [p for p in seen if p.startswith("in_conflict_with_")]
    assert len(conflicts) >= 3, conflicts
    assert 0 < seen["in_conflict_with_exam_rules"] < 15  # a mix of ordinary and hard cases
