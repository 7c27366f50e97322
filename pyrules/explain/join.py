"""Solving compiled body literals against a model's atoms: joins, comparisons, aggregates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clingo import Symbol

from .match import _LIMIT, PV, AtomIndex, Lit, Subst, compare, evaluate, matches


@dataclass
class Counted:
    """The elements an aggregate collected: the tuples and the atoms behind each."""

    function: str
    value: PV
    elements: list[tuple[tuple[PV, ...], list[Symbol]]] = field(default_factory=list)


def aggregate(agg: Lit, s: Subst, index: AtomIndex) -> Counted | None:
    """The value of a body aggregate under a binding (None when its inputs are unbound)."""
    key = (id(agg), tuple(sorted((k, v) for k, v in s.items() if k in agg.inner)))
    if key in index.memo:
        result: Counted | None = index.memo[key]
        return result
    result = _aggregate(agg, s, index)
    index.memo[key] = result
    return result


def _aggregate(agg: Lit, s: Subst, index: AtomIndex) -> Counted | None:
    seen: dict[tuple[PV, ...], list[Symbol]] = {}
    for terms, condition in agg.elements:
        for sub, support in solve(condition, s, index):
            values = [evaluate(t, sub) for t in terms]
            if any(v is None for v in values):
                return None
            seen.setdefault(tuple(values), support)
    fn = agg.function
    nums = [k[0] for k in seen if k and isinstance(k[0], int)]
    value: PV
    if fn == "count":
        value = len(seen)
    elif fn in ("sum", "sum+"):
        value = sum(n for n in nums if fn == "sum" or n > 0)
        fn = "sum"
    elif fn == "max":
        value = max(nums) if nums else ("#inf",)
    else:
        value = min(nums) if nums else ("#sup",)
    return Counted(fn, value, sorted(seen.items(), key=lambda kv: _order(kv[0])))


def _order(key: tuple[PV, ...]) -> tuple[Any, ...]:
    return tuple((0, v, "") if isinstance(v, int) else (1, 0, repr(v)) for v in key)


def _interval(lit: Lit, s: Subst) -> list[Subst] | None:
    """`X = Lo..Hi`: membership when X is bound, the values of the range when it is not."""
    if len(lit.guards) != 1 or lit.guards[0][0] != "=" or lit.guards[0][1][0] != "i":
        return None
    rng = lit.guards[0][1]
    lo, hi = evaluate(rng[1], s), evaluate(rng[2], s)
    if not isinstance(lo, int) or not isinstance(hi, int):
        return []
    value = evaluate(lit.term, s)
    if value is not None:
        inside = isinstance(value, int) and lo <= value <= hi
        return [s] if inside != lit.neg else []
    if lit.neg or lit.term[0] != "v":
        return []
    top = min(hi, lo + _LIMIT)
    return [{**s, lit.term[1]: n} for n in range(lo, top + 1)]


def _guard_ok(agg: Lit, value: PV, s: Subst) -> list[Subst]:
    out = s
    for op, term, _ast in agg.guards:
        left = op.startswith("left")
        op = op[4:] if left else op[5:]
        bound = evaluate(term, out)
        if bound is None:
            if op == "=" and term[0] == "v":
                out = {**out, term[1]: value}
                continue
            return []
        ok = compare(op, bound, value) if left else compare(op, value, bound)
        if not ok:
            return []
    return [out]


def _comparison(lit: Lit, s: Subst) -> list[Subst]:
    ranged = _interval(lit, s)
    if ranged is not None:
        return ranged
    value = evaluate(lit.term, s)
    out = s
    for op, term, _ast in lit.guards:
        right = evaluate(term, out)
        if value is None and right is not None and op == "=" and lit.term[0] == "v":
            out, value = {**out, lit.term[1]: right}, right
            continue
        if right is None and value is not None and op == "=" and term[0] == "v":
            out, right = {**out, term[1]: value}, value
        if value is None or right is None or not compare(op, value, right):
            return [] if not lit.neg else ([s] if value is not None and right is not None else [])
        value = right
    return [] if lit.neg else [out]


def solve_literal(lit: Lit, s: Subst, index: AtomIndex) -> list[tuple[Subst, list[Symbol]]]:
    """The extensions of s that make one body literal true, each with the atoms it used."""
    kind = lit.kind
    if kind == "atom":
        found = matches(lit.term, s, index)
        if not lit.neg:
            return [(x, [a]) for x, a in found]
        return [] if found else [(s, [])]
    if kind == "cmp":
        return [(x, []) for x in _comparison(lit, s)]
    if kind == "agg":
        counted = aggregate(lit, s, index)
        if counted is None:
            return []
        support = [a for _key, atoms in counted.elements for a in atoms]
        return [(x, support) for x in _guard_ok(lit, counted.value, s)]
    if kind == "bool":
        return [(s, [])] if lit.value != lit.neg else []
    return [(s, [])]


def solve(body: list[Lit], s: Subst, index: AtomIndex) -> list[tuple[Subst, list[Symbol]]]:
    """Every binding (up to a limit) that satisfies the whole conjunction, with its atoms."""
    states: list[tuple[Subst, list[Symbol]]] = [(s, [])]
    for lit in schedule(body, frozenset(s)):
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


_SCHEDULES: dict[tuple[int, frozenset[str]], tuple[list[Lit], list[Lit]]] = {}


def schedule(body: list[Lit], bound: frozenset[str] = frozenset()) -> list[Lit]:
    """The body in an order where each literal's inputs are bound: positive atoms, then
    assignments, comparisons and aggregates as their variables become known, negation last."""
    key = (id(body), bound)
    got = _SCHEDULES.get(key)
    if got is not None and got[0] is body:
        return got[1]
    known = set(bound)
    lits = [lit for lit in body if lit.kind != "other"]
    positive = [lit for lit in lits if lit.kind == "atom" and not lit.neg]
    for lit in positive:
        known |= lit.names
    rest = [lit for lit in lits if lit not in positive]
    order = list(positive)
    while rest:
        ready = next((lit for lit in rest if lit.names - lit.assignable <= known
                      or len(lit.names - known) <= 1 and lit.assignable >= lit.names - known),
                     rest[0])
        rest.remove(ready)
        order.append(ready)
        known |= ready.names
    order += [lit for lit in body if lit.kind == "other"]
    _SCHEDULES[key] = (body, order)
    return order
