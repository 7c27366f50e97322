"""Loading and validating student files: every error names the file, the line and the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .schema import StudentRecord
from .values import Term, escape
from .yamlsource import LocatedDocument, Path_, YamlError, field_text, load_yaml, parse_yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{escape(self.file, lines=False)}:{self.line}"
        field = escape(self.field, lines=False)
        return f"{where} {field}: {self.message}" if field else f"{where}: {self.message}"


class FactsError(Exception):
    """A student file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Student:
    """A validated student record with where each of its values came from."""

    record: StudentRecord
    file: str
    lines: dict[Path_, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.record.id

    def line_of(self, path: Path_) -> int:
        p = tuple(path)
        while p and p not in self.lines:
            p = p[:-1]
        return self.lines.get(p, 1)


def _short(value: object, limit: int = 80) -> str:
    """A value as it appears in a message: its repr, cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _pydantic_problems(err: ValidationError, doc: LocatedDocument) -> list[Problem]:
    problems = []
    for e in err.errors():
        loc = tuple(p for p in e["loc"] if isinstance(p, (str, int)))
        # pydantic reports union branches and tagged validators as extra loc parts; keep the
        # part that exists in the document.
        path: tuple[str | int, ...] = ()
        for part in loc:
            if path + (part,) in doc.lines or e["type"] in ("missing", "extra_forbidden"):
                path = path + (part,)
        msg = str(e["msg"]).removeprefix("Value error, ")
        if e["type"] == "missing":
            msg = "missing (required)"
        elif e["type"] == "extra_forbidden":
            msg = "unknown field (see docs/facts.md for the fields of a student file)"
        elif "got" not in msg:
            msg = f"{msg[0].lower()}{msg[1:]}; got {_short(e.get('input'))}"
        line = doc.line_of(path) if e["type"] != "missing" else doc.line_of(path[:-1])
        problems.append(Problem(doc.file, line, field_text(path), msg))
    return problems


def _early_start_term(term: Term, admitted: dt.date) -> bool:
    """001 L1947: January before a February start, July/August before a September start."""
    if admitted.month == 2:
        return (term.year, term.month) == (admitted.year, 1)
    if admitted.month == 9:
        return term.year == admitted.year and term.month in (7, 8)
    return False


def _semantic_problems(
    record: StudentRecord, doc: LocatedDocument, courses: Collection[str] | None
) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: Path_, message: str) -> None:
        problems.append(Problem(doc.file, doc.line_of(path), field_text(path), message))

    # a special course's own number (special_courses[i].course) is a course of this file
    special: dict[str, int] = {}
    for i, sc in enumerate(record.special_courses):
        if sc.course is None:
            continue
        if sc.course in special:
            add(("special_courses", i, "course"), f"course {sc.course} is already the number of "
                f"special_courses[{special[sc.course]}]")
        elif courses is not None and sc.course in courses:
            add(("special_courses", i, "course"), f"course {sc.course} is in the course catalogue: "
                "a special course has a number of its own (record a catalogue course under exams)")
        special.setdefault(sc.course, i)

    def check_course(path: Path_, course: str | None) -> None:
        if courses is not None and course is not None and course not in courses and course not in special:
            add(path, f"unknown course {course!r}: not in the course catalogue (kb/facts/catalogue.lp) "
                "nor the number of one of the file's special_courses")

    for i, reg in enumerate(record.course_registrations):
        check_course(("course_registrations", i, "course"), reg.course)
    for i, cd in enumerate(record.course_descriptions):
        check_course(("course_descriptions", i, "course"), cd.course)
        for k, other in enumerate(cd.not_applicable_with):
            check_course(("course_descriptions", i, "not_applicable_with", k), other)
        for k, pre in enumerate(cd.mandatory_prerequisites):
            check_course(("course_descriptions", i, "mandatory_prerequisites", k), pre)
    seen: dict[tuple[str, Term], int] = {}
    for i, exam in enumerate(record.exams):
        check_course(("exams", i, "course"), exam.course)
        key = (exam.course, exam.term)
        if key in seen:
            add(("exams", i), f"duplicate exam occasion: course {exam.course} in term {exam.term} "
                f"is already listed at exams[{seen[key]}]")
        seen.setdefault(key, i)
        if exam.date is not None and exam.date < record.admitted and not _early_start_term(
            exam.term, record.admitted
        ):
            add(("exams", i, "date"), f"exam date {exam.date} is before admission "
                f"({record.admitted}); expected a date on or after admission")
        if exam.result is not None and exam.withdrawn is not None and exam.withdrawn.in_time:
            add(("exams", i, "result"), "an exam withdrawn in time has no result; "
                "remove the result or the withdrawal")
        finals = [p for p in exam.parts if p.final]
        if exam.parts and len(finals) > 1:
            add(("exams", i, "parts"), "at most one part-exam can be the final part")
        for j, part in enumerate(exam.parts):
            if part.grade is not None and not isinstance(part.grade, int):
                add(("exams", i, "parts", j, "grade"),
                    f"a partial grade is a grade of the 7-point scale; got {part.grade!r}")
            if (part.grade is None) == (not part.absent):
                add(("exams", i, "parts", j), "give either a grade or absent: true")
    for i, sc in enumerate(record.special_courses):
        examined = sc.course is not None and any(e.course == sc.course for e in record.exams)
        if examined and sc.result is not None:
            add(("special_courses", i, "result"), f"special course {sc.course} has exams: give its "
                "result there, not here")
    for i, credit in enumerate(record.pre_commencement_credit):
        check_course(("pre_commencement_credit", i, "replaces"), credit.replaces)
    for i, transfer in enumerate(record.credit_transfers):
        check_course(("credit_transfers", i, "replaces"), transfer.replaces)
    for i, project in enumerate(record.projects):
        if project.start < record.admitted:
            add(("projects", i, "start"), f"project start {project.start} is before admission "
                f"({record.admitted})")
    for i, leave in enumerate(record.leave):
        if leave.end < leave.start:
            add(("leave", i, "to"), f"leave ends ({leave.end}) before it starts ({leave.start})")
    for i, stay in enumerate(record.exchange_stays):
        if stay.end < stay.start:
            add(("exchange_stays", i, "to"), f"stay ends ({stay.end}) before it starts ({stay.start})")
    for i, decision in enumerate(record.decisions):
        subject = decision.subject
        if subject.isdigit():
            if len(subject) != 5:
                add(("decisions", i, "subject"), f"expected a five-digit course number; got {subject!r}")
            else:
                check_course(("decisions", i, "subject"), subject)
        elif not (subject[0].islower() and all(c.islower() or c.isdigit() or c == "_" for c in subject)):
            add(("decisions", i, "subject"),
                f"expected a course number or a lower-case name such as thesis_start; got {subject!r}")
    return problems


def student_from_document(doc: LocatedDocument, courses: Collection[str] | None = None) -> Student:
    """Validate a parsed document; raise FactsError with every problem found."""
    if not isinstance(doc.data, dict):
        raise FactsError([Problem(doc.file, 1, "", "expected a mapping of student fields "
                                  "(id, programme, admitted, ...)")])
    try:
        record = StudentRecord.model_validate(doc.data)
    except ValidationError as err:
        raise FactsError(_pydantic_problems(err, doc)) from None
    problems = _semantic_problems(record, doc, courses)
    if problems:
        raise FactsError(problems)
    return Student(record, doc.file, doc.lines)


def load_student(path: Path | str, courses: Collection[str] | None = None) -> Student:
    """Read, parse and validate one student file."""
    try:
        doc = load_yaml(Path(path))
    except YamlError as err:
        raise FactsError([Problem(err.file, err.line, err.field, err.message)]) from None
    return student_from_document(doc, courses)


def student_from_text(text: str, file: str = "<text>", courses: Collection[str] | None = None) -> Student:
    try:
        doc = parse_yaml(text, file)
    except YamlError as err:
        raise FactsError([Problem(err.file, err.line, err.field, err.message)]) from None
    return student_from_document(doc, courses)


def student_from_data(data: dict[str, Any], file: str, courses: Collection[str] | None = None,
                      lines: dict[Path_, int] | None = None) -> Student:
    """Validate an in-memory record (scenarios, what-if copies)."""
    return student_from_document(LocatedDocument(file, data, dict(lines or {})), courses)


def duplicate_ids(files: Iterable[tuple[str, str]]) -> dict[str, list[Problem]]:
    """(file, id) pairs -> for each file whose id another file also holds, the problem naming both.

    A duplicate id is an error: the files could be answered for one in place of the other."""
    by_id: dict[str, list[str]] = {}
    for file, sid in files:
        if sid and file not in by_id.get(sid, []):
            by_id.setdefault(sid, []).append(file)
    out: dict[str, list[Problem]] = {}
    for sid, holders in sorted(by_id.items()):
        for f in holders if len(holders) > 1 else []:
            others = ", ".join(h for h in holders if h != f)
            out[f] = [Problem(f, _id_line(f), "id", f"duplicate student id {sid!r}: also in {others}")]
    return out


def _id_line(file: str) -> int:
    try:
        return load_yaml(Path(file)).line_of(("id",))
    except (YamlError, OSError):
        return 1


def student_files(folder: Path) -> list[Path]:
    """The student files of a folder, in a stable order."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
