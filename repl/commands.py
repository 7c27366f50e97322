"""The REPL's command registry: one table drives dispatch, help and completion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyrules.ask import COMMAND_WORDS, CommandWord, Reply, Session

Handler = Callable[[Session, str], Reply]
QUIT = Reply("bye", "quit")


@dataclass(frozen=True)
class Command:
    """A REPL command: its name, Danish/other aliases, argument text, help line and handler."""

    name: str
    aliases: tuple[str, ...]
    args: str
    help: str
    handler: Handler


def _ask(session: Session, line: str) -> Reply:
    return session.handle(line)


def _help(session: Session, arg: str) -> Reply:
    if arg:
        cmd = find(arg)[0]
        if cmd is None:
            return Reply(f"no command {arg!r}; type help for the list", "error")
        names = " / ".join((cmd.name, *cmd.aliases))
        return Reply(f"{names} {cmd.args}".strip() + f"\n  {cmd.help}")
    rows = tuple((f"{c.name} {c.args}".strip(), ", ".join(c.aliases), c.help) for c in COMMANDS)
    text = ("Ask a question in English or Danish (type 'questions' for one of every kind), or a command:\n"
            + "\n".join(f"  {r[0]:<22} {r[2]}" for r in rows))
    return Reply(text, "info", headers=("command", "also", "what it does"), rows=rows)


def _questions(session: Session, arg: str) -> Reply:
    lang = arg.strip() if arg.strip() in ("en", "da") else session.lang
    rows = tuple(session.examples(lang))
    return Reply("\n".join(f"  {t:<28} {q}" for t, q in rows), "info",
                 headers=("question", "example"), rows=rows)


def _students(session: Session, arg: str) -> Reply:
    rows = tuple((s.id, s.record.name, s.record.programme, str(s.record.admitted),
                  "*" if s.id == session.current else "") for s in
                 sorted(session.students.values(), key=lambda s: s.id))
    if not rows:
        return Reply("no students loaded", "error")
    return Reply("\n".join(f"  {' '.join(r)}" for r in rows), "info",
                 headers=("id", "name", "programme", "admitted", "current"), rows=rows)


def _student(session: Session, arg: str) -> Reply:
    if not arg.strip():
        return Reply(f"current student: {session.current or 'none'}; choose one with 'student s1001'")
    return session.use(arg)


def _predicates(session: Session, arg: str) -> Reply:
    preds = sorted(session.engine.vocabulary.values(), key=lambda p: p.name)
    rows = tuple((p.signature, p.text.get(session.lang)) for p in preds if not arg or arg.strip() in p.name)
    return Reply("\n".join(f"  {r[0]}: {r[1]}" for r in rows) or "no such predicate", "info",
                 headers=("predicate", "meaning"), rows=rows)


def _lang(session: Session, arg: str) -> Reply:
    if arg.strip() not in ("en", "da"):
        return Reply(f"language: {session.lang} (lang en | lang da)")
    session.lang = arg.strip()
    return Reply("language: English" if session.lang == "en" else "sprog: dansk")


def _date(session: Session, arg: str) -> Reply:
    return session.handle(f"as of {arg}") if arg.strip() else Reply(f"evaluation date: {session.date}")


def _quit(session: Session, arg: str) -> Reply:
    return QUIT


# The session's commands (why, why not, what if, ...) come from pyrules.ask.commands, the table the
# question parser reads; the REPL adds only where they stand in the help and the alias "date".
_SESSION_ORDER = ("as_of", "why_not", "why", "what_if", "undo", "reset", "raw")
_REPL_ALIASES = {"as_of": ("date",)}


def _session_command(c: CommandWord) -> Command:
    return Command(c.name, c.aliases + _REPL_ALIASES.get(c.kind, ()), c.args, c.help,
                   _date if c.kind == "as_of" else _ask)


COMMANDS: tuple[Command, ...] = (
    Command("help", ("hjælp",), "[command]", "this list, or help on one command", _help),
    Command("questions", ("spørgsmål", "examples"), "[en|da]", "an example of every kind of question",
            _questions),
    Command("students", ("studerende",), "", "the loaded students", _students),
    Command("student", ("use",), "ID", "choose the current student (questions without an id ask about it)",
            _student),
    *(_session_command(c) for c in sorted(COMMAND_WORDS, key=lambda c: _SESSION_ORDER.index(c.kind))),
    Command("predicates", ("prædikater",), "[word]", "the public predicates and what they mean",
            _predicates),
    Command("lang", ("sprog",), "en|da", "answer in English or Danish", _lang),
    Command("quit", ("exit", "afslut", "q"), "", "leave pyrules", _quit),
)


def words(cmd: Command) -> tuple[str, ...]:
    return (cmd.name, *cmd.aliases)


def find(line: str) -> tuple[Command | None, str]:
    """The command a line starts with (longest name first) and its argument text."""
    low = line.strip().lower()
    best: tuple[Command | None, str, int] = (None, "", -1)
    for cmd in COMMANDS:
        for w in words(cmd):
            matches = low == w or low.startswith(w + " ") or (w == "?" and low.startswith("?"))
            if matches and len(w) > best[2]:
                best = (cmd, line.strip()[len(w):].strip(), len(w))
    return best[0], best[1]


def dispatch(session: Session, line: str) -> Reply:
    """Run one line: a command from the registry, or else a question."""
    cmd, arg = find(line)
    if cmd is None or cmd.handler is _ask:
        return session.handle(line)
    if cmd.handler is _date and arg.strip() and not line.strip().lower().startswith("date"):
        return session.handle(line)  # "as of D" / "pr. D": the session answers in the word's language
    return cmd.handler(session, arg)
