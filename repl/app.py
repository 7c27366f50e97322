"""The REPL loop: interactive with prompt-toolkit on a terminal, line by line when input is piped."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from pyrules.ask import Reply, Session, load_students
from pyrules.core.engine import Engine
from pyrules.core.students import Problem
from pyrules.core.values import escape
from pyrules.paths import STUDENTS_DIR

from .commands import dispatch
from .completion import ReplCompleter, Vocabulary
from .render import STYLE, formatted, plain

BUNDLED = STUDENTS_DIR


def history_file() -> History:
    """History across sessions in ~/.local/share/pyrules/history; in memory if that is not writable."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "pyrules"
    try:
        base.mkdir(parents=True, exist_ok=True)
        path = base / "history"
        path.touch(exist_ok=True)
        if not os.access(path, os.W_OK):
            return InMemoryHistory()
        return FileHistory(str(path))
    except OSError:
        return InMemoryHistory()


def build_session(paths: Iterable[Path] | None = None, on: dt.date | None = None, lang: str = "en",
                  engine: Engine | None = None) -> tuple[Session, list[Problem]]:
    """A session over the students in the paths (default: the bundled students), and the load problems."""
    engine = engine or Engine()
    students, problems = load_students(list(paths or [BUNDLED]), engine.courses)
    return Session(engine, students, on, lang), problems


def is_duplicate(problem: Problem) -> bool:
    """Two files hold the same student id: the REPL does not start (exit 2), it could answer for
    either of them."""
    return problem.field == "id" and problem.message.startswith("duplicate student id")


def banner(session: Session, problems: list[Problem], where: str = "") -> list[Reply]:
    out = [Reply(f"{len(problems)} problem(s) loading student files; those files are skipped:\n"
                 + "\n".join(f"  {p}" for p in problems), "error")] if problems else []
    first = min(session.students) if session.students else "s1001"
    out.append(Reply(f"pyrules: {len(session.students)} students loaded{where}, as of {session.date}. "
                     f"Ask e.g. 'can {first} start the thesis?'; type 'help' for commands, "
                     "'questions' for examples, Ctrl-D to leave.", "dim"))
    return out


class Repl:
    """Reads lines, answers them through the command registry, and writes replies to a sink."""

    def __init__(self, session: Session, sink: Callable[[Reply], None] | None = None,
                 input: Any = None, output: Any = None, history: History | None = None):
        self.session = session
        self.input, self.output = input, output
        self.history = history
        self.sink = sink or self._print
        self.vocab = Vocabulary(sorted(session.students), sorted(session.engine.courses or ()),
                                sorted({n for n, _ in session.engine.vocabulary}))

    def _print(self, reply: Reply) -> None:
        print_formatted_text(formatted(reply), style=STYLE, output=self.output)

    def answer(self, line: str) -> bool:
        """Answer one line; False when the user asked to quit. Never raises for bad input."""
        try:
            reply = dispatch(self.session, line)
        except Exception as err:  # noqa: BLE001 - the REPL must survive anything a line causes
            reply = Reply(f"internal error: {type(err).__name__}: {err} (please report this line)", "error")
        if reply.style == "quit":
            return False
        self.sink(reply)
        return True

    def prompt_text(self) -> str:
        return f"pyrules [{self.session.current or '-'} {self.session.date}]> "

    def run(self) -> int:
        """The interactive loop (also driven by tests through a pipe input)."""
        prompt: PromptSession[str] = PromptSession(
            completer=ReplCompleter(self.vocab), history=self.history or history_file(),
            auto_suggest=AutoSuggestFromHistory(), input=self.input, output=self.output,
            complete_while_typing=False, style=STYLE)
        while True:
            try:
                line = prompt.prompt(self.prompt_text)
            except KeyboardInterrupt:
                continue
            except EOFError:
                return 0
            if not self.answer(line):
                return 0

    def run_lines(self, lines: Iterable[str]) -> int:
        """Answer piped lines until the end of input."""
        for line in lines:
            if not self.answer(line.rstrip("\n")):
                break
        return 0


def main(paths: list[Path] | None = None, on: dt.date | None = None, lang: str = "en",
         interactive: bool | None = None) -> int:
    """Start the REPL over student files (interactive on a terminal, line by line when piped)."""
    session, problems = build_session(paths, on, lang)
    duplicates = [p for p in problems if is_duplicate(p)]
    if duplicates:
        print(escape("\n".join(str(p) for p in duplicates)), file=sys.stderr)
        return 2
    where = f" from {', '.join(str(p) for p in paths)}" if paths else ""
    tty = sys.stdin.isatty() and sys.stdout.isatty() if interactive is None else interactive
    if tty:
        repl = Repl(session)
        for r in banner(session, problems, where):
            repl.sink(r)
        return repl.run()
    for r in banner(session, problems, where):
        print(plain(r), file=sys.stderr)
    repl = Repl(session, sink=lambda r: print(plain(r), flush=True))
    return repl.run_lines(sys.stdin)
