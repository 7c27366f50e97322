"""docs/rule-mapping.md is generated from the KB: a stale file fails, a changed threshold shows."""

from __future__ import annotations

import shutil
from pathlib import Path

from pyrules.core.kb import KB_DIR, default_kb, load_kb
from pyrules.maintain.mapping import MAPPING, rule_mapping


def test_committed_mapping_is_what_the_kb_generates() -> None:
    generated = rule_mapping(default_kb())
    committed = MAPPING.read_text(encoding="utf-8") if MAPPING.exists() else ""
    assert committed == generated, "docs/rule-mapping.md is stale: run `pyrules docs` and commit it"


def test_mapping_lists_every_rule_with_its_annotations() -> None:
    kb = default_kb()
    text = rule_mapping(kb)
    for rule in kb.rules.values():
        assert f"### `{rule.id}`" in text
    section = text.split("### `exam_attempts.attempts_exhausted`")[1].split("### `")[0]
    assert "**Source (da):** 003_1a8c80e4982e6279.txt" in section
    assert "**Text (da):** alle tilladte eksamensforsøg" in section
    assert "attempts_exhausted(S, C) :-" in section
    assert "tests/scenarios/exam_attempts/budget.yaml" in section
    assert "`exam_attempts.exemption_application_deadline`" in text  # not modelled, with its reason


def test_changing_a_threshold_changes_the_mapping(tmp_path: Path) -> None:
    copy = tmp_path / "kb"
    shutil.copytree(KB_DIR, copy)
    params = copy / "facts" / "parameters" / "exam_attempts.lp"
    text = params.read_text(encoding="utf-8")
    old = "param(msc_engineering_physics, max_exam_attempts, 3)."
    assert old in text
    params.write_text(text.replace(old, "param(msc_engineering_physics, max_exam_attempts, 4)."),
                      encoding="utf-8")
    before, after = rule_mapping(load_kb(KB_DIR)), rule_mapping(load_kb(copy))
    assert before != after
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert any("max_exam_attempts, 4" in line for line in changed)


def test_lint_requires_english_and_danish_text(tmp_path: Path) -> None:
    from pyrules.maintain.lint import lint, text_problems

    copy = tmp_path / "kb"
    shutil.copytree(KB_DIR, copy)
    chapter = copy / "chapters" / "exam_attempts.lp"
    text = chapter.read_text(encoding="utf-8")
    line = "%@da {L} eksamensforsøg tilbage i {C} ({M} tilladt, {N} brugt)\n"
    assert line in text
    chapter.write_text(text.replace(line, ""), encoding="utf-8")
    kb = load_kb(copy)
    found = [p.message for p in text_problems(kb)]
    assert any("exam_attempts.attempts_left: no %@da" in m for m in found)
    assert any("exam_attempts.attempts_left: no %@da" in p.message for p in lint(kb))
    assert not any("exam_attempts.attempts_left" in p.message for p in lint(kb, strict_text=False))
