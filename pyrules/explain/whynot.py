"""Why not: for a conclusion that does not hold, each rule that could conclude it and what failed."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any

from clingo import Symbol

from ..core.annotations import parse_source
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
from .why import Explainer, _arg_names, describe, describe_atom, param_kind, worded_heads
from .words import WORDS

_MAX_DEPTH = 2


def _failed_atom(x: Explainer, lit: Lit, s: Subst, depth: int,
                 blocked: list[Step]) -> tuple[list[Condition], bool]:
    """The failed atom as a condition, then (to a small depth) what failed in the rules that could
    derive it, with its unbound arguments left open (passed_occasion(S, C, T) for any T); and
    whether it is a programme guard (another programme's rule)."""
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
    if pred is not None and pred[0] in _PROGRAMME_GUARDS:
        return out, True
    if pred is None or depth >= _MAX_DEPTH or pred in _inputs(x):
        return out, False
    ground = evaluate(term, s)
    if ground is not None:
        nested = why_not(x, to_symbol(ground), depth + 1).candidates
    else:
        nested = _open_candidates(x, term, s, depth + 1)
    relevant = [c for c in nested if c.applicable]
    if nested and not relevant:
        return out, True
    if pred[0].startswith("_") or ground is None:
        if ground is None and relevant:  # the rules that came closest (matched the most conditions)
            best = max(c.progress for c in relevant)
            # none got past its first condition: the atom's own line (nothing recorded) says it all
            relevant = [c for c in relevant if c.progress == best] if best > 0 else []
        if pred[0].startswith("_") and not _worded_pred(x, pred):
            out = []  # a helper no text words: what failed inside it says it better than its name
            if not relevant:  # nothing better: its name, dropped beside worded conditions
                out = [Condition(text, False, Text.by(actual), Text.same("holds"), worded=False)]
        for cand in relevant[:3]:
            out.extend(cand.failed)
            blocked.extend(b for b in cand.blocked_by if all(b.conclusion != o.conclusion for o in blocked))
    return out, False


# Conditions that say whose rule it is: a student of another programme is not under the rule at all.
_PROGRAMME_GUARDS = frozenset({"_follows"})


def _inputs(x: Explainer) -> set[tuple[str, int]]:
    return x.inputs


def _open_candidates(x: Explainer, term: Any, s: Subst, depth: int) -> list[Candidate]:
    """The rules that could derive an atom some of whose arguments are unbound: each clause's head
    bound at the argument positions that are known."""
    pred = term_pred(term)
    if pred is None or term[0] != "f":
        return []
    known = [(i, evaluate(a, s)) for i, a in enumerate(term[2])]
    out = []
    for rule in x.kb.rules.values():
        for clause in rule.clauses:
            if clause.head_predicate != pred:
                continue
            head = compiled(clause).head
            if head[0] != "f":
                continue
            hs: Subst | None = {}
            for i, v in known:
                if v is not None and hs is not None:
                    hs = unify(head[2][i], v, hs)
            if hs is not None:
                cand = candidate(x, rule, clause, hs, None, depth)
                cand.applicable = cand.applicable and not _another_programmes(x, rule)
                out.append(cand)
    return out


def _worded_pred(x: Explainer, pred: tuple[str, int]) -> bool:
    return pred in worded_heads(x.kb)


def _relaxed(term: Any, s: Subst) -> Any | None:
    """The atom with its constant arguments made anonymous (to show what exists instead)."""
    if term[0] != "f":
        return None
    args = tuple(a if (a[0] == "v" and a[1] in s) or (a[0] == "c" and not isinstance(a[1], int))
                 else ("v", "_") for a in term[2])  # a symbolic constant (total, now) stays
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
            if pname in WORDS:
                return Text(WORDS[pname][0], WORDS[pname][1]), param_kind(pname)
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
        label = label or _KIND_NOUNS.get(kind, Text())
        if label:
            pattern = rf"(?<![\w]){re.escape(var)}(?![\w])"
            out = _labelled(out, pattern, var, label)
    kind = next((k for k in ("date", "ects", "grade", "term", "count") if k in kinds), "value")
    return out, kind


# a variable with no meaning of its own is named by its kind
_KIND_NOUNS = {"grade": Text("the grade", "karakteren"), "date": Text("the date", "datoen"),
               "term": Text("the term", "terminen"), "ects": Text("the ECTS", "ECTS-pointene")}


def _labelled(text: Text, pattern: str, var: str, label: Text) -> Text:
    """A variable replaced by its meaning, in each language (the values follow the condition)."""
    return text.map(lambda t, lang: re.sub(pattern, label.get(lang).replace("\\", r"\\"), t))


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
                because = _because(x, clause, term_vars(left_term) | term_vars(term), s)
                return [Condition(lt + f" {op} " + rt, False, worded(to_symbol(left), kind),
                                  worded(to_symbol(right), kind, f"{op} "), because)]
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


def _because(x: Explainer, clause: Clause, names: set[str], s: Subst) -> list[Step]:
    """The steps of the derived body atoms that bound the compared variables (the grade compared
    with 02 came from the part grades: that step), not of inputs, parameters or programme guards."""
    out: list[Step] = []
    inputs = _inputs(x)
    for lit in compiled(clause).body:
        if lit.kind != "atom" or lit.neg or not (lit.names & names):
            continue
        pred = term_pred(lit.term)
        if pred is None or pred in inputs or pred[0] in _PROGRAMME_GUARDS or pred[0] == "param":
            continue
        ground = evaluate(lit.term, s)
        if ground is None:
            continue
        for step in x.detailed.reasons(to_symbol(ground)):
            if step.rule_id and all(step.conclusion != o.conclusion for o in out):
                step = _pruned(step, 3)
                out.append(step)
    return out


def _pruned(step: Step, depth: int) -> Step:
    """The step with its sub-steps cut below a depth (a because names the nearest grounds)."""
    children = [_pruned(c, depth - 1) for c in step.children] if depth > 1 else []
    return dataclasses.replace(step, children=children)


_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!=", "!=": "="}


def _agg_kind(x: Explainer, clause: Clause, lit: Lit) -> str:
    """The kind of an aggregate's value: ECTS for a #sum over an ECTS variable, else a count."""
    if lit.function == "count":
        return "count"
    for terms, _cond in lit.elements:
        if terms and terms[0][0] == "v":
            return kind_of(terms[0][1])
    return "value"


def candidate(x: Explainer, rule: Rule, clause: Clause, s: Subst, atom: Symbol | None,
              depth: int) -> Candidate:
    """Evaluate each body literal of the clause under the partial binding of its head."""
    failed: list[Condition] = []
    blocked: list[Step] = []
    applicable = True
    progress = 0  # the conditions met before the first that failed
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
            if not failed and not blocked:
                progress += 1
            continue
        st = states[0]
        if lit.kind == "atom" and lit.neg:
            for _found, b in matches(lit.term, st, x.index)[:3]:
                for step in x.reasons(b):
                    if all(step.conclusion != o.conclusion for o in blocked):
                        blocked.append(step)
        elif positive_atom:
            conditions, guard = _failed_atom(x, lit, st, depth, blocked)
            failed.extend(conditions)
            applicable = applicable and not guard
        else:
            failed.extend(_failed_comparison(x, clause, lit, st))
    worded = [c for c in failed if c.worded]
    if worded:
        failed = worded
    # the rule's text with what the partial binding gives (no '…' where a value is known)
    return Candidate(rule.id, rule.source_text, rule.quote_text, x.texts(rule, clause, states[0], atom),
                     failed, blocked, applicable, progress)


def _texts_cited(rule: Rule) -> set[str]:
    """The regulation files a rule cites (%@source and %@source_da)."""
    da = parse_source(rule.block.get("source_da") or "")
    return {src.file for src in (rule.source, da) if src is not None}


@lru_cache(maxsize=8)
def programme_texts(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """Programme -> the regulation file its programme facts (kb/facts/programme_<P>.lp) cite most."""
    got = {}
    for path in sorted((kb.root / "facts").glob("programme_*.lp")):
        cited = re.findall(r"^%@source\s+(\S+\.txt)", path.read_text(encoding="utf-8"), re.MULTILINE)
        if cited:
            got[path.stem.removeprefix("programme_")] = frozenset({max(set(cited), key=cited.count)})
    return got


def _another_programmes(x: Explainer, rule: Rule) -> bool:
    """Whether the rule cites only the text of another programme than the student's (an MSc rule of
    001 for a BEng student): it is not the student's rule, so why-not leaves it out."""
    texts = programme_texts(x.kb)
    mine = set().union(*(texts.get(str(p.arguments[1]), frozenset()) for p in x.index.of("programme", 2)))
    others = set().union(*(t for p, t in texts.items())) - mine
    cited = _texts_cited(rule)
    return bool(mine) and bool(cited) and cited <= others


def why_not(x: Explainer, atom: Symbol, depth: int = 0) -> WhyNot:
    """Every clause whose head unifies with the atom, evaluated against the model."""
    text = Text.by(lambda lang: describe_atom(x, atom, lang))
    if atom in x.ev.atoms:
        return WhyNot(str(atom), [], False, text)
    pred = (atom.name, len(atom.arguments))
    out = []
    for rule in x.kb.rules.values():
        for clause in rule.clauses:
            if clause.head_predicate != pred:
                continue
            s = unify(compiled(clause).head, atom, {})
            if s is not None:
                cand = candidate(x, rule, clause, s, atom, depth)
                cand.applicable = cand.applicable and not _another_programmes(x, rule)
                out.append(cand)
    # another programme's rules are left out, unless no rule applies to the student at all
    relevant = [c for c in out if c.applicable] or out
    return WhyNot(str(atom), relevant, not out, text)


def explain_why_not(ev: Evaluation, atom: Symbol, kb: KnowledgeBase | None = None) -> WhyNot:
    """Every rule that could conclude the atom, with the conditions that failed and the blocks
    (an evaluation without provenance is re-evaluated with it first)."""
    return why_not(Explainer(ev.explained, kb), atom)
