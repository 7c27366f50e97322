"""The student record format (one YAML file per student), as pydantic models; see docs/facts.md."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, model_validator

from . import values as v

Date = Annotated[dt.date, BeforeValidator(v.parse_date)]
Ects = Annotated[int, BeforeValidator(v.parse_ects), PlainSerializer(v.ects_text)]
Result = Annotated[int | str, BeforeValidator(v.parse_result)]
Course = Annotated[str, BeforeValidator(v.parse_course)]
TermT = Annotated[v.Term, BeforeValidator(v.parse_term), PlainSerializer(str)]
PeriodT = Annotated[v.Period, BeforeValidator(v.parse_period), PlainSerializer(str)]
SemesterT = Annotated[v.Semester, BeforeValidator(v.parse_semester), PlainSerializer(str)]
Name = Annotated[str, BeforeValidator(v.parse_name)]
Text = Annotated[str, BeforeValidator(v.parse_text), Field(max_length=500)]
Id = Annotated[str, BeforeValidator(v.parse_id)]

# Bounds on how many records of each kind one student file holds (docs/facts.md, "Bounds"):
# far above any real record, low enough that a file can never make a run hang.
MAX_EXAMS = 400
MAX_ITEMS = 100

Programme = Literal["msc_engineering_physics", "beng_process_innovation"]
Level = Literal["msc", "bsc", "beng", "phd", "other"]
CreditCategory = Literal[
    "mandatory", "elective", "general_engineering", "language_culture", "final_project"
]
DecisionKind = Literal[
    "exemption",                   # the Board of Exemptions granted an exemption (subject says what)
    "extra_attempt",               # an extra exam attempt in a course, granted by exemption
    "release_from_binding",        # released from a binding course by exemption
    "exam_registration_annulled",  # exam registration cancelled after the deadline by exemption
    "head_of_studies_approval",    # the head of studies approved (subject says what)
    "course_manager_allows_reexam",  # re-exam without meeting expired prerequisites again (L1602)
    "course_manager_new_opportunity",  # new chance to meet prerequisites not met, before the re-exam
    "course_manager_no_new_opportunity",  # no new chance to meet the prerequisites: attend again (L1598)
    "course_manager_parts_carry",  # part-exam grades included in later (re)exams too (001 L1611, 003 L1657)
    "supervisor_support",          # the supervisor supports (e.g. leave during the thesis)
    "board_of_studies_extension",  # the department Board of Studies extended a deadline
    "internship_exemption",        # BEng: exempted from the internship
    "readmission_exemption",       # exemption needed by an applicant in conflict with the rules
    "head_of_department_approval",  # the head of department approved (e.g. subject later_defence)
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Credit(_Model):
    """What every credited element has: an id, where it was taken, its ECTS, level and category."""

    id: Id
    title: Text = ""
    institution: Text = ""
    ects: Ects
    level: Level
    category: CreditCategory = "elective"


class PreCredit(_Credit):
    """Credit transfer from a previous programme, granted at admission (merit før studiestart)."""

    passed_on: Date
    replaces: Course | None = None


class CreditTransfer(_Credit):
    """Credit transfer during the programme (pre-approval or final credit, 002)."""

    passed_on: Date | None = None
    status: Literal["applied", "pre_approved", "granted", "rejected"] = "applied"
    replaces: Course | None = None
    course_ects: Ects | None = None  # full ECTS of the DTU course a partial credit replaces
    decision_sent: Date | None = None  # the day the decision letter was sent (appeal deadlines)
    foreign: bool | None = None  # a foreign (not Danish) educational element (appeal body, 001 L1875)


class CourseRegistration(_Model):
    course: Course
    period: PeriodT
    lost_draw: bool = False
    cancelled: bool = False  # DTU cancelled the course in this period
    release_requested: Date | None = None  # asked Study Administration to be released from the binding
    no_reexam: bool = False  # course description: not offered for re-exam (001 L1580)


class CourseDescription(_Model):
    """What DTU's course database says about a course, where the texts defer to it (001 L694, L835)."""

    course: Course
    not_applicable_with: list[Course] = Field(default=[], max_length=MAX_ITEMS)  # pointspærring
    mandatory_prerequisites: list[Course] = Field(default=[], max_length=MAX_ITEMS)


