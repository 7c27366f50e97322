"""The command words (why, why not, what if, undo, reset, as of, query): one table, read by the
question parser and by the REPL's command registry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandWord:
    """A command of a question session: its kind (Question.kind), its words in English and Danish
    (the first English word is its name), whether it takes an argument, and its help line."""

    kind: str
    en: tuple[str, ...]
    da: tuple[str, ...]
    args: str = ""
    help: str = ""

    @property
    def name(self) -> str:
        return self.en[0]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every word but the name, the Danish ones first."""
        return self.da + self.en[1:]

    def lang(self, word: str) -> str:
        return "da" if word in self.da else "en"


# In the order the parser tries them (why not before why is not needed: words match whole lines).
COMMAND_WORDS: tuple[CommandWord, ...] = (
    CommandWord("why", ("why", "how come", "explain"), ("hvorfor", "forklar"),
                help="explain the last answer: the rules and facts behind it"),
    CommandWord("why_not", ("why not", "why no"), ("hvorfor ikke",),
                help="explain why the last answer was no"),
    CommandWord("undo", ("undo",), ("fortryd",), help="take back the last what-if change"),
    CommandWord("reset", ("reset",), ("nulstil",), help="drop every what-if change"),
    CommandWord("as_of", ("as of", "as at"), ("pr.", "pr", "per", "dato"), "YYYY-MM-DD",
                "set the evaluation date (default today)"),
    CommandWord("what_if", ("what if", "suppose"), ("hvad hvis", "antag at"), "CHANGE",
                "a hypothetical result, e.g. what if s1001 passes 10102 with 7 in the 2025 re-exam"),
    CommandWord("raw", ("query", "?"), (), "PREDICATE[(ARGS)]",
                "raw query of a public predicate, e.g. ? attempts_left(s1002, C, N)"),
)
COMMAND_KINDS = tuple(c.kind for c in COMMAND_WORDS)
BY_KIND = {c.kind: c for c in COMMAND_WORDS}
