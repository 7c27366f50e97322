"""Mutated student files and hostile REPL lines, seeded: the same seed gives the same mutants.

Each family attacks one promise of the input boundary (docs/facts.md, "Bounds"): a mutant must end
in exit 0 (it is still a valid record) or exit 2 with a file:line message, never anything else.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from pyrules.core.yamlsource import parse_yaml
from pyrules.paths import STUDENTS_DIR

MARK = "@@MUT@@"
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class Mutant:
    family: str
    base: str      # the bundled file it was made from
    what: str      # the mutation, in a few words
    text: bytes


Leaf = tuple[Any, ...]


def _leaves(data: Any, path: Leaf = ()) -> Iterator[Leaf]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, path + (i,))
    else:
        yield path


def _set(data: Any, path: Leaf, value: Any) -> None:
    for p in path[:-1]:
        data = data[p]
    data[path[-1]] = value


def _dump(data: Any, raw: str = "") -> bytes:
    """The record as YAML; the leaf holding MARK becomes the raw YAML text `raw`."""
    text = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=1_000_000)
    return re.sub(r"['\"]?" + re.escape(MARK) + r"['\"]?", lambda _m: raw, text).encode("utf-8")


def _pick(rng: random.Random, data: Any, pattern: str = "", value: str = "") -> Leaf:
    """A random leaf whose last key matches `pattern` (and whose value matches `value`)."""
    leaves = [p for p in _leaves(data)
              if (not pattern or re.fullmatch(pattern, str(p[-1] if p else "")))
              and (not value or re.fullmatch(value, str(_get(data, p))))]
    return rng.choice(leaves or list(_leaves(data)))


def _get(data: Any, path: Leaf) -> Any:
    for p in path:
        data = data[p]
    return data


def _replace_leaf(rng: random.Random, data: Any, raw: str, pattern: str = "", value: str = "") -> bytes:
    path = _pick(rng, data, pattern, value)
    _set(data, path, MARK)
    return _dump(data, raw)


TAGS = ["!!int abc", "!!float abc", "!!bool maybe", "!!timestamp 2025-02-30", "!!timestamp notadate",
        "!!timestamp 9999-12-31", "!!timestamp 0001-01-01", "!!timestamp 2025-01-01T25:00:00",
        "!!binary aGVsbG8=", "!!set {a: null}", "!!python/object/apply:os.system [echo]",
        "!!null x", "!!int 99999999999999999999999", "!!float .nan", "!!float -.inf", "!!str",
        "!!map [1]", "!!seq {a: 1}", "!!omap [a: 1]", "!!int 0x1F", "!!int 0o17", "!custom x",
        "!!float 1e999999", "!!timestamp 2025-01-01", "!!int '12'", "!<tag:x.org,1:y> z"]


def tags(rng: random.Random, data: Any, text: str) -> tuple[str, bytes]:
    raw = rng.choice(TAGS)
    return raw, _replace_leaf(rng, data, raw)


def _bomb(depth: int, width: int) -> str:
    levels = ["&l0 [" + ", ".join(["x"] * width) + "]"]
    levels += [f"&l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, depth)]
    return "[" + ", ".join(levels) + "]"


def aliases(rng: random.Random, data: Any, text: str) -> tuple[str, bytes]:
    kind = rng.choice(["recursive-seq", "recursive-map", "bomb", "undefined", "many", "copy"])
    if kind == "recursive-seq":
        raw = "&x [*x]"
    elif kind == "recursive-map":
        raw = "&y {a: *y, b: [*y]}"
    elif kind == "bomb":
        raw = _bomb(rng.randint(3, 12), rng.randint(5, 12))
    elif kind == "undefined":
        raw = "*nowhere"
    elif kind == "many":
        raw = "[&v 1, " + ", ".join(["*v"] * rng.randint(100, 3000)) + "]"
    else:  # a valid alias: the first exam again, under its anchor
        if data.get("exams"):
            data["exams"].append(MARK)
            return kind, _dump(data, "*e0").replace(b"- course:", b"- &e0\n  course:", 1)
        raw = "&z 1"
    return kind, _replace_leaf(rng, data, raw)


NUMBERS = ["1e999999", ".nan", ".inf", "-.inf", "NaN", "Infinity", str(2 ** 31), "150000000",
           "214748364.8", "4" * 4301, "-5", "7.25", "300", "300.1", "0", "1e3", "1_000", "' 5 '",
           "0x10", "true", "-0", "0.1", "2.5e1", "99999999999999999999.5", "'7,5'", "1e-400"]
NUMERIC_KEYS = r"ects|credited_ects|course_ects|parallel_course_ects|weight|weeks|result|grade"


def numbers(rng: random.Random, data: Any, text: str) -> tuple[str, bytes]:
    raw = rng.choice(NUMBERS)
    keys = r"ects|credited_ects|course_ects|parallel_course_ects" if rng.random() < 0.6 else NUMERIC_KEYS
    return raw[:30], _replace_leaf(rng, data, raw, keys)


def sums(rng: random.Random, data: Any, text: str) -> tuple[str, bytes]:
    """Many credits, each within (or just above) the bound: no sum may overflow silently."""
    n, ects = rng.randint(2, 120), rng.choice([300, 299.9, 300.1, 150000000, 107374182.4, 30])
    key = rng.choice(["credit_transfers", "pre_commencement_credit"])
    item: dict[str, Any] = {"id": "x", "ects": ects, "level": "msc", "category": "elective",
                            "passed_on": data.get("admitted", "2023-09-01")}
    if key == "credit_transfers":
        item["status"] = "granted"
    data[key] = [dict(item, id=f"x{i}") for i in range(n)]
    return f"{n} x {ects} ECTS in {key}", _dump(data)


DATES = ["9999-12-31", "0001-01-01", "2025-W05", "2025-W05-3", "20250101", "2025-02-30", "1949-12-31",
         "2101-01-01", "2100-12-31", "1950-01-01", "2025-1-1", "2025-01-01T00:00:00", "+2025-01-01",
         "2025-13-01", "''", "today", "2025-001", "２０２５-01-01", "1970-01-01", "2024-02-29"]
TERMS = ["0000-12", "9999-12", "2025-13", "december 9999", "2025-W05", "1950-01", "2100-12", "0-1",
         "2025-00", "january 1949", "2101-01"]


def dates(rng: random.Random, data: Any, text: str) -> tuple[str, bytes]:
    if rng.random() < 0.3:
        raw = rng.choice(TERMS)
        return raw, _replace_leaf(rng, data, raw, r"term|completion_term|period|semester")
    raw = rng.choice(DATES)
    return raw, _replace_leaf(rng, data, raw, value=r"\d{4}-\d{2}-\d{2}")


def size(rng: random.Random, data: Any, text: str) -> tuple[str, bytes]:
    kind = rng.choice(["exams", "exams", "string", "nesting", "keys", "lists"])
    if kind == "exams" and data.get("exams"):
        n = rng.choice([350, 401, 1000, 5000, 20000])
        exams = data["exams"]
        data["exams"] = [dict(exams[i % len(exams)], term=f"{1950 + i // 12 % 150}-{i % 12 + 1:02d}")
                         for i in range(n)]
        return f"{n} exams", _dump(data)
    if kind == "string":
        n = rng.choice([501, 10_000, 600_000])
        return f"a {n}-character text", _replace_leaf(rng, data, "x" * n, r"name|title|note|field_of_study")
    if kind == "nesting":
        n = rng.choice([20, 30, 200, 5000])
        return f"{n}-deep nesting", _replace_leaf(rng, data, "[" * n + "]" * n)
    if kind == "keys":
        n = rng.choice([100, 10_000])
        return f"{n} keys", _replace_leaf(rng, data, "{" + ", ".join(f"k{i}: {i}" for i in range(n)) + "}")
    n = rng.choice([101, 2000])
    return f"{n} leave entries", _replace_leaf(rng, data, "[" + ", ".join(["{kind: right}"] * n) + "]",
                                               r"leave|decisions|projects")


CONTROLS = ["\x00", "\x1b[4A\x1b[J", "\x1b]0;owned\x07", "\x9b2J", "\u202e", "\x7f", "\r", "\n", "\t",
            "\u2028", "\ufeff", "\x08\x08", "\x1bc"]


def control(rng: random.Random, data: Any, text: str) -> tuple[str, bytes]:
    ch = rng.choice(CONTROLS)
    if rng.random() < 0.3:  # a raw byte in the file, not a YAML escape
        i = rng.randrange(len(text))
        return f"raw {ch!r}", (text[:i] + ch + text[i:]).encode("utf-8")
    path = _pick(rng, data, r"id|name|title|institution|field_of_study|reason|note|part|subject|course")
    value = str(_get(data, path))
    i = rng.randint(0, len(value))
    _set(data, path, value[:i] + ch + value[i:])
    return f"{ch!r} in {path[-1]}", _dump(data)


VALUES = ["null", "[]", "{}", "[1, 2]", "{a: 1}", "true", "''", "~", "-", "'s1001'", "[[]]"]


def types(rng: random.Random, data: Any, text: str) -> tuple[str, bytes]:
    choice = rng.random()
    if choice < 0.2:
        key = rng.choice(list(data))
        del data[key]
        return f"no {key}", _dump(data)
    if choice < 0.3:
        data[rng.choice(["extra", "Exams", "id ", "<<"])] = 1
        return "an unknown key", _dump(data)
    raw = rng.choice(VALUES)
    return raw, _replace_leaf(rng, data, raw)


IDS = ["S1003", "s1003.x", "-x", "../etc/passwd", "a b", "x" * 65, "s1003;", "'\"s'", "ß1003", "1003",
       "s1003\\x", "", "s_1003", "a.b-c_d"]


def ids(rng: random.Random, data: Any, text: str) -> tuple[str, bytes]:
    raw = rng.choice(IDS)
    if rng.random() < 0.6:
        data["id"] = raw
    else:
        path = _pick(rng, data, r"id|part|subject")
        _set(data, path, raw)
    return repr(raw), _dump(data)


def raw(rng: random.Random, data: Any, text: str) -> tuple[str, bytes]:
    """Mutations of the file's bytes: what an editor or a disk could do to it."""
    b = text.encode("utf-8")
    lines = text.split("\n")
    kind = rng.choice(["delete", "duplicate", "truncate", "flip", "garbage", "swap", "indent", "bytes"])
    if kind == "delete":
        del lines[rng.randrange(len(lines))]
    elif kind == "duplicate":
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == "truncate":
        return kind, b[:rng.randrange(len(b))]
    elif kind == "flip":
        i = rng.randrange(len(b))
        return kind, b[:i] + bytes([b[i] ^ (1 << rng.randrange(8))]) + b[i + 1:]
    elif kind == "garbage":
        i = rng.randrange(len(b))
        junk = "".join(rng.choice(":-[]{}&*!|>'\"#%@`, \n\tabc019") for _ in range(rng.randint(1, 8)))
        return kind, b[:i] + junk.encode() + b[i:]
    elif kind == "swap":
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        i = rng.randrange(len(lines))
        lines[i] = " " * rng.randint(1, 5) + lines[i]
    else:
        i = rng.randrange(len(b))
        return "invalid utf-8", b[:i] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80"]) + b[i:]
    return kind, "\n".join(lines).encode("utf-8")


