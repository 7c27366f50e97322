"""Completion as a pure function over plain strings, and the thin prompt-toolkit Completer around it."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from pyrules.ask.kinds import KINDS

from .commands import COMMANDS, words


def question_words() -> list[str]:
    """The words of every example question (both languages), without placeholders."""
    out: set[str] = set()
    for kind in KINDS:
        for ex in (*kind.examples_in("en"), *kind.examples_in("da")):
            for w in re.findall(r"[a-zæøå'-]+", re.sub(r"\{\w+\}", " ", ex.lower())):
                if len(w) > 2:
                    out.add(w)
    return sorted(out)


QUESTION_WORDS = question_words()
STARTERS = ["can", "kan", "how", "hvor", "when", "hvornår", "is", "er", "has", "har", "may", "må", "what",
            "hvad", "does", "opfylder", "which", "hvilke"]


@dataclass(frozen=True)
class Vocabulary:
    """What can be completed: student ids, course numbers, public predicate names."""

    students: Collection[str] = ()
    courses: Collection[str] = ()
    predicates: Collection[str] = ()


def complete(text: str, vocab: Vocabulary) -> list[str]:
    """Completions for the word at the end of `text` (the text before the cursor)."""
    m = re.search(r"[\w?'æøå.-]*$", text)
    word = m.group(0) if m else ""
    before = text[: len(text) - len(word)]
    low = word.lower()
    if not before.strip():
        starts = [w for c in COMMANDS for w in words(c)] + STARTERS
        return sorted({w for w in starts if w.startswith(low) and w != low})
    if re.match(r"\s*(\?|query)\s", before.lower()) and "(" not in word:
        return sorted(p for p in vocab.predicates if p.startswith(low))
    if low[:1].isdigit():
        return sorted(c for c in vocab.courses if c.startswith(low))
    if before.lower().strip() in ("student", "use") or re.fullmatch(r"s\d*", low):
        found = sorted(s for s in vocab.students if s.lower().startswith(low))
        if found or before.lower().strip() in ("student", "use"):
            return found
    if not low:
        return []
    return [w for w in QUESTION_WORDS if w.startswith(low) and w != low]


class ReplCompleter(Completer):
    """prompt-toolkit's view of `complete`."""

    def __init__(self, vocab: Vocabulary | None = None):
        self.vocab = vocab or Vocabulary()

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor
        m = re.search(r"[\w?'æøå.-]*$", text)
        word = m.group(0) if m else ""
        for c in complete(text, self.vocab):
            yield Completion(c, start_position=-len(word))
