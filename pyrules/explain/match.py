"""Evaluating a rule's body literals against a computed answer set, under a (partial) binding.

The explanations need to know, for a clause and the values of its variables, which atoms made
each body literal true (why) or which literal failed and with what values (why not).  This is a
small join evaluator; it never grounds.  Clauses are compiled once into Python tuples and the
model's atoms converted to Python values once per predicate (clingo AST and Symbol attribute
access are foreign calls, far too slow inside a join).  Values (`PV`) are ints (numbers), strs
(strings) and tuples `(name, *args)` (functions); `to_symbol` turns them back into Symbols.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from clingo import Function, Infimum, Number, String, Supremum, Symbol, SymbolType, ast

from ..core.calendar import Context
from ..core.kb import Clause, _global_variables

PV = Any
Subst = dict[str, PV]
Row = tuple[tuple[PV, ...], Symbol]
_CONTEXT = Context()
_LIMIT = 400
_CMP = ast.ComparisonOperator
_OPS = {_CMP.Equal: "=", _CMP.NotEqual: "!=", _CMP.LessThan: "<", _CMP.LessEqual: "<=",
        _CMP.GreaterThan: ">", _CMP.GreaterEqual: ">="}
_BIN = {ast.BinaryOperator.Plus: "+", ast.BinaryOperator.Minus: "-",
        ast.BinaryOperator.Multiplication: "*", ast.BinaryOperator.Division: "/",
        ast.BinaryOperator.Modulo: "\\"}
_AGG = {ast.AggregateFunction.Count: "count", ast.AggregateFunction.Sum: "sum",
        ast.AggregateFunction.SumPlus: "sum+", ast.AggregateFunction.Max: "max",
        ast.AggregateFunction.Min: "min"}
OPERATOR_TEXT = {op: op for op in _OPS.values()}
_SYMBOLS: dict[Any, Symbol] = {}


def to_py(sym: Symbol) -> PV:
    """A clingo Symbol as a Python value."""
    t = sym.type
    if t == SymbolType.Number:
        return sym.number
    if t == SymbolType.String:
        return sym.string
    if t == SymbolType.Function:
        name = sym.name if sym.positive else "-" + sym.name
        return (name, *(to_py(a) for a in sym.arguments))
    return ("#inf",) if t == SymbolType.Infimum else ("#sup",)


def to_symbol(v: PV) -> Symbol:
    """A Python value back as a clingo Symbol (cached)."""
    key = (type(v), v)
    cached = _SYMBOLS.get(key)
    if cached is not None:
        return cached
    if isinstance(v, int):
        out = Number(v)
    elif isinstance(v, str):
        out = String(v)
    elif v == ("#inf",):
        out = Infimum
    elif v == ("#sup",):
        out = Supremum
    else:
        name = v[0]
        out = Function(name.lstrip("-"), [to_symbol(a) for a in v[1:]], not name.startswith("-"))
    _SYMBOLS[key] = out
    return out


class AtomIndex:
    """The atoms of a model, by (name, arity), converted lazily and indexed by argument value."""

    def __init__(self, atoms: Iterable[Symbol]):
        self.all = frozenset(atoms)
        self._by_name: dict[str, list[Symbol]] = {}
        for a in self.all:
            if a.type == SymbolType.Function:
                self._by_name.setdefault(a.name, []).append(a)
        self._rows: dict[tuple[str, int], list[Row]] = {}
        self._pos: dict[tuple[str, int, int], dict[PV, list[Row]]] = {}
        self.memo: dict[Any, Any] = {}

    def rows(self, name: str, arity: int) -> list[Row]:
        """The atoms of a predicate as (argument values, symbol), in clingo's order."""
        got = self._rows.get((name, arity))
        if got is None:
            syms = sorted(a for a in self._by_name.get(name, []) if len(a.arguments) == arity)
            got = self._rows[(name, arity)] = [(to_py(a)[1:], a) for a in syms]
        return got

    def at(self, name: str, arity: int, pos: int, value: PV) -> list[Row]:
        """The atoms of a predicate whose argument `pos` is `value`."""
        key = (name, arity, pos)
        table = self._pos.get(key)
        if table is None:
            table = self._pos[key] = {}
            for row in self.rows(name, arity):
                table.setdefault(row[0][pos], []).append(row)
        return table.get(value, [])

    def of(self, name: str, arity: int) -> list[Symbol]:
        return [sym for _args, sym in self.rows(name, arity)]


