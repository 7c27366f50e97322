"""Why: the derivation tree of a conclusion, each step citing its paragraph (why not: whynot.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from clingo import Symbol, ast

from ..core.engine import Evaluation, Firing
from ..core.kb import Clause, KnowledgeBase, Rule, default_kb, ground_symbol
from ..core.static import input_predicates
from ..core.text import Text
from ..core.vocabulary import parameter_kind
from ..paths import REPO
from .join import Counted, aggregate, solve
from .located import Located, student_facts_located
from .match import (
    AtomIndex,
    Subst,
    compile_term,
    compiled,
    evaluate,
    expand,
    term_pred,
    to_py,
    to_symbol,
    unify,
)
from .render_values import fill, fill_meaning, kind_of, value_text
from .types import FactRef, Step
from .words import WORDS


@dataclass
class _Grounds:
    """What a (possibly folded helper) derivation rests on."""

    facts: list[FactRef] = field(default_factory=list)
    children: list[Step] = field(default_factory=list)


REPO_ROOT = REPO
_SIG = re.compile(r"^([a-z_][a-z0-9_]*)\(([^)]*)\)")


def _rel(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except (ValueError, OSError):
        return path


@lru_cache(maxsize=8)
def static_index(kb: KnowledgeBase) -> dict[Symbol, FactRef]:
    """Every ground static fact of the KB with its file, line and %@facts id."""
    out: dict[Symbol, FactRef] = {}
    for f in kb.files:
        governed = {line: b for b in f.blocks for line in b.statement_lines}
        for stmt in f.statements:
            if stmt.ast_type != ast.ASTType.Rule or stmt.body or \
                    stmt.head.ast_type != ast.ASTType.Literal or \
                    stmt.head.atom.ast_type != ast.ASTType.SymbolicAtom:
                continue
            sym = ground_symbol(stmt.head.atom.symbol)
            syms = [sym] if sym is not None else \
                [to_symbol(v) for v in expand(compile_term(stmt.head.atom.symbol))]
            line = stmt.location.begin.line
            block = governed.get(line)
            fid = (block.get("facts") or block.get("rule") or "") if block else ""
            for sym in syms:
                out.setdefault(sym, FactRef(str(sym), _rel(str(f.path)), line, fid))
    return out


_TENTHS = re.compile(r"\{(\w+)\}\s+ECTS(?:-point)?\s*\(x10\)")


@lru_cache(maxsize=8)
def worded_heads(kb: KnowledgeBase) -> frozenset[tuple[str, int]]:
    """The predicates a rule's own %@en text words (Rule.worded_head of a rule with a text)."""
    return frozenset(r.worded_head for r in kb.rules.values() if r.worded_head and r.block.get("en"))