class Withdrawal(_Model):
    on: Date
    in_time: bool  # before the withdrawal deadline published on DTU Inside


class FormChange(_Model):
    """A changed form of examination as notified (001 L1211, L1593-1595; 003 L1268, L1637)."""

    notified: Date  # the day the course manager notified the students of the changed form
    kind: Literal["reexam", "written_to_oral"]  # a re-exam's changed form, or a written exam made oral
    after_withdrawal_deadline: bool = False  # notified after the exam withdrawal deadline (DTU Inside)


class Complaint(_Model):
    """An exam complaint's case (001 L1671-1711; 003 L1716-1757): the dates the deadlines run from."""

    statement_available: Date | None = None  # the assessors' statement made available (the hearing)
    decided: Date | None = None  # the decision announced via the Exam Complaint System
    outcome: Literal["new_assessment", "new_exam", "not_upheld", "combination"] | None = None

    @model_validator(mode="after")
    def _dated(self) -> Complaint:
        if (self.decided is None) != (self.outcome is None):
            raise ValueError("a complaint decision needs both its date (decided) and its outcome")
        return self


class PartExam(_Model):
    part: Annotated[Id, Field(max_length=20)]
    weight: Annotated[int, Field(gt=0, le=1000)]
    grade: Result | None = None
    absent: bool = False
    final: bool = False


class Exam(_Model):
    """One exam occasion: a course in an exam term, from registration to result."""

    course: Course
    term: TermT
    registered: Date | None = None
    withdrawn: Withdrawal | None = None
    date: Date | None = None
    result: Result | None = None
    illness_documented: Date | None = None
    sat_while_ill: bool = False
    vacant_place: bool = False
    prerequisites_met: bool | None = None
    parts: list[PartExam] = Field(default=[], max_length=20)
    grade_published: Date | None = None
    quick_reexam_requested: Date | None = None
    oral: bool = False  # an oral examination (complaint deadline from the exam date)
    period_end: Date | None = None  # last day of the 3-week teaching period (grading deadline)
    form_changed: FormChange | None = None  # a changed form of examination (deregistration right)
    complaint: Complaint | None = None  # an exam complaint's hearing and decision
    annulled: Date | None = None  # the exam registration was annulled by exemption on this date (001 L1020)


class Extension(_Model):
    kind: Literal["parallel_courses", "impairment", "reexam", "board_of_studies",
                  "board_of_exemptions", "supervisor"]
    weeks: Annotated[int, Field(ge=0, le=104)]
    registered: Date


class Project(_Model):
    """A project agreement: MSc thesis, BEng project or engineering internship."""

    kind: Literal["msc_thesis", "beng_project", "internship"]
    start: Date
    ects: Ects
    registered: Date | None = None
    deadline: Date | None = None
    parallel_course_ects: Ects | None = None
    extensions: list[Extension] = Field(default=[], max_length=MAX_ITEMS)
    cancelled: Date | None = None
    submitted: Date | None = None
    defence: Date | None = None
    result: Result | None = None
    illness_documented: Date | None = None
    end: Date | None = None  # internship: the last day in the company (003 L478)


class SpecialCourse(_Model):
    """A special course: 003's specialkursus (L966-980, L342), 001's project course (L906-920); agreed
    with a DTU supervisor and registered by them, not a catalogue course."""

    id: Annotated[str, Field(min_length=1, max_length=40)]
    course: Course | None = None  # its DTU course number, if it has one: exams may then name it
    title: Text = ""
    ects: Ects
    approved: Date | None = None  # the day it was agreed and registered (approved, for BEng electives)
    result: Result | None = None
    date: Date | None = None  # the date of the assessment (required with a result)
    before_final_project: bool = False  # the special course leading up to the BEng project (003 L581)

    @model_validator(mode="after")
    def _dated(self) -> SpecialCourse:
        if self.result is not None and self.date is None:
            raise ValueError("a special course with a result needs its date")
        return self


