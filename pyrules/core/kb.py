"""Loading the knowledge base: kb/rules.lp and its chapters, parsed once, with provenance atoms.

Every rule annotated with `%@rule ID` gets a twin that records its firing:

    h(X) :- b(X,Y), not c(X).
    _fired("ID", 0, h(X), (X,Y)) :- b(X,Y), not c(X).      % 0: the clause's index under ID

so that "why" is a walk over `_fired` atoms from a conclusion down to the student's facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from clingo import Function, Number, String, Symbol, SymbolType, ast

from ..paths import KB_DIR
from .annotations import Block, Source, scan_blocks
from .text import Text

FIRED = "_fired"
BODY_PREFIX = "__body"  # the shared-body atoms of labelled clauses (internal, never shown)

_INCLUDE = re.compile(r'^\s*#include\s+"([^"]+)"\s*\.\s*(?:%.*)?$')


class KBError(Exception):
    """The knowledge base itself is broken (syntax error, missing file)."""


@dataclass
class Clause:
    """One ASP rule (head :- body) of a labelled rule."""

    index: int
    file: str
    line: int
    text: str
    statement: Any
    head_predicate: tuple[str, int] | None
    variables: tuple[str, ...]


@dataclass
class Rule:
    """One labelled rule of the knowledge base: an id, its annotation and its clauses.

    A legal rule may need several ASP clauses (alternative conditions); they share the id.
    """

    id: str
    block: Block
    clauses: list[Clause] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.clauses[0].file

    @property
    def line(self) -> int:
        return self.clauses[0].line

    @property
    def text(self) -> str:
        return "\n".join(c.text for c in self.clauses)

    @property
    def head_predicates(self) -> list[tuple[str, int]]:
        return sorted({c.head_predicate for c in self.clauses if c.head_predicate})

    @property
    def worded_head(self) -> tuple[str, int] | None:
        """The predicate the rule's %@en/%@da texts word: the first public head, else the first head.
        Other heads of the rule are its helpers (`_ip_some_missing` beside `may_start_internship`):
        the texts do not describe them."""
        heads = [c.head_predicate for c in self.clauses if c.head_predicate]
        return next((h for h in heads if not h[0].startswith("_")), heads[0] if heads else None)

    @property
    def source(self) -> Source | None:
        return self.block.source

    @property
    def quote(self) -> str | None:
        return self.block.quote

    @property
    def texts(self) -> Text:
        """The rule's %@en / %@da texts (templates with {Var} placeholders)."""
        return self.block.text()

    @property
    def source_text(self) -> Text:
        """The paragraph cited: %@source, and %@source_da where the rule cites the Danish text."""
        return Text(str(self.source or ""), self.block.get("source_da") or "")

    @property
    def quote_text(self) -> Text:
        """The words quoted: %@quote, and %@quote_da where the rule quotes the Danish text."""
        return Text(self.quote or "", self.block.unquoted("quote_da") or "")

    @property
    def reading(self) -> str | None:
        return self.block.get("reading")

    @property
    def chapter(self) -> str:
        return Path(self.file).stem


@dataclass
class ParsedFile:
    path: Path
    text: str
    statements: list[Any]
    blocks: list[Block]


@dataclass(eq=False)  # compared and hashed by identity: per-KB caches key on it
class KnowledgeBase:
    """The parsed KB: the statements to add to every Control and the rule index."""

    root: Path
    files: list[ParsedFile]
    statements: list[Any] = field(default_factory=list)
    # For each statement, the predicate of the rule or fact it comes from (None: #show, #defined).
    origins: list[tuple[str, int] | None] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)
    unlabelled: list[tuple[str, int, str]] = field(default_factory=list)
    # The index in `statements` of each labelled clause's shared-body statement, with its rule id
    # and clause; the head and `_fired` parts follow it (with_provenance). core/program.py builds
    # the variants without provenance or with a light twin from it.
    twins: dict[int, tuple[str, Clause]] = field(default_factory=dict)

    def add(self, statement: Any, origin: tuple[str, int] | None) -> None:
        self.statements.append(statement)
        self.origins.append(origin)

    def file(self, name: str) -> ParsedFile | None:
        for f in self.files:
            if f.path.name == name or str(f.path).endswith(name):
                return f
        return None

    def facts_of(self, name: str, arity: int) -> list[tuple[Symbol, ...]]:
        """The arguments of every ground static fact name/arity in the KB."""
        out = []
        for f in self.files:
            for stmt in f.statements:
                if stmt.ast_type != ast.ASTType.Rule or stmt.body:
                    continue
                head = stmt.head
                if head.ast_type != ast.ASTType.Literal or \
                        head.atom.ast_type != ast.ASTType.SymbolicAtom:
                    continue
                sym = ground_symbol(head.atom.symbol)
                if sym is not None and sym.name == name and len(sym.arguments) == arity:
                    out.append(tuple(sym.arguments))
        return out


