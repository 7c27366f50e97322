"""Impact diff: a changed threshold shows which bundled students' conclusions change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pyrules.cli import main
from pyrules.core.kb import KB_DIR
from pyrules.core.students import student_files
from pyrules.maintain.impact import impact, kb_at_revision

STUDENTS = KB_DIR / "facts" / "students"


def test_lowering_the_attempt_limit_changes_s1002(tmp_path: Path) -> None:
    kb = kb_at_revision("HEAD", tmp_path)  # the committed KB, whatever the working tree holds
    params = kb / "facts" / "parameters" / "exam_attempts.lp"
    text = params.read_text(encoding="utf-8")
    assert "param(msc_engineering_physics, max_exam_attempts, 3)." in text
    params.write_text(text.replace("param(msc_engineering_physics, max_exam_attempts, 3).",
                                   "param(msc_engineering_physics, max_exam_attempts, 2)."))
    results = {r.student: r for r in impact(student_files(STUDENTS), dt.date(2026, 1, 15),
                                            base="HEAD", new_root=kb)}
    s1002 = results["s1002"]
    assert 'attempts_exhausted("s1002","10036")' in s1002.gained
    assert 'attempts_left("s1002","10036",1)' in s1002.lost
    # BEng students follow their own text's parameter, which did not change.
    assert not any(r.changed for sid, r in results.items() if sid.startswith("s2"))


def test_an_unchanged_kb_changes_nobody(tmp_path: Path) -> None:
    files = student_files(STUDENTS)[:4]
    same = kb_at_revision("HEAD", tmp_path)
    results = impact(files, dt.date(2026, 1, 15), base="HEAD", new_root=same)
    assert len(results) == 4 and not any(r.changed for r in results)


def test_cli_impact_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(STUDENTS / "s1002.yaml")
    assert main(["impact", path, "--on", "2026-01-15", "--base", "HEAD"]) == 0
    assert "of 1 students change against HEAD, as of 2026-01-15" in capsys.readouterr().out
