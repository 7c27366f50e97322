"""Why not: for a conclusion that does not hold, each rule that could conclude it and what failed."""

from __future__ import annotations

import re
from typing import Any

from clingo import Symbol, ast

from .explain import Candidate, Condition, Explainer, Step, WhyNot, _unquote
from .kb import Clause, KnowledgeBase, Rule
from .match import (
    OPERATOR_TEXT,
    Subst,
    _assignable,
    _names,
    aggregate,
    compare,
    evaluate,
    matches,
    schedule,
    solve_literal,
    term_pred,
    unify,
)
from .render_values import fill, fill_meaning, kind_of, value_text

_SIG = re.compile(r"^([a-z_][a-z0-9_]*)\(([^)]*)\)")
_MAX_DEPTH = 2


_INPUTS: dict[int, tuple[KnowledgeBase, dict[tuple[str, int], tuple[str, ...]]]] = {}


def _input_signatures(kb: KnowledgeBase) -> dict[tuple[str, int], tuple[str, ...]]:
    """(name, arity) -> argument names, from the %@input declarations of kb/inputs.lp."""
    cached = _INPUTS.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    out: dict[tuple[str, int], tuple[str, ...]] = {}
    for f in kb.files:
        for block in f.blocks:
            for decl in block.all("input"):
                m = _SIG.match(decl.strip())
                if m:
                    args = tuple(a.strip() for a in m.group(2).split(",") if a.strip())
                    out[(m.group(1), len(args))] = args
    _INPUTS[id(kb)] = (kb, out)
    return out


def _arg_names(x: Explainer, pred: tuple[str, int]) -> tuple[str, ...]:
    public = x.ev.vocabulary.get(pred)
    if public is not None:
        return public.args
    return _input_signatures(x.kb).get(pred, ())


def describe(x: Explainer, term: Any, s: Subst, lang: str) -> str:
    """A body atom under a binding, in words: the public meaning, a helper's own text, or the
    input atom with its values (the student's id left out)."""
    pred = term_pred(term)
    if pred is None:
        return str(term)
    args = list(term.arguments) if term.ast_type == ast.ASTType.Function else []
    names = _arg_names(x, pred)
    values = []
    for i, arg in enumerate(args):
        v = evaluate(arg, s)
        kind = kind_of(names[i]) if i < len(names) else \
            (kind_of(arg.name) if arg.ast_type == ast.ASTType.Variable else "value")
        values.append("…" if v is None else value_text(v, kind, lang))
    public = x.ev.vocabulary.get(pred)
    if public is not None:
        meaning = public.meaning_da if lang == "da" and public.meaning_da else public.meaning
        return fill_meaning(meaning, public.args, values)
    ground = evaluate(term, s)
    if pred[0].startswith("_") and ground is not None:
        for rule in x.kb.rules.values():
            for clause in rule.clauses:
                if clause.head_predicate == pred and rule.block.get(lang):
                    hs = unify(clause.statement.head.atom.symbol, ground, {})
                    if hs is not None:
                        kinds = x.kinds(clause)
                        return fill(rule.block.get(lang) or "",
                                    {k: value_text(v, kind_of(k, kinds), lang) for k, v in hs.items()})
    shown = [v for i, v in enumerate(values) if not (i == 0 and v == x.ev.student.id)]
    return f"{pred[0].lstrip('_').replace('_', ' ')}({', '.join(shown)})"


def describe_atom(x: Explainer, atom: Symbol, lang: str) -> str:
    """A ground atom in words (public meaning, helper text or the input's values)."""
    if atom.type.name != "Function":
        return str(atom)
    loc = ast.Location(ast.Position("<atom>", 1, 1), ast.Position("<atom>", 1, 1))
    term = ast.Function(loc, atom.name, [ast.SymbolicTerm(loc, a) for a in atom.arguments], False)
    return describe(x, term, {}, lang)


def _failed_atom(x: Explainer, lit: Any, s: Subst, depth: int,
                 blocked: list[Step]) -> list[Condition]:
    term = lit.atom.symbol
    en, da = describe(x, term, s, "en"), describe(x, term, s, "da")
    pred = term_pred(term)
    relaxed = _relaxed(term, s)
    found = [a for a in (x.index.of(*pred) if pred else []) if relaxed is None or
             unify(relaxed, a, s) is not None][:4]
    names = _arg_names(x, pred) if pred else ()
    actual = "; ".join(", ".join(value_text(v, kind_of(names[i]) if i < len(names) else "value")
                                 for i, v in enumerate(a.arguments) if not (i == 0 and v.type.name == "String"
                                                                             and v.string == x.ev.student.id))
                       for a in found) or "none"
    out = [Condition(en, False, actual, "holds", da)]
    ground = evaluate(term, s)
    if ground is not None and pred is not None and pred[0].startswith("_") and depth < _MAX_DEPTH:
        nested = why_not(x, ground, depth + 1)
        for cand in nested.candidates[:3]:
            out.extend(cand.failed)
            blocked.extend(cand.blocked_by)
    return out