def ground_symbol(term: Any) -> Symbol | None:
    """The value of a ground AST term (None when it has variables, pools or arithmetic)."""
    t = term.ast_type
    if t == ast.ASTType.SymbolicTerm:
        return term.symbol
    if t == ast.ASTType.Function and not term.external:
        args = [ground_symbol(a) for a in term.arguments]
        if any(a is None for a in args):
            return None
        return Function(term.name, [a for a in args if a is not None])
    if t == ast.ASTType.UnaryOperation and term.operator_type == ast.UnaryOperator.Minus:
        inner = ground_symbol(term.argument)
        if inner is not None and inner.type == SymbolType.Number:
            return Number(-inner.number)
    return None


def included_files(root: Path, entry: str = "rules.lp") -> list[Path]:
    """The files kb/rules.lp includes, in order (recursively), the entry itself last."""
    seen: list[Path] = []

    def visit(path: Path) -> None:
        if not path.exists():
            raise KBError(f"{path}: included file does not exist")
        for line in path.read_text(encoding="utf-8").splitlines():
            m = _INCLUDE.match(line)
            if m:
                visit((path.parent / m.group(1)).resolve())
        if path not in seen:
            seen.append(path)

    visit((root / entry).resolve())
    return seen


def _parse(path: Path) -> ParsedFile:
    text = path.read_text(encoding="utf-8")
    statements: list[Any] = []
    messages: list[str] = []

    def logger(_code: Any, message: str) -> None:
        messages.append(message.strip())

    # Includes are followed by included_files(); blank them (keeping line numbers) for the parser.
    parsable = "\n".join("" if _INCLUDE.match(line) else line for line in text.splitlines())
    try:
        ast.parse_string(parsable, statements.append, logger=logger)
    except RuntimeError:
        raise KBError(f"{path}: syntax error: " + "; ".join(messages).replace("<string>", str(path))) \
            from None
    statements = [s for s in statements if s.ast_type != ast.ASTType.Program]
    lines = {s.location.begin.line for s in statements}
    blocks = scan_blocks(path, lines, text)
    return ParsedFile(path, text, statements, blocks)


def _global_variables(node: Any, out: list[str]) -> None:
    """Variables of a rule that are global (not local to an aggregate or a condition)."""
    t = node.ast_type
    if t == ast.ASTType.Variable:
        if node.name != "_" and node.name not in out:
            out.append(node.name)
        return
    if t in (ast.ASTType.ConditionalLiteral, ast.ASTType.BodyAggregateElement,
             ast.ASTType.HeadAggregateElement, ast.ASTType.TheoryAtom):
        return
    if t == ast.ASTType.BodyAggregate:
        for guard in (node.left_guard, node.right_guard):
            if guard is not None:
                _global_variables(guard.term, out)
        return
    for child in ast_children(node):
        _global_variables(child, out)


def ast_children(node: Any) -> Iterator[Any]:
    """The direct child nodes of a clingo AST node (single children and list items alike)."""
    for key in node.child_keys:
        child = getattr(node, key)
        if child is None:
            continue
        if isinstance(child, ast.AST):
            yield child
        else:
            yield from child


def head_predicate(stmt: Any) -> tuple[str, int] | None:
    head = stmt.head
    if head.ast_type != ast.ASTType.Literal or head.atom.ast_type != ast.ASTType.SymbolicAtom:
        return None
    term = head.atom.symbol
    if term.ast_type == ast.ASTType.Function:
        return (term.name, len(term.arguments))
    if term.ast_type == ast.ASTType.SymbolicTerm:
        return (term.symbol.name, len(term.symbol.arguments))
    return None


