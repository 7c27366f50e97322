"""What a session says back to a line of text: a Reply (text, style, maybe a table or an answer)."""

from __future__ import annotations

from dataclasses import dataclass

from .answers import Answer


@dataclass(frozen=True)
class Reply:
    """What a session says back: a text, a style (ok, no, info, error, diff), maybe a table or answer.

    student: the student the reply is about, when it chose one (a raw query naming a student); the
    session makes that student the current one.
    """

    text: str
    style: str = "info"
    answer: Answer | None = None
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    student: str | None = None