class Explainer:
    """Explanations over one evaluation (the model, the firings and the student's file)."""

    def __init__(self, ev: Evaluation, kb: KnowledgeBase | None = None, helper_steps: bool = False):
        self.ev = ev
        self.kb = kb or default_kb()
        # helper_steps: a helper that a rule text words (`_part_below_00`) is a step of its own, not
        # merged into its parent (the detail a why-not's "because" needs: which part grade failed)
        self.helper_steps = helper_steps
        self.index = AtomIndex(ev.atoms)
        self.memo: dict[Symbol, Step | _Grounds] = {}
        self._kinds: dict[int, dict[str, str]] = {}

    @cached_property
    def located(self) -> dict[Symbol, Located]:
        return student_facts_located(self.ev.student)

    @cached_property
    def static(self) -> dict[Symbol, FactRef]:
        return static_index(self.kb)

    # --- values -------------------------------------------------------------------------------
    def kinds(self, clause: Clause) -> dict[str, str]:
        """Variable -> kind, from the public signature of the clause's head where there is one."""
        got = self._kinds.get(id(clause))
        if got is not None:
            return got
        head = clause.statement.head.atom.symbol
        pred = self.ev.vocabulary.get(clause.head_predicate) if clause.head_predicate else None
        out: dict[str, str] = {}
        if pred is not None and head.ast_type == ast.ASTType.Function:
            for arg, name in zip(head.arguments, pred.args, strict=False):
                if arg.ast_type == ast.ASTType.Variable:
                    out[arg.name] = kind_of(name)
        for lit in compiled(clause).body:
            if lit.kind != "atom" or lit.neg or lit.term[0] != "f":
                continue
            name, args = lit.term[1], lit.term[2]
            public = self.ev.vocabulary.get((name, len(args)))
            for i, a in enumerate(args):
                if a[0] != "v" or a[1] in out:
                    continue
                if name == "param" and i == 2 and args[1][0] == "c":
                    out[a[1]] = param_kind(str(args[1][1]))
                elif public is not None and i < len(public.args):
                    out[a[1]] = kind_of(public.args[i])
        for lit in compiled(clause).body:  # E <= M: M is ECTS too
            if lit.kind == "cmp" and len(lit.guards) == 1:
                pair = (lit.term, lit.guards[0][1])
                if all(p[0] == "v" for p in pair):
                    kinds = [out.get(p[1], kind_of(p[1])) for p in pair]
                    for (_v, var), other in zip(pair, reversed(kinds), strict=True):
                        if out.get(var, kind_of(var)) in ("value", "count") and \
                                other not in ("value", "count"):
                            out[var] = other
        self._kinds[id(clause)] = out
        return out

    def texts(self, rule: Rule, clause: Clause, s: Subst, head: Symbol | None) -> Text:
        """The rule's %@en and %@da with the bound values (fallback: the public meaning, the quote)."""
        kinds = self.kinds(clause)
        pred = self.ev.vocabulary.get(clause.head_predicate) if clause.head_predicate else None

        def text(lang: str) -> str:
            template = rule.texts.get(lang) if rule.block.get(lang) else ""
            # '{L} ECTS (x10)' in the text says L is an amount of ECTS in tenths, whatever its name
            tenths = {m.group(1): "ects" for m in _TENTHS.finditer(template)}
            values = {v: value_text(to_symbol(x), tenths.get(v) or kind_of(v, kinds), lang)
                      for v, x in s.items()}
            if template and clause.head_predicate == rule.worded_head:
                return fill(template, values)
            if pred is not None and head is not None:
                args = [value_text(a, kind_of(n), lang) for a, n in zip(head.arguments, pred.args,
                                                                         strict=False)]
                return fill_meaning(pred.text.get(lang), pred.args, args)
            return rule.quote_text.get(lang) or rule.id

        return Text.by(text)

    def bindings(self, clause: Clause, s: Subst) -> dict[str, str]:
        kinds = self.kinds(clause)
        return {v: value_text(to_symbol(s[v]), kind_of(v, kinds)) for v in clause.variables if v in s}

    def fact(self, atom: Symbol) -> FactRef | None:
        loc = self.located.get(atom)
        if loc is not None:
            return FactRef(str(atom), _rel(loc.file), loc.line, loc.field)
        if atom.name == "today" and len(atom.arguments) == 1:
            return FactRef(str(atom), "(evaluation date)", 0, "on")
        return self.static.get(atom)

    # --- why ------------------------------------------------------------------------------------
    def why(self, atom: Symbol, stack: frozenset[Symbol] = frozenset()) -> Step | _Grounds | None:
        """A well-founded derivation of atom (a Step; a _Grounds for a helper; None: none found)."""
        if atom in self.memo:
            return self.memo[atom]
        fact = self.fact(atom)
        if fact is not None:
            return _Grounds([fact], [])
        firings = sorted(self.ev.fired_for.get(atom, []), key=self._firing_order)
        for firing in firings:
            result = self._from_firing(atom, firing, stack | {atom})
            if result is not None:
                self.memo[atom] = result
                return result
        if atom in self.index.all and not firings:
            return _Grounds([FactRef(str(atom), "(knowledge base)", 0, "")], [])
        return None

    def _firing_order(self, f: Firing) -> tuple[int, str, int]:
        rule = self.kb.rules.get(f.rule_id)
        return (0 if rule is not None else 1, f.rule_id, f.clause)

    def _from_firing(self, atom: Symbol, firing: Firing, stack: frozenset[Symbol],
                     as_step: bool = False) -> Step | _Grounds | None:
        rule = self.kb.rules.get(firing.rule_id)
        if rule is None or firing.clause >= len(rule.clauses):
            return None
        clause = rule.clauses[firing.clause]
        s0 = {v: to_py(b) for v, b in zip(clause.variables, firing.binding, strict=False)}
        for s, support in solve(compiled(clause).body, s0, self.index)[:20]:
            if any(a in stack for a in support):
                continue
            grounds = _Grounds()
            ok = True
            for sup in dict.fromkeys(support):
                sub = self.why(sup, stack)
                if sub is None:
                    ok = False
                    break
                self._merge(grounds, sub, helper_parent=atom.name.startswith("_"))
            if not ok:
                continue
            if atom.name.startswith("_") and not as_step and not (self.helper_steps and self.worded(atom)):
                return grounds
            return Step(rule.id, str(atom), self.texts(rule, clause, s, atom), rule.source_text,
                        rule.quote_text, self.bindings(clause, s), grounds.facts, grounds.children,
                        self._counted(clause, s))
        return None

    def _merge(self, grounds: _Grounds, sub: Step | _Grounds, helper_parent: bool) -> None:
        if isinstance(sub, Step):
            if all(c.conclusion != sub.conclusion for c in grounds.children):
                grounds.children.append(sub)
            return
        for f in sub.facts:
            static = f.file.endswith(".lp") or f.file == "(knowledge base)"
            if helper_parent and static and not f.atom.startswith("param("):
                continue
            if f not in grounds.facts:
                grounds.facts.append(f)
        for c in sub.children:
            if all(x.conclusion != c.conclusion for x in grounds.children):
                grounds.children.append(c)

    def _counted(self, clause: Clause, s: Subst) -> Text:
        """The elements each aggregate of the clause collected, e.g. '10122 December 2023; ...'."""
        parts = []
        for lit in compiled(clause).body:
            if lit.kind == "agg":
                c: Counted | None = aggregate(lit, s, self.index)
                if c is None or not c.elements or not any(cond for _t, cond in lit.elements):
                    continue
                parts.append(_counted_text(c))
        return Text.join(" | ", parts)

    @cached_property
    def inputs(self) -> set[tuple[str, int]]:
        """The input predicates of the KB (kb/inputs.lp's #defined)."""
        return input_predicates(self.kb)

    def worded(self, atom: Symbol) -> bool:
        """Whether a rule's own text words the atom (a helper under another rule's text is not)."""
        pred = (atom.name, len(atom.arguments))
        for firing in self.ev.fired_for.get(atom, []):
            rule = self.kb.rules.get(firing.rule_id)
            if rule is not None and rule.worded_head == pred and rule.block.get("en"):
                return True
        return False

    def reasons(self, atom: Symbol, depth: int = 0) -> list[Step]:
        """The steps that show an atom holds: its own step, or, for a helper no rule text words
        (`_ip_some_missing` under may_start_internship's text: some requirement is missing), the
        steps of the worded atoms its derivation rests on (`_ip_missing(..., exam_not_sat(3, ...))`)."""
        if atom.name.startswith("_") and not self.worded(atom) and depth < 4:
            out: list[Step] = []
            for firing in sorted(self.ev.fired_for.get(atom, []), key=self._firing_order):
                rule = self.kb.rules.get(firing.rule_id)
                if rule is None or firing.clause >= len(rule.clauses):
                    continue
                clause = rule.clauses[firing.clause]
                s0 = {v: to_py(b) for v, b in zip(clause.variables, firing.binding, strict=False)}
                for _s, support in solve(compiled(clause).body, s0, self.index)[:1]:
                    for sup in dict.fromkeys(support):
                        if self.fact(sup) is None and sup.name not in ("param", "_follows"):
                            out.extend(r for r in self.reasons(sup, depth + 1)
                                       if all(r.conclusion != o.conclusion for o in out))
            if out:
                return out
        step = self.step(atom)
        return [step] if step is not None else []

    @cached_property
    def detailed(self) -> Explainer:
        """The same explanations with worded helpers as steps of their own."""
        return Explainer(self.ev, self.kb, helper_steps=True)

    def step(self, atom: Symbol) -> Step | None:
        result = self.why(atom)
        if isinstance(result, Step):
            return result
        if result is None:
            return None
        for firing in sorted(self.ev.fired_for.get(atom, []), key=self._firing_order):
            top = self._from_firing(atom, firing, frozenset({atom}), as_step=True)
            if isinstance(top, Step):
                return top
        return Step("", str(atom), Text.by(lambda lang: describe_atom(self, atom, lang)), Text(), Text(),
                    {}, result.facts, result.children)


