"""A validated student record as clingo symbols (the input predicates of kb/inputs.lp).

Everything goes through clingo's symbol constructors: a student id, a title or an institution is
a clingo String, never program text, so no record can inject a rule.

The encoder writes one section of the record at a time, in kb/inputs.lp's order, and records with
every fact the YAML path of the value it came from (`exams[2].result`), so that explanations cite
the student file's line without re-deriving it.

"As of" a date (the evaluation date) is applied here, in one place: given `on`, the encoder writes
only what was known on that day -- what had happened and what had been decided or applied for by
then -- so no rule ever sees a later record.  Each dated record's reading is documented at the
function that decides it (`_Facts.known` and the section functions) and in docs/facts.md.
"""

from __future__ import annotations

import datetime as dt

from clingo import Function, Number, String, Symbol

from .schema import (
    CreditTransfer,
    Exam,
    PreCredit,
    Project,
    StudentRecord,
)
from .values import Period, Semester, Term, day_number, semester_of
from .yamlsource import Path_


def date_sym(d: dt.date) -> Symbol:
    return Number(day_number(d))


def term_sym(t: Term) -> Symbol:
    return Function("term", [Number(t.year), Number(t.month)])


def period_sym(p: Period) -> Symbol:
    return Function("period", [Number(p.year), Function(p.kind)])


def semester_sym(s: Semester) -> Symbol:
    return Function("sem", [Number(s.year), Function(s.kind)])


def result_sym(r: int | str) -> Symbol:
    if isinstance(r, int):
        return Function("grade", [Number(r)])
    return Function(r)


def name_sym(name: str) -> Symbol:
    """An enumerated value that the schema has already checked is a lower-case identifier."""
    return Function(name)


def subject_sym(subject: str) -> Symbol:
    return String(subject) if subject.isdigit() else Function(subject)


def project_key(kind: str, start: dt.date) -> Symbol:
    return Function("project", [Function(kind), date_sym(start)])


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _semester_start(s: Semester) -> dt.date:
    return dt.date(s.year, 9 if s.kind == "autumn" else 2, 1)


def _period_semester(p: Period) -> Semester:
    """The semester a teaching period lies in (001 L1918: autumn = September-January)."""
    if p.kind == "autumn":
        return Semester(p.year, "autumn")
    if p.kind == "january":
        return Semester(p.year - 1, "autumn")
    return Semester(p.year, "spring")


def _previous_semester(s: Semester) -> Semester:
    return Semester(s.year, "spring") if s.kind == "autumn" else Semester(s.year - 1, "autumn")


def registration_known_from(p: Period) -> dt.date:
    """An undated course registration for period P: known from the first day of the semester before
    the one P lies in (registration for a semester takes place during the semester before it)."""
    return _semester_start(_previous_semester(_period_semester(p)))


def exam_registration_known_from(e: Exam) -> dt.date:
    """An exam registration: known from its date; undated, from the first day of the semester
    whose exam period the term is (registration for an exam takes place in that semester), or from
    an earlier withdrawal."""
    if e.registered:
        return e.registered
    start = _semester_start(semester_of(dt.date(e.term.year, e.term.month, 1)))
    # a withdrawal recorded earlier shows the registration existed by then
    return min(start, e.withdrawn.on) if e.withdrawn else start


def exam_held_by(e: Exam) -> dt.date:
    """The day an exam has taken place: its date; undated, the last day of the exam term's month."""
    return e.date or _month_end(e.term.year, e.term.month)


class _Facts:
    """The input atoms of one student as they are written, each with the YAML path behind it, as
    known on the date `on` (None: everything the record holds)."""

    def __init__(self, sid: str, on: dt.date | None = None):
        self.S = String(sid)
        self.on = on
        self.out: list[tuple[Symbol, Path_]] = []

    def __call__(self, path: Path_, name: str, *args: Symbol) -> None:
        self.out.append((Function(name, [self.S, *args]), path))

    def known(self, d: dt.date | None) -> bool:
        """A record dated d is known on the evaluation date when d is on or before it. An undated
        record (d None) is known: nothing says it is later (each section decides its undated items)."""
        return self.on is None or d is None or d <= self.on


