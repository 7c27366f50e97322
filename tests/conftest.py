"""Collects tests/scenarios/**/*.yaml: one pytest item per scenario case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyrules.core.engine import shared_engine
from pyrules.maintain.scenarios import ScenarioError, load_cases, run_case

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
engine = shared_engine


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and SCENARIOS in file_path.parents:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFailure(Exception):
    pass


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

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        err = excinfo.value
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