def compile_term(node: Any) -> tuple[Any, ...]:
    """A clingo AST term as nested tuples: ('v', X), ('c', value), ('f', name, args, external),
    ('u', op, t), ('b', op, l, r), ('i', lo, hi), ('?',)."""
    t = node.ast_type
    if t == ast.ASTType.Variable:
        return ("v", node.name)
    if t == ast.ASTType.SymbolicTerm:
        return ("c", to_py(node.symbol))
    if t == ast.ASTType.Function:
        return ("f", node.name, tuple(compile_term(a) for a in node.arguments), bool(node.external))
    if t == ast.ASTType.UnaryOperation:
        op = {ast.UnaryOperator.Minus: "-", ast.UnaryOperator.Absolute: "abs"}.get(node.operator_type)
        return ("u", op, compile_term(node.argument))
    if t == ast.ASTType.BinaryOperation:
        return ("b", _BIN.get(node.operator_type), compile_term(node.left), compile_term(node.right))
    if t == ast.ASTType.Interval:
        return ("i", compile_term(node.left), compile_term(node.right))
    if t == ast.ASTType.Pool:
        return ("p", tuple(compile_term(a) for a in node.arguments))
    return ("?",)


def expand(term: tuple[Any, ...]) -> list[PV]:
    """The ground values of a ground term with pools ('a; b') and intervals expanded."""
    tag = term[0]
    if tag == "c":
        return [term[1]]
    if tag == "p":
        return [v for alt in term[1] for v in expand(alt)]
    if tag == "i":
        lo, hi = evaluate(term[1], {}), evaluate(term[2], {})
        return list(range(lo, hi + 1)) if isinstance(lo, int) and isinstance(hi, int) else []
    if tag == "f" and not term[3]:
        out: list[tuple[PV, ...]] = [(term[1],)]
        for arg in term[2]:
            out = [(*prefix, v) for prefix in out for v in expand(arg)]
        return out
    value = evaluate(term, {})
    return [] if value is None else [value]


def term_vars(term: tuple[Any, ...]) -> set[str]:
    """The variables of a compiled term."""
    tag = term[0]
    if tag == "v":
        return {term[1]}
    parts = term[2] if tag == "f" else term[2:] if tag in ("u", "b") else \
        term[1:] if tag == "i" else ()
    return {v for part in parts for v in term_vars(part)}


def _term(node: Any) -> tuple[Any, ...]:
    return node if isinstance(node, tuple) else compile_term(node)


def _names(node: Any) -> set[str]:
    out: list[str] = []
    _global_variables(node, out)
    return set(out)


@dataclass(eq=False)
class Lit:
    """A compiled body literal: kind atom/cmp/agg/bool/other, its parts, its variables, its AST."""

    kind: str
    neg: bool
    ast: Any
    names: frozenset[str]
    assignable: frozenset[str] = frozenset()
    term: tuple[Any, ...] = ("?",)
    pred: tuple[str, int] | None = None
    guards: list[tuple[str, tuple[Any, ...], Any]] = field(default_factory=list)
    function: str = ""
    elements: list[tuple[tuple[tuple[Any, ...], ...], list[Lit]]] = field(default_factory=list)
    value: bool = True
    inner: frozenset[str] = frozenset()


def compile_literal(lit: Any) -> Lit:
    """One AST body literal (or condition literal) compiled."""
    if lit.ast_type != ast.ASTType.Literal:
        return Lit("other", False, lit, frozenset())
    atom, neg = lit.atom, lit.sign != ast.Sign.NoSign
    names = frozenset(_names(lit))
    t = atom.ast_type
    if t == ast.ASTType.SymbolicAtom:
        term = compile_term(atom.symbol)
        pred = (term[1], len(term[2])) if term[0] == "f" else \
            (term[1][0], len(term[1]) - 1) if term[0] == "c" and isinstance(term[1], tuple) else None
        return Lit("atom", neg, lit, names, term=term, pred=pred)
    if t == ast.ASTType.Comparison:
        guards = [(_OPS[g.comparison], compile_term(g.term), g.term) for g in atom.guards]
        assignable = set()
        if any(op == "=" for op, _t, _a in guards):
            assignable = {x[1] for x in [compile_term(atom.term), *(g[1] for g in guards)]
                          if x[0] == "v"}
        return Lit("cmp", neg, lit, names, frozenset(assignable), term=compile_term(atom.term),
                   guards=guards)
    if t == ast.ASTType.BodyAggregate:
        guards, assignable = [], set()
        for side, g in (("left", atom.left_guard), ("right", atom.right_guard)):
            if g is not None:
                ct = compile_term(g.term)
                guards.append((f"{side}{_OPS[g.comparison]}", ct, g.term))
                if g.comparison == _CMP.Equal and ct[0] == "v":
                    assignable.add(ct[1])
        elements = [(tuple(compile_term(x) for x in e.terms), [compile_literal(c) for c in e.condition])
                    for e in atom.elements]
        inner = {v for terms, cond in elements for x in terms for v in term_vars(x)}
        inner |= {v for _terms, cond in elements for c in cond for v in c.names}
        return Lit("agg", neg, lit, names, frozenset(assignable), guards=guards,
                   function=_AGG.get(atom.function, "count"), elements=elements,
                   inner=frozenset(inner))
    if t == ast.ASTType.BooleanConstant:
        return Lit("bool", neg, lit, names, value=bool(atom.value))
    return Lit("other", neg, lit, names)