def _relaxed(term: Any, s: Subst) -> Any | None:
    """The atom with its constant arguments made anonymous (to show what exists instead)."""
    if term.ast_type != ast.ASTType.Function:
        return None
    loc = term.location
    args = [a if a.ast_type == ast.ASTType.Variable and a.name in s else ast.Variable(loc, "_")
            for a in term.arguments]
    return ast.Function(loc, term.name, args, False)


def _named(clause: Clause, term: Any) -> str:
    """An expression with each variable named by the body atom that binds it: 'N (attempts used)'."""
    text = str(term)
    for var in sorted(_names(term), key=len, reverse=True):
        for lit in clause.statement.body:
            if lit.ast_type == ast.ASTType.Literal and lit.sign == ast.Sign.NoSign and \
                    lit.atom.ast_type == ast.ASTType.SymbolicAtom and var in _names(lit):
                pred = term_pred(lit.atom.symbol)
                if pred is not None and pred[0] != "param":
                    label = pred[0].lstrip("_").replace("_", " ")
                    text = re.sub(rf"(?<![\w]){re.escape(var)}(?![\w])", f"{var} ({label})", text,
                                  count=1)
                break
    return text


def _failed_comparison(x: Explainer, clause: Clause, lit: Any, s: Subst) -> list[Condition]:
    atom = lit.atom
    kinds = x.kinds(clause)

    def kind(term: Any) -> str:
        names = sorted(_names(term))
        return kind_of(names[0], kinds) if names else "value"

    if atom.ast_type == ast.ASTType.Comparison:
        left = evaluate(atom.term, s)
        k = kind(atom.term)
        for guard in atom.guards:
            right = evaluate(guard.term, s)
            if left is not None and right is not None and not compare(guard.comparison, left, right):
                text = f"{_named(clause, atom.term)} {OPERATOR_TEXT[guard.comparison]} " \
                    f"{_named(clause, guard.term)}"
                return [Condition(text, False, f"{value_text(left, k)}",
                                  f"{OPERATOR_TEXT[guard.comparison]} {value_text(right, k)}", text)]
            left = right
        return [Condition(str(lit), False, "", "", str(lit))]
    counted = aggregate(atom, s, x.index)
    if counted is None:
        return [Condition(str(lit), False, "", "", str(lit))]
    items = "; ".join(" ".join(value_text(v) for v in key) for key, _a in counted.elements)
    actual = value_text(counted.value) + (f" ({items})" if items else "")
    required = []
    for guard, is_left in ((atom.left_guard, True), (atom.right_guard, False)):
        if guard is None:
            continue
        bound = evaluate(guard.term, s)
        if bound is None:
            continue
        op = OPERATOR_TEXT[guard.comparison]
        if is_left:
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        required.append(f"{op} {value_text(bound)}")
    return [Condition(str(lit), False, actual, " and ".join(required), str(lit))]


def candidate(x: Explainer, rule: Rule, clause: Clause, s: Subst, atom: Symbol,
              depth: int) -> Candidate:
    """Evaluate each body literal of the clause under the partial binding of its head."""
    failed: list[Condition] = []
    blocked: list[Step] = []
    states = [s]
    for lit in schedule(list(clause.statement.body), set(s)):
        if lit.ast_type != ast.ASTType.Literal:
            continue
        positive_atom = lit.atom.ast_type == ast.ASTType.SymbolicAtom and lit.sign == ast.Sign.NoSign
        if not positive_atom and (_names(lit) - _assignable(lit)) - set(states[0]):
            continue  # an earlier condition failed and left its inputs unknown
        nxt = [ext for st in states for ext, _used in solve_literal(lit, st, x.index)][:200]
        if nxt:
            states = nxt
            continue
        st = states[0]
        if lit.atom.ast_type == ast.ASTType.SymbolicAtom and lit.sign != ast.Sign.NoSign:
            for _found, b in matches(lit.atom.symbol, st, x.index)[:3]:
                step = x.step(b)
                if step is not None and all(step.conclusion != o.conclusion for o in blocked):
                    blocked.append(step)
        elif positive_atom:
            failed.extend(_failed_atom(x, lit, st, depth, blocked))
        else:
            failed.extend(_failed_comparison(x, clause, lit, st))
    en, da = x.texts(rule, clause, s, atom)
    block = rule.block
    return Candidate(rule.id, str(rule.source or ""), rule.quote or "", en, da, failed, blocked,
                     block.get("source_da") or "", _unquote(block.get("quote_da")))


def why_not(x: Explainer, atom: Symbol, depth: int = 0) -> WhyNot:
    """Every clause whose head unifies with the atom, evaluated against the model."""
    if atom in x.ev.atoms:
        return WhyNot(str(atom), [], False)
    pred = (atom.name, len(atom.arguments))
    out = []
    for rule in x.kb.rules.values():
        for clause in rule.clauses:
            if clause.head_predicate != pred:
                continue
            s = unify(clause.statement.head.atom.symbol, atom, {})
            if s is not None:
                out.append(candidate(x, rule, clause, s, atom, depth))
    return WhyNot(str(atom), out, not out)
