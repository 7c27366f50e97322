"""The engine: one student's facts, grounded against the KB, answered as typed conclusions.

Design (see ../shared/notes/engine-measurements.md): the KB is parsed once per process; every
evaluation gets a fresh clingo Control fed from that parsed AST (about 2-3 ms a student), since
accumulating students in one multi-shot Control is quadratic. Student facts enter as clingo
symbols through the AST builder, never as program text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import clingo
from clingo import Function, Number, Symbol, ast

from .calendar import Context
from .encode import student_facts
from .kb import BODY_PREFIX, FIRED, KnowledgeBase, default_kb
from .static import input_predicates, split
from .students import Student
from .values import day_number
from .vocabulary import Predicate, arg_kind, public_predicates, render, to_python

_LOC = ast.Location(ast.Position("<facts>", 1, 1), ast.Position("<facts>", 1, 1))
_SHOW_FIRED = ast.ShowSignature(_LOC, FIRED, 4, True)
_INTERNAL = (FIRED, BODY_PREFIX)


class EngineError(Exception):
    """The KB could not be grounded or solved for a student (a KB bug, never a student's fault)."""


@dataclass(frozen=True)
class Conclusion:
    """A public conclusion with its values as Python types."""

    predicate: str
    values: tuple[Any, ...]
    symbol: Symbol = field(compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.predicate}({', '.join(render(v) for v in self.values)})"


@dataclass(frozen=True)
class Firing:
    """A labelled rule that fired: its id, the atom it concluded and the values of its variables."""

    rule_id: str
    clause: int
    head: Symbol
    binding: tuple[Symbol, ...]


@dataclass(frozen=True)
class Evaluation:
    """Everything the KB concludes for one student on one date.

    `public` holds the shown (public) atoms and `firings` the provenance; the whole model (helpers
    and static facts included, for why-not) is kept as clingo returned it and indexed on demand.
    """

    student: Student
    on: dt.date
    public: tuple[Symbol, ...]
    firings: tuple[Firing, ...]
    vocabulary: dict[tuple[str, int], Predicate] = field(repr=False, compare=False)
    model: tuple[Symbol, ...] = field(default=(), repr=False, compare=False)

    @cached_property
    def atoms(self) -> frozenset[Symbol]:
        """Every atom of the answer set (without the internal provenance and shared-body atoms)."""
        return frozenset(a for a in self.model if not a.name.startswith(_INTERNAL))

    @cached_property
    def _by_name(self) -> dict[str, list[Symbol]]:
        index: dict[str, list[Symbol]] = {}
        for atom in self.atoms:
            index.setdefault(atom.name, []).append(atom)
        return index

    @cached_property
    def fired_for(self) -> dict[Symbol, list[Firing]]:
        """For every derived atom, the labelled rules that concluded it."""
        index: dict[Symbol, list[Firing]] = {}
        for f in self.firings:
            index.setdefault(f.head, []).append(f)
        return index

    def holds(self, atom: Symbol) -> bool:
        return atom in self.atoms

    def find(self, name: str, arity: int | None = None) -> list[Symbol]:
        """All atoms of a predicate, sorted."""
        return sorted(a for a in self._by_name.get(name, [])
                      if arity is None or len(a.arguments) == arity)

    @cached_property
    def _conclusions(self) -> tuple[Conclusion, ...]:
        out = []
        for atom in self.public:
            args = atom.arguments
            pred = self.vocabulary.get((atom.name, len(args)))
            if pred is None:
                continue
            values = tuple(to_python(arg, arg_kind(kind))
                           for arg, kind in zip(args, pred.args, strict=True))
            out.append(Conclusion(atom.name, values, atom))
        out.sort(key=lambda c: (c.predicate, c.symbol))
        return tuple(out)

    def conclusions(self, name: str | None = None) -> list[Conclusion]:
        """The public conclusions (all, or of one predicate), typed, in a stable order."""
        return [c for c in self._conclusions if name is None or c.predicate == name]

    def rules_fired(self) -> list[str]:
        return sorted({f.rule_id for f in self.firings})


def fact_statement(sym: Symbol) -> Any:
    """A ground fact as an AST statement built from a symbol (no parsing involved)."""
    atom = ast.SymbolicAtom(ast.SymbolicTerm(_LOC, sym))
    return ast.Rule(_LOC, ast.Literal(_LOC, ast.Sign.NoSign, atom), [])


def _firing(sym: Symbol) -> Firing:
    rid, clause, head, binding = sym.arguments
    return Firing(rid.string, clause.number, head, tuple(binding.arguments))


class Engine:
    """Evaluates students against one knowledge base."""

    def __init__(self, kb: KnowledgeBase | None = None):
        self.kb = kb or default_kb()
        self.vocabulary = public_predicates(self.kb)
        self._context = Context()
        catalogue = frozenset(args[0].string for args in self.kb.facts_of("course", 4))
        # The course numbers student files are checked against (None: no catalogue loaded).
        self.courses: frozenset[str] | None = catalogue or None
        # The student-independent rules are solved once (pyrules/static.py); every evaluation
        # grounds only the rules that depend on the student, with the static atoms as facts.
        self._static = split(self.kb, fact_statement)
        self._static_firings = tuple(_firing(f) for f in self._static.firings)
        self._inputs = input_predicates(self.kb)

    def evaluate(self, student: Student, on: dt.date | None = None,
                 extra: Iterable[Symbol] = ()) -> Evaluation:
        """Ground and solve the KB with one student's facts as of `on` (default: today)."""
        on = on or dt.date.today()
        facts = student_facts(student.record, on)
        facts.append(Function("today", [Number(day_number(on))]))
        extra_atoms = list(extra)
        facts.extend(extra_atoms)
        messages: list[str] = []

        def logger(_code: Any, message: str) -> None:
            messages.append(message.strip())

        # Extra atoms of a static predicate (a catalogue fact in a test, say) change the static
        # part too: then the whole KB is grounded for this evaluation.
        whole = any((a.name, len(a.arguments)) not in self._inputs for a in extra_atoms)
        statements = self.kb.statements if whole else self._static.dynamic_statements
        static_facts = () if whole else self._static.facts
        ctl = clingo.Control(["--warn=none"], logger=logger, message_limit=20)
        with ast.ProgramBuilder(ctl) as builder:
            for stmt in statements:
                builder.add(stmt)
            for stmt in static_facts:
                builder.add(stmt)
            for sym in facts:
                builder.add(fact_statement(sym))
            builder.add(_SHOW_FIRED)
        try:
            ctl.ground([("base", [])], context=self._context)
        except RuntimeError as err:
            detail = "; ".join(messages) or str(err)
            raise EngineError(f"grounding failed for student {student.id!r}: {detail}") from None
        models: list[tuple[Sequence[Symbol], Sequence[Symbol]]] = []
        result = ctl.solve(on_model=lambda m: models.append(
            (m.symbols(shown=True), m.symbols(atoms=True))))
        if not result.satisfiable or len(models) != 1:
            raise EngineError(f"the KB has no single answer set for student {student.id!r} "
                              f"({len(models)} models): the decision rules must be stratified")
        shown, everything = models[0]
        public: list[Symbol] = []
        firings: list[Firing] = [] if whole else list(self._static_firings)
        for sym in shown:
            if sym.name == FIRED:
                firings.append(_firing(sym))
            else:
                public.append(sym)
        return Evaluation(student, on, tuple(public), tuple(firings), self.vocabulary,
                          tuple(everything))


@cache
def shared_engine() -> Engine:
    """One engine over the bundled KB per process (it parses the KB and solves its static part once)."""
    return Engine()