@dataclass
class Compiled:
    """A clause compiled: its head term and its body literals."""

    head: tuple[Any, ...]
    body: list[Lit]


_COMPILED: dict[int, tuple[Clause, Compiled]] = {}


def compiled(clause: Clause) -> Compiled:
    """The clause compiled (once per process)."""
    got = _COMPILED.get(id(clause))
    if got is not None and got[0] is clause:
        return got[1]
    stmt = clause.statement
    out = Compiled(compile_term(stmt.head.atom.symbol), [compile_literal(x) for x in stmt.body])
    _COMPILED[id(clause)] = (clause, out)
    return out


def compare(op: str, left: PV, right: PV) -> bool:
    """A comparison with clingo's semantics (Python's order for numbers and strings)."""
    if op == "=":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if type(left) is not type(right) or isinstance(left, tuple):
        left, right = to_symbol(left), to_symbol(right)
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


def evaluate(node: Any, s: Subst) -> PV | None:
    """The value of a term under a binding (None: an unbound variable or an unknown form)."""
    term = _term(node)
    tag = term[0]
    if tag == "v":
        return s.get(term[1])
    if tag == "c":
        return term[1]
    if tag == "f":
        args = [evaluate(a, s) for a in term[2]]
        if any(a is None for a in args):
            return None
        if term[3]:
            fn = getattr(_CONTEXT, term[1], None)
            if fn is None:
                return None
            try:
                return to_py(fn(*(to_symbol(a) for a in args)))
            except (RuntimeError, ValueError, TypeError, OverflowError, IndexError):
                return None  # arguments of the wrong kind: clingo would not ground this
        return (term[1], *args)
    if tag == "u":
        inner = evaluate(term[2], s)
        if not isinstance(inner, int) or term[1] is None:
            return None
        return -inner if term[1] == "-" else abs(inner)
    if tag == "b":
        x, y = evaluate(term[2], s), evaluate(term[3], s)
        if not isinstance(x, int) or not isinstance(y, int):
            return None
        op = term[1]
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op == "/" and y:
            return int(x / y)
        if op == "\\" and y:
            return x - int(x / y) * y
    return None


def unify(node: Any, value: PV, s: Subst) -> Subst | None:
    """Extend the binding so that the (non-ground) term equals the value, or None."""
    term = _term(node)
    if isinstance(value, Symbol):
        value = to_py(value)
    tag = term[0]
    if tag == "v":
        if term[1] == "_":
            return s
        bound = s.get(term[1], _MISSING)
        if bound is _MISSING:
            return {**s, term[1]: value}
        return s if bound == value else None
    if tag == "f" and not term[3]:
        args = term[2]
        if not isinstance(value, tuple) or len(value) != len(args) + 1 or value[0] != term[1]:
            return None
        out: Subst | None = s
        for arg, val in zip(args, value[1:], strict=True):
            out = unify(arg, val, out) if out is not None else None
        return out
    got = evaluate(term, s)
    return s if got is not None and got == value else None


_MISSING = object()


def term_pred(term: Any) -> tuple[str, int] | None:
    """(name, arity) of an atom's term (AST or compiled)."""
    t = _term(term)
    if t[0] == "f":
        return (t[1], len(t[2]))
    if t[0] == "c" and isinstance(t[1], tuple):
        return (t[1][0], len(t[1]) - 1)
    return None


def matches(node: Any, s: Subst, index: AtomIndex) -> list[tuple[Subst, Symbol]]:
    """The atoms of the model the term unifies with, each with the extended binding."""
    term = _term(node)
    pred = term_pred(term)
    if pred is None:
        return []
    rows = index.rows(*pred)
    if term[0] == "f":
        for pos, arg in enumerate(term[2]):
            if arg[0] in ("c", "v"):
                v = evaluate(arg, s)
                if v is not None:
                    bucket = index.at(pred[0], pred[1], pos, v)
                    if len(bucket) < len(rows):
                        rows = bucket
        args = term[2]
    else:
        args = tuple(("c", a) for a in term[1][1:])
    out = []
    for values, atom in rows:
        ext: Subst | None = s
        for arg, val in zip(args, values, strict=True):
            ext = unify(arg, val, ext) if ext is not None else None
        if ext is not None:
            out.append((ext, atom))
            if len(out) >= _LIMIT:
                break
    return out
