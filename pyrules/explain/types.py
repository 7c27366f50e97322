"""The results of an explanation, shared by why and why not: steps, conditions, candidates.

Every wording is a Text (English and Danish, pyrules.core.text), worded in each language when the
explanation is made; renderers pick a language with `.get(lang)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.text import Text


@dataclass
class FactRef:
    """A fact with where it came from: the student file line and field, or the KB file line."""

    atom: str
    file: str
    line: int
    field: str


@dataclass
class Step:
    """One rule that fired: what it concluded, its paragraph, the values bound, and its grounds.

    counted: what the rule's aggregates collected (e.g. 'count 2: 10122 December 2023; ...').
    """

    rule_id: str
    conclusion: str
    text: Text
    source: Text
    quote: Text
    bindings: dict[str, str]
    facts: list[FactRef]
    children: list[Step]
    counted: Text = field(default_factory=Text)


@dataclass
class Condition:
    """One body condition of a rule and whether it holds: the student's value and the rule's.

    required: 'holds' / 'absent' for an atom, otherwise an operator and a value ('<= 2024-01-02').
    """

    text: Text
    holds: bool
    actual: Text
    required: Text
    because: list[Step] = field(default_factory=list)  # why the compared values are what they are
    worded: bool = True  # False: only a helper's name describes it (left out beside worded ones)


@dataclass
class Candidate:
    """A rule that could conclude the atom, the conditions it failed and the exceptions that blocked it."""

    rule_id: str
    source: Text
    quote: Text
    text: Text
    failed: list[Condition]
    blocked_by: list[Step]
    applicable: bool = True  # False: the rule is another programme's (a _follows condition failed)
    progress: int = 0  # how many of its conditions held before the first that failed


@dataclass
class WhyNot:
    """Why a conclusion does not hold: every rule that could have concluded it."""

    conclusion: str
    candidates: list[Candidate]
    not_modelled: bool
    text: Text = field(default_factory=Text)  # the conclusion in words (the atom stays in conclusion)
