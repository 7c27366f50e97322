"""KB lint: annotations present, quotes verbatim at the cited lines, vocabulary documented,
no predicate used but never defined, and the decision rules a stratified normal program."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from clingo import ast

from ..core.annotations import Block, parse_source
from ..core.graph import Pred
from ..core.graph import atom_pred as _atom_pred
from ..core.graph import body_dependencies as _body_deps
from ..core.graph import sccs as _sccs
from ..core.kb import KnowledgeBase
from ..core.prolog.translate import fragment_errors
from ..core.vocabulary import public_predicates
from ..paths import SOURCES_DIR


@dataclass(frozen=True, order=True)
class LintProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@cache
def source_lines(name: str) -> tuple[str, ...] | None:
    path = SOURCES_DIR / name
    if not path.is_file() or path.parent != SOURCES_DIR:
        return None
    return tuple(path.read_text(encoding="utf-8").split("\n"))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def quote_found(quote: str, name: str, first: int, last: int) -> bool:
    """Is the quote (fragments split at an ellipsis) verbatim, in order, within the lines?"""
    lines = source_lines(name)
    if lines is None:
        return False
    haystack = normalise(" ".join(lines[first - 1:last]))
    position = 0
    for fragment in re.split(r"\s*(?:…|\.\.\.)\s*", quote):
        fragment = normalise(fragment)
        if not fragment:
            continue
        found = haystack.find(fragment, position)
        if found < 0:
            return False
        position = found + len(fragment)
    return True


def check_block(block: Block, kind: str) -> list[str]:
    """Problems with one annotation block (kind: rule or facts), its Danish source included."""
    problems = _check_source(block, kind, "source", "quote")
    if block.get("source_da") or block.get("quote_da"):
        problems += _check_source(block, kind, "source_da", "quote_da")
    return problems


def _check_source(block: Block, kind: str, source_key: str, quote_key: str) -> list[str]:
    problems = []
    src_text = block.get(source_key)
    if not src_text:
        return [f"{kind} block has no %@{source_key}"]
    src = parse_source(src_text)
    if src is None:
        return [f"cannot read %@{source_key} {src_text!r}: expected 'FILE | Section > Path | Lfirst-last'"]
    lines = source_lines(src.file)
    if lines is None:
        return [f"%@{source_key} names {src.file!r}, which is not a file in kb/sources/"]
    if not (1 <= src.first_line <= src.last_line <= len(lines)):
        problems.append(f"%@{source_key} lines L{src.first_line}-{src.last_line} are outside "
                        f"{src.file} (1-{len(lines)})")
    quote = _unquote(block.get(quote_key))
    if kind == "rule" and not quote:
        problems.append(f"rule block has no %@{quote_key}")
    if quote and not problems and not quote_found(quote, src.file, src.first_line, src.last_line):
        problems.append(f"%@{quote_key} is not verbatim in {src.file} L{src.first_line}-{src.last_line}: "
                        f"{quote[:80]!r}")
    return problems


def _unquote(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def text_problems(kb: KnowledgeBase) -> list[LintProblem]:
    """Public rules (a head not starting with _) without their %@en or %@da explanation text."""
    out = []
    for rule in kb.rules.values():
        if not any(not name.startswith("_") for name, _arity in rule.head_predicates):
            continue
        missing = [f"%@{lang}" for lang in ("en", "da") if not rule.block.get(lang)]
        if missing:
            out.append(LintProblem(rule.file, rule.block.line, f"rule {rule.id}: no "
                                   f"{' or '.join(missing)} text (explanations fall back to the "
                                   "public meaning and the quote)"))
    return sorted(out)


def id_prefix_problems(kb: KnowledgeBase) -> list[LintProblem]:
    """Ids in kb/chapters/<stem>.lp (%@rule, %@not_modelled) must start with `<stem>.`:
    the id names the chapter file it lives in (`common.` for kb/chapters/common.lp)."""
    out: list[LintProblem] = []
    for f in kb.files:
        path = Path(f.path)
        if path.parent.name != "chapters":
            continue
        for block in f.blocks:
            for key in ("rule", "not_modelled"):
                rid = block.get(key)
                if rid and rid.split(".", 1)[0] != path.stem:
                    out.append(LintProblem(str(f.path), block.line, f"rule id {rid!r} does not "
                                           f"name its chapter file {path.name}: expected "
                                           f"{path.stem}.<what>"))
    return out


def lint(kb: KnowledgeBase, strict_text: bool = True) -> list[LintProblem]:
    """Every problem the KB has; empty when it is clean.

    strict_text: also report public rules without %@en/%@da (text_problems); on by default, as
    every public rule has its English and Danish text.
    """
    problems: list[LintProblem] = list(text_problems(kb)) if strict_text else []
    problems += id_prefix_problems(kb)

    def add(file: Any, line: int, message: str) -> None:
        problems.append(LintProblem(str(file), line, message))

    for file, line, _text in kb.unlabelled:
        add(file, line, "rule without a %@rule annotation (id, source, quote) directly above it")
    for rule in kb.rules.values():
        for message in check_block(rule.block, "rule"):
            add(rule.file, rule.block.line, f"rule {rule.id}: {message}")
        if not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", rule.id):
            add(rule.file, rule.block.line, f"rule id {rule.id!r}: expected dotted lower-case, "
                "e.g. exam_attempts.attempts_used")

    defined: set[Pred] = set()
    declared_inputs: set[Pred] = set()
    used: dict[Pred, tuple[str, int]] = {}
    graph: dict[Pred, set[Pred]] = {}
    strict_edges: set[tuple[Pred, Pred]] = set()
    shown: dict[Pred, tuple[str, int]] = {}
    fact_ids: dict[str, tuple[str, int]] = {}

    for f in kb.files:
        governed = {line: b for b in f.blocks for line in b.statement_lines}
        is_facts_file = "facts" in f.path.parts
        for block in f.blocks:
            if block.get("facts"):
                fid = block.get("facts") or ""
                if fid in fact_ids:
                    add(f.path, block.line, f"facts id {fid!r} is already used at "
                        f"{fact_ids[fid][0]}:{fact_ids[fid][1]}")
                fact_ids[fid] = (str(f.path), block.line)
                for message in check_block(block, "facts"):
                    add(f.path, block.line, f"facts {fid}: {message}")
            if not block.statement_lines and not block.get("not_modelled") and not \
                    block.get("input") and not block.get("public") and not block.get("chapter"):
                add(f.path, block.line, "annotation block governs no statement "
                    "(put it directly above the rule, with no blank line between)")
            if block.get("not_modelled"):
                for message in check_block(block, "not_modelled"):
                    add(f.path, block.line, f"not modelled {block.get('not_modelled')}: {message}")
        for stmt in f.statements:
            t = stmt.ast_type
            line = stmt.location.begin.line
            if t == ast.ASTType.Defined:
                declared_inputs.add((stmt.name, stmt.arity))
                continue
            if t == ast.ASTType.ShowSignature:
                shown[(stmt.name, stmt.arity)] = (str(f.path), line)
                continue
            if t in (ast.ASTType.Minimize, ast.ASTType.External, ast.ASTType.Edge,
                     ast.ASTType.Heuristic, ast.ASTType.ProjectAtom):
                add(f.path, line, f"{t.name} is not allowed in the decision rules")
                continue
            if t != ast.ASTType.Rule:
                continue
            head = stmt.head
            if head.ast_type != ast.ASTType.Literal:
                add(f.path, line, "choice rules, disjunctions and head aggregates are not allowed: "
                    "the decision rules are a stratified normal program")
                continue
            if head.atom.ast_type == ast.ASTType.BooleanConstant:
                add(f.path, line, "integrity constraints are not allowed in the decision rules "
                    "(they can leave a student with no answer)")
                continue
            pred = _atom_pred(head.atom)
            if pred is None:
                continue
            defined.add(pred)
            if not stmt.body and line not in governed and (is_facts_file or f.path.name != "inputs.lp"):
                add(f.path, line, f"fact {pred[0]}/{pred[1]} has no %@facts/%@rule annotation block")
            deps: list[tuple[Pred, bool]] = []
            for lit in stmt.body:
                _body_deps(lit, deps)
            graph.setdefault(pred, set())
            for dep, strict in deps:
                graph[pred].add(dep)
                used.setdefault(dep, (str(f.path), line))
                if strict:
                    strict_edges.add((pred, dep))

    for pred, (file, line) in sorted(used.items()):
        if pred not in defined and pred not in declared_inputs:
            add(file, line, f"{pred[0]}/{pred[1]} is used but never defined (nor declared #defined "
                "in kb/inputs.lp)")
    for comp in _sccs(graph):
        for a, b in strict_edges:
            if a in comp and b in comp:
                add(*used.get(b, ("kb", 1)), f"not stratified: {a[0]}/{a[1]} depends on "
                    f"{b[0]}/{b[1]} through negation or an aggregate inside a recursive cycle")
    for file, line, where, message in fragment_errors(kb):
        add(file, line, f"{where}: outside the fragment the Prolog engine translates "
            f"(docs/prolog-engine.md): {message}")
    try:
        public = public_predicates(kb)
    except ValueError as err:
        add("kb/vocabulary", 1, str(err))
        public = {}
    for pred, (file, line) in shown.items():
        if pred not in public:
            add(file, line, f"#show {pred[0]}/{pred[1]} has no %@public documentation")
    for pred, decl in public.items():
        if pred not in defined:
            add(decl.file, decl.line, f"public {pred[0]}/{pred[1]} is never concluded by a rule")
        if pred not in shown:
            add(decl.file, decl.line, f"public {pred[0]}/{pred[1]} is not #shown")
    for pred in sorted(defined):
        if not pred[0].startswith("_") and pred not in public and pred in graph \
                and any(pred in r.head_predicates for r in kb.rules.values()):
            rule = next(r for r in kb.rules.values() if pred in r.head_predicates)
            add(rule.file, rule.line, f"{pred[0]}/{pred[1]} is concluded but neither public "
                "(%@public in kb/vocabulary/<chapter>.lp) nor a helper (name starting with _)")
    return sorted(set(problems))


def relative(path: str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return path