def _student(f: _Facts, r: StudentRecord) -> None:
    """The student and the programme."""
    f(("id",), "student")
    f(("programme",), "programme", name_sym(r.programme))
    f(("admitted",), "admitted", date_sym(r.admitted))
    f(("admitted",), "admission_semester", semester_sym(semester_of(r.admitted)))
    if r.industry_programme:
        f(("industry_programme",), "industry_programme")
    if r.fee_paying:
        f(("fee_paying",), "fee_paying")
    if r.field_of_study:
        f(("field_of_study",), "field_of_study", String(r.field_of_study))
    if r.completion_term:
        f(("completion_term",), "planned_completion_term", term_sym(r.completion_term))


def _changed(at: Path_, model: PreCredit | CreditTransfer, *fields: str) -> Path_:
    """The path of an atom built from several values: the last of the optional fields given that
    differs from its default, else the record item itself."""
    for name in reversed(fields):
        if getattr(model, name) != type(model).model_fields[name].get_default():
            return (*at, name)
    return at


def _credit(f: _Facts, r: StudentRecord) -> None:
    """Credit transfer: before the programme (pre_commencement_credit) and during it."""
    for j, c in enumerate(r.pre_commencement_credit):
        if not f.known(c.passed_on):  # credit for an element not yet passed is not granted yet
            continue
        at: Path_ = ("pre_commencement_credit", j)
        cid = String(c.id)
        f(_changed(at, c, "category"), "pre_credit", cid, Number(c.ects), name_sym(c.level),
          name_sym(c.category), date_sym(c.passed_on))
        if c.replaces:
            f((*at, "replaces"), "pre_credit_course", cid, String(c.replaces))
    for j, t in enumerate(r.credit_transfers):
        if not f.known(t.passed_on):  # undated: its status has no date either; kept
            continue
        at = ("credit_transfers", j)
        tid = String(t.id)
        passed = date_sym(t.passed_on) if t.passed_on else Function("unknown")
        f(_changed(at, t, "category", "passed_on"), "credit_transfer", tid, Number(t.ects),
          name_sym(t.level), name_sym(t.category), passed)
        f(_changed(at, t, "status"), "credit_transfer_status", tid, name_sym(t.status))
        if t.replaces:
            f((*at, "replaces"), "credit_transfer_course", tid, String(t.replaces))
        if t.course_ects is not None:
            f((*at, "course_ects"), "credit_transfer_course_ects", tid, Number(t.course_ects))
        if t.decision_sent and f.known(t.decision_sent):
            f((*at, "decision_sent"), "credit_transfer_decision_sent", tid, date_sym(t.decision_sent))
        if t.foreign is not None:
            f((*at, "foreign"), "credit_transfer_foreign" if t.foreign else "credit_transfer_danish", tid)


def _registrations(f: _Facts, r: StudentRecord) -> None:
    """Course registrations, the acceptance of the code of honour and the course descriptions."""
    for j, reg in enumerate(r.course_registrations):
        if not f.known(registration_known_from(reg.period)):
            continue
        at: Path_ = ("course_registrations", j)
        C, P = String(reg.course), period_sym(reg.period)
        f(at, "course_registration", C, P)
        if reg.lost_draw:
            f((*at, "lost_draw"), "lost_draw", C, P)
        if reg.cancelled:
            f((*at, "cancelled"), "course_cancelled", C, P)
        if reg.release_requested and f.known(reg.release_requested):
            f((*at, "release_requested"), "binding_release_requested", C, P, date_sym(reg.release_requested))
        if reg.no_reexam:
            f((*at, "no_reexam"), "course_without_reexam", C, P)
    if r.honour_code_accepted and f.known(r.honour_code_accepted):
        f(("honour_code_accepted",), "honour_code_accepted", date_sym(r.honour_code_accepted))
    # the course database as the record gives it: undated, always known
    for j, cd in enumerate(r.course_descriptions):
        at = ("course_descriptions", j)
        for k, other in enumerate(cd.not_applicable_with):
            f((*at, "not_applicable_with", k), "not_applicable_with", String(cd.course), String(other))
        for k, pre in enumerate(cd.mandatory_prerequisites):
            f((*at, "mandatory_prerequisites", k), "mandatory_prerequisite", String(cd.course), String(pre))


