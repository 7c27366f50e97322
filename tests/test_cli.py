"""The command line: ask (text and JSON), run and repl over piped lines, exit codes 0 / 2 / 1."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pyrules import cli
from pyrules.core.engine import Engine, EngineError


@pytest.fixture()
def s1002(tmp_path: Path, student_data: dict[str, dict[str, Any]]) -> Path:
    path = tmp_path / "s1002.yaml"
    path.write_text(yaml.safe_dump(student_data["s1002"]))
    return path


def test_ask_json(s1002: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = cli.main(["ask", str(s1002), "how many attempts has s1002 left in 10036?", "--on", "2025-09-01",
                   "--json", "--explain"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert out["student"] == "s1002" and out["on"] == "2025-09-01" and out["kind"] == "attempts_left"
    assert out["answer"] == "s1002 has 1 exam attempt(s) left in 10036" and out["holds"] is True
    assert out["rows"] == [["attempts_left", "s1002", "10036", "1"]]
    assert out["rules"] and out["explanation"]
    assert "10036" in json.dumps(out["explanation"])


def test_ask_explain_why_not_text(s1002: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = cli.main(["ask", str(s1002), "has s1002 passed 10036?", "--on", "2025-09-01", "--explain"])
    out = capsys.readouterr().out
    assert rc == 0 and out.startswith("No: s1002 has not passed 10036.") and len(out.split("\n")) > 2


def test_ask_danish_text(s1002: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = cli.main(["ask", str(s1002), "hvor mange eksamensforsøg har s1002 tilbage i 10036?", "--on",
                   "2025-09-01"])
    assert rc == 0 and "1 eksamensforsøg tilbage i 10036" in capsys.readouterr().out
    rc = cli.main(["ask", str(s1002), "how many attempts has s1002 left in 10036?", "--lang", "da",
                   "--on", "2025-09-01"])
    assert rc == 0 and "tilbage" in capsys.readouterr().out


def test_ask_a_predicate_name(s1002: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ask", str(s1002), "attempts_used", "--on", "2025-09-01"]) == 0
    assert "attempts_used(s1002, 10036, 2)" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["ask", "{f}", "gibberish words here"],
    ["ask", "{f}", "how many attempts has s1002 left in 10036?", "--on", "2025-02-30"],
    ["ask", "{f}", "how many attempts has s1002 left in 99999?"],
    ["ask", "{f}", "can s1001 start the thesis?"],
    ["ask", "{f}", "why"],
    ["ask", "nobody-here", "can s1001 start the thesis?"],
    ["repl", "/no/such/folder"],
])
def test_bad_input_exits_2(argv: list[str], s1002: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = cli.main([a.format(f=s1002) for a in argv])
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("error:") and "Traceback" not in err


def test_malformed_student_file_gives_file_line_and_exit_2(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: s1\nprogramme: msc_engineering_physics\nadmitted: 2023-02-01\n"
                   "exams:\n  - {course: \"10036\", term: 2023-05, result: \"13\"}\n")
    assert cli.main(["ask", str(bad), "has s1 passed 10036?"]) == 2
    assert f"{bad}:5" in capsys.readouterr().err


def test_internal_error_exits_1_without_traceback(s1002: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise EngineError("grounding failed for student 's1002': boom")

    monkeypatch.setattr(Engine, "evaluate", broken)
    assert cli.main(["ask", str(s1002), "has s1002 passed 10036?"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("internal error:") and "Traceback" not in err
    with pytest.raises(EngineError):
        cli.main(["--debug", "ask", str(s1002), "has s1002 passed 10036?"])


def test_run_answers_piped_lines(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    piped = "can s1001 start the thesis?\nis 62041 binding for s2003?\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(piped))
    assert cli.main(["run", "--on", "2025-09-01"]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().split("\n")
    assert "thesis" in lines[0]  # an answer, or "Not modelled yet" while the thesis chapter is written
    assert any("62041" in line for line in lines[1:])
    assert "students loaded" in err


def test_repl_over_a_folder_reports_bad_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str],
                                              student_data: dict[str, dict[str, Any]]) -> None:
    (tmp_path / "s1002.yaml").write_text(yaml.safe_dump(student_data["s1002"]))
    (tmp_path / "broken.yaml").write_text("id: [\n")
    monkeypatch.setattr("sys.stdin", io.StringIO("has s1002 passed 10122?\n"))
    assert cli.main(["repl", str(tmp_path), "--on", "2025-09-01"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Yes: s1002 has passed 10122.")
    assert "broken.yaml:" in err and "1 students loaded" in err