def provenance_rule(rule_id: str, clause: Clause) -> Any:
    """_fired("ID", Clause, Head, (Vars)) :- Body."""
    stmt = clause.statement
    return _fired_rule(rule_id, clause, [lit for lit in stmt.body])


def _fired_rule(rule_id: str, clause: Clause, body: list[Any]) -> Any:
    stmt = clause.statement
    loc = stmt.location
    head_term = stmt.head.atom.symbol
    binding = ast.Function(loc, "", [ast.Variable(loc, v) for v in clause.variables], False)
    args = [ast.SymbolicTerm(loc, String(rule_id)), ast.SymbolicTerm(loc, Number(clause.index)),
            head_term, binding]
    atom = ast.SymbolicAtom(ast.Function(loc, FIRED, args, False))
    return ast.Rule(loc, ast.Literal(loc, ast.Sign.NoSign, atom), body)


def _literal(loc: Any, name: str, args: list[Any]) -> Any:
    return ast.Literal(loc, ast.Sign.NoSign, ast.SymbolicAtom(ast.Function(loc, name, args, False)))


def with_provenance(rule_id: str, clause: Clause, serial: int) -> list[Any]:
    """The clause and its provenance twin, sharing one grounding of the body:

        __bodyN(Vars) :- Body.    Head :- __bodyN(Vars).    _fired(...) :- __bodyN(Vars).

    Grounding the body once instead of twice halves the cost of provenance.
    """
    stmt = clause.statement
    loc = stmt.location
    name = f"{BODY_PREFIX}{serial}"
    body_atom = _literal(loc, name, [ast.Variable(loc, v) for v in clause.variables])
    return [ast.Rule(loc, body_atom, stmt.body),
            ast.Rule(loc, stmt.head, [body_atom]),
            _fired_rule(rule_id, clause, [body_atom])]


def load_kb(root: Path = KB_DIR) -> KnowledgeBase:
    """Parse every file the KB includes and index its labelled rules."""
    files = [_parse(p) for p in included_files(root)]
    kb = KnowledgeBase(root, files)
    serial = 0
    for f in files:
        by_line: dict[int, Block] = {}
        for block in f.blocks:
            for line in block.statement_lines:
                by_line[line] = block
        lines = f.text.splitlines()
        for stmt in f.statements:
            if stmt.ast_type != ast.ASTType.Rule or not stmt.body:
                kb.add(stmt, head_predicate(stmt) if stmt.ast_type == ast.ASTType.Rule else None)
                continue
            begin, end = stmt.location.begin.line, stmt.location.end.line
            text = "\n".join(lines[begin - 1:end])
            found = by_line.get(begin)
            rule_id = (found.get("rule") or "").strip() if found else ""
            if found is None or not rule_id:
                kb.unlabelled.append((str(f.path), begin, text))
                kb.add(stmt, head_predicate(stmt))
                continue
            block = found
            rule = kb.rules.get(rule_id)
            if rule is None:
                rule = kb.rules[rule_id] = Rule(rule_id, block)
            elif rule.block is not block:
                raise KBError(f"{f.path}:{begin}: rule id {rule_id!r} is already used at "
                              f"{rule.file}:{rule.line}")
            variables: list[str] = []
            _global_variables(stmt.head, variables)
            for lit in stmt.body:
                _global_variables(lit, variables)
            clause = Clause(len(rule.clauses), str(f.path), begin, text, stmt,
                            head_predicate(stmt), tuple(variables))
            rule.clauses.append(clause)
            if clause.head_predicate is not None:
                serial += 1
                kb.twins[len(kb.statements)] = (rule_id, clause)
                for part in with_provenance(rule_id, clause, serial):
                    kb.add(part, clause.head_predicate)
            else:
                kb.add(stmt, None)
    return kb


@cache
def default_kb() -> KnowledgeBase:
    """The bundled knowledge base, parsed once per process."""
    return load_kb(KB_DIR)
