"""Where each input atom of a student came from: the YAML path (and so the file line) behind it.

The encoder records the path of every fact as it writes it (encode.student_facts_with_paths); an
atom written twice (the same leave reason from a leave and a leave request) keeps the last path.
"""

from __future__ import annotations

from dataclasses import dataclass

from clingo import Symbol

from ..core.encode import student_facts_with_paths
from ..core.schema import StudentRecord
from ..core.students import Student, field_text
from ..core.yamlsource import Path_


@dataclass(frozen=True)
class Located:
    """An input atom, the YAML path it came from, and the file and line of that path."""

    atom: Symbol
    path: Path_
    file: str
    line: int

    @property
    def field(self) -> str:
        return field_text(self.path)


def locate_paths(record: StudentRecord) -> dict[Symbol, Path_]:
    """Every input atom of the record and the YAML path of the value it came from."""
    return dict(student_facts_with_paths(record))


def student_facts_located(student: Student) -> dict[Symbol, Located]:
    """encode.student_facts(student.record), each atom with its YAML path, file and line."""
    return {sym: Located(sym, path, student.file, student.line_of(path))
            for sym, path in locate_paths(student.record).items()}
