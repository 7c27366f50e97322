"""Why not: for a conclusion that does not hold, each rule that could conclude it and what failed."""

from __future__ import annotations

import re
from typing import Any

from clingo import Symbol

from ..core.engine import Evaluation
from ..core.kb import Clause, KnowledgeBase, Rule
from ..core.text import Text
from .join import aggregate, schedule, solve_literal
from .match import (
    OPERATOR_TEXT,
    Lit,
    Subst,
    compare,
    compiled,
    evaluate,
    matches,
    term_pred,
    term_vars,
    to_symbol,
    unify,
)
from .render_values import kind_of, value_text, worded
from .types import Candidate, Condition, Step, WhyNot
from .why import Explainer, _arg_names, describe, param_kind

_MAX_DEPTH = 2


def _failed_atom(x: Explainer, lit: Lit, s: Subst, depth: int,
                 blocked: list[Step]) -> list[Condition]:
    term = lit.term
    text = Text.by(lambda lang: describe(x, term, s, lang))
    pred = term_pred(term)
    relaxed = _relaxed(term, s)
    found = [a for a in (x.index.of(*pred) if pred else []) if relaxed is None or
             unify(relaxed, a, s) is not None][:4]
    names = _arg_names(x, pred) if pred else ()
    sid = x.ev.student.id

    def actual(lang: str) -> str:
        return "; ".join(", ".join(value_text(v, kind_of(names[i]) if i < len(names) else "value", lang)
                                   for i, v in enumerate(a.arguments)
                                   if not (i == 0 and v.type.name == "String" and v.string == sid))
                         for a in found) or "none"
    out = [Condition(text, False, Text.by(actual), Text.same("holds"))]
    ground = evaluate(term, s)
    if ground is not None and pred is not None and pred[0].startswith("_") and depth < _MAX_DEPTH:
        nested = why_not(x, to_symbol(ground), depth + 1)
        for cand in nested.candidates[:3]:
            out.extend(cand.failed)
            blocked.extend(cand.blocked_by)
    return out


def _relaxed(term: Any, s: Subst) -> Any | None:
    """The atom with its constant arguments made anonymous (to show what exists instead)."""
    if term[0] != "f":
        return None
    args = tuple(a if a[0] == "v" and a[1] in s else ("v", "_") for a in term[2])
    return ("f", term[1], args, False)


def _binder(x: Explainer, clause: Clause, var: str) -> tuple[Text, str]:
    """What a variable means, from the body atom that binds it: (label, kind);
    e.g. ('max exam attempts', 'count') for param(Prog, max_exam_attempts, M)."""
    for lit in compiled(clause).body:
        if lit.kind != "atom" or lit.neg or lit.term[0] != "f" or var not in lit.names:
            continue
        name, args = lit.term[1], lit.term[2]
        pos = next((i for i, a in enumerate(args) if a == ("v", var)), None)
        if pos is None:
            continue
        if name == "param" and len(args) == 3 and pos == 2 and args[1][0] in ("c", "f"):
            pname = str(args[1][1][0] if args[1][0] == "c" and isinstance(args[1][1], tuple)
                        else args[1][1])
            return Text.same(pname.replace("_", " ")), param_kind(pname)
        names = _arg_names(x, (name, len(args)))
        kind = kind_of(names[pos]) if pos < len(names) else kind_of(var)
        public = x.ev.vocabulary.get((name, len(args)))
        label = name.lstrip("_").replace("_", " ")
        if public is None or pos >= len(public.args):
            return Text.same(label), kind
        arg = public.args[pos]
        en = _meaning_of(public.meaning, arg) or label
        return Text(en, _meaning_of(public.meaning_da or "", arg) or en), kind
    return Text(), kind_of(var, x.kinds(clause))


def _meaning_of(meaning: str, arg: str) -> str:
    """'E ECTS (x10) of courses passed at DTU' -> 'ECTS of courses passed at DTU' for arg E."""
    meaning = re.sub(r"\s*\(x10\)", "", meaning)
    m = re.search(rf"(?<![\w{{]){re.escape(arg)}(?![\w}}])\s+([^,;:(]+)", meaning)
    if not m:
        return ""
    words = re.sub(r"\s*\(x10\)", "", m.group(1)).strip()
    return " ".join(words.split()[:8])


def _expr(x: Explainer, clause: Clause, term: tuple[Any, ...], text: str,
          s: Subst) -> tuple[Text, str]:
    """An expression of a comparison with each variable's meaning: (its text, its kind)."""
    out, kinds = Text.same(text), []
    for var in sorted(term_vars(term), key=len, reverse=True):
        label, kind = _binder(x, clause, var)
        kinds.append(kind)
        if label:
            pattern = rf"(?<![\w]){re.escape(var)}(?![\w])"
            out = _labelled(out, pattern, var, label)
    kind = next((k for k in ("date", "ects", "grade", "term", "count") if k in kinds), "value")
    return out, kind


