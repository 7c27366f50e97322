"""Collects tests/scenarios/**/*.yaml (one pytest item per scenario case), and the small students
the question, REPL and CLI tests share (fixtures)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pyrules.ask import Session
from pyrules.ask.kinds import example_questions
from pyrules.core.engine import shared_engine
from pyrules.core.prolog.engine import shared_prolog_engine
from pyrules.core.students import Student, student_from_data
from pyrules.maintain.crosscheck import differences
from pyrules.maintain.scenarios import ScenarioError, load_cases, run_case

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
engine = shared_engine


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and SCENARIOS in file_path.parents:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFailure(Exception):
    pass


class CrossCheckFailure(Exception):
    """The Prolog engine concludes otherwise than clingo on a scenario case (issue 18)."""


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        try:
            cases = list(load_cases(self.path, engine().courses))
        except ScenarioError as err:
            yield BrokenScenario.from_parent(self, name="(unreadable)", message=str(err))
            return
        for case in cases:
            yield ScenarioItem.from_parent(self, name=case.name, case=case)


class BrokenScenario(pytest.Item):
    def __init__(self, *, message: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.message = message

    def runtest(self) -> None:
        raise ScenarioFailure(self.message)

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        return str(excinfo.value)


class ScenarioItem(pytest.Item):
    def __init__(self, *, case: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        outcome = run_case(self.case, engine())
        if not outcome.passed:
            raise ScenarioFailure(outcome)
        assert outcome.evaluation is not None
        diff = differences(outcome.evaluation,
                           shared_prolog_engine().evaluate(self.case.student, self.case.on))
        if diff:
            raise CrossCheckFailure(f"{self.case.file}:{self.case.line}: scenario "
                                    f"{self.case.name!r}: the engines differ:\n  "
                                    + "\n  ".join(diff))

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        err = excinfo.value
        if isinstance(err, CrossCheckFailure):
            return str(err)
        if not isinstance(err, ScenarioFailure) or not err.args:
            return super().repr_failure(excinfo)
        outcome = err.args[0]
        case = outcome.case
        kb = engine().kb
        lines = [f"{case.file}:{case.line}: scenario {case.name!r} (on {case.on})"]
        for rule_id in case.rules:
            rule = kb.rules.get(rule_id)
            if rule is not None:
                lines.append(f"  rule {rule_id}: {rule.source}  \"{rule.quote}\"")
        lines += [f"  - {f}" for f in outcome.failures]
        return "\n".join(lines)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"scenario: {self.case.name}"


# --- small students built from dicts (the bundled ones are maintained elsewhere and may change) ---
ON = dt.date(2025, 9, 1)

# Small students built from dicts (the bundled ones are maintained elsewhere and may change).
STUDENT_DATA: dict[str, dict[str, Any]] = {
    "s1001": {"id": "s1001", "programme": "msc_engineering_physics", "admitted": "2023-02-01",
              "course_registrations": [{"course": "10102", "period": "spring-2023"},
                                       {"course": "10384", "period": "spring-2023"}],
              "exams": [{"course": "10102", "term": "2023-05", "date": "2023-05-17", "result": "00"},
                        {"course": "10384", "term": "2023-05", "date": "2023-05-22", "result": "7"}]},
    "s1002": {"id": "s1002", "programme": "msc_engineering_physics", "admitted": "2023-02-01",
              "course_registrations": [{"course": "10036", "period": "spring-2023"},
                                       {"course": "10122", "period": "autumn-2023"}],
              "exams": [{"course": "10036", "term": "2023-05", "date": "2023-05-24", "result": "-3"},
                        {"course": "10036", "term": "2023-08", "date": "2023-08-16", "result": "EM"},
                        {"course": "10122", "term": "2023-12", "date": "2023-12-14", "result": "10"}]},
    "s1004": {"id": "s1004", "programme": "msc_engineering_physics", "admitted": "2023-02-01",
              "course_registrations": [{"course": "10122", "period": "autumn-2023"}],
              "exams": [{"course": "10122", "term": "2023-12", "date": "2023-12-14", "result": "7"}]},
    "s2003": {"id": "s2003", "programme": "beng_process_innovation", "admitted": "2023-09-01",
              "course_registrations": [{"course": "62041", "period": "spring-2025"}],
              "exams": [{"course": "62041", "term": "2025-05", "date": "2025-05-26", "result": "-3"},
                        {"course": "62041", "term": "2025-08", "date": "2025-08-13", "result": "EM"}]},
}


@pytest.fixture()
def on() -> dt.date:
    return ON


@pytest.fixture()
def student_data() -> dict[str, dict[str, Any]]:
    return copy.deepcopy(STUDENT_DATA)


@pytest.fixture()
def make_students() -> Callable[[], dict[str, Student]]:
    """A factory of the small students (fresh objects on every call)."""
    def make() -> dict[str, Student]:
        return {sid: student_from_data(data, f"<{sid}>", engine().courses)
                for sid, data in STUDENT_DATA.items()}
    return make


@pytest.fixture()
def make_session(make_students: Callable[[], dict[str, Student]]) -> Callable[[], Session]:
    """A factory of sessions over the small students on ON."""
    return lambda: Session(engine(), make_students(), ON)


@pytest.fixture()
def question_examples() -> list[tuple[str, str, str]]:
    """(kind, language, text) for every example phrasing of every question kind."""
    return example_questions()