def _exam(f: _Facts, at: Path_, e: Exam) -> None:
    """One exam occasion as known on the evaluation date: the registration (and what describes the
    exam: its date as scheduled, oral, vacant place, the teaching period's end) from the day it was
    made, and whether the exam prerequisites were met (assessed before the exam); the withdrawal
    from its date; what the exam produced (result, part grades, sat while ill) once the exam was
    held and, when a publication date is recorded, the grade was published; the documentation of
    illness and a quick re-exam request from their dates."""
    if not f.known(exam_registration_known_from(e)):
        return
    held = f.known(exam_held_by(e))
    outcome = held and f.known(e.grade_published)
    C, T = String(e.course), term_sym(e.term)
    f(at, "exam_registration", C, T)
    if e.registered:
        f((*at, "registered"), "exam_registered_on", C, T, date_sym(e.registered))
    if e.withdrawn and f.known(e.withdrawn.on):
        f((*at, "withdrawn"), "exam_withdrawn", C, T, date_sym(e.withdrawn.on))
        if e.withdrawn.in_time:
            f((*at, "withdrawn"), "exam_withdrawn_in_time", C, T)
    if e.date:
        f((*at, "date"), "exam_date", C, T, date_sym(e.date))
    if e.result is not None and outcome:
        f((*at, "result"), "result", C, T, result_sym(e.result))
    if e.illness_documented and f.known(e.illness_documented):
        f((*at, "illness_documented"), "illness_documented", C, T, date_sym(e.illness_documented))
    if e.sat_while_ill and held:
        f((*at, "sat_while_ill"), "sat_while_ill", C, T)
    if e.vacant_place:
        f((*at, "vacant_place"), "vacant_place", C, T)
    if e.prerequisites_met is True:  # assessed before the exam: with the registration
        f((*at, "prerequisites_met"), "prerequisites_met", C, T)
    elif e.prerequisites_met is False:
        f((*at, "prerequisites_met"), "prerequisites_not_met", C, T)
    for k, p in enumerate(e.parts if outcome else ()):
        pat: Path_ = (*at, "parts", k)
        part = String(p.part)
        f(pat, "part_weight", C, T, part, Number(p.weight))
        f(pat if p.grade is None else (*pat, "absent" if p.absent else "grade"), "part_result", C, T, part,
          Function("absent") if p.absent or p.grade is None else result_sym(p.grade))
        if p.final:
            f((*pat, "final"), "final_part", C, T, part)
    if e.grade_published and f.known(e.grade_published) and held:
        f((*at, "grade_published"), "grade_published", C, T, date_sym(e.grade_published))
    if e.quick_reexam_requested and f.known(e.quick_reexam_requested):
        f((*at, "quick_reexam_requested"), "quick_reexam_requested", C, T, date_sym(e.quick_reexam_requested))
    if e.oral:
        f((*at, "oral"), "oral_exam", C, T)
    if e.period_end:
        f((*at, "period_end"), "period_last_day", C, T, date_sym(e.period_end))
    fc = e.form_changed
    if fc and f.known(fc.notified):  # a changed form: from the day it was notified
        f((*at, "form_changed"), "exam_form_change_notified", C, T, name_sym(fc.kind),
          date_sym(fc.notified))
        if fc.after_withdrawal_deadline:
            f((*at, "form_changed", "after_withdrawal_deadline"), "exam_form_change_after_deadline", C, T)
    cp = e.complaint
    if cp and cp.statement_available and f.known(cp.statement_available):
        f((*at, "complaint", "statement_available"), "complaint_statement_available", C, T,
          date_sym(cp.statement_available))
    if cp and cp.decided and cp.outcome and f.known(cp.decided):  # the outcome is known with the decision
        f((*at, "complaint", "decided"), "complaint_decided", C, T, name_sym(cp.outcome),
          date_sym(cp.decided))
    if e.annulled and f.known(e.annulled):
        f((*at, "annulled"), "exam_registration_annulled", C, T, date_sym(e.annulled))


def _exams(f: _Facts, r: StudentRecord) -> None:
    """Exams: one occasion per (student, course, term)."""
    for j, e in enumerate(r.exams):
        _exam(f, ("exams", j), e)


