"""One clingo rule (from clingo's AST) compiled to one Prolog clause, goals ordered for safety.

Terms with arithmetic, @-functions or intervals are hoisted into goals of their own; the body is
then scheduled: a goal runs once the variables it needs are bound (clingo's safety guarantees an
order exists), tests before the next positive atom. See docs/prolog-engine.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from clingo import ast

from ..kb import ast_children
from . import terms

Pred = tuple[str, int]

EXTERNAL = frozenset({"date", "add_months", "add_workdays", "workday", "semester_of", "year_of",
                      "month_of", "day_of", "subject_text"})
_ARITH = {ast.BinaryOperator.Plus: "+", ast.BinaryOperator.Minus: "-",
          ast.BinaryOperator.Multiplication: "*", ast.BinaryOperator.Division: "//",
          ast.BinaryOperator.Modulo: " rem "}
_CMP = {ast.ComparisonOperator.LessThan: "c_lt", ast.ComparisonOperator.LessEqual: "c_le",
        ast.ComparisonOperator.GreaterThan: "c_gt", ast.ComparisonOperator.GreaterEqual: "c_ge",
        ast.ComparisonOperator.NotEqual: "c_ne", ast.ComparisonOperator.Equal: "c_eq"}
_AGG = {ast.AggregateFunction.Count: "count", ast.AggregateFunction.Sum: "sum",
        ast.AggregateFunction.SumPlus: "sum_plus", ast.AggregateFunction.Min: "min",
        ast.AggregateFunction.Max: "max"}


class FragmentError(Exception):
    """A construct outside the ASP fragment the Prolog translation supports."""


@dataclass
class Goal:
    """A body goal: its text once `needs` are bound (or a function choosing the text)."""

    needs: frozenset[str]
    binds: frozenset[str]
    text: str = ""
    emit: Callable[[set[str]], str | None] | None = None
    test: bool = True                     # a filter: scheduled as soon as it is ready

    def __post_init__(self) -> None:
        self.binds = self.binds - {"_"}   # an anonymous variable binds nothing

    def render(self, bound: set[str]) -> str | None:
        if self.emit is not None:
            return self.emit(bound)
        return self.text if self.needs <= bound else None


@dataclass
class Names:
    """How predicates are called: the real name, or the static implementation's name."""

    call: Callable[[Pred], str]
    tabled: Callable[[Pred], bool]