FAMILIES: dict[str, Callable[[random.Random, Any, str], tuple[str, bytes]]] = {
    "tags": tags, "aliases": aliases, "numbers": numbers, "sums": sums, "dates": dates, "size": size,
    "control": control, "types": types, "ids": ids, "raw": raw,
}


def bases() -> list[tuple[str, str, Any]]:
    """(name, text, data) of each bundled student file."""
    out = []
    for path in sorted(STUDENTS_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        out.append((path.name, text, parse_yaml(text, str(path)).data))
    return out


def mutants(seed: int, per_family: int) -> Iterator[Mutant]:
    """`per_family` mutants of every family, from the bundled files, in a fixed order."""
    files = bases()
    for family, make in FAMILIES.items():
        rng = random.Random(f"{seed}:{family}")
        for _ in range(per_family):
            name, text, data = rng.choice(files)
            what, out = make(rng, copy.deepcopy(data), text)
            yield Mutant(family, name, what, out)


STUDENTS = ["s1001", "s1003", "s2001", "s9999", ""]
LINE_DATES = ["9999-12-31", "0001-01-01", "2100-12-31", "1950-01-01", "2025-W05", "20250101", "2025-02-30",
              "1949-12-31", "2101-01-01", "2025-09-01", "0000-00-00", "today"]
LINE_TERMS = ["9999-12", "0000-12", "2100-12", "1950-01", "december 9999", "the 9999 re-exam", "2025-13"]
RAW = ["a :- b.", "#include \"/etc/passwd\".", "#script (python) import os #end.", "x(1..1000000000)",
       "ects_counted(S,X,Y), Y > 2147483647", "#show.", "%", "\"", "a(", "course_passed(S, C)",
       "#const n=1.", "attempts_left(\"\x1b[2J\", C, N)", "p :- not p."]
TEMPLATES = ["what if {s} passes 10102 with {g} in {t}", "as of {d}", "can {s} take leave from {d}?",
             "can {s} take leave from {d} to {d2}?", "can {s} be readmitted from {d}?",
             "is {s} in conflict as of {d}?", "? {r}", "why", "why not", "undo", "reset", "use {s}",
             "{n}", "what if {s} gets {g} in 10122 in {t}", "can {s} start the thesis on {d}?",
             "how many attempts does {s} have left in 10122 as of {d}?", "students", "help",
             "hvor mange forsøg har {s} tilbage i 10122 pr. {d}?", "what if {s} fails 10122 in {t}"]
NOISE = ["\x00", "\x1b[4A\x1b[J s1003 ok", "a" * 100_000, "¿" * 5000, "( ( ( ( (", "?" * 1000,
         "use \x1b]0;x\x07", "   ", "why " * 2000, "\u202eevil", "s1001 " * 500, "'; DROP TABLE",
         "what if", "as of", "? ", "?" + "(" * 10000]


def repl_lines(seed: int, n: int) -> Iterator[str]:
    rng = random.Random(f"{seed}:repl")
    for _ in range(n):
        yield rng.choice(TEMPLATES).format(
            s=rng.choice(STUDENTS), d=rng.choice(LINE_DATES), d2=rng.choice(LINE_DATES),
            t=rng.choice(LINE_TERMS), g=rng.choice(["7", "12", "-3", "99", "pass", "x"]),
            r=rng.choice(RAW), n=rng.choice(NOISE)).strip() or rng.choice(NOISE)