def _labelled(text: Text, pattern: str, var: str, label: Text) -> Text:
    """The first occurrence of a variable followed by its meaning, in each language."""
    return text.map(lambda t, lang: re.sub(pattern, f"{var} ({label.get(lang)})", t, count=1))


def _failed_comparison(x: Explainer, clause: Clause, lit: Lit, s: Subst) -> list[Condition]:
    text = str(lit.ast)
    if lit.kind == "cmp":
        left = evaluate(lit.term, s)
        left_ast, left_term = lit.ast.atom.term, lit.term
        for op, term, guard_ast in lit.guards:
            right = evaluate(term, s)
            if left is not None and right is not None and not compare(op, left, right):
                lt, lk = _expr(x, clause, left_term, str(left_ast), s)
                rt, rk = _expr(x, clause, term, str(guard_ast), s)
                kind = lk if lk != "value" else rk
                op = OPERATOR_TEXT[op]
                if lit.neg:
                    op = _NEGATED.get(op, op)
                return [Condition(lt + f" {op} " + rt, False, worded(to_symbol(left), kind),
                                  worded(to_symbol(right), kind, f"{op} "))]
            left, left_ast, left_term = right, guard_ast, term
        return [Condition(Text.same(text), False, Text(), Text())]
    counted = aggregate(lit, s, x.index)
    if counted is None:
        return [Condition(Text.same(text), False, Text(), Text())]
    kind = _agg_kind(x, clause, lit)
    elements = counted.elements

    def actual(lang: str) -> str:
        items = "; ".join(" ".join(value_text(to_symbol(v), "value", lang) for v in key)
                          for key, _a in elements)
        return value_text(to_symbol(counted.value), kind, lang) + (f" ({items})" if items else "")
    required: list[Text] = []
    for op, term, _ast in lit.guards:
        bound = evaluate(term, s)
        if bound is None:
            continue
        is_left = op.startswith("left")
        op = op[4:] if is_left else op[5:]
        if is_left:
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        required.append(worded(to_symbol(bound), kind, f"{op} "))
    return [Condition(Text.same(text), False, Text.by(actual), Text.join(Text(" and ", " og "), required))]


_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!=", "!=": "="}


def _agg_kind(x: Explainer, clause: Clause, lit: Lit) -> str:
    """The kind of an aggregate's value: ECTS for a #sum over an ECTS variable, else a count."""
    if lit.function == "count":
        return "count"
    for terms, _cond in lit.elements:
        if terms and terms[0][0] == "v":
            return kind_of(terms[0][1])
    return "value"


def candidate(x: Explainer, rule: Rule, clause: Clause, s: Subst, atom: Symbol,
              depth: int) -> Candidate:
    """Evaluate each body literal of the clause under the partial binding of its head."""
    failed: list[Condition] = []
    blocked: list[Step] = []
    states = [s]
    for lit in schedule(compiled(clause).body, frozenset(s)):
        if lit.kind == "other":
            continue
        positive_atom = lit.kind == "atom" and not lit.neg
        if not positive_atom and (lit.names - lit.assignable) - set(states[0]):
            continue  # an earlier condition failed and left its inputs unknown
        nxt = [ext for st in states for ext, _used in solve_literal(lit, st, x.index)][:200]
        if nxt:
            states = nxt
            continue
        st = states[0]
        if lit.kind == "atom" and lit.neg:
            for _found, b in matches(lit.term, st, x.index)[:3]:
                step = x.step(b)
                if step is not None and all(step.conclusion != o.conclusion for o in blocked):
                    blocked.append(step)
        elif positive_atom:
            failed.extend(_failed_atom(x, lit, st, depth, blocked))
        else:
            failed.extend(_failed_comparison(x, clause, lit, st))
    # the rule's text with what the partial binding gives (no '…' where a value is known)
    return Candidate(rule.id, rule.source_text, rule.quote_text, x.texts(rule, clause, states[0], atom),
                     failed, blocked)


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
            s = unify(compiled(clause).head, atom, {})
            if s is not None:
                out.append(candidate(x, rule, clause, s, atom, depth))
    return WhyNot(str(atom), out, not out)


def explain_why_not(ev: Evaluation, atom: Symbol, kb: KnowledgeBase | None = None) -> WhyNot:
    """Every rule that could conclude the atom, with the conditions that failed and the blocks."""
    return why_not(Explainer(ev, kb), atom)
