"""The input boundary (issue 13): every bad file is exit 2 with file:line, nothing a record holds can
forge the output, a duplicate id is an error, and a failed audit leaves the previous site."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from pyrules import cli
from pyrules.ask import Reply
from pyrules.core.students import FactsError, student_from_text
from pyrules.core.values import escape
from pyrules.maintain import audit
from pyrules.paths import STUDENTS_DIR
from repl.render import plain

BASE = (STUDENTS_DIR / "s1003.yaml").read_text(encoding="utf-8")


def _with(old: str, new: str, text: str = BASE) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _problem(text: str) -> str:
    with pytest.raises(FactsError) as err:
        student_from_text(text, "f.yaml")
    return str(err.value)


@pytest.mark.parametrize("value", ["!!int abc", "!!float abc", "!!bool maybe", "!!timestamp 2025-02-30",
                                   "!!timestamp notadate", "!!binary aGk=", "!!python/name:os.system",
                                   "&x [*x]", "&y {a: *y}", "*nowhere", "'2025-W05'", "'20250101'",
                                   "9999-12-31", "0001-01-01", "1949-12-31", "2101-01-01"])
def test_a_bad_value_is_a_located_error(value: str) -> None:
    text = _with("admitted: 2022-09-01", f"admitted: {value}")
    assert re.match(r"f\.yaml:5( admitted\S*)?: ", _problem(text))


def test_an_alias_bomb_stops_at_the_bound() -> None:
    levels = ["&l0 [" + ", ".join(["x"] * 10) + "]"]
    levels += [f"&l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 9)]
    msg = _problem(_with("name: Jonas Berg", "name: [" + ", ".join(levels) + "]"))
    assert re.match(r"f\.yaml:3 name\S*: more than \d+ values", msg)


@pytest.mark.parametrize("ects", ["1e999999", ".nan", ".inf", "-5", "150000000", "300.1", "4" * 4301])
def test_ects_are_finite_and_bounded(ects: str) -> None:
    text = BASE + ("credit_transfers:\n  - {id: x1, ects: " + ects + ", level: msc, status: granted}\n")
    expected = r"f\.yaml:15 credit_transfers\[0\]\.ects: (expected ECTS points|'4+' is not a valid !!int)"
    assert re.search(expected, _problem(text))


def test_terms_within_the_years() -> None:
    assert "term year 9999 is outside 1950..2100" in _problem(_with("term: 2023-05", "term: 9999-05"))
    assert "term year 0 is outside" in _problem(_with("term: 2023-05", "term: '0000-05'"))


def test_record_counts_are_bounded() -> None:
    exams = "".join(f"  - {{course: \"10122\", term: {1950 + i // 12}-{i % 12 + 1:02d}}}\n"
                    for i in range(401))
    text = BASE.split("exams:")[0] + "exams:\n" + exams
    assert re.search(r"f\.yaml:\d+ exams: list should have at most 400 items", _problem(text))


def test_no_control_characters_and_a_safe_id() -> None:
    assert "control character '\\x00'" in _problem(_with("name: Jonas Berg", 'name: "Jo\\0nas"'))
    assert "f.yaml:2 id: expected an id" in _problem(_with("id: s1003", 'id: "\\e[4A\\e[Js1003"'))
    assert "f.yaml:3: not valid YAML: character '\\x1b'" in _problem(_with("Jonas", "Jo\x1bnas"))
    assert 'f.yaml:14 x\\n  s1003 ok: unknown field' in _problem(BASE + '"x\\n  s1003 ok": 1\n')


def test_check_reports_a_bad_file_and_every_other_student(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(STUDENTS_DIR / "s1001.yaml", tmp_path)
    (tmp_path / "bad.yaml").write_text(_with("admitted: 2022-09-01", "admitted: !!int abc"))
    assert cli.main(["check", str(tmp_path), "--on", "2025-09-01"]) == 2
    out = capsys.readouterr().out
    assert f"ERROR  {tmp_path}/bad.yaml:5 admitted: 'abc' is not a valid !!int" in out
    assert re.search(r"s1001 +msc_engineering_physics +(ok|CONFLICT)", out)


def _forged(folder: Path) -> None:
    """The real s1003 and, sorting first, a file with s1001's record under the id s1003."""
    shutil.copy(STUDENTS_DIR / "s1003.yaml", folder)
    (folder / "a_forged.yaml").write_text(
        (STUDENTS_DIR / "s1001.yaml").read_text().replace("id: s1001", "id: s1003"))