@dataclass
class Compiler:
    names: Names
    fresh: list[int] = field(default_factory=lambda: [0])

    def _var(self) -> str:
        self.fresh[0] += 1
        return f"R__{self.fresh[0]}"

    # ---- terms: (text, variables, hoisted goals)
    def term(self, node: Any, goals: list[Goal]) -> tuple[str, set[str]]:
        t = node.ast_type
        if t == ast.ASTType.Variable:
            name = terms.variable(node.name)
            return name, {name}   # "_" too: a term with `_` in it is never bound (a pattern)
        if t == ast.ASTType.SymbolicTerm:
            return terms.symbol(node.symbol), set()
        if t == ast.ASTType.Function and node.external:
            if node.name not in EXTERNAL:
                raise FragmentError(f"@{node.name} is not a calendar function of the fragment")
            args, needs = self._terms(node.arguments, goals)
            out = self._var()
            goals.append(Goal(frozenset(needs), frozenset({out}),
                              f"c_ext({node.name},[{','.join(args)}],{out})"))
            return out, {out}
        if t == ast.ASTType.Function:
            args, vs = self._terms(node.arguments, goals)
            return terms.compound(node.name, args), vs
        if t in (ast.ASTType.BinaryOperation, ast.ASTType.UnaryOperation):
            leaves: set[str] = set()
            expr = self._arith(node, goals, leaves)
            out = self._var()
            checks = "".join(f"integer({v})," for v in sorted(leaves))
            text = f"{checks}{out} is {expr}"
            if "//" in expr or " rem " in expr:
                text = f"{checks}catch({out} is {expr},error(evaluation_error(_),_),fail)"
            goals.append(Goal(frozenset(leaves), frozenset({out}), text))
            return out, {out}
        if t == ast.ASTType.Interval:
            raise FragmentError("an interval is allowed only as `Var = A..B` in a body")
        if t == ast.ASTType.Pool:
            raise FragmentError("a pool left after unpooling")
        raise FragmentError(f"term {node} ({t.name}) is outside the fragment")

    def _terms(self, nodes: Any, goals: list[Goal]) -> tuple[list[str], set[str]]:
        texts, vs = [], set()
        for n in nodes:
            text, v = self.term(n, goals)
            texts.append(text)
            vs |= v
        return texts, vs

    def _arith(self, node: Any, goals: list[Goal], leaves: set[str]) -> str:
        t = node.ast_type
        if t == ast.ASTType.BinaryOperation:
            op = _ARITH.get(node.operator_type)
            if op is None:
                raise FragmentError(f"operator in {node} is outside the fragment")
            return (f"({self._arith(node.left, goals, leaves)}{op}"
                    f"{self._arith(node.right, goals, leaves)})")
        if t == ast.ASTType.UnaryOperation:
            if node.operator_type != ast.UnaryOperator.Minus:
                raise FragmentError(f"operator in {node} is outside the fragment")
            return f"(-{self._arith(node.argument, goals, leaves)})"
        if t == ast.ASTType.SymbolicTerm and node.symbol.type.name == "Number":
            return str(node.symbol.number)
        text, vs = self.term(node, goals)
        if t not in (ast.ASTType.Variable, ast.ASTType.Function) or \
                (t == ast.ASTType.Function and not node.external):
            raise FragmentError(f"arithmetic on the non-integer term {node}")
        leaves |= vs
        return text

    # ---- atoms and literals
    def atom(self, node: Any, goals: list[Goal], static_impl: bool) -> tuple[str, set[str], Pred]:
        term = node.symbol
        if term.ast_type == ast.ASTType.SymbolicTerm:
            sym = term.symbol
            pred = (sym.name, len(sym.arguments))
            args = [terms.symbol(a) for a in sym.arguments]
            vs: set[str] = set()
        elif term.ast_type == ast.ASTType.Function and not term.external:
            pred = (term.name, len(term.arguments))
            args, vs = self._terms(term.arguments, goals)
        else:
            raise FragmentError(f"atom {node} is outside the fragment")
        name = self.names.call(pred) if static_impl else pred[0]
        return terms.compound(name, args) if name else "", vs, pred

    def literal(self, lit: Any, goals: list[Goal], globals_: set[str]) -> None:
        if lit.ast_type != ast.ASTType.Literal:
            raise FragmentError(f"body element {lit} ({lit.ast_type.name}) is outside the fragment")
        atom = lit.atom
        t = atom.ast_type
        if t == ast.ASTType.BooleanConstant:
            value = bool(atom.value) != (lit.sign == ast.Sign.Negation)
            goals.append(Goal(frozenset(), frozenset(), "true" if value else "fail"))
            return
        if t == ast.ASTType.SymbolicAtom:
            pre: list[Goal] = []
            text, vs, pred = self.atom(atom, pre, True)
            goals.extend(pre)
            if lit.sign == ast.Sign.NoSign:
                goals.append(Goal(frozenset(), frozenset(vs), text, test=False))
            elif lit.sign == ast.Sign.Negation:
                anonymous = any(a.name == "_" for a in _variables(atom))
                neg = "tnot" if self.names.tabled(pred) and not anonymous else "\\+"
                goals.append(Goal(frozenset(vs - {"_"}), frozenset(), f"{neg}({text})"))
            else:
                raise FragmentError("double negation is outside the fragment")
            return
        if lit.sign != ast.Sign.NoSign:
            raise FragmentError(f"negated {t.name} is outside the fragment")
        if t == ast.ASTType.Comparison:
            self._comparison(atom, goals)
            return
        if t == ast.ASTType.BodyAggregate:
            self._aggregate(atom, goals, globals_)
            return
        raise FragmentError(f"body literal {lit} ({t.name}) is outside the fragment")

    def _comparison(self, node: Any, goals: list[Goal]) -> None:
        left = node.term
        for guard in node.guards:
            self._compare(left, guard.comparison, guard.term, goals)
            left = guard.term

    def _compare(self, left: Any, op: Any, right: Any, goals: list[Goal]) -> None:
        if op == ast.ComparisonOperator.Equal and ast.ASTType.Interval in (left.ast_type,
                                                                          right.ast_type):
            iv, other = (right, left) if right.ast_type == ast.ASTType.Interval else (left, right)
            lo, lo_v = self.term(iv.left, goals)
            hi, hi_v = self.term(iv.right, goals)
            val, val_v = self.term(other, goals)
            checks = "".join(f"integer({v})," for v in (lo, hi) if v[0] in "VR")
            goals.append(Goal(frozenset(lo_v | hi_v), frozenset(val_v),
                              f"{checks}between({lo},{hi},{val})"))
            return
        lt, lv = self.term(left, goals)
        rt, rv = self.term(right, goals)
        if op == ast.ComparisonOperator.Equal:
            def emit(bound: set[str], lt: str = lt, rt: str = rt,
                     lv: set[str] = lv, rv: set[str] = rv) -> str | None:
                return f"{lt}={rt}" if lv <= bound or rv <= bound else None
            goals.append(Goal(frozenset(), frozenset(lv | rv), emit=emit))
            return
        goals.append(Goal(frozenset(lv | rv), frozenset(), f"{_CMP[op]}({lt},{rt})"))

    def _aggregate(self, node: Any, goals: list[Goal], globals_: set[str]) -> None:
        fn = _AGG[node.function]
        inner: list[tuple[list[Goal], str]] = []
        local_vars: set[str] = set()
        for elem in node.elements:
            cond: list[Goal] = []
            for lit in elem.condition:
                self.literal(lit, cond, globals_)
            tup, tv = self._terms(elem.terms, cond)
            local_vars |= tv
            for g in cond:
                local_vars |= g.needs | g.binds
            inner.append((cond, f"[{','.join(tup)}]"))
        needs = {v for v in local_vars if v in globals_}
        guards: list[tuple[str, str, set[str], bool]] = []   # (op, text, vars, guard on left)
        for guard, is_left in ((node.left_guard, True), (node.right_guard, False)):
            if guard is None:
                continue
            gt, gv = self.term(guard.term, goals)
            guards.append((_CMP[guard.comparison], gt, gv, is_left))
        out = self._var()
        assign = [g for g in guards if g[0] == "c_eq" and g[3] and g[1].startswith("V_")
                  and len(g[2]) == 1]

        def emit(bound: set[str]) -> str | None:
            if not needs <= bound:
                return None
            parts = []
            for op, text, gv, is_left in guards:
                if op == "c_eq" and (is_left and assign and not gv <= bound):
                    parts.append(f"{text}={out}")
                elif not gv <= bound:
                    return None
                else:
                    parts.append(f"{op}({text},{out})" if is_left else f"{op}({out},{text})")
            branches = []
            for cond, tup in inner:
                body = schedule(cond, set(bound))
                branches.append(f"({body},T__={tup})")
            collect = f"findall(T__,({';'.join(branches) or 'fail'}),L0__),sort(L0__,L__)"
            tmp = self._var()
            collect = collect.replace("T__", tmp + "T").replace("L0__", tmp + "L0") \
                .replace("L__", tmp + "L")
            return ",".join([collect, f"c_aggregate({fn},{tmp}L,{out})", *parts])

        binds = {a[1] for a in assign}
        goal_needs = needs | {v for g in guards for v in g[2]} - binds
        goals.append(Goal(frozenset(goal_needs), frozenset(binds | {out}), emit=emit))


