"""`pyrules check` over many files: the fork pool's output is byte-identical across runs and worker
counts, a bad file is reported and skipped, SIGTERM ends every process and writes nothing, and the
batch's conclusions and rules equal those of a full evaluation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pyrules.core.batch import evaluate_file
from pyrules.core.engine import shared_engine
from pyrules.core.students import load_student, student_files
from pyrules.core.vocabulary import render
from pyrules.maintain.generate import generate
from pyrules.paths import STUDENTS_DIR

ON = "2026-01-15"


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cohort")
    generate(52, 3, folder, None)  # just enough for the pool (2 chunks)
    return folder


def run_check(*args: str, out: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pyrules.cli", "check", *args, "--on", ON]
    if out is not None:
        cmd += ["--out", str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def test_output_identical_across_runs_and_worker_counts(cohort: Path, tmp_path: Path) -> None:
    for fmt, runs in (("json", ("1", "2", "2")), ("csv", ("1", "2"))):
        outs = []
        for workers in runs:
            target = tmp_path / f"{fmt}{workers}{len(outs)}"
            got = run_check(str(cohort), "--format", fmt, "--workers", workers, out=target)
            assert got.returncode == 0, got.stderr
            outs.append(target.read_bytes())
        assert all(o == outs[0] for o in outs), fmt
    table = run_check(str(cohort), "--workers", "2").stdout
    assert "52 students" in table


def test_a_bad_file_is_reported_and_skipped(cohort: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for f in sorted(cohort.glob("*.yaml")):
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "zz-broken.yaml").write_text("id: x\nprogramme: [unclosed\n", encoding="utf-8")
    got = run_check(str(folder), "--format", "json", "--workers", "2")
    assert got.returncode == 2
    assert "zz-broken.yaml" in got.stderr and '"error": ""' in got.stdout
    assert got.stdout.count('"student": "g') == 52


def _descendants(pid: int) -> list[int]:
    try:
        kids = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _descendants(k)]


def test_sigterm_ends_every_process_and_writes_nothing(cohort: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    proc = subprocess.Popen([sys.executable, "-m", "pyrules.cli", "check", str(cohort), "--on", ON,
                             "--format", "json", "--workers", "2", "--out", str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _descendants(proc.pid)
        time.sleep(0.1)
    if proc.poll() is not None:
        pytest.skip("the check finished before the workers could be seen")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM and "interrupted" in err and out == ""
    assert not target.exists() and not list(tmp_path.glob(".report.json*"))
    time.sleep(0.5)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and "zombie" not in Path(f"/proc/{w}/status").read_text().lower()]
    assert not alive, f"workers still running: {alive}"
    os.sync()


@pytest.mark.parametrize("path", student_files(STUDENTS_DIR), ids=lambda p: p.stem)
def test_batch_row_equals_full_evaluation(path: Path) -> None:
    engine = shared_engine()
    outcome = evaluate_file(str(path), __import__("datetime").date(2026, 1, 15))
    ev = engine.evaluate(load_student(path, engine.courses), __import__("datetime").date(2026, 1, 15))
    assert outcome.conclusions == [(c.predicate, tuple(render(v) for v in c.values[1:]))
                                   for c in ev.conclusions()]
    assert outcome.rules_fired == ev.rules_fired()
