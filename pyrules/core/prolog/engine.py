"""The second engine: the translated KB in SWI-Prolog (through pyswip), same interface as Engine.

One process-wide owner of the Prolog instance (`_Prolog`), a lock around every query (pyswip is
not thread-safe), files loaded with load_files/2 and a message_hook so that load errors raise.
Per evaluation: the student's facts are asserted as Prolog terms built from clingo symbols (never
as program text), the shown predicates are read back, the facts retracted, the tables abolished.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import clingo
from clingo import Function, Number, Symbol, SymbolType

from ..calendar import _danish_holidays
from ..encode import student_facts
from ..engine import Engine, Evaluation
from ..kb import KnowledgeBase, default_kb
from ..students import Student
from ..values import day_number
from ..vocabulary import public_predicates
from .terms import STRING, TUPLE
from .translate import RUNTIME, Translation, translate

HOLIDAY_YEARS = range(1990, 2101)   # the calendar functions raise outside this range


class PrologError(Exception):
    """The translated KB could not be loaded or evaluated."""


class _Prolog:
    """The one SWI-Prolog instance of the process and the lock every query takes."""

    def __init__(self) -> None:
        from pyswip import Prolog  # imported late: loading libswipl costs time

        self.lock = threading.RLock()
        self.prolog = Prolog()
        self.loaded: set[str] = set()
        with self.lock:
            self._consult_runtime()

    def _consult_runtime(self) -> None:
        found = list(self.prolog.query(
            f"catch((load_files({_atom(str(RUNTIME))}, [if(true)]), M = ok), E, "
            "(term_to_atom(E, M)))"))
        if not found or found[0]["M"] != "ok":
            raise PrologError(f"could not load {RUNTIME}")
        from pyswip import Functor, call
        years = [d for y in HOLIDAY_YEARS for d in _danish_holidays(y)]
        days = sorted(day_number(d) for d in years)
        assertz, colon = Functor("assertz", 1), Functor(":", 2)
        holiday = Functor("pr_holiday", 1)
        for n in days:
            call(assertz(colon("pr_runtime", holiday(n))))
        lo = day_number(dt.date(HOLIDAY_YEARS.start, 1, 1))
        hi = day_number(dt.date(HOLIDAY_YEARS.stop - 1, 12, 31))
        call(assertz(colon("pr_runtime", Functor("pr_holiday_range", 2)(lo, hi))))

    def attach(self) -> bool:
        """Give the calling thread a Prolog engine (SWI-Prolog crashes on a thread without one);
        True when one was created (detach() it after the query)."""
        from pyswip.core import PL_thread_attach_engine, PL_thread_self

        if PL_thread_self() != -1:
            return False
        if PL_thread_attach_engine(None) == -1:
            raise PrologError("could not attach a Prolog engine to this thread")
        return True

    @staticmethod
    def detach() -> None:
        from pyswip.core import _lib

        _lib.PL_thread_destroy_engine()

    def load(self, path: Path) -> None:
        """load_files/2 with every error and warning turned into a PrologError."""
        with self.lock:
            self.attach()
            found = list(self.prolog.query(f"pr_runtime:pr_load({_atom(str(path))}, Ms)"))
            messages = [m.decode() if isinstance(m, bytes) else str(m) for m in found[0]["Ms"]] \
                if found else ["pr_load/2 failed"]
            if messages:
                raise PrologError(f"{path}: " + "\n".join(messages))


def _atom(text: str) -> str:
    """A quoted Prolog atom for a file path we wrote ourselves."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@cache
def _instance() -> _Prolog:
    return _Prolog()


def to_term(sym: Symbol) -> Any:
    """A clingo symbol as a pyswip term (str becomes a Prolog atom; no parsing)."""
    from pyswip import Functor

    t = sym.type
    if t == SymbolType.Number:
        return sym.number
    if t == SymbolType.String:
        return Functor(STRING, 1)(sym.string)
    if t == SymbolType.Infimum:
        return "$inf"
    if t == SymbolType.Supremum:
        return "$sup"
    name = TUPLE if sym.name == "" else sym.name
    if not sym.arguments:
        return name
    return Functor(name, len(sym.arguments))(*[to_term(a) for a in sym.arguments])


