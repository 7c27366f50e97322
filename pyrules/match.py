"""Evaluating a rule's body literals against a computed answer set, under a (partial) binding.

The explanations need to know, for a clause and the values of its variables, which atoms made
each body literal true (why) or which literal failed and with what values (why not).  This is a
small join evaluator over the AST of the clause and the atoms of the model; it never grounds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from clingo import Function, Number, Symbol, SymbolType, ast

from .calendar import Context
from .kb import _global_variables

Subst = dict[str, Symbol]
_CONTEXT = Context()
_LIMIT = 400
_CMP = ast.ComparisonOperator


class AtomIndex:
    """The atoms of a model, by (name, arity)."""

    def __init__(self, atoms: Iterable[Symbol]):
        self.by_pred: dict[tuple[str, int], list[Symbol]] = {}
        for a in atoms:
            if a.type == SymbolType.Function:
                self.by_pred.setdefault((a.name, len(a.arguments)), []).append(a)
        for v in self.by_pred.values():
            v.sort()
        self.all = frozenset(atoms)

    def of(self, name: str, arity: int) -> list[Symbol]:
        return self.by_pred.get((name, arity), [])


def compare(op: Any, left: Symbol, right: Symbol) -> bool:
    if op == _CMP.Equal:
        return left == right
    if op == _CMP.NotEqual:
        return left != right
    if op == _CMP.LessThan:
        return left < right
    if op == _CMP.LessEqual:
        return left <= right
    if op == _CMP.GreaterThan:
        return left > right
    return left >= right


OPERATOR_TEXT = {_CMP.Equal: "=", _CMP.NotEqual: "!=", _CMP.LessThan: "<", _CMP.LessEqual: "<=",
                 _CMP.GreaterThan: ">", _CMP.GreaterEqual: ">="}


def evaluate(term: Any, s: Subst) -> Symbol | None:
    """The value of a term under a binding (None: an unbound variable or an unknown form)."""
    t = term.ast_type
    if t == ast.ASTType.Variable:
        return s.get(term.name)
    if t == ast.ASTType.SymbolicTerm:
        return term.symbol
    if t == ast.ASTType.Function:
        args = [evaluate(a, s) for a in term.arguments]
        if any(a is None for a in args):
            return None
        vals = [a for a in args if a is not None]
        if term.external:
            fn = getattr(_CONTEXT, term.name, None)
            return fn(*vals) if fn is not None else None
        return Function(term.name, vals)
    if t == ast.ASTType.UnaryOperation:
        inner = evaluate(term.argument, s)
        if inner is None or inner.type != SymbolType.Number:
            return None
        if term.operator_type == ast.UnaryOperator.Minus:
            return Number(-inner.number)
        return Number(abs(inner.number))
    if t == ast.ASTType.BinaryOperation:
        a, b = evaluate(term.left, s), evaluate(term.right, s)
        if a is None or b is None or a.type != SymbolType.Number or b.type != SymbolType.Number:
            return None
        x, y, op = a.number, b.number, term.operator_type
        if op == ast.BinaryOperator.Plus:
            return Number(x + y)
        if op == ast.BinaryOperator.Minus:
            return Number(x - y)
        if op == ast.BinaryOperator.Multiplication:
            return Number(x * y)
        if op == ast.BinaryOperator.Division and y:
            return Number(int(x / y))
        if op == ast.BinaryOperator.Modulo and y:
            return Number(x - int(x / y) * y)
        return None
    return None


def unify(term: Any, sym: Symbol, s: Subst) -> Subst | None:
    """Extend the binding so that the (non-ground) term equals the symbol, or None."""
    t = term.ast_type
    if t == ast.ASTType.Variable:
        if term.name == "_":
            return s
        bound = s.get(term.name)
        if bound is None:
            return {**s, term.name: sym}
        return s if bound == sym else None
    if t == ast.ASTType.Function and not term.external:
        if sym.type != SymbolType.Function or sym.name != term.name or \
                len(sym.arguments) != len(term.arguments):
            return None
        out: Subst | None = s
        for arg, val in zip(term.arguments, sym.arguments, strict=True):
            out = unify(arg, val, out) if out is not None else None
        return out
    value = evaluate(term, s)
    return s if value is not None and value == sym else None


def atom_term(atom: Any) -> Any | None:
    """The term of a symbolic atom (None for comparisons, aggregates, constants)."""
    return atom.symbol if atom.ast_type == ast.ASTType.SymbolicAtom else None


def term_pred(term: Any) -> tuple[str, int] | None:
    if term.ast_type == ast.ASTType.Function:
        return (term.name, len(term.arguments))
    if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type == SymbolType.Function:
        return (term.symbol.name, len(term.symbol.arguments))
    return None


def matches(term: Any, s: Subst, index: AtomIndex) -> list[tuple[Subst, Symbol]]:
    """The atoms of the model the term unifies with, each with the extended binding."""
    pred = term_pred(term)
    if pred is None:
        return []
    out = []
    for atom in index.of(*pred):
        extended = unify(term, atom, s)
        if extended is not None:
            out.append((extended, atom))
            if len(out) >= _LIMIT:
                break
    return out


@dataclass
class Counted:
    """The elements an aggregate collected: the tuples and the atoms behind each."""

    function: str
    value: Symbol
    elements: list[tuple[tuple[Symbol, ...], list[Symbol]]] = field(default_factory=list)


def aggregate(agg: Any, s: Subst, index: AtomIndex) -> Counted | None:
    """The value of a body aggregate under a binding (None when its inputs are unbound)."""
    seen: dict[tuple[Symbol, ...], list[Symbol]] = {}
    for elem in agg.elements:
        for sub, support in solve(list(elem.condition), s, index):
            values = [evaluate(t, sub) for t in elem.terms]
            if any(v is None for v in values):
                return None
            key = tuple(v for v in values if v is not None)
            seen.setdefault(key, support)
    fn = agg.function
    nums = [k[0].number for k in seen if k and k[0].type == SymbolType.Number]
    if fn == ast.AggregateFunction.Count:
        value = Number(len(seen))
        name = "count"
    elif fn in (ast.AggregateFunction.Sum, ast.AggregateFunction.SumPlus):
        value = Number(sum(n for n in nums if fn == ast.AggregateFunction.Sum or n > 0))
        name = "sum"
    elif fn == ast.AggregateFunction.Max:
        value = Number(max(nums)) if nums else Function("#inf")
        name = "max"
    else:
        value = Number(min(nums)) if nums else Function("#sup")
        name = "min"
    return Counted(name, value, sorted(seen.items(), key=lambda kv: kv[0]))


def _interval(atom: Any, s: Subst, negated: bool) -> list[Subst] | None:
    """`X = Lo..Hi`: membership when X is bound, the values of the range when it is not."""
    if len(atom.guards) != 1 or atom.guards[0].comparison != _CMP.Equal or \
            atom.guards[0].term.ast_type != ast.ASTType.Interval:
        return None
    rng = atom.guards[0].term
    lo, hi = evaluate(rng.left, s), evaluate(rng.right, s)
    if lo is None or hi is None or lo.type != SymbolType.Number or hi.type != SymbolType.Number:
        return []
    value = evaluate(atom.term, s)
    if value is not None:
        inside = value.type == SymbolType.Number and lo.number <= value.number <= hi.number
        return [s] if inside != negated else []
    if negated or atom.term.ast_type != ast.ASTType.Variable:
        return []
    top = min(hi.number, lo.number + _LIMIT)
    return [{**s, atom.term.name: Number(n)} for n in range(lo.number, top + 1)]


def _guard_ok(agg: Any, value: Symbol, s: Subst) -> list[Subst]:
    out = s
    for guard, left in ((agg.left_guard, True), (agg.right_guard, False)):
        if guard is None:
            continue
        bound = evaluate(guard.term, out)
        if bound is None:
            if guard.comparison == _CMP.Equal and guard.term.ast_type == ast.ASTType.Variable:
                out = {**out, guard.term.name: value}
                continue
            return []
        ok = compare(guard.comparison, bound, value) if left else \
            compare(guard.comparison, value, bound)
        if not ok:
            return []
    return [out]


def solve_literal(lit: Any, s: Subst, index: AtomIndex) -> list[tuple[Subst, list[Symbol]]]:
    """The extensions of s that make one body literal true, each with the atoms it used."""
    if lit.ast_type != ast.ASTType.Literal:
        return [(s, [])]
    atom = lit.atom
    t = atom.ast_type
    if t == ast.ASTType.SymbolicAtom:
        found = matches(atom.symbol, s, index)
        if lit.sign == ast.Sign.NoSign:
            return [(x, [a]) for x, a in found]
        return [] if found else [(s, [])]
    if t == ast.ASTType.Comparison:
        ranged = _interval(atom, s, lit.sign != ast.Sign.NoSign)
        if ranged is not None:
            return [(x, []) for x in ranged]
        value = evaluate(atom.term, s)
        out = s
        for guard in atom.guards:
            right = evaluate(guard.term, out)
            if value is None and right is not None and guard.comparison == _CMP.Equal and \
                    atom.term.ast_type == ast.ASTType.Variable:
                out, value = {**out, atom.term.name: right}, right
                continue
            if right is None and value is not None and guard.comparison == _CMP.Equal and \
                    guard.term.ast_type == ast.ASTType.Variable:
                out, right = {**out, guard.term.name: value}, value
            if value is None or right is None or not compare(guard.comparison, value, right):
                return []
            value = right
        holds = True
        return [(out, [])] if holds != (lit.sign != ast.Sign.NoSign) else []
    if t == ast.ASTType.BodyAggregate:
        counted = aggregate(atom, s, index)
        if counted is None:
            return []
        support = [a for _key, atoms in counted.elements for a in atoms]
        return [(x, support) for x in _guard_ok(atom, counted.value, s)]
    if t == ast.ASTType.BooleanConstant:
        return [(s, [])] if atom.value else []
    return [(s, [])]


def solve(body: list[Any], s: Subst, index: AtomIndex) -> list[tuple[Subst, list[Symbol]]]:
    """Every binding (up to a limit) that satisfies the whole conjunction, with its atoms."""
    states: list[tuple[Subst, list[Symbol]]] = [(s, [])]
    for lit in schedule(body, set(s)):
        nxt = []
        for sub, support in states:
            for ext, used in solve_literal(lit, sub, index):
                nxt.append((ext, support + used))
                if len(nxt) >= _LIMIT:
                    break
        states = nxt
        if not states:
            return []
    return states


def _names(node: Any) -> set[str]:
    out: list[str] = []
    _global_variables(node, out)
    return set(out)


def _assignable(lit: Any) -> set[str]:
    atom = lit.atom
    out = set()
    if atom.ast_type == ast.ASTType.Comparison:
        if any(g.comparison == _CMP.Equal for g in atom.guards):
            for term in [atom.term, *(g.term for g in atom.guards)]:
                if term.ast_type == ast.ASTType.Variable:
                    out.add(term.name)
    elif atom.ast_type == ast.ASTType.BodyAggregate:
        for g in (atom.left_guard, atom.right_guard):
            if g is not None and g.comparison == _CMP.Equal and g.term.ast_type == ast.ASTType.Variable:
                out.add(g.term.name)
    return out


def schedule(body: list[Any], bound: set[str] | None = None) -> list[Any]:
    """The body in an order where each literal's inputs are bound: positive atoms, then
    assignments, comparisons and aggregates as their variables become known, negation last."""
    known = set(bound or ())
    lits = [lit for lit in body if lit.ast_type == ast.ASTType.Literal]
    positive = [lit for lit in lits if lit.atom.ast_type == ast.ASTType.SymbolicAtom
                and lit.sign == ast.Sign.NoSign]
    for lit in positive:
        known |= _names(lit)
    rest = [lit for lit in lits if lit not in positive]
    order = list(positive)
    while rest:
        ready = next((lit for lit in rest if _names(lit) - _assignable(lit) <= known
                      or len(_names(lit) - known) <= 1 and _assignable(lit) >= _names(lit) - known),
                     rest[0])
        rest.remove(ready)
        order.append(ready)
        known |= _names(ready)
    return order + [lit for lit in body if lit.ast_type != ast.ASTType.Literal]