def param_kind(name: str) -> str:
    """The kind of a parameter's value, from its name (vocabulary.PARAMETER_KINDS)."""
    return parameter_kind(name)


def explain_why(ev: Evaluation, atom: Symbol, kb: KnowledgeBase | None = None) -> Step | None:
    """The derivation of a conclusion down to the student's facts; None when it does not hold.

    An evaluation without provenance is re-evaluated with it (the same cone) first.
    """
    if not ev.holds(atom):
        return None
    return Explainer(ev.explained, kb).step(atom)


@lru_cache(maxsize=8)
def _input_signatures(kb: KnowledgeBase) -> dict[tuple[str, int], tuple[str, ...]]:
    """(name, arity) -> argument names, from the %@input declarations of kb/inputs.lp."""
    out: dict[tuple[str, int], tuple[str, ...]] = {}
    for f in kb.files:
        for block in f.blocks:
            for decl in block.all("input"):
                m = _SIG.match(decl.strip())
                if m:
                    args = tuple(a.strip() for a in m.group(2).split(",") if a.strip())
                    out[(m.group(1), len(args))] = args
    return out


def _arg_names(x: Explainer, pred: tuple[str, int]) -> tuple[str, ...]:
    public = x.ev.vocabulary.get(pred)
    if public is not None:
        return public.args
    return _input_signatures(x.kb).get(pred, ())