def _project(f: _Facts, at: Path_, pr: Project) -> None:
    """A project agreement as known on the evaluation date: from its registration (undated: from
    the first day of the semester before the one it starts in, as an undated course registration),
    with its deadline and parallel courses; extensions, cancellation, submission and
    documented illness from their dates; the defence date once the project is submitted or the
    defence has taken place (it is set at the submission); the result once the defence has taken
    place (the grade is given at the defence; without a defence date, from the submission; without
    either, from the deadline)."""
    if not f.known(pr.registered or _semester_start(_previous_semester(semester_of(pr.start)))):
        return
    K = project_key(pr.kind, pr.start)
    f(at, "project", K, Number(pr.ects))
    if pr.registered:
        f((*at, "registered"), "project_registered", K, date_sym(pr.registered))
    if pr.deadline:
        f((*at, "deadline"), "project_deadline", K, date_sym(pr.deadline))
    if pr.parallel_course_ects is not None:
        f((*at, "parallel_course_ects"), "project_parallel_ects", K, Number(pr.parallel_course_ects))
    for k, x in enumerate(pr.extensions):
        if f.known(x.registered):
            f((*at, "extensions", k), "project_extension", K, name_sym(x.kind), Number(x.weeks),
              date_sym(x.registered))
    if pr.cancelled and f.known(pr.cancelled):
        f((*at, "cancelled"), "project_cancelled", K, date_sym(pr.cancelled))
    submitted = pr.submitted is not None and f.known(pr.submitted)
    if pr.submitted and submitted:
        f((*at, "submitted"), "project_submitted", K, date_sym(pr.submitted))
    if pr.defence and (submitted or f.known(pr.defence)):
        f((*at, "defence"), "project_defence", K, date_sym(pr.defence))
    if pr.result is not None and f.known(pr.defence or pr.submitted or pr.deadline):
        f((*at, "result"), "project_result", K, result_sym(pr.result))
    if pr.illness_documented and f.known(pr.illness_documented):
        f((*at, "illness_documented"), "project_illness_documented", K, date_sym(pr.illness_documented))
    if pr.end:  # the internship's last day as agreed: with the agreement
        f((*at, "end"), "project_end", K, date_sym(pr.end))


def _projects(f: _Facts, r: StudentRecord) -> None:
    """Final projects: MSc thesis, BEng project, internship."""
    for j, pr in enumerate(r.projects):
        _project(f, ("projects", j), pr)


def _special_courses(f: _Facts, r: StudentRecord) -> None:
    """Special courses (003 specialkurser, 001 project courses): not catalogue courses. Known from
    the day approved (undated: always)."""
    for j, sc in enumerate(r.special_courses):
        if not f.known(sc.approved):
            continue
        at: Path_ = ("special_courses", j)
        f(at, "special_course", String(sc.id), Number(sc.ects))
        if sc.course:
            f((*at, "course"), "special_course_number", String(sc.id), String(sc.course))
        if sc.approved:
            f((*at, "approved"), "special_course_approved", String(sc.id), date_sym(sc.approved))
        if sc.result is not None and sc.date and f.known(sc.date):  # assessed by then
            f((*at, "result"), "special_course_result", String(sc.id), result_sym(sc.result),
              date_sym(sc.date))
        if sc.before_final_project:
            f((*at, "before_final_project"), "special_course_before_project", String(sc.id))


def _leave(f: _Facts, r: StudentRecord) -> None:
    """Leave taken, and leave asked about (leave_requests: questions, not records)."""
    for j, lv in enumerate(r.leave):
        if not f.known(lv.applied or lv.start):  # applied for by then (undated: begun by then)
            continue
        at: Path_ = ("leave", j)
        start = date_sym(lv.start)
        f(at, "leave", start, date_sym(lv.end), name_sym(lv.kind))
        if lv.reason:
            f((*at, "reason"), "leave_reason", start, name_sym(lv.reason))
        if lv.applied:
            f((*at, "applied"), "leave_applied", start, date_sym(lv.applied))
        if lv.ended_early and f.known(lv.ended_early):
            f((*at, "ended_early"), "leave_ended_early", start, date_sym(lv.ended_early))
    for j, rq in enumerate(r.leave_requests):
        at = ("leave_requests", j)
        start = date_sym(rq.start)
        f(at, "leave_request", start, date_sym(rq.end), name_sym(rq.kind))
        if rq.reason:
            f((*at, "reason"), "leave_reason", start, name_sym(rq.reason))


