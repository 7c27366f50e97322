"""Raw queries for experts: `? attempts_left(s1002, C, N)` or `query attempts_left` over public predicates."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from .q_kinds import KINDS
from .questions import render_value

if TYPE_CHECKING:
    from .q_session import Reply, Session

_QUERY = re.compile(r"^([a-z][a-z0-9_]*)\s*(?:\((.*)\))?\s*\.?$")


def _is_variable(arg: str) -> bool:
    return arg == "" or arg[0].isupper() or arg[0] == "_"


def raw_query(session: Session, text: str) -> Reply:
    """Every public conclusion of one predicate for a student, filtered by the constants given."""
    from .q_session import Reply
    m = _QUERY.match(text.strip())
    if not m:
        return Reply("a raw query looks like: ? attempts_left(s1002, C, N)   or   query attempts_left",
                     "error")
    name = m.group(1)
    args = [a.strip().strip('"') for a in m.group(2).split(",")] if m.group(2) is not None else []
    vocab = session.engine.vocabulary
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
    sid = args[0] if args and not _is_variable(args[0]) else session.current
    if sid is None or sid not in session.students:
        return Reply(f"unknown student {sid!r}" if sid else
                     f"which student? e.g. ? {name}(s1001{', _' * ((args and len(args) or arities[0]) - 1)})",
                     "error")
    session.current = sid
    ev = session.engine.evaluate(session.students[sid], session.date)
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
        return Reply(f"{head}\nno {name} atoms for {sid} as of {session.date}", "no")
    body = "\n".join(f"{name}({', '.join(r)})" for r in rows)
    return Reply(f"{head}\n{body}", "ok", headers=pred.args, rows=tuple(rows))
