"""Replies as coloured text: a style per kind of answer, and aligned tables where a table reads better."""

from __future__ import annotations

from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.styles import Style

from pyrules.ask import Reply
from pyrules.core.values import escape

STYLE = Style.from_dict({
    "ok": "ansigreen bold", "no": "ansiyellow bold", "error": "ansired", "info": "",
    "diff": "", "added": "ansigreen", "removed": "ansired", "header": "bold underline",
    "dim": "ansibrightblack", "quit": "ansibrightblack", "rules": "ansibrightblack",
})


def table(headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...], limit: int = 60) -> list[str]:
    """Rows as aligned text lines (the header first); long columns are cut at `limit` characters."""
    cells = [tuple(c if len(c) <= limit else c[: limit - 1] + "…" for c in r) for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells if i < len(r)]) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*headers).rstrip()] + [fmt.format(*(r + ("",) * (len(widths) - len(r)))).rstrip()
                                              for r in cells]


def tabular(reply: Reply) -> bool:
    return bool(reply.rows and reply.headers and reply.style != "diff" and len(reply.rows) > 3)


def plain(reply: Reply) -> str:
    """A reply as plain text (piped output, tests), control characters escaped."""
    return escape(_plain(reply))


def _plain(reply: Reply) -> str:
    if tabular(reply):
        first = reply.text.split("\n")[0]
        head = first if reply.answer is None and not first.startswith(" ") else ""
        lines = ([head] if head else []) + table(reply.headers, reply.rows)
        text = "\n".join(lines)
    else:
        text = reply.text
    if reply.answer is not None and reply.answer.rules:
        text += f"\n  rules: {', '.join(reply.answer.rules)}"
    return text


def formatted(reply: Reply) -> FormattedText:
    """A reply as styled fragments for print_formatted_text."""
    out: list[tuple[str, str]] = []
    if reply.style == "diff":
        for line in escape(reply.text).split("\n"):
            s = line.strip()
            cls = "class:added" if s.startswith("+ ") else "class:removed" if s.startswith("- ") else ""
            out.append((cls, line + "\n"))
        return FormattedText(out)
    text = plain(reply)
    body, _, rules = text.partition("\n  rules: ")
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if tabular(reply) and i == len(lines) - len(reply.rows) - 1:
            out.append(("class:header", line + "\n"))
        elif i == 0:
            out.append((f"class:{reply.style}", line + "\n"))
        else:
            out.append(("", line + "\n"))
    if rules:
        out.append(("class:rules", f"  rules: {rules}\n"))
    return FormattedText(out)
