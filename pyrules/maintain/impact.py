"""Impact diff for rule maintainers: which students' public conclusions a KB change alters.

Compares the KB of a git revision (default HEAD) with the working tree's KB over a folder of
students, on one evaluation date: `pyrules impact [--base REV] [PATHS] [--on DATE]`.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.engine import Engine
from ..core.kb import KBError, load_kb
from ..core.students import FactsError, load_student
from ..paths import KB_DIR


@dataclass
class StudentImpact:
    student: str
    file: str
    gained: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.gained or self.lost or self.error)


def kb_at_revision(rev: str, into: Path, repo: Path = KB_DIR.parent) -> Path:
    """Extract kb/ as it was at a git revision into a folder; return the KB root there."""
    try:
        archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", rev, "kb"],
                                 check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        detail = getattr(err, "stderr", b"") or b""
        raise KBError(f"cannot read kb/ at revision {rev!r}: "
                      f"{detail.decode(errors='replace').strip() or err}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "kb"


def _public(engine: Engine, path: Path, on: dt.date) -> tuple[str, set[str]]:
    student = load_student(path, engine.courses)
    ev = engine.evaluate(student, on)
    return student.id, {str(c.symbol) for c in ev.conclusions()}


def impact(paths: Iterable[Path], on: dt.date, base: str = "HEAD",
           new_root: Path = KB_DIR) -> list[StudentImpact]:
    """Every student whose public conclusions differ between the base revision and the new KB."""
    with tempfile.TemporaryDirectory(prefix="pyrules-impact-") as tmp:
        old_engine = Engine(load_kb(kb_at_revision(base, Path(tmp))))
        new_engine = Engine(load_kb(new_root))
        out = []
        for path in paths:
            try:
                sid, old = _public(old_engine, path, on)
                _, new = _public(new_engine, path, on)
            except FactsError as err:
                out.append(StudentImpact("", str(path), error=str(err)))
                continue
            out.append(StudentImpact(sid, str(path), sorted(new - old), sorted(old - new)))
    return out