def _counted_text(c: Counted) -> Text:
    """What one aggregate collected: 'count 2: 10122 December 2023; ...', worded in each language."""
    def text(lang: str) -> str:
        items = "; ".join(" ".join(value_text(to_symbol(v), "value", lang) for v in key)
                          for key, _a in c.elements)
        return f"{c.function} {value_text(to_symbol(c.value))}: {items}"
    return Text.by(text)


def describe(x: Explainer, term: Any, s: Subst, lang: str) -> str:
    """A body atom under a binding, in words: the public meaning, a helper's own text, or the
    input atom with its values (the student's id left out)."""
    pred = term_pred(term)
    if pred is None:
        return str(term)
    args = term[2] if term[0] == "f" else [("c", a) for a in term[1][1:]]
    names = _arg_names(x, pred)
    values = []
    for i, arg in enumerate(args):
        v = evaluate(arg, s)
        kind = kind_of(names[i]) if i < len(names) else \
            (kind_of(arg[1]) if arg[0] == "v" else "value")
        values.append("…" if v is None else value_text(to_symbol(v), kind, lang))
    public = x.ev.vocabulary.get(pred)
    if public is not None:
        return fill_meaning(public.text.get(lang), public.args, values)
    ground = evaluate(term, s)
    if pred[0].startswith("_") and ground is not None:
        for rule in x.kb.rules.values():
            for clause in rule.clauses:
                if clause.head_predicate == pred == rule.worded_head and rule.block.get(lang):
                    hs = unify(compiled(clause).head, ground, {})
                    if hs is not None:
                        kinds = x.kinds(clause)
                        return fill(rule.texts.get(lang),
                                    {k: value_text(to_symbol(v), kind_of(k, kinds), lang)
                                     for k, v in hs.items()})
    shown = [v for i, v in enumerate(values) if not (i == 0 and v == x.ev.student.id)]
    worded = WORDS.get(pred[0])
    if worded is not None and len(worded[2]) == len(shown):  # an input with its own words (decision)
        return (worded[1] if lang == "da" else worded[0]).format(*shown)
    return f"{pred[0].lstrip('_').replace('_', ' ')}({', '.join(shown)})"


def describe_atom(x: Explainer, atom: Symbol, lang: str) -> str:
    """A ground atom in words (public meaning, helper text or the input's values)."""
    if atom.type.name != "Function":
        return str(atom)
    return describe(x, ("c", to_py(atom)), {}, lang)
