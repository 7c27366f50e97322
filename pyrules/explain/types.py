"""The results of an explanation, shared by why and why not: steps, conditions, candidates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FactRef:
    """A fact with where it came from: the student file line and field, or the KB file line."""

    atom: str
    file: str
    line: int
    field: str


@dataclass
class Step:
    """One rule that fired: what it concluded, its paragraph, the values bound, and its grounds."""

    rule_id: str
    conclusion: str
    text_en: str
    text_da: str
    source: str
    source_da: str
    quote: str
    quote_da: str
    bindings: dict[str, str]
    facts: list[FactRef]
    children: list[Step]


@dataclass
class Condition:
    """One body condition of a rule and whether it holds: the student's value and the rule's."""

    text: str
    holds: bool
    actual: str
    required: str
    text_da: str = ""


@dataclass
class Candidate:
    """A rule that could conclude the atom, the conditions it failed and the exceptions that blocked it."""

    rule_id: str
    source: str
    quote: str
    text_en: str
    text_da: str
    failed: list[Condition]
    blocked_by: list[Step]
    source_da: str = ""
    quote_da: str = ""


@dataclass
class WhyNot:
    """Why a conclusion does not hold: every rule that could have concluded it."""

    conclusion: str
    candidates: list[Candidate]
    not_modelled: bool