def test_a_duplicate_id_is_an_error_in_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _forged(tmp_path)
    assert cli.main(["check", str(tmp_path), "--on", "2025-09-01"]) == 2
    out = capsys.readouterr().out
    forged, real = tmp_path / "a_forged.yaml", tmp_path / "s1003.yaml"
    assert f"{forged}:3 id: duplicate student id 's1003': also in {real}" in out
    assert f"{real}:2 id: duplicate student id 's1003': also in {forged}" in out
    assert not re.search(r"^  s1003 ", out, re.M)


def test_a_duplicate_id_is_an_error_in_the_repl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _forged(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("is s1003 in conflict?\n"))
    assert cli.main(["repl", str(tmp_path), "--on", "2025-09-01"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "a_forged.yaml:3 id: duplicate" in err and "s1003.yaml:2 id: duplicate" in err


def test_ask_by_id_checks_the_id_inside_and_duplicates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "STUDENTS", tmp_path)
    (tmp_path / "s1003.yaml").write_text(_with("id: s1003", "id: s1001"))
    assert cli.main(["ask", "s1003", "is s1003 in conflict?", "--on", "2025-09-01"]) == 2
    assert "s1003.yaml:2 id: the file of student s1003 holds id 's1001'" in capsys.readouterr().err
    _forged(tmp_path)
    assert cli.main(["ask", "s1003", "is s1003 in conflict?", "--on", "2025-09-01"]) == 2
    assert "duplicate student id 's1003': also in" in capsys.readouterr().err


def test_control_characters_are_escaped_in_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert escape("a\x1b[4A\x07b\u202e") == "a\\x1b[4A\\x07b\\u202e"
    assert escape("two\nlines") == "two\nlines" and escape("x\ny", lines=False) == "x\\ny"
    reply = Reply("unknown student '\x1b]0;owned\x07'", "error")
    assert plain(reply) == "unknown student '\\x1b]0;owned\\x07'"
    (tmp_path / "\x1b[4A\x1b[Jevil.yaml").write_text("id: [\n")
    assert cli.main(["check", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[4A\\x1b[Jevil.yaml:" in out


@pytest.mark.parametrize("line", ["what if s1001 passes 10102 with 7 in 9999-12", "leave from 9999-12-31",
                                  "can s1001 take leave from 9999-12-31?", "as of 0001-01-01",
                                  "can s1001 be readmitted from 0001-01-01?",
                                  "what if s1001 passes 10102 with 7 in december 0000"])
def test_extreme_dates_in_the_repl_answer_clearly(line: str, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"use s1001\n{line}\n"))
    assert cli.main(["run", "--on", "2025-09-01"]) == 0
    answer = capsys.readouterr().out.strip().split("\n")[-1]
    assert "internal error" not in answer and "outside" in answer


def test_audit_out_impossible_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    assert cli.main(["audit", "--out", str(tmp_path / "file" / "site")]) == 2
    assert f"{tmp_path}/file/site: cannot write the site there" in capsys.readouterr().err
    assert cli.main(["audit", "--out", str(tmp_path / "file")]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err


def test_a_failed_audit_leaves_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old index")

    def half(out: Path, *args: object) -> Path:
        (out / "001.html").write_text("new page")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(audit, "_write_pages", half)
    with pytest.raises(audit.AuditError, match="No space left"):
        audit.write_site(site, None, engine=object())  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "old index"


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_check_output_is_the_same_on_every_run(fmt: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _forged(tmp_path)
    shutil.copy(STUDENTS_DIR / "s2001.yaml", tmp_path)
    (tmp_path / "bad.yaml").write_text("id: [\n")
    outputs = []
    for workers in ("1", "2"):
        assert cli.main(["check", str(tmp_path), "--on", "2025-09-01", "--format", fmt,
                         "--workers", workers]) == 2
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and "bad.yaml:2" in outputs[0]
