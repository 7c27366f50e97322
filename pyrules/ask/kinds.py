"""The question kinds pyrules answers in plain words: phrasings (EN/DA), predicates and answer templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from clingo import Function, Number, String, Symbol, SymbolType

from ..core.encode import date_sym
from ..core.text import Text, lang_of


@dataclass(frozen=True)
class Kind:
    """One kind of question: how it is asked, which public predicates answer it, how to say the answer.

    Templates use the rendered values of an atom by position ({0} the student, {1} the next value, ...);
    yes/no texts use {s} (student) and {c} (course, or "any course").
    """

    name: str
    title: Text
    predicates: tuple[tuple[str, int], ...]
    en: tuple[str, ...]  # phrasings (regular expressions) in English
    da: tuple[str, ...]  # and in Danish
    examples: tuple[Text, ...]  # example questions, {s} {c} {d} {d2} placeholders
    rows: dict[str, Text] = field(default_factory=dict)
    yes: Text = field(default_factory=Text)
    no: Text = field(default_factory=Text)
    none: Text = field(default_factory=Text)  # what to say when nothing is found ({t} {s} {w} {on})
    course: bool = False  # the main predicate's second argument is a course the question may name
    date_arg: int | None = None  # position of a date argument the question may name ("from D")
    programmes: tuple[str, ...] = ()  # the programmes whose rules answer it (empty: every programme)
    # its special cases:
    family: bool = False  # the one predicate is a name prefix (in_conflict_with_*): every atom is main
    negated_by: tuple[str, ...] = ()  # conclusions that turn a yes into a no (study_activity_breached)
    options: tuple[tuple[str, str, str | None], ...] = ()  # phrasing -> (leave kind, leave reason)
    # (question, student id, date) -> the hypothetical inputs (one list per run) and a note
    hypotheses: Callable[[Any, str, dt.date], tuple[list[list[Symbol]], Text]] | None = None
    # (student symbol, runs) -> the atoms a yes/no question asks about (for why not)
    asked: Callable[[Symbol, list[list[Symbol]]], list[Symbol]] | None = None
    # a found atom -> whether the answer reports it (ects_missing with 0 ECTS missing is not missing)
    keep: Callable[[Symbol], bool] | None = None

    @property
    def yesno(self) -> bool:
        return bool(self.yes)

    def phrasings(self, lang: str) -> tuple[str, ...]:
        """The regular expressions that recognise the kind in a language."""
        return self.da if lang_of(lang) == "da" else self.en

    def examples_in(self, lang: str) -> tuple[str, ...]:
        """The example questions in a language."""
        return tuple(e.get(lang) for e in self.examples)

    @property
    def main(self) -> tuple[str, int]:
        return self.predicates[0]


def _k(name: str, title: tuple[str, str], predicates: list[tuple[str, int]], en: list[str],
       da: list[str], examples: tuple[list[str], list[str]], rows: dict[str, tuple[str, str]],
       yes: tuple[str, str, str, str] = ("", "", "", ""), course: bool = False,
       date_arg: int | None = None, programmes: tuple[str, ...] = (), none: tuple[str, str] = ("", ""),
       **hooks: Any) -> Kind:
    return Kind(name, Text(*title), tuple(predicates), tuple(en), tuple(da),
                tuple(Text(e, d) for e, d in zip(*examples, strict=True)),
                {p: Text(*t) for p, t in rows.items()}, Text(yes[0], yes[2]), Text(yes[1], yes[3]),
                Text(*none), course=course, date_arg=date_arg, programmes=programmes, **hooks)


# The special cases of a kind, as hooks on its registry entry.

DEFAULT_LEAVE_KINDS = ("without_reason", "special")
LEAVE_OPTIONS = ((r"without (a )?reason|no reason|uden begrundelse", "without_reason", None),
                 (r"maternity|barsel", "right", "maternity"), (r"paternity|fædre", "right", "paternity"),
                 (r"adoption", "right", "adoption"), (r"military|værnepligt", "right", "military"),
                 (r"illness|sick|sygdom", "special", "illness"),
                 (r"special|særlig", "special", None), (r"\bright\b|\bret\b", "right", None))

Runs = list[list[Symbol]]


def _a_year_later(d: dt.date) -> dt.date:
    """The last day of a one-year period from d."""
    day = 28 if (d.month, d.day) == (2, 29) else d.day
    return dt.date(d.year + 1, d.month, day) - dt.timedelta(days=1)


def _leave_hypotheses(q: Any, sid: str, on: dt.date) -> tuple[Runs, Text]:
    """A leave question: one leave request (and reason) per leave kind asked, from the first date."""
    S = String(sid)
    start = q.dates[0]
    end = q.dates[1] if len(q.dates) > 1 else _a_year_later(start)
    kinds = (q.leave_kind,) if q.leave_kind else DEFAULT_LEAVE_KINDS
    runs = []
    for k in kinds:
        atoms = [Function("leave_request", [S, date_sym(start), date_sym(end), Function(k)])]
        if q.leave_reason:
            atoms.append(Function("leave_reason", [S, date_sym(start), Function(q.leave_reason)]))
        runs.append(atoms)
    note = Text("(asked as a leave from {0} to {1}, applied for on {2}",
                "(spurgt som orlov fra {0} til {1}, søgt {2}").format(start, end, on)
    if len(q.dates) < 2:
        note += Text("; say 'to YYYY-MM-DD' for another end",
                     "; skriv 'til ÅÅÅÅ-MM-DD' for en anden slutdato")
    return runs, note + ")"


def _readmission_hypotheses(q: Any, sid: str, on: dt.date) -> tuple[Runs, Text]:
    """A readmission question: an application sent today for a study start on the date named."""
    S = String(sid)
    return ([[Function("readmission_application", [S, date_sym(on), date_sym(q.dates[0])])]],
            Text("(asked as an application sent on {0} for study start {1})",
                 "(spurgt som en ansøgning sendt {0} om studiestart {1})").format(on, q.dates[0]))


def _leave_asked(S: Symbol, runs: Runs) -> list[Symbol]:
    return [Function("leave_allowed", [S, r[0].arguments[1], r[0].arguments[3]]) for r in runs if r]


def _readmission_asked(S: Symbol, runs: Runs) -> list[Symbol]:
    return [Function("may_be_readmitted", [S, runs[0][0].arguments[2]])] if runs[0] else []


def _study_start_asked(S: Symbol, runs: Runs) -> list[Symbol]:
    return [Function("study_start_exam_passed", [S, Number(a)]) for a in (1, 2)]


def _something_missing(atom: Symbol) -> bool:
    """An ects_missing atom that says something is missing (not 0 ECTS)."""
    last = atom.arguments[-1]
    return atom.name != "ects_missing" or last.type != SymbolType.Number or last.number > 0


BENG = ("beng_process_innovation",)
MSC = ("msc_engineering_physics",)
_PROJECT_EN = r"(final|beng|bachelor|diploma|engineering)\w* project"
_PROJECT_DA = r"(diplom\w*projekt|afsluttende projekt|bachelorprojekt|\bprojekt)"


# Order matters: the first kind whose phrasing matches wins (specific before general).
KINDS: tuple[Kind, ...] = (
    _k("form_change_deregistration", ("deregistration after a changed exam form",
                                      "afmelding efter ændret evalueringsform"),
       [("may_deregister_after_form_change", 4)],
       [r"\b(de-?regist|unregist|withdraw)\w*\b.*\b(chang|oral|form)"],
       [r"afmeld\w*\b.*(ændr|evalueringsform|prøveform|mundtlig)"],
       (["until when may {s} deregister from {c} after the changed exam form?",
         "can {s} unregister from {c} now that the exam was changed to oral?"],
        ["hvornår kan {s} senest afmelde sig {c} efter den ændrede evalueringsform?",
         "kan {s} blive afmeldt {c}, nu hvor eksamen er ændret til mundtlig?"]),
       {"may_deregister_after_form_change": (
           "{0} may ask to be deregistered from {1} ({2}) until {3}",
           "{0} kan bede om at blive afmeldt {1} ({2}) senest {3}")},
       course=True,
       none=("No changed form of examination gives {s} a deregistration right as of {on}.",
             "Ingen ændret evalueringsform giver {s} ret til afmelding pr. {on}.")),
    _k("credit_appeal", ("appeal against a credit decision", "klage over meritafgørelse"),
       [("credit_appeal_deadline", 4)],
       [r"\b(credit|merit)\w*\b.*\b(appeal|complain)", r"\b(appeal|complain)\w*\b.*\b(credit|merit)"],
       [r"\bmerit\w*\b.*\b(klage|ank)", r"\b(klage|ank)\w*\b.*\bmerit"],
       (["until when can {s} appeal the credit decision?",
         "when is the deadline to complain about {s}'s credit?"],
        ["hvornår kan {s} senest klage over meritafgørelsen?",
         "hvad er fristen for at klage over {s}s merit?"]),
       {"credit_appeal_deadline": ("the rejection of {1} can be appealed ({2}) until {3}",
                                   "afslaget på {1} kan påklages ({2}) senest {3}")},
       none=("No rejected credit transfer of {s} with a decision letter can be appealed as of {on}.",
             "Ingen afvist merit for {s} med et afgørelsesbrev kan påklages pr. {on}.")),
    _k("complaint_case", ("the exam complaint case", "eksamensklagesagen"),
       [("complaint_offer_acceptance_deadline", 4), ("complaint_appeal_deadline", 5),
        ("complaint_hearing_deadline", 4)],
       [r"\bappeal", r"\boffer\b", r"\bhearing\b", r"\bcomment\w*\b.*\bstatement"],
       [r"\bank(e|er|en)\b", r"ankenævn", r"tilbud", r"høring", r"bedømmerudtalelse"],
       (["until when can {s} appeal the complaint decision in {c}?",
         "until when can {s} accept the offer in {c}?"],
        ["hvornår kan {s} senest anke klageafgørelsen i {c}?",
         "hvornår skal {s} senest acceptere tilbuddet i {c}?"]),
       {"complaint_offer_acceptance_deadline": (
           "the offer on the complaint about {1} ({2}) must be accepted by {3}",
           "tilbuddet i klagen over {1} ({2}) skal accepteres senest {3}"),
        "complaint_appeal_deadline": (
            "the decision on the complaint about {1} ({2}) can be appealed ({3}) until {4}",
            "afgørelsen på klagen over {1} ({2}) kan ankes ({3}) senest {4}"),
        "complaint_hearing_deadline": (
            "comments on the assessors' statement about {1} ({2}) are due by {3}",
            "kommentarer til bedømmerudtalelsen om {1} ({2}) skal gives senest {3}")},
       course=True,
       none=("No exam complaint of {s} has a statement or a decision recorded as of {on}.",
             "Ingen eksamensklage fra {s} har en udtalelse eller en afgørelse registreret pr. {on}.")),
    _k("leave", ("leave of absence", "orlov"), [("leave_allowed", 3), ("leave_refused", 4)],
       [r"\bleave\b"], [r"\borlov"],
       (["may {s} take leave from {d}?", "can {s} take leave without reason from {d} to {d2}?"],
        ["må {s} tage orlov fra {d}?", "kan {s} få orlov fra {d} til {d2}?"]),
       {"leave_allowed": ("leave ({2}) from {1} can be granted", "orlov ({2}) fra {1} kan bevilges"),
        "leave_refused": ("leave ({2}) from {1} cannot be granted: {3}",
                          "orlov ({2}) fra {1} kan ikke bevilges: {3}")}, date_arg=1,
       options=LEAVE_OPTIONS, hypotheses=_leave_hypotheses, asked=_leave_asked),
    _k("readmission", ("readmission", "genoptagelse"),
       [("may_be_readmitted", 2), ("readmission_refused", 3), ("readmission_study_end", 3)],
       [r"\bre-?admi", r"\bre-?enrol"], [r"genopta", r"genindskriv"],
       (["may {s} be readmitted from {d}?", "can {s} be readmitted?"],
        ["kan {s} genoptages fra {d}?", "kan {s} blive genoptaget?"]),
       {"may_be_readmitted": ("readmission with study start {1} is possible under the rules",
                              "genoptagelse med studiestart {1} er mulig efter reglerne"),
        "readmission_refused": ("readmission with study start {1} is not possible: {2}",
                                "genoptagelse med studiestart {1} er ikke mulig: {2}"),
        "readmission_study_end": ("readmitted from {1}, the programme must be completed by {2}",
                                  "genoptaget fra {1} skal uddannelsen være afsluttet senest {2}")},
       date_arg=1, hypotheses=_readmission_hypotheses, asked=_readmission_asked),
    _k("credit_transfer", ("credit transfer", "merit"),
       [("credit_transferable", 2), ("credit_not_transferable", 3)],
       [r"\bcredit", r"\btransfer"], [r"\bmerit"],
       (["can {s}'s credit be transferred?", "which credit transfers can {s} get?"],
        ["kan {s} få merit?", "hvilken merit kan {s} få overført?"]),
       {"credit_transferable": ("credit {1} can be transferred", "merit {1} kan overføres"),
        "credit_not_transferable": ("credit {1} cannot be transferred: {2}",
                                    "merit {1} kan ikke overføres: {2}")}),
    _k("tuition", ("tuition fees", "studieafgift"), [("tuition_due", 3)],
       [r"\btuition", r"\bfees?\b"], [r"studieafgift", r"studiegebyr", r"\bbetal"],
       (["when is tuition due for {s}?", "what fees must {s} pay?"],
        ["hvornår skal {s} betale studieafgift?", "hvad skal {s} betale i studieafgift?"]),
       {"tuition_due": ("the tuition fee for {1} is due on {2}",
                        "studieafgiften for {1} skal betales senest {2}")}),
    _k("internship_start", ("the engineering internship", "ingeniørpraktikken"),
       [("may_start_internship", 1), ("internship_prerequisite_missing", 2)],
       [r"\binternship"], [r"praktik"],
       (["can {s} start the internship?", "may {s} begin the engineering internship?"],
        ["kan {s} starte ingeniørpraktikken?", "må {s} begynde i praktik?"]),
       {"internship_prerequisite_missing": ("not met: {1}", "ikke opfyldt: {1}")},
       ("Yes: {s} may start the engineering internship.",
        "No: {s} may not start the engineering internship yet.",
        "Ja: {s} må starte ingeniørpraktikken.", "Nej: {s} må ikke starte ingeniørpraktikken endnu."),
       programmes=BENG),
    _k("final_project_deadline", ("the final project's deadline", "fristen for det afsluttende projekt"),
       [("final_project_deadline", 3), ("final_project_defence_deadline", 3), ("final_project_extension", 4)],
       [_PROJECT_EN + r".*(deadline|\bdue\b|hand in|submit|extend|extension|defen[cs]e)",
        r"(deadline|\bdue\b|hand in|submit|extension|defen[cs]e).*" + _PROJECT_EN, r"\bextension"],
       [r"(frist|aflever|forlæng|forsvar).*" + _PROJECT_DA,
        _PROJECT_DA + r".*(frist|aflever|forlæng|forsvar)",
        r"forlængelse"],
       (["when is the final project deadline for {s}?", "what extensions does {s}'s final project have?"],
        ["hvornår er afleveringsfristen for {s}s diplomingeniørprojekt?",
         "hvilke forlængelser har {s} fået af diplomingeniørprojektet?"]),
       {"final_project_deadline": ("the project {1} must be handed in by {2}",
                                   "projektet {1} skal afleveres senest {2}"),
        "final_project_defence_deadline": ("the defence of {1} must be held by {2}",
                                           "forsvaret af {1} skal holdes senest {2}"),
        "final_project_extension": ("the period of {1} is extended by {3} days ({2})",
                                    "perioden for {1} er forlænget med {3} dage ({2})")},
       none=("No final project deadline for {s} as of {on}: no project agreement is registered.",
             "Ingen frist for det afsluttende projekt for {s} pr. {on}: der er ikke registreret "
             "nogen projektaftale.")),
    _k("final_project_start", ("the final project", "det afsluttende projekt"),
       [("may_start_final_project", 1), ("beng_project_prerequisite_missing", 2), ("thesis_ects_lacking", 2)],
       [r"\b(start|begin|commence)\w*\b.*" + _PROJECT_EN, _PROJECT_EN + r".*\b(start|begin)"],
       [r"(start|begynd|gå i gang|påbegynd).*" + _PROJECT_DA, _PROJECT_DA + r".*(start|begynd)"],
       (["can {s} start the final project?", "may {s} begin the BEng project?"],
        ["kan {s} starte diplomingeniørprojektet?", "må {s} begynde på det afsluttende projekt?"]),
       {"beng_project_prerequisite_missing": ("not met: {1}", "ikke opfyldt: {1}"),
        "thesis_ects_lacking": ("{0} lacks {1} ECTS besides the thesis",
                                "{0} mangler {1} ECTS-point ud over specialet")},
       ("Yes: {s} may start the final project.", "No: {s} may not start the final project yet.",
        "Ja: {s} må starte det afsluttende projekt.",
        "Nej: {s} må ikke starte det afsluttende projekt endnu.")),
    _k("study_start_exam", ("the study-start exam", "studiestartsprøven"),
       [("study_start_exam_passed", 2), ("study_start_exam_part_missing", 2), ("study_start_exam_failed", 2),
        ("study_start_exam_deadline", 3), ("disenrolment_due", 2), ("study_start_exam_not_recorded", 1)],
       [r"study[- ]start"], [r"studiestart"],
       (["has {s} passed the study-start exam?", "did {s} pass the study start exam?"],
        ["har {s} bestået studiestartsprøven?", "bestod {s} studiestartsprøven?"]),
       {"study_start_exam_passed": ("passed in attempt {1}", "bestået i prøveforsøg {1}"),
        "study_start_exam_part_missing": ("not completed in time: {1}", "ikke gennemført inden fristen: {1}"),
        "study_start_exam_failed": ("not passed by the deadline of the second attempt, {1}",
                                    "ikke bestået inden fristen for andet prøveforsøg, {1}"),
        "study_start_exam_deadline": ("attempt {1} must be answered by {2}",
                                      "prøveforsøg {1} skal besvares senest {2}"),
        "disenrolment_due": ("{0} is to be disenrolled for {1}, unless an exemption is granted",
                             "{0} skal udskrives på grund af {1}, medmindre der gives dispensation"),
        "study_start_exam_not_recorded": ("no registration of the study-start exam: it cannot be decided",
                                          "ingen registrering af studiestartsprøven: det kan ikke afgøres")},
       ("Yes: {s} has passed the study-start exam.", "No: {s} has not passed the study-start exam.",
        "Ja: {s} har bestået studiestartsprøven.", "Nej: {s} har ikke bestået studiestartsprøven."),
       programmes=BENG, asked=_study_start_asked),
    _k("first_year_exam", ("the first-year exam", "førsteårsprøven"),
       [("first_year_exam_passed", 1), ("first_year_exam_lacking", 3), ("first_year_exam_failed", 2),
        ("first_year_exam_deadline", 2)],
       [r"first[- ]year"], [r"førsteår", r"første studieår"],
       (["has {s} passed the first-year exam?", "when is the first-year exam deadline for {s}?"],
        ["har {s} bestået førsteårsprøven?", "hvornår er fristen for {s}s førsteårsprøve?"]),
       {"first_year_exam_lacking": ("{1} ECTS of first-year courses still lacking; deadline {2}",
                                    "der mangler stadig {1} ECTS-point førsteårskurser; frist {2}"),
        "first_year_exam_failed": ("not passed by the end of the first study year, {1}: {0} cannot continue "
                                   "without an exemption",
                                   "ikke bestået inden udgangen af første studieår, {1}: "
                                   "{0} kan ikke fortsætte uden dispensation"),
        "first_year_exam_deadline": ("the first-year exam must be passed by {1}",
                                     "førsteårsprøven skal være bestået senest {1}")},
       ("Yes: {s} has passed the first-year exam.", "No: {s} has not passed the first-year exam.",
        "Ja: {s} har bestået førsteårsprøven.", "Nej: {s} har ikke bestået førsteårsprøven."),
       programmes=BENG),
    _k("mandatory", ("mandatory course", "obligatorisk kursus"), [("course_mandatory", 3)],
       [r"\bmandatory\b", r"\bcompulsory\b", r"\brequired\b"], [r"obligatori", r"\bkrævet\b"],
       (["is {c} mandatory for {s}?", "which courses are mandatory for {s}?"],
        ["er {c} obligatorisk for {s}?", "hvilke kurser er obligatoriske for {s}?"]),
       {"course_mandatory": ("{1} is mandatory in semester {2} of {0}'s study plan",
                             "{1} er obligatorisk på {2}. semester i {0}s studieplan")},
       ("Yes: {c} is mandatory for {s}.", "No: {c} is not a mandatory course of {s}'s study plan.",
        "Ja: {c} er obligatorisk for {s}.", "Nej: {c} er ikke et obligatorisk kursus i {s}s studieplan."),
       course=True, programmes=BENG),
    _k("thesis_deadline", ("thesis deadline", "afleveringsfrist for specialet"), [("thesis_deadline", 3)],
       [r"thesis.*(deadline|\bdue\b|hand in|submit)", r"(deadline|\bdue\b|hand in|submit).*thesis"],
       [r"(frist|aflever).*speciale", r"speciale.*(frist|aflever)"],
       (["when is the thesis deadline for {s}?", "when must {s} hand in the thesis?"],
        ["hvornår er afleveringsfristen for {s}s speciale?", "hvornår skal {s} aflevere specialet?"]),
       {"thesis_deadline": ("the project {1} must be handed in by {2}",
                            "projektet {1} skal afleveres senest {2}")},
       programmes=MSC),
    _k("thesis_start", ("thesis start", "start på specialet"),
       [("may_start_thesis", 1), ("thesis_ects_lacking", 2)],
       [r"\b(start|begin|commence)\w*\b.*\bthesis", r"\bthesis\b.*\b(start|begin)"],
       [r"(start|begynd|gå i gang|påbegynd).*speciale", r"speciale.*(start|begynd)"],
       (["can {s} start the thesis?", "may {s} begin the master's thesis?"],
        ["kan {s} starte specialet?", "må {s} begynde på specialet?"]),
       {"thesis_ects_lacking": ("{0} lacks {1} ECTS besides the thesis",
                                "{0} mangler {1} ECTS-point ud over specialet")},
       ("Yes: {s} may start the thesis.", "No: {s} may not start the thesis yet.",
        "Ja: {s} må starte specialet.", "Nej: {s} må ikke starte specialet endnu."),
       programmes=MSC),
    _k("attempts_used", ("exam attempts used", "brugte eksamensforsøg"), [("attempts_used", 3)],
       [r"attempts?\b.*\b(used|taken|spent)", r"how many times"],
       [r"forsøg.*(brugt|anvendt)", r"hvor mange gange"],
       (["how many attempts has {s} used in {c}?", "how many times has {s} taken {c}?"],
        ["hvor mange eksamensforsøg har {s} brugt i {c}?",
         "hvor mange gange har {s} været til eksamen i {c}?"]),
       {"attempts_used": ("{0} has used {2} exam attempt(s) in {1}",
                          "{0} har brugt {2} eksamensforsøg i {1}")},
       course=True),
    _k("attempts_left", ("exam attempts left", "eksamensforsøg tilbage"), [("attempts_left", 3)],
       [r"attempts?\b.*\b(left|remaining|remain)\b", r"\b(left|remaining)\b.*attempts?", r"tries left"],
       [r"forsøg.*tilbage", r"(resterende|flere).*forsøg"],
       (["how many attempts has {s} left in {c}?", "how many exam attempts remain for {s} in {c}?"],
        ["hvor mange eksamensforsøg har {s} tilbage i {c}?", "hvor mange forsøg har {s} tilbage i {c}?"]),
       {"attempts_left": ("{0} has {2} exam attempt(s) left in {1}",
                          "{0} har {2} eksamensforsøg tilbage i {1}")},
       course=True),
    _k("may_register_course", ("course registration", "kursustilmelding"),
       [("may_register_for_course", 2), ("course_registration_barred", 3)],
       [r"^(?!.*\bexam).*\b(register|sign up|enrol)\w*\b.*\bcourse",
        r"^(?!.*\bexam).*\bcourses?\b.*\b(register|enrol)"],
       [r"^(?!.*eksam).*tilmeld\w*\b.*\bkurs(us|et|er)\b", r"^(?!.*eksam).*\bkurs(us|et|er)\w*\b.*tilmeld"],
       (["may {s} register for course {c}?", "can {s} sign up for the course {c}?"],
        ["må {s} tilmelde sig kursus {c}?", "kan {s} tilmelde sig kurset {c}?"]),
       {"may_register_for_course": ("{0} may register for course {1}", "{0} må tilmelde sig kursus {1}"),
        "course_registration_barred": ("{0} may not register for course {1}: {2}",
                                       "{0} må ikke tilmelde sig kursus {1}: {2}")},
       ("Yes: {s} may register for course {c}.", "No: {s} may not register for course {c}.",
        "Ja: {s} må tilmelde sig kursus {c}.", "Nej: {s} må ikke tilmelde sig kursus {c}."), course=True),
    _k("may_register", ("exam registration", "tilmelding til eksamen"), [("may_register_for_exam", 2)],
       [r"\b(register|sign up|enrol)\w*\b.*\bexam", r"\bexam\w*\b.*\bregist"], [r"tilmeld"],
       (["may {s} register for the exam in {c}?", "can {s} sign up for the exam in {c}?"],
        ["må {s} tilmelde sig eksamen i {c}?", "kan {s} tilmelde sig {c}?"]),
       {"may_register_for_exam": ("{0} may register for the exam in {1}",
                                  "{0} må tilmelde sig eksamen i {1}")},
       ("Yes: {s} may register for the exam in {c}.", "No: {s} may not register for the exam in {c}.",
        "Ja: {s} må tilmelde sig eksamen i {c}.",
"Nej: {s} må ikke tilmelde sig eksamen i {c}."), course=True),
    _k("reexam", ("re-exam", "reeksamen"), [("reexam_term", 3), ("reexam_barred", 3)],
       [r"\bre-?exam", r"\bre-?sit"], [r"re-?eksamen", r"omprøve"],
       (["when is the re-exam for {c}?", "when can {s} take the re-exam in {c}?"],
        ["hvornår er reeksamen i {c}?", "hvornår kan {s} gå til reeksamen i {c}?"]),
       {"reexam_term": ("the next re-exam in {1} is in the {2} exam term",
                        "næste reeksamen i {1} ligger i eksamensterminen {2}"),
        "reexam_barred": ("{0} cannot take a re-exam in {1}: {2}",
                          "{0} kan ikke gå til reeksamen i {1}: {2}")},
       course=True),
    _k("complaint_deadline", ("complaint deadline", "klagefrist"), [("complaint_deadline", 4)],
       [r"complain", r"\bappeal"], [r"klage"],
       (["when is the complaint deadline for {s} in {c}?", "until when can {s} complain about {c}?"],
        ["hvornår er klagefristen for {s} i {c}?", "hvornår kan {s} senest klage over {c}?"]),
       {"complaint_deadline": ("a complaint about {1} ({2}) must be filed by {3}",
                               "en klage over {1} ({2}) skal indgives senest {3}")}, course=True),
    _k("grading_deadline", ("grading deadline", "bedømmelsesfrist"), [("grading_deadline", 4)],
       [r"grading deadline", r"deadline.*\bgrad", r"\bgrad\w*\b.*(deadline|\bdue\b|published)",
        r"\bwhen\b.*\bgrad"],
       [r"bedømmelsesfrist", r"karakter\w*.*(frist|hvornår|senest)", r"(frist|hvornår|senest).*karakter"],
       (["when is the grading deadline for {s} in {c}?", "when must the grade in {c} be published for {s}?"],
        ["hvornår er bedømmelsesfristen for {s} i {c}?",
         "hvornår skal karakteren i {c} senest foreligge for {s}?"]),
       {"grading_deadline": ("the grade in {1} ({2}) is due by {3}",
                             "karakteren i {1} ({2}) skal foreligge senest {3}")},
       course=True),
    _k("final_grade", ("final grade", "karakter"), [("final_grade", 3)],
       [r"\bgrades?\b", r"\bmarks?\b"], [r"karakter"],
       (["what is {s}'s final grade in {c}?", "what grade did {s} get in {c}?"],
        ["hvilken karakter fik {s} i {c}?", "hvad er {s}s karakter i {c}?"]),
       {"final_grade": ("{0}'s grade in {1} is {2}", "{0}s karakter i {1} er {2}")}, course=True),
    _k("binding", ("binding course", "bindende kursus"), [("binding", 2), ("released_from_binding", 2)],
       [r"\bbinding\b", r"\bbound\b"], [r"\bbinden", r"\bbundet\b"],
       (["is {c} binding for {s}?", "which courses are binding for {s}?"],
        ["er {c} bindende for {s}?", "hvilke kurser er bindende for {s}?"]),
       {"binding": ("{1} is binding for {0}", "{1} er bindende for {0}"),
        "released_from_binding": ("{0} is released from the binding to {1}",
                                  "{0} er løst fra bindingen til {1}")},
       ("Yes: {c} is binding for {s}.", "No: {c} is not binding for {s}.",
        "Ja: {c} er bindende for {s}.", "Nej: {c} er ikke bindende for {s}."), course=True),
    _k("passed", ("passed course", "bestået kursus"), [("course_passed", 2)],
       [r"\bpass(ed|es)?\b"], [r"\bbestå", r"\bbestod"],
       (["has {s} passed {c}?", "did {s} pass {c}?"], ["har {s} bestået {c}?", "bestod {s} {c}?"]),
       {"course_passed": ("{0} has passed {1}", "{0} har bestået {1}")},
       ("Yes: {s} has passed {c}.", "No: {s} has not passed {c}.",
        "Ja: {s} har bestået {c}.", "Nej: {s} har ikke bestået {c}."), course=True),
    _k("conflict", ("conflict with the rules", "strid med reglerne"), [("in_conflict_with_*", 0)],
       [r"conflict", r"\bbreach", r"violat", r"break\w* the rules"], [r"\bstrid\b", r"konflikt", r"overtræd"],
       (["is {s} in conflict with the rules?", "does {s} breach the study rules?"],
        ["er {s} i strid med reglerne?", "er {s} i konflikt med studiereglerne?"]),
       {"*": ("{0} is in conflict with the rules: {rest}", "{0} er i strid med reglerne: {rest}")},
       ("Yes: {s} is in conflict with the rules.", "No: {s} is not in conflict with the rules.",
        "Ja: {s} er i strid med reglerne.", "Nej: {s} er ikke i strid med reglerne."), family=True),
    _k("study_activity", ("study activity", "studieaktivitet"),
       [("study_activity_met", 2), ("study_activity_breached", 2)],
       [r"study activity", r"\bactive\b", r"activity requirement"], [r"studieaktiv", r"aktivitetskrav"],
       (["does {s} meet the study activity requirement?", "is {s} study active?"],
        ["opfylder {s} kravet om studieaktivitet?", "er {s} studieaktiv?"]),
       {"study_activity_met": ("the study activity requirement is met for the window ending {1}",
                               "kravet om studieaktivitet er opfyldt for perioden til og med {1}"),
        "study_activity_breached": ("the study activity requirement is NOT met for the window to {1}",
                                    "kravet om studieaktivitet er IKKE opfyldt for perioden til {1}")},
       negated_by=("study_activity_breached",)),
    _k("max_study_end", ("maximum study time", "maksimal studietid"), [("max_study_end", 2)],
       [r"\bmax\w*\b.*\b(study|time|duration)", r"study time", r"latest.*(finish|complete|graduat)",
        r"\bwhen must\b.*(finish|complete|graduat)"],
       [r"maksimal\w* studietid", r"studietid", r"senest.*(færdig|afslut)"],
       (["when does the maximum study time end for {s}?", "by when must {s} finish?"],
        ["hvornår udløber {s}s maksimale studietid?", "hvornår skal {s} senest være færdig?"]),
       {"max_study_end": ("{0} must complete the programme by {1}",
                          "{0} skal have afsluttet uddannelsen senest {1}")}),
    _k("ects_missing", ("what is missing for the degree", "hvad der mangler til uddannelsen"),
       [("ects_missing", 3), ("plan_place_missing", 3)],
       [r"\bmissing\b", r"\black", r"still need", r"what.*\bleft to\b"], [r"\bmangler\b"],
       (["what is missing for {s} to graduate?", "what does {s} still need?"],
        ["hvad mangler {s} for at blive færdig?", "hvad mangler {s}?"]),
       {"ects_missing": ("{0} lacks {2} ECTS ({1})", "{0} mangler {2} ECTS-point ({1})"),
        "plan_place_missing": ("{0} lacks {2} of semester {1}", "{0} mangler {2} på {1}. semester")},
       none=("Nothing is missing: {s} lacks no ECTS for the degree as of {on}.",
             "Intet mangler: {s} mangler ingen ECTS-point til uddannelsen pr. {on}."),
       keep=_something_missing),
    _k("degree_complete", ("degree complete", "uddannelsen gennemført"),
       [("degree_complete", 1), ("degree_completed_on", 2)],
       [r"(degree|programme|program|studies|education)\b.*\b(complete|finished|done)",
        r"\bcomplete\w*\b.*\b(degree|programme|program)", r"graduat", r"\bfinished\b"],
       [r"færdig", r"gennemført", r"afsluttet", r"fuldført"],
       (["has {s} completed the degree?", "can {s} graduate?"],
        ["har {s} gennemført uddannelsen?", "er {s} færdig med uddannelsen?"]),
       {"degree_completed_on": ("{0} completed the programme on {1}", "{0} gennemførte uddannelsen den {1}")},
       ("Yes: {s} has completed the programme.", "No: {s} has not completed the programme.",
            "Ja: {s} har gennemført uddannelsen.", "Nej: {s} har ikke gennemført uddannelsen.")),
)

BY_NAME = {k.name: k for k in KINDS}


def example_questions(student: str = "s1002", course: str = "10036", date: str = "2025-02-01",
                      date2: str = "2025-07-31") -> list[tuple[str, str, str]]:
    """(kind, language, text) for every example phrasing of every kind, filled in for a student."""
    return [(kind.name, lang, ex.format(s=student, c=course, d=date, d2=date2))
            for kind in KINDS for lang in ("en", "da") for ex in kind.examples_in(lang)]
