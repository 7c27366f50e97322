"""The `%@key value` annotations of kb/ files: rule ids, sources, quotes, readings, documentation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .text import Text

_LINE = re.compile(r"^\s*%@([a-z_]+)(?:\s+(.*?))?\s*$")
_SOURCE = re.compile(
    r"^(?P<file>[^|]+?)\s*\|\s*(?P<section>[^|]+?)\s*\|\s*L(?P<first>\d+)(?:\s*-\s*L?(?P<last>\d+))?$"
)


@dataclass(frozen=True)
class Source:
    """Where in a regulation text a rule comes from."""

    file: str
    section: str
    first_line: int
    last_line: int

    def __str__(self) -> str:
        lines = f"L{self.first_line}" if self.first_line == self.last_line else \
            f"L{self.first_line}-{self.last_line}"
        return f"{self.file} | {self.section} | {lines}"

    @property
    def section_path(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.section.split(">"))


def parse_source(text: str) -> Source | None:
    m = _SOURCE.match(text.strip())
    if not m:
        return None
    first = int(m.group("first"))
    last = int(m.group("last") or first)
    return Source(m.group("file").strip(), m.group("section").strip(), first, last)


@dataclass
class Block:
    """One run of annotation lines and the statements it governs."""

    file: str
    line: int
    values: dict[str, list[str]] = field(default_factory=dict)
    statement_lines: list[int] = field(default_factory=list)

    def get(self, key: str) -> str | None:
        vals = self.values.get(key)
        return " ".join(vals) if vals else None

    def all(self, key: str) -> list[str]:
        return list(self.values.get(key, []))

    @property
    def source(self) -> Source | None:
        text = self.get("source")
        return parse_source(text) if text else None

    @property
    def quote(self) -> str | None:
        return self.unquoted("quote")

    def unquoted(self, key: str) -> str | None:
        """A quote-like value (%@quote, %@quote_da) without its surrounding double quotes."""
        q = self.get(key)
        if q is None:
            return None
        q = q.strip()
        if len(q) >= 2 and q[0] == q[-1] == '"':
            q = q[1:-1]
        return q

    def text(self, en: str = "en", da: str = "da") -> Text:
        """Two annotations as one bilingual value (%@en/%@da by default)."""
        return Text(self.get(en) or "", self.get(da) or "")


def scan_blocks(path: Path, statement_lines: set[int], text: str | None = None) -> list[Block]:
    """Read the annotation blocks of a file and attach each to the statements below it.

    A block is a run of `%@` lines; it governs the statements that begin after it, up to the next
    blank line or the next block. A repeated key continues the previous value (long quotes).
    """
    if text is None:
        text = path.read_text(encoding="utf-8")
    blocks: list[Block] = []
    current: Block | None = None
    attaching = False
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        m = _LINE.match(raw)
        if m:
            key, value = m.group(1), m.group(2) or ""
            if current is None or current.statement_lines or not attaching:
                current = Block(str(path), number)
                blocks.append(current)
                attaching = True
            current.values.setdefault(key, []).append(value)
            continue
        if not stripped:
            attaching = False
            continue
        if stripped.startswith("%"):
            continue
        if number in statement_lines and current is not None and attaching:
            current.statement_lines.append(number)
    return blocks