class Leave(_Model):
    kind: Literal["right", "special", "without_reason"]
    reason: Name | None = None
    start: Date = Field(alias="from")
    end: Date = Field(alias="to")
    applied: Date | None = None
    ended_early: Date | None = None


class LeaveRequest(_Model):
    """A question, not a record: may the student take this leave? (leave_request/4)"""

    kind: Literal["right", "special", "without_reason"]
    reason: Name | None = None
    start: Date = Field(alias="from")
    end: Date = Field(alias="to")


class Disenrolment(_Model):
    date: Date
    reason: Name


class Readmission(_Model):
    applied: Date
    start: Date
    quota_2: bool = False          # BEng: entry exam qualifies only in quota 2, or assessed in quota 2
    other_ects: Ects | None = None  # BEng: ECTS passed in other higher education, not in this record


class ChangeOfField(_Model):
    start: Date
    field: Text


class Decision(_Model):
    kind: DecisionKind
    subject: Annotated[Id, Field(min_length=1, max_length=64)]
    date: Date
    note: Text = ""


class TuitionPayment(_Model):
    semester: SemesterT
    paid: Date


class ResidenceChange(_Model):
    date: Date
    status: Literal["eu_eea", "non_eu_eea"]


class Cancellation(_Model):
    date: Date
    reason: Name


class Tuition(_Model):
    payments: list[TuitionPayment] = Field(default=[], max_length=MAX_ITEMS)
    residence_status_changes: list[ResidenceChange] = Field(default=[], max_length=MAX_ITEMS)
    cancellation: Cancellation | None = None


class StudyStartExam(_Model):
    """BEng study-start exam (003 L666-675): the day DTU registered each part as completed."""

    quiz: Date | None = None                    # video and quiz on cheating and plagiarism
    honour_code: Date | None = None             # DTU's honour code accepted via MitID
    study_plan: Date | None = None              # individual study plan meeting the requirements
    second_attempt_deadline: Date | None = None  # set by DTU ("umiddelbart derefter", L675)


class ExchangeStay(_Model):
    institution: Text
    start: Date = Field(alias="from")
    end: Date = Field(alias="to")
    credited_ects: Ects | None = None


class StudentRecord(_Model):
    """One student's facts: everything the regulations decide on."""

    id: Id
    name: Text = ""
    programme: Programme
    admitted: Date
    industry_programme: bool = False
    fee_paying: bool = False
    field_of_study: Text | None = None
    completion_term: TermT | None = None  # exam term in which the study plan completes the programme
    pre_commencement_credit: list[PreCredit] = Field(default=[], max_length=MAX_ITEMS)
    course_registrations: list[CourseRegistration] = Field(default=[], max_length=MAX_EXAMS)
    honour_code_accepted: Date | None = None  # accepted DTU's code of honour (MSc, 001 L727)
    course_descriptions: list[CourseDescription] = Field(default=[], max_length=MAX_ITEMS)
    exams: list[Exam] = Field(default=[], max_length=MAX_EXAMS)
    projects: list[Project] = Field(default=[], max_length=MAX_ITEMS)
    leave: list[Leave] = Field(default=[], max_length=MAX_ITEMS)
    leave_requests: list[LeaveRequest] = Field(default=[], max_length=MAX_ITEMS)
    # courses the student wishes transferred (readmission, change of field)
    transfers_wished: list[Course] = Field(default=[], max_length=MAX_ITEMS)
    withdrawal: Date | None = None
    disenrolment: Disenrolment | None = None
    readmission_applications: list[Readmission] = Field(default=[], max_length=MAX_ITEMS)
    change_of_field: list[ChangeOfField] = Field(default=[], max_length=MAX_ITEMS)
    credit_transfers: list[CreditTransfer] = Field(default=[], max_length=MAX_ITEMS)
    decisions: list[Decision] = Field(default=[], max_length=MAX_ITEMS)
    tuition: Tuition | None = None
    exchange_stays: list[ExchangeStay] = Field(default=[], max_length=MAX_ITEMS)
    study_start_exam: StudyStartExam | None = None
    special_courses: list[SpecialCourse] = []
