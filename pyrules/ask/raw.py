"""Raw queries for experts: `? attempts_left(s1002, C, N)` or `query attempts_left` over public predicates."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping

from ..core.engine import Engine
from ..core.students import Student
from .answers import render_value
from .kinds import KINDS
from .replies import Reply

_QUERY = re.compile(r"^([a-z][a-z0-9_]*)\s*(?:\((.*)\))?\s*\.?$")


def _is_variable(arg: str) -> bool:
    return arg == "" or arg[0].isupper() or arg[0] == "_"


def raw_query(engine: Engine, students: Mapping[str, Student], text: str, current: str | None,
              on: dt.date) -> Reply:
    """Every public conclusion of one predicate for a student, filtered by the constants given.

    The student is the query's first argument when it is a constant, else `current`; the reply
    names it (Reply.student) so that the caller can make it the current one."""
    m = _QUERY.match(text.strip())
    if not m:
        return Reply("a raw query looks like: ? attempts_left(s1002, C, N)   or   query attempts_left",
                     "error")
    name = m.group(1)
    args = [a.strip().strip('"') for a in m.group(2).split(",")] if m.group(2) is not None else []
    vocab = engine.vocabulary
    arities = sorted(a for n, a in vocab if n == name)
    if not arities:
        agreed = {p[0] for k in KINDS for p in k.predicates}
        if name in agreed:
            return Reply(f"not modelled yet: {name} is not in the knowledge base yet", "info")
        near = difflib.get_close_matches(name, sorted({n for n, _ in vocab}), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else "; type 'predicates' to list them"
        return Reply(f"unknown public predicate {name!r}{hint}", "error")
    if args and len(args) not in arities:
        return Reply(f"{name} takes {' or '.join(map(str, arities))} arguments; got {len(args)}", "error")
    sid = args[0] if args and not _is_variable(args[0]) else current
    if sid is None or sid not in students:
        return Reply(f"unknown student {sid!r}" if sid else
                     f"which student? e.g. ? {name}(s1001{', _' * ((args and len(args) or arities[0]) - 1)})",
                     "error")
    ev = engine.evaluate(students[sid], on)
    arity = len(args) if args else arities[0]
    pred = vocab[(name, arity)]
    rows = []
    for c in ev.conclusions(name):
        if len(c.values) != arity:
            continue
        vals = tuple(render_value(v, name, i) for i, v in enumerate(c.values))
        raw = tuple(str(a).strip('"') for a in c.symbol.arguments)
        if all(_is_variable(a) or a in (v, r) for a, v, r in zip(args, vals, raw, strict=False)):
            rows.append(vals)
    head = f"{pred.signature}: {pred.meaning}"
    if not rows:
        return Reply(f"{head}\nno {name} atoms for {sid} as of {on}", "no", student=sid)
    body = "\n".join(f"{name}({', '.join(r)})" for r in rows)
    return Reply(f"{head}\n{body}", "ok", headers=pred.args, rows=tuple(rows), student=sid)