@dataclass(frozen=True)
class PrologEvaluation(Evaluation):
    """An Evaluation without per-atom provenance: which labelled rules fired, no bindings."""

    rule_ids: tuple[str, ...] = ()

    def rules_fired(self) -> list[str]:
        return list(self.rule_ids)


class PrologEngine(Engine):
    """Evaluates students against the KB translated to tabled Prolog; no provenance (firings ()).

    A subclass of Engine for its interface only: Engine.__init__ (clingo's static split) is not run.
    """

    name = "prolog"

    def __init__(self, kb: KnowledgeBase | None = None):  # noqa: D107 - no super().__init__
        self.kb = kb or default_kb()
        self.vocabulary = public_predicates(self.kb)
        catalogue = frozenset(args[0].string for args in self.kb.facts_of("course", 4))
        self.courses: frozenset[str] | None = catalogue or None
        self.translation: Translation = translate(self.kb)
        self._inputs = set(self.translation.inputs)
        self._prolog = _instance()
        with self._prolog.lock:
            if "kb" in self._prolog.loaded:
                raise PrologError("one translated KB per process: use shared_prolog_engine()")
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "kb.pl"
                path.write_text(self.translation.text, encoding="utf-8")
                self._prolog.load(path)
            self._prolog.loaded.add("kb")
            if not list(self._prolog.prolog.query("pr_materialise")):
                raise PrologError("could not evaluate the static part of the KB")

    def cone(self, predicates: Iterable[tuple[str, int]]) -> frozenset[tuple[str, int]]:
        """No cone: tabled evaluation is goal-directed already (the option is ignored)."""
        return frozenset(predicates)

    def evaluate_cached(self, student: Student, on: dt.date, extra: Iterable[Symbol] = (),
                        **options: Any) -> Evaluation:
        return self.evaluate(student, on, extra, **options)

    def evaluate(self, student: Student, on: dt.date | None = None,
                 extra: Iterable[Symbol] = (), **_options: Any) -> Evaluation:
        """Evaluate one student; the clingo options (provenance, cone, heads, as_id, keep_model)
        do not apply to a goal-directed engine without provenance and are ignored."""
        on = on or dt.date.today()
        facts = student_facts(student.record, on)  # as known on `on`, as the clingo engine
        facts.append(Function("today", [Number(day_number(on))]))
        extra_atoms = list(extra)
        for a in extra_atoms:
            if (a.name, len(a.arguments)) not in self._inputs:
                raise PrologError(f"the Prolog engine takes extra facts of input predicates "
                                  f"only, not {a.name}/{len(a.arguments)}")
        facts.extend(extra_atoms)
        public, fired = self._run(sorted(set(facts)))
        return PrologEvaluation(student, on, public, (), self.vocabulary, public,
                                rule_ids=fired)

    def _run(self, facts: list[Symbol]) -> tuple[tuple[Symbol, ...], tuple[str, ...]]:
        from pyswip import Functor, Query, Variable
        from pyswip.core import PL_discard_foreign_frame, PL_open_foreign_frame

        with self._prolog.lock:
            attached = self._prolog.attach()
            frame = PL_open_foreign_frame()
            try:
                out = Variable()
                goal = Functor("pr_evaluate", 2)([to_term(f) for f in facts], out)
                Query(goal)
                try:
                    if not Query.nextSolution():
                        raise PrologError("pr_evaluate/2 failed")
                    text = out.value
                finally:
                    Query.closeQuery()
            except Exception as err:
                if isinstance(err, PrologError):
                    raise
                raise PrologError(f"Prolog evaluation failed: {err}") from None
            finally:
                PL_discard_foreign_frame(frame)
                if attached:
                    self._prolog.detach()
        if isinstance(text, bytes):
            text = text.decode()
        lines = str(text).splitlines()
        atoms = tuple(clingo.parse_term(line) for line in lines if line and line[0] != "!")
        return atoms, tuple(sorted({line[1:] for line in lines if line.startswith("!")}))


@cache
def shared_prolog_engine() -> PrologEngine:
    """The one Prolog engine over the bundled KB per process."""
    return PrologEngine()
