"""Where each input atom of a student came from: the YAML path (and so the file line) behind it.

Built alongside encode.student_facts without changing it: every value of the record is encoded on
its own (in an otherwise empty record) and with each of its fields reset to the default, and the
atoms that appear or vanish are attributed to that value's path.  New schema fields and new
input atoms are located without any change here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from clingo import Symbol
from pydantic import BaseModel

from ..core.encode import student_facts
from ..core.schema import StudentRecord
from ..core.students import Student, field_text
from ..core.yamlsource import Path_

Build = Callable[[Any], StudentRecord]


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


def _encode(record: StudentRecord) -> set[Symbol]:
    try:
        return set(student_facts(record))
    except Exception:  # noqa: BLE001 - a partial record the encoder cannot read locates nothing
        return set()


def _defaults(model: BaseModel) -> dict[str, Any]:
    """The model's optional fields at their defaults (the required ones are kept)."""
    out = {}
    for name, info in type(model).model_fields.items():
        if not info.is_required():
            out[name] = info.get_default(call_default_factory=True)
    return out


def _key(model: BaseModel, name: str) -> str:
    return type(model).model_fields[name].alias or name


def _locate(value: BaseModel, build: Build, path: Path_, out: dict[Symbol, Path_]) -> None:
    """Attribute the atoms `value` contributes (beyond those of build(empty value)) to path."""
    empty = value.model_copy(update=_defaults(value))
    before = _encode(build(empty))
    for sym in _encode(build(value)) - before:
        out[sym] = path
    for name, info in type(value).model_fields.items():
        if info.is_required():
            continue
        default = info.get_default(call_default_factory=True)
        current = getattr(value, name)
        if current == default:
            continue
        sub: Path_ = path + (_key(value, name),)
        if isinstance(current, list):
            for j, item in enumerate(current):
                def build_item(x: Any, name: str = name) -> StudentRecord:
                    return build(empty.model_copy(update={name: [x]}))
                for sym in _encode(build_item(item)) - before:
                    out[sym] = sub + (j,)
                if isinstance(item, BaseModel):
                    _locate(item, build_item, sub + (j,), out)
            continue
        for sym in _encode(build(value)) - _encode(build(value.model_copy(update={name: default}))):
            out[sym] = sub
        if isinstance(current, BaseModel):
            def build_sub(x: Any, name: str = name) -> StudentRecord:
                return build(value.model_copy(update={name: x}))
            _locate(current, build_sub, sub, out)


def _perturbed(record: StudentRecord) -> dict[str, StudentRecord]:
    """The record with each required top-level field changed, to attribute the base atoms."""
    other = "beng_process_innovation" if record.programme == "msc_engineering_physics" \
        else "msc_engineering_physics"
    moved = record.admitted.replace(year=record.admitted.year + 1) \
        if not (record.admitted.month == 2 and record.admitted.day == 29) \
        else record.admitted + dt.timedelta(days=365)
    return {"programme": record.model_copy(update={"programme": other}),
            "admitted": record.model_copy(update={"admitted": moved})}


def locate_paths(record: StudentRecord) -> dict[Symbol, Path_]:
    """Every input atom of the record and the YAML path of the value it came from."""
    paths: dict[Symbol, Path_] = {}
    bare = record.model_copy(update=_defaults(record))
    base = _encode(bare)
    for sym in base:
        paths[sym] = ("id",)
    for name, changed in _perturbed(bare).items():
        for sym in base - _encode(changed):
            paths[sym] = (name,)

    def build(x: Any) -> StudentRecord:
        return x if isinstance(x, StudentRecord) else bare
    _locate(record, build, (), paths)
    for sym in student_facts(record):
        paths.setdefault(sym, ())
    return paths


def student_facts_located(student: Student) -> dict[Symbol, Located]:
    """encode.student_facts(student.record), each atom with its YAML path, file and line."""
    return {sym: Located(sym, path, student.file, student.line_of(path))
            for sym, path in locate_paths(student.record).items()}
