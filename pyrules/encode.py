"""A validated student record as clingo symbols (the input predicates of kb/inputs.lp).

Everything goes through clingo's symbol constructors: a student id, a title or an institution is
a clingo String, never program text, so no record can inject a rule.
"""

from __future__ import annotations

import datetime as dt

from clingo import Function, Number, String, Symbol

from .schema import StudentRecord
from .values import Period, Semester, Term, day_number, semester_of


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


def student_facts(r: StudentRecord) -> list[Symbol]:
    """All input atoms for one student."""
    S = String(r.id)
    out: list[Symbol] = []

    def fact(name: str, *args: Symbol) -> None:
        out.append(Function(name, [S, *args]))

    fact("student")
    fact("programme", name_sym(r.programme))
    fact("admitted", date_sym(r.admitted))
    fact("admission_semester", semester_sym(semester_of(r.admitted)))
    if r.industry_programme:
        fact("industry_programme")
    if r.fee_paying:
        fact("fee_paying")
    if r.field_of_study:
        fact("field_of_study", String(r.field_of_study))
    if r.completion_term:
        fact("planned_completion_term", term_sym(r.completion_term))

    for c in r.pre_commencement_credit:
        cid = String(c.id)
        fact("pre_credit", cid, Number(c.ects), name_sym(c.level), name_sym(c.category),
             date_sym(c.passed_on))
        if c.replaces:
            fact("pre_credit_course", cid, String(c.replaces))
    for t in r.credit_transfers:
        tid = String(t.id)
        passed = date_sym(t.passed_on) if t.passed_on else Function("unknown")
        fact("credit_transfer", tid, Number(t.ects), name_sym(t.level), name_sym(t.category), passed)
        fact("credit_transfer_status", tid, name_sym(t.status))
        if t.replaces:
            fact("credit_transfer_course", tid, String(t.replaces))
        if t.course_ects is not None:
            fact("credit_transfer_course_ects", tid, Number(t.course_ects))

    for reg in r.course_registrations:
        C, P = String(reg.course), period_sym(reg.period)
        fact("course_registration", C, P)
        if reg.lost_draw:
            fact("lost_draw", C, P)
        if reg.cancelled:
            fact("course_cancelled", C, P)
        if reg.release_requested:
            fact("binding_release_requested", C, P, date_sym(reg.release_requested))
        if reg.no_reexam:
            fact("course_without_reexam", C, P)

    for e in r.exams:
        C, T = String(e.course), term_sym(e.term)
        fact("exam_registration", C, T)
        if e.registered:
            fact("exam_registered_on", C, T, date_sym(e.registered))
        if e.withdrawn:
            fact("exam_withdrawn", C, T, date_sym(e.withdrawn.on))
            if e.withdrawn.in_time:
                fact("exam_withdrawn_in_time", C, T)
        if e.date:
            fact("exam_date", C, T, date_sym(e.date))
        if e.result is not None:
            fact("result", C, T, result_sym(e.result))
        if e.illness_documented:
            fact("illness_documented", C, T, date_sym(e.illness_documented))
        if e.sat_while_ill:
            fact("sat_while_ill", C, T)
        if e.vacant_place:
            fact("vacant_place", C, T)
        if e.prerequisites_met is True:
            fact("prerequisites_met", C, T)
        elif e.prerequisites_met is False:
            fact("prerequisites_not_met", C, T)
        for p in e.parts:
            part = String(p.part)
            fact("part_weight", C, T, part, Number(p.weight))
            fact("part_result", C, T, part,
                 Function("absent") if p.absent or p.grade is None else result_sym(p.grade))
            if p.final:
                fact("final_part", C, T, part)
        if e.grade_published:
            fact("grade_published", C, T, date_sym(e.grade_published))
        if e.quick_reexam_requested:
            fact("quick_reexam_requested", C, T, date_sym(e.quick_reexam_requested))
        if e.oral:
            fact("oral_exam", C, T)
        if e.period_end:
            fact("period_last_day", C, T, date_sym(e.period_end))

    for pr in r.projects:
        K = project_key(pr.kind, pr.start)
        fact("project", K, Number(pr.ects))
        if pr.registered:
            fact("project_registered", K, date_sym(pr.registered))
        if pr.deadline:
            fact("project_deadline", K, date_sym(pr.deadline))
        if pr.parallel_course_ects is not None:
            fact("project_parallel_ects", K, Number(pr.parallel_course_ects))
        for x in pr.extensions:
            fact("project_extension", K, name_sym(x.kind), Number(x.weeks), date_sym(x.registered))
        if pr.cancelled:
            fact("project_cancelled", K, date_sym(pr.cancelled))
        if pr.submitted:
            fact("project_submitted", K, date_sym(pr.submitted))
        if pr.defence:
            fact("project_defence", K, date_sym(pr.defence))
        if pr.result is not None:
            fact("project_result", K, result_sym(pr.result))
        if pr.illness_documented:
            fact("project_illness_documented", K, date_sym(pr.illness_documented))
        if pr.end:
            fact("project_end", K, date_sym(pr.end))

    for lv in r.leave:
        start = date_sym(lv.start)
        fact("leave", start, date_sym(lv.end), name_sym(lv.kind))
        if lv.reason:
            fact("leave_reason", start, name_sym(lv.reason))
        if lv.applied:
            fact("leave_applied", start, date_sym(lv.applied))
        if lv.ended_early:
            fact("leave_ended_early", start, date_sym(lv.ended_early))

    for rq in r.leave_requests:
        start = date_sym(rq.start)
        fact("leave_request", start, date_sym(rq.end), name_sym(rq.kind))
        if rq.reason:
            fact("leave_reason", start, name_sym(rq.reason))
    for wished in r.transfers_wished:
        fact("transfer_wished", String(wished))

    if r.withdrawal:
        fact("withdrew", date_sym(r.withdrawal))
    if r.disenrolment:
        fact("disenrolled", date_sym(r.disenrolment.date), name_sym(r.disenrolment.reason))
    for ra in r.readmission_applications:
        fact("readmission_application", date_sym(ra.applied), date_sym(ra.start))
    for ch in r.change_of_field:
        fact("change_of_field", date_sym(ch.start), String(ch.field))

    for d in r.decisions:
        fact("decision", name_sym(d.kind), subject_sym(d.subject), date_sym(d.date))

    if r.tuition:
        for pay in r.tuition.payments:
            fact("tuition_payment", semester_sym(pay.semester), date_sym(pay.paid))
        for rc in r.tuition.residence_status_changes:
            fact("residence_status_change", date_sym(rc.date), name_sym(rc.status))
        if r.tuition.cancellation:
            fact("enrolment_cancelled_by_student", date_sym(r.tuition.cancellation.date),
                 name_sym(r.tuition.cancellation.reason))

    for st in r.exchange_stays:
        fact("exchange_stay", date_sym(st.start), date_sym(st.end), String(st.institution))
        if st.credited_ects is not None:
            fact("exchange_credit_ects", date_sym(st.start), Number(st.credited_ects))
    for sc in r.special_courses:
        fact("special_course", String(sc.id), Number(sc.ects))
        if sc.result is not None and sc.date:
            fact("special_course_result", String(sc.id), result_sym(sc.result), date_sym(sc.date))
        if sc.before_final_project:
            fact("special_course_before_project", String(sc.id))
    return out
