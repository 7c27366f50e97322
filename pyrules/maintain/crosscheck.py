"""The two engines side by side: every difference in a public conclusion (or a rule fired).

`python -m pyrules.maintain.crosscheck CLINGO.json PROLOG.json` compares two `pyrules check
--format json` outputs (make crosscheck) and prints every student whose rows differ.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..core.engine import Evaluation


def differences(clingo: Evaluation, prolog: Evaluation) -> list[str]:
    """What one engine concludes and the other does not, both ways; empty when they agree."""
    a, b = set(clingo.public), set(prolog.public)
    out = [f"clingo only: {s}" for s in sorted(a - b)]
    out += [f"prolog only: {s}" for s in sorted(b - a)]
    ra, rb = set(clingo.rules_fired()), set(prolog.rules_fired())
    out += [f"rule fired in clingo only: {r}" for r in sorted(ra - rb)]
    out += [f"rule fired in prolog only: {r}" for r in sorted(rb - ra)]
    return out


def compare_reports(clingo: Path, prolog: Path) -> list[str]:
    """Per-student differences between two `pyrules check --format json` reports."""
    ra, rb = json.loads(clingo.read_text()), json.loads(prolog.read_text())
    rows_a = {s["file"]: s for s in ra["students"]}
    rows_b = {s["file"]: s for s in rb["students"]}
    out = []
    for f in sorted(set(rows_a) | set(rows_b)):
        x, y = rows_a.get(f), rows_b.get(f)
        if x == y:
            continue
        if x is None or y is None:
            out.append(f"{f}: only in {'prolog' if x is None else 'clingo'}'s report")
            continue
        for key in sorted(set(x) | set(y)):
            if x.get(key) != y.get(key):
                va, vb = x.get(key), y.get(key)
                if isinstance(va, list) and isinstance(vb, list):
                    sa = {json.dumps(v, sort_keys=True) for v in va}
                    sb = {json.dumps(v, sort_keys=True) for v in vb}
                    out += [f"{f}: {key}: clingo only {v}" for v in sorted(sa - sb)]
                    out += [f"{f}: {key}: prolog only {v}" for v in sorted(sb - sa)]
                    if sa == sb:
                        out.append(f"{f}: {key}: same rows in another order")
                else:
                    out.append(f"{f}: {key}: clingo {va!r}, prolog {vb!r}")
    return out


def main(argv: list[str]) -> int:
    clingo, prolog = Path(argv[0]), Path(argv[1])
    report = json.loads(clingo.read_text())
    students = len(report["students"])
    rows = sum(len(s["conclusions"]) for s in report["students"])
    if clingo.read_bytes() == prolog.read_bytes():
        print(f"crosscheck: clingo and prolog agree on {students} students, {rows} conclusions "
              "(byte-identical reports)")
        return 0
    diffs = compare_reports(clingo, prolog)
    print("\n".join(diffs[:200]) or "the reports differ in bytes only (formatting)")
    print(f"crosscheck: the engines DIFFER ({len(diffs)} differences over {students} students)")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
