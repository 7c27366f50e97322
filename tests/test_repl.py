"""The REPL through prompt-toolkit's pipe input: every question kind in both languages, why, what if."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from pyrules.ask import Reply, Session
from pyrules.core.engine import shared_engine
from repl.app import Repl, banner, build_session, history_file
from repl.commands import COMMANDS, dispatch, find
from repl.completion import Vocabulary, complete
from repl.render import plain


@pytest.fixture()
def drive(make_session: Callable[[], Session]) -> Callable[..., tuple[list[Reply], Session]]:
    """Type the lines into the REPL through a pipe; collect every reply."""
    def run(lines: list[str], session: Session | None = None) -> tuple[list[Reply], Session]:
        session = session or make_session()
        replies: list[Reply] = []
        with create_pipe_input() as inp:
            inp.send_text("".join(line + "\n" for line in lines))
            inp.close()
            repl = Repl(session, sink=replies.append, input=inp, output=DummyOutput(),
                        history=InMemoryHistory())
            rc = repl.run()
        assert rc == 0
        return replies, session
    return run


def test_every_question_kind_in_both_languages_is_answered(
        drive: Callable[..., tuple[list[Reply], Session]],
        question_examples: list[tuple[str, str, str]]) -> None:
    lines = [text for _, _, text in question_examples]
    replies, _ = drive(lines)
    assert len(replies) == len(lines)
    for line, reply in zip(lines, replies, strict=True):
        assert reply.answer is not None, (line, reply.text)
        assert reply.answer.status in ("answered", "not_modelled", "not_applicable"), (line, reply.text)
        assert "internal error" not in reply.text


def test_answers_carry_the_language_asked_in(drive: Callable[..., tuple[list[Reply], Session]]) -> None:
    replies, _ = drive(["how many attempts has s1002 left in 10036?",
                        "hvor mange eksamensforsøg har s1002 tilbage i 10036?"])
    assert replies[0].text == "s1002 has 1 exam attempt(s) left in 10036"
    assert replies[1].text == "s1002 har 1 eksamensforsøg tilbage i 10036"
    assert replies[0].style == "ok"


def test_why_and_why_not_explain_the_last_answer(drive: Callable[..., tuple[list[Reply], Session]]) -> None:
    replies, _ = drive(["is 62041 binding for s2003?", "why", "has s1002 passed 10036?", "why not",
                        "hvorfor ikke"])
    assert replies[0].style == "ok" and replies[2].style == "no"
    for r in replies[1:2] + replies[3:]:
        assert r.style == "info" and "internal error" not in r.text, r.text
    assert "62041" in replies[1].text and "10036" in replies[3].text and "10036" in replies[4].text
    assert replies[3].text != replies[4].text  # English, then Danish


def test_why_not_after_a_yes_says_so(drive: Callable[..., tuple[list[Reply], Session]]) -> None:
    replies, _ = drive(["is 62041 binding for s2003?", "why not"])
    assert replies[1].style == "error" and "try 'why'" in replies[1].text


def test_what_if_and_undo_through_the_repl(drive: Callable[..., tuple[list[Reply], Session]]) -> None:
    replies, session = drive(["has s1001 passed 10102?",
                              "what if s1001 passes 10102 with 7 in the 2025 re-exam?",
                              "has s1001 passed 10102?", "undo", "has s1001 passed 10102?",
                              "hvad hvis s1001 består 10102 med 7 ved reeksamen i 2025?", "nulstil"])
    styles = [r.style for r in replies]
    assert styles[:5] == ["no", "diff", "ok", "info", "no"]
    assert ("+", "course_passed(s1001, 10102)") in replies[1].rows
    assert "Hvad hvis" in replies[5].text
    assert session.students["s1001"] is session.originals["s1001"]


@pytest.mark.parametrize("line", ["", "   ", "can s9999 start the thesis?",
                                  "how many attempts has s1002 left in 99999",
                                  "as of 2024-02-30", "qwerty uiop", "x" * 10_000, "?", "what if"])
def test_malformed_lines_get_a_message_and_the_repl_goes_on(
        line: str, drive: Callable[..., tuple[list[Reply], Session]]) -> None:
    replies, _ = drive([line, "is 62041 binding for s2003?"])
    assert replies[-1].style == "ok"
    assert all("internal error" not in r.text for r in replies)
    assert replies[0].style == "error" and len(replies[0].text) > 10


def test_quit_stops_and_end_of_input_stops(drive: Callable[..., tuple[list[Reply], Session]]) -> None:
    replies, _ = drive(["students", "quit", "is 62041 binding for s2003?"])
    assert len(replies) == 1 and "s2003" in replies[0].text


def test_as_of_and_raw_query(drive: Callable[..., tuple[list[Reply], Session]]) -> None:
    replies, session = drive(["as of 2023-06-01", "? attempts_used(s1002, 10036, N)"])
    assert replies[0].text == "evaluation date: 2023-06-01"
    # as of 2023-06-01 only the May 2023 attempt (-3) had happened; the EM of August 2023 lies ahead
    assert replies[1].rows == (("s1002", "10036", "1"),)
    assert session.date.isoformat() == "2023-06-01"


def test_help_is_generated_from_the_registry(make_session: Callable[[], Session]) -> None:
    text = plain(dispatch(make_session(), "help"))
    for cmd in COMMANDS:
        assert cmd.name in text and cmd.help[:40] in text
    assert find("why not")[0] is not None and find("why not")[0].name == "why not"  # type: ignore[union-attr]
    assert find("hvad hvis s1001 består 10102")[1] == "s1001 består 10102"


VOCAB = Vocabulary(students=["s1001", "s1002", "s1004", "s2003"],
                   courses=["10036", "10102", "10122", "62041"],
                   predicates=["attempts_left", "attempts_used", "binding"])


@pytest.mark.parametrize(("text", "expected"), [
    ("stu", ["studerende", "student", "students"]),
    ("student s100", ["s1001", "s1002", "s1004"]),
    ("how many attempts has s1002 left in 100", ["10036"]),
    ("? attempts_", ["attempts_left", "attempts_used"]),
    ("is s20", ["s2003"]),
    ("hvor", ["hvorfor", "hvorfor ikke", "hvornår"]),
])
def test_completion_is_a_pure_function(text: str, expected: list[str]) -> None:
    assert complete(text, VOCAB) == sorted(expected)


def test_completion_of_question_words() -> None:
    assert "thesis" in complete("can s1001 start the the", VOCAB)
    assert "specialet" in complete("kan s1001 starte spec", VOCAB)
    assert complete("", VOCAB)  # commands and question starters


def test_history_file_and_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    h = history_file()
    assert type(h).__name__ == "FileHistory" and (tmp_path / "data" / "pyrules" / "history").exists()
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert isinstance(history_file(), InMemoryHistory)


def test_loading_problems_are_reported_and_the_rest_loads(tmp_path: Path, on: dt.date) -> None:
    (tmp_path / "good.yaml").write_text("id: s1\nprogramme: msc_engineering_physics\nadmitted: 2023-02-01\n")
    (tmp_path / "bad.yaml").write_text("id: s2\nprogramme: msc_engineering_physics\nadmitted: 2023-02-31\n")
    session, problems = build_session([tmp_path], on, engine=shared_engine())
    assert list(session.students) == ["s1"]
    text = plain(banner(session, problems)[0])
    assert "bad.yaml:3" in text and "1 students loaded" in plain(banner(session, problems)[1])