def _variables(node: Any) -> list[Any]:
    out: list[Any] = []

    def walk(n: Any) -> None:
        if n.ast_type == ast.ASTType.Variable:
            out.append(n)
            return
        for child in ast_children(n):
            walk(child)
    walk(node)
    return out


def schedule(goals: list[Goal], bound: set[str]) -> str:
    """The goals as one Prolog conjunction, each placed once what it needs is bound."""
    pending = list(goals)
    out: list[str] = []
    while pending:
        chosen = None
        for i, g in enumerate(pending):      # ready tests first, then the next ready atom
            if g.test and g.render(bound) is not None:
                chosen = i
                break
        if chosen is None:
            for i, g in enumerate(pending):
                if not g.test and g.render(bound) is not None:
                    chosen = i
                    break
        if chosen is None:
            left = "; ".join(g.text or "(comparison or aggregate)" for g in pending)
            raise FragmentError(f"cannot order the body safely (unbound variables in: {left})")
        g = pending.pop(chosen)
        text = g.render(bound)
        assert text is not None
        out.append(text)
        bound |= g.binds
    return ",".join(out) or "true"


def global_variables(stmt: Any) -> set[str]:
    """Variables occurring outside aggregate elements (head, other literals, guards)."""
    out: set[str] = set()

    def walk(n: Any) -> None:
        t = n.ast_type
        if t == ast.ASTType.Variable:
            if n.name != "_":
                out.add(terms.variable(n.name))
            return
        if t == ast.ASTType.BodyAggregate:
            for guard in (n.left_guard, n.right_guard):
                if guard is not None:
                    walk(guard.term)
            return
        for child in ast_children(n):
            walk(child)
    walk(stmt)
    return out


def compile_rule(stmt: Any, compiler: Compiler) -> tuple[str, str, Pred]:
    """The head and the ordered body (`true` for a fact) in Prolog; the head predicate."""
    head = stmt.head
    if head.ast_type != ast.ASTType.Literal or head.sign != ast.Sign.NoSign or \
            head.atom.ast_type != ast.ASTType.SymbolicAtom:
        raise FragmentError("only a plain atom may be a head (no choice, disjunction, "
                            "constraint or negated head)")
    goals: list[Goal] = []
    head_text, _, pred = compiler.atom(head.atom, goals, True)
    # Variables shared between aggregates count as global only when they occur outside them.
    globals_ = global_variables(stmt)
    for lit in stmt.body:
        compiler.literal(lit, goals, globals_)
    return head_text, schedule(goals, set()), pred
