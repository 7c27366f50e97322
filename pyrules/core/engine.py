"""The engine: one student's facts, grounded against the KB, answered as typed conclusions.

Design (see ../shared/notes/engine-measurements.md): the KB is parsed once per process; every
evaluation gets a fresh clingo Control fed from that parsed AST (about 2-3 ms a student), since
accumulating students in one multi-shot Control is quadratic. Student facts enter as clingo
symbols through the AST builder, never as program text.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import clingo
from clingo import Function, Number, String, Symbol, ast

from .calendar import Context
from .encode import student_facts
from .kb import BODY_PREFIX, FIRED, KnowledgeBase, default_kb
from .program import PROVENANCE, Pred, Variant, body_names, body_signatures, cone, predicate_graph, statements
from .static import input_predicates, split
from .students import Student
from .values import day_number
from .vocabulary import Predicate, arg_kind, public_predicates, render, to_python

_LOC = ast.Location(ast.Position("<facts>", 1, 1), ast.Position("<facts>", 1, 1))
_SHOW_FIRED = ast.ShowSignature(_LOC, FIRED, 4, True)
_INTERNAL = (FIRED, BODY_PREFIX)


CACHE_SIZE = 64  # evaluations an engine remembers (evaluate_cached)
STUDENT = "student"  # the id a student has inside a Control when its real id is mapped back


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
    With `alias`, the student had that id inside the Control: `public`, `model` and `firings` name
    the alias, while holds(), conclusions() and rules_for() take and give the real id (mapping
    back only what is asked for, so clingo's symbol table does not grow with every student).
    """

    student: Student
    on: dt.date
    public: tuple[Symbol, ...]
    firings: tuple[Firing, ...]
    vocabulary: dict[tuple[str, int], Predicate] = field(repr=False, compare=False)
    model: tuple[Symbol, ...] = field(default=(), repr=False, compare=False)
    provenance: str = "full"            # full | light | none (core/program.py)
    ran: frozenset[str] = frozenset()   # the rule ids a light evaluation saw fire
    # Re-evaluates the same student, date, extra atoms and cone with full provenance.
    reevaluate: Callable[[], Evaluation] | None = field(default=None, repr=False, compare=False)
    alias: str | None = None

    def _inside(self, atom: Symbol) -> Symbol:
        """An atom naming the real student, as it is named inside the Control."""
        if self.alias is None:
            return atom
        return rename(atom, String(self.student.id), String(self.alias))

    @cached_property
    def explained(self) -> Evaluation:
        """This evaluation with the `_fired` provenance explanations walk (itself when it has it)."""
        if self.provenance == "full" or self.reevaluate is None:
            return self
        return self.reevaluate()

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
        return self._inside(atom) in self.atoms

    def rules_for(self, atom: Symbol) -> list[str]:
        """The ids of the labelled rules that concluded an atom (for the heads with provenance)."""
        return [f.rule_id for f in self.fired_for.get(self._inside(atom), [])]

    def find(self, name: str, arity: int | None = None) -> list[Symbol]:
        """All atoms of a predicate, sorted."""
        return sorted(a for a in self._by_name.get(name, [])
                      if arity is None or len(a.arguments) == arity)

    @cached_property
    def _public_by_name(self) -> dict[str, list[Symbol]]:
        index: dict[str, list[Symbol]] = {}
        for atom in self.public:
            index.setdefault(atom.name, []).append(atom)
        return index

    def _conclusions_of(self, name: str) -> list[Conclusion]:
        cache: dict[str, list[Conclusion]] = self.__dict__.setdefault("_conclusion_cache", {})
        found = cache.get(name)
        if found is not None:
            return found
        out = []
        real = String(self.student.id)
        inside = String(self.alias) if self.alias is not None else None
        for atom in self._public_by_name.get(name, []):
            if inside is not None:
                atom = rename(atom, inside, real)
            args = atom.arguments
            pred = self.vocabulary.get((atom.name, len(args)))
            if pred is None:
                continue
            values = tuple(to_python(arg, arg_kind(kind))
                           for arg, kind in zip(args, pred.args, strict=True))
            out.append(Conclusion(atom.name, values, atom))
        out.sort(key=lambda c: c.symbol)
        cache[name] = out
        return out

    def conclusions(self, name: str | None = None) -> list[Conclusion]:
        """The public conclusions (all, or of one predicate), typed, in a stable order."""
        if name is not None:
            return list(self._conclusions_of(name))
        return [c for n in sorted(self._public_by_name) for c in self._conclusions_of(n)]

    def rows(self) -> list[tuple[str, tuple[str, ...]]]:
        """The public conclusions as text rows (predicate, values after the student), in the order
        of conclusions(), read from the atoms as they are (no mapping back of an alias)."""
        out = []
        for atom in sorted(self.public, key=lambda a: (a.name, a)):
            args = atom.arguments
            pred = self.vocabulary.get((atom.name, len(args)))
            if pred is None:
                continue
            out.append((atom.name, tuple(render(to_python(arg, arg_kind(kind))) for arg, kind
                                         in zip(args[1:], pred.args[1:], strict=True))))
        return out

    def rules_fired(self) -> list[str]:
        """The labelled rules that fired (complete for full and light provenance)."""
        return sorted({f.rule_id for f in self.firings} | self.ran)


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
        self._graph = predicate_graph(self.kb)
        self._bodies = body_names(self.kb)
        self._show_bodies = [ast.ShowSignature(_LOC, name, arity, True)
                             for name, arity in sorted(body_signatures(self.kb))]
        self._cones: dict[frozenset[Pred], frozenset[Pred]] = {}
        self._programs: dict[tuple[Variant, bool], tuple[list[Any], list[Any]]] = {}
        self._cache: OrderedDict[Any, Evaluation] = OrderedDict()

    def cone(self, predicates: Iterable[Pred]) -> frozenset[Pred]:
        """The predicates the given ones depend on (core/program.py), computed once per set."""
        key = frozenset(predicates)
        found = self._cones.get(key)
        if found is None:
            found = self._cones[key] = cone(self._graph, key)
        return found

    def _program(self, variant: Variant, whole: bool) -> tuple[list[Any], list[Any]]:
        key = (variant, whole)
        found = self._programs.get(key)
        if found is None:
            if whole:
                found = (statements(self.kb, variant), [])
            else:
                facts = [f for a, f in zip(self._static.atoms, self._static.facts, strict=True)
                         if variant.cone is None or (a.name, len(a.arguments)) in variant.cone]
                found = (statements(self.kb, variant, set(self._static.dynamic)), facts)
            self._programs[key] = found
        return found

    def evaluate(self, student: Student, on: dt.date | None = None,
                 extra: Iterable[Symbol] = (), *, provenance: str = "full",
                 cone: frozenset[Pred] | None = None, heads: frozenset[Pred] = frozenset(),
                 as_id: str | None = None, keep_model: bool = True) -> Evaluation:
        """Ground and solve the KB with one student's facts as of `on` (default: today).

        provenance: full (`_fired` atoms for why / why not), light (rule ids only) or none;
        cone: only these predicates' rules (Engine.cone); heads: full provenance for these heads;
        as_id: the student's id inside the Control (a fixed constant keeps clingo's symbol table
        from growing with every distinct student; the model then names that constant);
        keep_model False: read only the shown atoms (a batch needs no more; `model` stays empty).
        """
        if provenance not in PROVENANCE:
            raise ValueError(f"provenance must be one of {PROVENANCE}, not {provenance!r}")
        on = on or dt.date.today()
        extra_atoms = list(extra)
        sid = as_id if as_id is not None else student.id
        facts = student_facts(student.record, on, sid)
        facts.append(Function("today", [Number(day_number(on))]))
        if as_id is not None and as_id != student.id:
            old, new = String(student.id), String(as_id)
            facts.extend(rename(a, old, new) for a in extra_atoms)
        else:
            facts.extend(extra_atoms)
        messages: list[str] = []

        def logger(_code: Any, message: str) -> None:
            messages.append(message.strip())

        # Extra atoms of a static predicate (a catalogue fact in a test, say) change the static
        # part too: then the whole KB is grounded for this evaluation.
        whole = any((a.name, len(a.arguments)) not in self._inputs for a in extra_atoms)
        variant = Variant(cone, provenance, heads if provenance != "full" else frozenset())
        stmts, static_facts = self._program(variant, whole)
        ctl = clingo.Control(["--warn=none"], logger=logger, message_limit=20)
        with ast.ProgramBuilder(ctl) as builder:
            for stmt in stmts:
                builder.add(stmt)
            for stmt in static_facts:
                builder.add(stmt)
            for sym in facts:
                builder.add(fact_statement(sym))
            builder.add(_SHOW_FIRED)
            if provenance == "light":
                for show in self._show_bodies:
                    builder.add(show)
        try:
            ctl.ground([("base", [])], context=self._context)
        except RuntimeError as err:
            detail = "; ".join(messages) or str(err)
            raise EngineError(f"grounding failed for student {student.id!r}: {detail}") from None
        models: list[tuple[Sequence[Symbol], Sequence[Symbol]]] = []
        result = ctl.solve(on_model=lambda m: models.append(
            (m.symbols(shown=True), m.symbols(atoms=True) if keep_model else ())))
        if not result.satisfiable or len(models) != 1:
            raise EngineError(f"the KB has no single answer set for student {student.id!r} "
                              f"({len(models)} models): the decision rules must be stratified")
        shown, everything = models[0]
        public: list[Symbol] = []
        firings: list[Firing] = []
        if not whole and (provenance != "none" or heads):
            firings = list(self._static_firings)
        bodies = self._bodies
        ran: set[str] = set()
        for sym in shown:
            name = sym.name
            if name == FIRED:
                firings.append(_firing(sym))
            elif name in bodies:
                ran.add(bodies[name])
            else:
                public.append(sym)
        again = None
        if provenance != "full" or as_id is not None:
            def again() -> Evaluation:  # an explanation names the real student
                return self.evaluate(student, on, extra_atoms, cone=cone)
        return Evaluation(student, on, tuple(public), tuple(firings), self.vocabulary,
                          tuple(everything), provenance, frozenset(ran), again,
                          as_id if as_id is not None and as_id != student.id else None)

    def evaluate_cached(self, student: Student, on: dt.date, extra: Iterable[Symbol] = (),
                        **options: Any) -> Evaluation:
        """evaluate(), remembered per (student, date, extra atoms, options) for the last
        CACHE_SIZE evaluations (a session asking again about the same student pays once)."""
        extra_atoms = tuple(extra)
        # The record by identity: a cached evaluation holds its student (and so the record), so the
        # id cannot be reused while the entry lives; a what-if copy is a new record. No per-call dump.
        key = (student.id, student.file, id(student.record), on, extra_atoms,
               tuple(sorted(options.items())))
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        ev = self._cache[key] = self.evaluate(student, on, extra_atoms, **options)
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return ev


def rename(sym: Symbol, old: Symbol, new: Symbol) -> Symbol:
    """The symbol with every occurrence of `old` replaced by `new`."""
    if sym == old:
        return new
    if sym.type != clingo.SymbolType.Function or not sym.arguments:
        return sym
    return Function(sym.name, [rename(a, old, new) for a in sym.arguments], sym.positive)


@cache
def shared_engine() -> Engine:
    """One engine over the bundled KB per process (it parses the KB and solves its static part once)."""
    return Engine()