def _enrolment(f: _Facts, r: StudentRecord) -> None:
    """Enrolment: withdrawal, disenrolment, readmission, change of field, courses to transfer."""
    for j, wished in enumerate(r.transfers_wished):
        f(("transfers_wished", j), "transfer_wished", String(wished))
    if r.withdrawal and f.known(r.withdrawal):
        f(("withdrawal",), "withdrew", date_sym(r.withdrawal))
    if r.disenrolment and f.known(r.disenrolment.date):
        f(("disenrolment",), "disenrolled", date_sym(r.disenrolment.date), name_sym(r.disenrolment.reason))
    for j, ra in enumerate(r.readmission_applications):
        if not f.known(ra.applied):
            continue
        f(("readmission_applications", j), "readmission_application", date_sym(ra.applied),
          date_sym(ra.start))
        if ra.quota_2:
            f(("readmission_applications", j, "quota_2"), "readmission_quota_2", date_sym(ra.start))
        if ra.other_ects is not None:
            f(("readmission_applications", j, "other_ects"), "readmission_other_ects", date_sym(ra.start),
              Number(ra.other_ects))
    for j, ch in enumerate(r.change_of_field):
        if not f.known(ch.start):  # no application date in the record: known from the new start
            continue
        f(("change_of_field", j), "change_of_field", date_sym(ch.start), String(ch.field))


def _study_start_exam(f: _Facts, r: StudentRecord) -> None:
    """The BEng study-start exam: the day DTU registered each part (003 L666-675)."""
    sse = r.study_start_exam
    if sse is None:
        return
    f(("study_start_exam",), "study_start_exam_recorded")
    for part_name in ("quiz", "honour_code", "study_plan"):
        done = getattr(sse, part_name)
        if done and f.known(done):
            f(("study_start_exam", part_name), "study_start_exam_part", Function(part_name), date_sym(done))
    if sse.second_attempt_deadline:
        f(("study_start_exam", "second_attempt_deadline"), "study_start_exam_second_deadline",
          date_sym(sse.second_attempt_deadline))


def _decisions(f: _Facts, r: StudentRecord) -> None:
    """Decisions made by a board or a person (inputs, never guessed)."""
    for j, d in enumerate(r.decisions):
        if not f.known(d.date):
            continue
        f(("decisions", j), "decision", name_sym(d.kind), subject_sym(d.subject), date_sym(d.date))


def _tuition(f: _Facts, r: StudentRecord) -> None:
    """Tuition fees (004)."""
    if not r.tuition:
        return
    for j, pay in enumerate(r.tuition.payments):
        if not f.known(pay.paid):
            continue
        f(("tuition", "payments", j), "tuition_payment", semester_sym(pay.semester), date_sym(pay.paid))
    for j, rc in enumerate(r.tuition.residence_status_changes):
        if not f.known(rc.date):
            continue
        f(("tuition", "residence_status_changes", j), "residence_status_change", date_sym(rc.date),
          name_sym(rc.status))
    if r.tuition.cancellation and f.known(r.tuition.cancellation.date):
        c = r.tuition.cancellation
        f(("tuition", "cancellation"), "enrolment_cancelled_by_student", date_sym(c.date), name_sym(c.reason))


def _exchange(f: _Facts, r: StudentRecord) -> None:
    """Exchange stays."""
    for j, st in enumerate(r.exchange_stays):
        if not f.known(_semester_start(_previous_semester(semester_of(st.start)))):  # agreed ahead
            continue
        at: Path_ = ("exchange_stays", j)
        f(at, "exchange_stay", date_sym(st.start), date_sym(st.end), String(st.institution))
        if st.credited_ects is not None and f.known(st.end):  # credited after the stay
            f((*at, "credited_ects"), "exchange_credit_ects", date_sym(st.start), Number(st.credited_ects))


# The record's sections, in the order kb/inputs.lp declares their input predicates.
SECTIONS = (_student, _credit, _registrations, _exams, _projects, _special_courses, _leave, _enrolment,
            _study_start_exam, _decisions, _tuition, _exchange)


def student_facts_with_paths(r: StudentRecord, on: dt.date | None = None,
                            sid: str | None = None) -> list[tuple[Symbol, Path_]]:
    """All input atoms for one student as known on `on` (None: the whole record), each with the
    YAML path of the value it came from (sid: the id to give the student in the atoms, default its own)."""
    f = _Facts(r.id if sid is None else sid, on)
    for section in SECTIONS:
        section(f, r)
    return f.out


def student_facts(r: StudentRecord, on: dt.date | None = None, sid: str | None = None) -> list[Symbol]:
    """All input atoms for one student as known on `on` (None: the whole record; sid: the id to
    give it, default its own)."""
    return [sym for sym, _path in student_facts_with_paths(r, on, sid)]
