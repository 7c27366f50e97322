"""The short fuzz run (issue 13): mutants of the bundled students of every family and hostile REPL
lines, each through `pyrules check` or the REPL in a worker process under a timeout and a memory
ceiling; every case must end in exit 0 or exit 2 with a file:line message. `make fuzz` runs the long one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fuzz.mutants import FAMILIES, mutants

ROOT = Path(__file__).resolve().parents[1]


def test_mutants_are_seeded_and_cover_every_family() -> None:
    first = [(m.family, m.what, m.text) for m in mutants(7, 3)]
    assert first == [(m.family, m.what, m.text) for m in mutants(7, 3)]
    assert {f for f, _w, _t in first} == set(FAMILIES)


def test_short_fuzz_run_has_no_bad_outcome() -> None:
    run = subprocess.run([sys.executable, "-m", "fuzz", "--per-family", "20", "--repl", "60",
                          "--workers", "1", "--timeout", "20", "--seed", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    total = next(line for line in run.stdout.split("\n") if line.startswith("|   total"))
    cells = [c.strip() for c in total.strip("|").split("|")]
    assert cells[1] == "260" and all(c == "0" for c in cells[4:]), run.stdout
