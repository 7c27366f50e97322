"""A cohort generator: realistic synthetic student files over the real catalogue and curricula.

`generate(n, seed, out_dir, programme=None)` writes one YAML file per student (g000001.yaml, ...),
byte-identical for the same seed, valid against pyrules/core/schema.py (docs/facts.md). Each student is
drawn from its own random stream (seed, index), so a cohort of 10,000 begins with the one of 100.
Histories stop at AS_OF, so an evaluation on that date meets students at every stage.
Run: pyrules generate --students N --seed S --out DIR [--programme P]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..core.values import EPOCH
from ..paths import KB_DIR

FACTS = KB_DIR / "facts"
AS_OF = dt.date(2026, 12, 1)
MSC, BENG = "msc_engineering_physics", "beng_process_innovation"
PROGRAMMES = (MSC, BENG)
EXAM_MONTH = {"autumn": 12, "spring": 5, "january": 1, "june": 6, "july": 7, "august": 8}
REEXAM = {"autumn": (1, 5), "spring": (0, 8), "january": (0, 5), "june": (0, 8), "july": (0, 8),
          "august": (0, 12)}  # kb/facts/calendar.lp reexam_month: (year offset, month)
EXAM_DAYS = {12: (4, 20), 5: (12, 31), 1: (20, 27), 6: (19, 27), 7: (19, 27), 8: (8, 22)}
SHORT = ("january", "june", "july", "august")
GRADES = ("-3", "00", "02", "4", "7", "10", "12")
PASSING = {"12": 10, "10": 18, "7": 24, "4": 16, "02": 10}  # weights of the passing grades
SYG_DAYS = (2, 5, 9, 12, 13, 14, 14, 14, 15, 15, 16, 21)  # documentation sent N days after the exam
ORDER = ("id", "name", "programme", "admitted", "industry_programme", "fee_paying", "field_of_study",
         "completion_term", "pre_commencement_credit", "course_registrations", "exams", "projects",
         "leave", "leave_requests", "transfers_wished", "withdrawal", "disenrolment",
         "readmission_applications", "change_of_field", "credit_transfers", "decisions", "tuition",
         "exchange_stays")
FIRST = ("Mads", "Sofie", "Jonas", "Emma", "Ali", "Wei", "Clara", "Henrik", "Ida", "Freja", "Oliver",
         "Laura", "Noah", "Maja", "Victor", "Alma", "Sebastian", "Aisha", "Lukas", "Signe", "Ana")
LAST = ("Holm", "Lund", "Berg", "Kjær", "Hassan", "Zhang", "Nielsen", "Dahl", "Mortensen", "Andersen",
        "Sørensen", "Christensen", "Pedersen", "Rasmussen", "Jensen", "Thomsen", "Møller")
FIELDS = ("Materials physics", "Nanosystems engineering", "Solid state optics", "Life science physics",
          "Energy physics", "Quantum engineering")
PLACES = ("Aalborg University", "Technische Universität München", "KTH Royal Institute of Technology",
          "University of Copenhagen", "ETH Zürich", "Lund University")
_FACT = re.compile(r"^([a-z_]+)\((.*)\)\.\s*(?:%.*)?$")
_ARG = re.compile(r'"[^"]*"|\([^)]*\)|[^,\s]+')
_BARE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$|^\d{4}-\d{2}(-\d{2})?$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _facts(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """The one-per-line facts of a fact file, pools such as (v2022;v2021) expanded, strings unquoted."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := _FACT.match(line):
            alts = [a[1:-1].split(";") if a[0] == "(" else [a.strip('"')] for a in _ARG.findall(m[2])]
            out.extend((m[1], combo) for combo in itertools.product(*alts))
    return out


@dataclass
class Catalogue:
    """What the generator reads from kb/facts: courses, periods, the MSc groups, the BEng plans."""

    ects: dict[str, int] = field(default_factory=dict)  # x10, as in the KB
    offered: dict[str, list[str]] = field(default_factory=dict)
    gone: dict[str, dt.date] = field(default_factory=dict)  # discontinued from
    groups: dict[str, list[str]] = field(default_factory=dict)  # MSc curriculum group -> courses
    plan: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (cohort, semester)
    choice: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    elective_ects: dict[tuple[str, int], int] = field(default_factory=dict)
    electives: dict[str, list[str]] = field(default_factory=dict)  # cohort -> pre-approved electives
    cohorts: list[tuple[str, dt.date]] = field(default_factory=list)  # newest first


@cache
def catalogue(facts: Path = FACTS) -> Catalogue:
    cat, lists, applies = Catalogue(), dict[str, list[str]](), list[tuple[str, str]]()
    day = lambda n: EPOCH + dt.timedelta(days=int(n))  # noqa: E731
    for name, a in itertools.chain(*(_facts(facts / f) for f in (
            "catalogue.lp", f"programme_{MSC}.lp", f"programme_{BENG}.lp"))):
        if name == "course":
            cat.ects[a[0]] = int(a[2])
        elif name == "offered":
            cat.offered.setdefault(a[0], []).append(a[1])
        elif name == "discontinued":
            cat.gone[a[0]] = day(a[1])
        elif name == "in_group" and a[1] == "v2022":
            cat.groups.setdefault(a[2], []).append(a[3])
        elif name in ("plan", "plan_choice"):
            (cat.plan if name == "plan" else cat.choice).setdefault((a[1], int(a[2])), []).append(a[-1])
        elif name == "plan_elective":
            cat.elective_ects[(a[1], int(a[2]))] = int(a[3])
        elif name == "preapproved_elective":
            lists.setdefault(a[1], []).append(a[2])
        elif name == "elective_list_applies":
            applies.append((a[1], a[2]))
        elif name == "cohort":
            cat.cohorts.append((a[1], day(a[2])))
    for cohort, lst in applies:
        cat.electives.setdefault(cohort, []).extend(c for c in lists.get(lst, []) if c in cat.ects)
    cat.cohorts.sort(key=lambda c: c[1], reverse=True)
    return cat


def _semester(admitted: dt.date, k: int) -> tuple[str, int, dt.date, dt.date]:
    """The k-th semester (0-based) from admission: kind, year, first and last day (001 L1918)."""
    year, autumn = divmod(admitted.year * 2 + (admitted.month >= 8) + k, 2)
    if autumn:
        return "autumn", year, dt.date(year, 9, 1), dt.date(year + 1, 1, 31)
    return "spring", year, dt.date(year, 2, 1), dt.date(year, 8, 31)


def _ects(tenths: int) -> int | float:
    return tenths // 10 if tenths % 10 == 0 else tenths / 10


@dataclass
class _Student:
    """One student's record while its history is drawn."""

    r: random.Random
    cat: Catalogue
    rec: dict[str, Any]
    skill: float  # the chance of passing a graded exam
    stop: dt.date = AS_OF  # no exam from this day (today, the withdrawal, dropping out)
    tags: set[str] = field(default_factory=set)
    occasions: set[tuple[str, int, int]] = field(default_factory=set)
    passed: int = 0  # ECTS x10
    failed_out: bool = False

    def after(self, d: dt.date, lo: int, hi: int) -> dt.date:
        return d + dt.timedelta(days=self.r.randint(lo, hi))

    def take(self, course: str, kind: str, year: int) -> None:
        """Register for a course in a teaching period and draw its exam occasions."""
        r, rec = self.r, self.rec
        reg: dict[str, Any] = {"course": course, "period": f"{kind}-{year}"}
        roll = r.random()
        flag = "lost_draw" if roll < 0.01 else "cancelled" if roll < 0.02 else "no_reexam" \
            if roll < 0.03 else ""
        if flag:
            reg[flag] = True
        rec["course_registrations"].append(reg)
        if flag in ("lost_draw", "cancelled"):
            return
        off, month = REEXAM[kind]
        terms = [(year, EXAM_MONTH[kind]), (year + off, month)]
        terms += [(y + 1, m) for y, m in terms]  # next year: attend again, then its re-exam
        attempts, extra = 0, False
        for i, (y, m) in enumerate(terms):
            if flag == "no_reexam" and i % 2 or (course, y, m) in self.occasions:
                continue
            day = dt.date(y, m, r.randint(*EXAM_DAYS[m]))
            day -= dt.timedelta(days=max(0, day.weekday() - 4))  # not on a weekend
            if day >= self.stop or (i == 2 and r.random() < 0.2):
                return
            if i == 2:
                rec["course_registrations"].append({"course": course, "period": f"{kind}-{y}"})
                if r.random() < 0.1:  # asked to be released from the binding; granted or not
                    reg["release_requested"] = self.after(day, -200, -150)
                    if r.random() < 0.5:
                        rec["decisions"].append({"kind": "release_from_binding", "subject": course,
                                                 "date": self.after(reg["release_requested"], 10, 30)})
            self.occasions.add((course, y, m))
            exam, used, passed = self.attempt(course, kind, day, first=i == 0)
            rec["exams"].append(exam)
            attempts += used
            if passed:
                self.passed += self.cat.ects[course]
                return
            if attempts >= 3 and not extra:
                if r.random() > 0.35:
                    self.failed_out = True
                    self.tags.add("attempts-exhausted")
                    return
                rec["decisions"].append({"kind": "extra_attempt", "subject": course, "date":
                                         self.after(day, 20, 40), "note": "Board of Exemptions"})
                extra = True
                self.tags.add("extra-attempt")
            if r.random() < 0.15:  # leaves the course for now
                return

    def attempt(self, course: str, kind: str, day: dt.date, first: bool) -> tuple[dict[str, Any], int, bool]:
        """One exam occasion: the entry, whether it used an attempt, whether it was passed."""
        r = self.r
        exam: dict[str, Any] = {"course": course, "term": f"{day.year}-{day.month:02d}"}
        if r.random() < 0.15:
            exam["registered"] = self.after(day, -90, -40)
        roll = r.random()
        if first and roll < 0.03:
            exam["registered"] = self.after(day, -90, -60)
            exam["withdrawn"] = {"on": self.after(day, -45, -25), "in_time": True}
            return exam, 0, False
        exam["date"] = day
        if roll < 0.04:  # withdrawn after the deadline: binding, an attempt used
            exam["withdrawn"] = {"on": self.after(day, -10, -1), "in_time": False}
            if r.random() < 0.5:
                exam["result"] = "EM"
            return exam, 1, False
        if roll < 0.10:  # ill: documentation around the two-week boundary (001 L1528)
            late = r.choice(SYG_DAYS)
            exam["result"], exam["illness_documented"] = "SYG", day + dt.timedelta(days=late)
            self.tags.add(f"syg-day{late}")
            return exam, int(late > 14), False
        if roll < 0.17:
            exam["result"] = "EM" if roll < 0.15 else "IG"
            if roll >= 0.15:  # prerequisites not met; the course manager may give a new chance
                exam["prerequisites_met"] = False
                if r.random() < 0.4:
                    self.rec["decisions"].append({"kind": r.choice(["course_manager_new_opportunity",
                                                                    "course_manager_no_new_opportunity"]),
                                                  "subject": course, "date": self.after(day, 5, 20)})
            return exam, 1, False
        if roll < 0.18:  # cheating cases: AB (pending, equated with a pass), AI, SN
            exam["result"] = r.choice(["AB", "AI", "SN"])
            return exam, 1, exam["result"] == "AB"
        passed = r.random() < self.skill
        for key, p in (("sat_while_ill", 0.02), ("vacant_place", 0.02), ("oral", 0.2)):
            if r.random() < p:
                exam[key] = True
        if kind in SHORT and r.random() < 0.5:
            names = ("BE", "IB") if self.rec["programme"] == BENG else ("pass", "fail")
            exam["result"] = names[0] if passed else names[1]
        else:
            exam["result"] = r.choices(list(PASSING), list(PASSING.values()))[0] if passed \
                else r.choice(["-3", "00", "00", "00"])
            if r.random() < 0.04:
                exam["parts"] = self.parts(exam["result"])
                exam["result"] = _weighted(exam["parts"])
                passed = exam["result"] not in ("-3", "00")
        if r.random() < 0.5:
            exam["grade_published"] = self.after(day, 6, 24)
        if kind in SHORT and r.random() < 0.4:
            exam["period_end"] = self.after(day, -2, 0)
        return exam, 1, passed

    def parts(self, result: str) -> list[dict[str, Any]]:
        """Official partial grades (001 L1640): the last part is the final one."""
        weights = self.r.choice([(40, 60), (25, 75), (30, 30, 40), (50, 50)])
        parts: list[dict[str, Any]] = []
        for i, w in enumerate(weights):
            part: dict[str, Any] = {"part": ("midterm", "report", "lab")[i], "weight": w}
            if self.r.random() < 0.05:
                part["absent"] = True
            else:
                part["grade"] = self.r.choice([result, result, "-3", "12", "7", "02"])
            parts.append(part)
        parts[-1].update(part="final", final=True)
        return parts


def _weighted(parts: list[dict[str, Any]]) -> str:
    """The result of part-exams: the weighted average to the nearest grade (a part absent: -3)."""
    if any(p.get("absent") for p in parts):
        return "-3"
    avg = sum(int(p["grade"]) * p["weight"] for p in parts) / sum(p["weight"] for p in parts)
    return min(GRADES, key=lambda g: (abs(int(g) - avg), -int(g)))


def _place(s: _Student, courses: list[str], kind: str, year: int, load: int) -> list[str]:
    """Take up to `load` ECTS (x10) of the courses offered this semester; return the others."""
    rest, taken, short = [], 0, "january" if kind == "autumn" else "june"
    for c in courses:
        offered, gone = s.cat.offered.get(c, [kind]), s.cat.gone.get(c)
        fits = (kind in offered or short in offered) and not (gone and dt.date(year, 2, 1) >= gone)
        if taken < load and fits:
            s.take(c, kind, year) if kind in offered else s.take(c, short, year + (kind == "autumn"))
            taken += s.cat.ects[c]
        else:
            rest.append(c)
    return rest


def _msc_courses(s: _Student) -> list[str]:
    """An MSc study plan: general competence, technological specialisation, electives (001)."""
    r, g = s.r, s.cat.groups
    plan = [r.choice(g["gc_a_innovation"]), r.choice(g["gc_a_iie"] + g["gc_a_iie_alternative"]),
            r.choice(g["gc_b"]), r.choice(g["gc_c"]), *r.sample(g["gc_d"], 2),
            *r.sample(g["technological_specialisation"], 12)]
    if r.random() < 0.25:  # a bachelor course as a condition of admission
        plan.insert(0, r.choice(["10036", "30400", "10102", "10104"]))
    return list(dict.fromkeys(plan))


def _beng_courses(s: _Student, cohort: str, sem: int) -> list[str]:
    """The cohort's plan for a semester: its courses, one of its choices, pre-approved electives (003)."""
    cat = s.cat
    out = [c for c in cat.plan.get((cohort, sem), []) if c in cat.ects]
    if (cohort, sem) in cat.choice:
        out.append(s.r.choice([c for c in cat.choice[(cohort, sem)] if c in cat.ects]))
    need, pool = cat.elective_ects.get((cohort, sem), 0), [c for c in cat.electives.get(cohort, [])]
    while need > 0 and pool:
        out.append(pool.pop(s.r.randrange(len(pool))))
        need -= cat.ects[out[-1]]
    return list(dict.fromkeys(out))


def _project(s: _Student, kind: str, start: dt.date, ects: int) -> None:
    """A thesis, BEng project or internship agreement and what became of it by AS_OF."""
    r = s.r
    p: dict[str, Any] = {"kind": kind, "start": start, "ects": _ects(ects),
                         "registered": min(AS_OF, s.after(start, -40, -5))}
    deadline = start + dt.timedelta(days=30 * (4 if kind == "beng_project" else 5 + (ects > 300)))
    if r.random() < 0.3:
        p["deadline"] = deadline
    if kind == "msc_thesis" and r.random() < 0.3:
        p["parallel_course_ects"] = 5
        p["extensions"] = [{"kind": "parallel_courses", "weeks": 3, "registered": p["registered"]}]
    if kind != "internship" and r.random() < 0.2 and start + dt.timedelta(days=120) < AS_OF:
        ext = {"kind": r.choice(["impairment", "reexam", "board_of_studies", "supervisor"]),
               "weeks": r.choice([1, 2, 4, 8, 12]), "registered": s.after(start, 30, 120)}
        p.setdefault("extensions", []).append(ext)
        if ext["kind"] == "board_of_studies":
            s.rec["decisions"].append({"kind": "board_of_studies_extension", "subject":
                                       f"{kind}_deadline", "date": ext["registered"]})
    roll = r.random()
    if roll < 0.05 and start + dt.timedelta(days=40) < AS_OF:
        p["cancelled"] = s.after(start, 3, 40)
        s.tags.add(f"{kind}-cancelled")
    elif (sub := s.after(deadline, -20, 25 if roll < 0.2 else 0)) < AS_OF:
        p["submitted"], defence = sub, s.after(sub, 7, 30)
        if kind == "internship":
            p["result"] = r.choice(["BE", "BE", "BE", "IB"])
        elif defence < AS_OF:
            p["defence"], p["result"] = defence, r.choice(["12", "10", "10", "7", "7", "4", "02", "-3"])
            if r.random() < 0.04:  # ill at the defence
                p["result"], p["illness_documented"] = "SYG", s.after(defence, 13, 15)
    s.tags.add(kind)
    s.rec["projects"].append(p)


def _interruptions(s: _Student, k: int, first: dt.date, last: dt.date) -> dt.date:
    """Leave (001 L1990) from semester k: its last day."""
    reason, kind = s.r.choice([("paternity", "right"), ("maternity", "right"), ("military", "right"),
                               ("illness", "special"), (None, "without_reason")])
    end = last if kind == "without_reason" else _semester(s.rec["admitted"], k + 1)[3]
    leave = {"kind": kind, "reason": reason, "from": first, "to": end, "applied": s.after(first, -45, -10)}
    if s.r.random() < 0.2 and end - dt.timedelta(days=60) < AS_OF:
        leave["ended_early"] = s.after(end, -60, -30)
    s.rec["leave"].append({key: v for key, v in leave.items() if v is not None})
    s.tags.add(f"leave-{kind}")
    return end


def _abroad(s: _Student, first: dt.date, last: dt.date) -> None:
    """An exchange semester with credit transfers applied for (002)."""
    r, place = s.r, s.r.choice(PLACES[1:])
    s.rec["exchange_stays"].append({"institution": place, "from": first, "to": last,
                                    "credited_ects": r.choice([7.5, 30])})
    for i in range(r.randint(1, 3)):
        s.rec["credit_transfers"].append({
            "id": f"x-{i + 1}", "title": r.choice(("Solid State Physics", "German", "Process Design")),
            "institution": place, "ects": r.choice([5, 7.5, 10]),
            "level": r.choice(["msc", "bsc"]) if s.rec["programme"] == MSC else "beng",
            "category": r.choice(["elective", "language_culture"]), "passed_on": s.after(last, -10, -10),
            "status": r.choice(["applied", "pre_approved", "granted", "granted", "rejected"])})
    s.tags.add("exchange")


def _student(cat: Catalogue, seed: int, index: int, programme: str | None) -> tuple[str, dict[str, Any]]:
    r = random.Random(f"pyrules-generate:{seed}:{index}")
    prog = programme or (MSC if r.random() < 0.55 else BENG)
    admitted = dt.date(r.randrange(2019, 2027), 9 if prog == BENG or r.random() < 0.6 else 2, 1)
    rec: dict[str, Any] = {key: [] for key in ORDER}
    rec.update(id=f"g{index:06d}", name=f"{r.choice(FIRST)} {r.choice(LAST)}", programme=prog,
               admitted=admitted)
    s = _Student(r, cat, rec, r.betavariate(6, 1.3))
    industry = prog == MSC and r.random() < 0.2
    if industry:
        rec["industry_programme"] = True
        s.tags.add("industry")
    if prog == MSC:
        rec["field_of_study"] = r.choice(FIELDS)
        rec["fee_paying"] = r.random() < 0.08
    if r.random() < 0.1:
        rec["pre_commencement_credit"].append({
            "id": "pre-1", "title": "Advanced Physics" if prog == MSC else "Matematik 1",
            "institution": r.choice(PLACES), "ects": r.choice([5, 7.5, 10, 15, 30]),
            "level": "msc" if prog == MSC else "beng", "category": "elective",
            "passed_on": s.after(admitted, -700, -30)})
        s.tags.add("pre-credit")
    sems = 7 if prog == BENG else (6 if industry else 3)
    leave_at, abroad_at, quit_at, drop_at = (r.randint(lo, sems - 1) if r.random() < p else -1 for lo, p in
                                             ((1, 0.12), (1, 0.07), (0, 0.1), (1, 0.08)))
    if quit_at >= 0:
        s.stop = min(AS_OF, s.after(_semester(admitted, quit_at)[2], 20, 150))
        leave_at = -1 if leave_at >= quit_at - 1 else leave_at
    if drop_at >= 0 and _semester(admitted, drop_at)[2] < s.stop:  # no more exams, no withdrawal
        s.stop = _semester(admitted, drop_at)[2]
        s.tags.add("inactive")
    cohort = next((c for c, start in cat.cohorts if admitted >= start), "kpre2021")
    msc_plan = _msc_courses(s) if prog == MSC else []
    k, studied, leave_end = -1, 0, dt.date.min
    while studied < sems:
        k += 1
        kind, y, first, last = _semester(admitted, k)
        if first >= AS_OF:
            break
        if k == leave_at:
            leave_end = _interruptions(s, k, first, last)
        if first <= leave_end:
            continue
        studied += 1
        if k == abroad_at:
            _abroad(s, first, last)
        elif prog == MSC:
            msc_plan = _place(s, msc_plan, kind, y, 150 if industry else r.choice([250, 300, 300, 350]))
        elif studied == 5:
            _project(s, "internship", first, 300)
        else:
            _place(s, _beng_courses(s, cohort, studied), kind, y, 100 if studied == 7 else 350)
            if studied == 7:
                _project(s, "beng_project", first, 200)
        if k == quit_at:  # withdrew during this semester (its later exams are not taken)
            rec["withdrawal"] = s.stop
            s.tags.add("withdrawal")
            if r.random() < 0.6 and s.stop + dt.timedelta(days=100) < AS_OF:
                rec["readmission_applications"].append({"applied": s.after(s.stop, 30, 100),
                                                        "start": _semester(admitted, k + 2)[2]})
                rec["transfers_wished"] = sorted({e["course"] for e in rec["exams"]})[:3]
                s.tags.add("readmission")
            break
    start = _semester(admitted, k + (_semester(admitted, k)[2] < AS_OF))[2]
    return _finish(s, seed, k, start)


def _finish(s: _Student, seed: int, k: int, start: dt.date) -> tuple[str, dict[str, Any]]:
    """The thesis, tuition, questions and decisions that depend on the whole history."""
    r, rec = s.r, s.rec
    admitted = rec["admitted"]
    if rec["programme"] == MSC and not rec["withdrawal"] and s.stop == AS_OF and s.passed >= 650:
        start = start.replace(month=8) if start.month == 9 and r.random() < 0.2 else start
        if start <= AS_OF + dt.timedelta(days=62):
            if s.passed < 750 and r.random() < 0.4:  # starting early needs an exemption (001 L460)
                rec["decisions"].append({"kind": "exemption", "subject": "thesis_start", "note":
                                         "Board of Exemptions", "date": min(AS_OF, s.after(start, -30, -10))})
            _project(s, "msc_thesis", start, r.choice([300, 300, 300, 325, 350]))
    if rec.get("fee_paying"):  # fees due 1 June (autumn) and 1 December (spring), 004
        rec["tuition"] = {"payments": [
            {"semester": f"{kind}-{y}", "paid": s.after(dt.date(y, 6, 1) if kind == "autumn" else
                                                        dt.date(y - 1, 12, 1), r.choice([-40, -5, 0]), 2)}
            for kind, y, first, _ in (_semester(admitted, i) for i in range(k + 1)) if first < AS_OF]}
        if r.random() < 0.15:  # became an EU/EEA resident during the programme
            rec["tuition"]["residence_status_changes"] = [
                {"date": s.after(admitted, 100, 500), "status": "eu_eea"}]
        s.tags.add("fee-paying")
    if rec["programme"] == MSC and r.random() < 0.03 and k > 1:
        rec["change_of_field"] = [{"start": _semester(admitted, k)[2], "field": r.choice(FIELDS)}]
    if r.random() < 0.05:
        nxt = _semester(AS_OF, 1)
        rec["leave_requests"].append({"kind": r.choice(["right", "special", "without_reason"]),
                                      "from": nxt[2], "to": nxt[3]})
    if s.failed_out and r.random() < 0.5 and not rec["withdrawal"]:
        last = max(e["date"] for e in rec["exams"] if "date" in e)
        rec["disenrolment"] = {"date": min(AS_OF, s.after(last, 40, 80)), "reason": "attempts_exhausted"}
        s.tags.add("disenrolled")
    rec["exams"].sort(key=lambda e: (e["term"], e["course"]))
    rec["course_registrations"].sort(key=lambda c: (_period_start(c["period"]), c["course"]))
    head = f"# {rec['id']}: generated (seed {seed}); {rec['programme']}, admitted {admitted}; " \
           f"{', '.join(sorted(s.tags)) or 'ordinary'}\n"
    return head, {key: v for key, v in rec.items() if v not in ([], False, None)}


def _period_start(period: str) -> tuple[int, int]:
    kind, year = period.split("-")
    return int(year), {"spring": 2, "autumn": 9}.get(kind, EXAM_MONTH[kind])


_TEXT: dict[tuple[type, Any], str] = {}  # scalars repeat (courses, codes, dates): format each once


def _scalar(v: Any) -> str:
    t = type(v)
    if t is dict:
        return "{" + ", ".join([f"{k}: {_scalar(x)}" for k, x in v.items()]) + "}"
    if t is list:
        return "[" + ", ".join([_scalar(x) for x in v]) + "]"
    out = _TEXT.get((t, v))
    if out is None:
        if t is bool:
            out = "true" if v else "false"
        elif t is float:
            out = repr(v)
        elif t is int or t is dt.date:
            out = str(v)
        else:
            bare = _BARE.match(v) and v.lower() not in _YAML_WORDS
            out = v if bare else json.dumps(v, ensure_ascii=False)
        _TEXT[(t, v)] = out
    return out


def to_yaml(head: str, rec: dict[str, Any]) -> str:
    """Hand-formatted YAML in the style of the bundled students: flow entries, quoted numbers."""
    out = [head]
    for key, value in rec.items():
        if isinstance(value, list):
            out.append(f"{key}:\n" + "".join(f"  - {_scalar(x)}\n" for x in value))
        elif key == "tuition":
            out.append("tuition:\n" + "".join(f"  {k}:\n" + "".join(f"    - {_scalar(x)}\n" for x in xs)
                                              for k, xs in value.items()))
        else:
            out.append(f"{key}: {_scalar(value)}\n")
    return "".join(out)


def student_text(seed: int, index: int, programme: str | None = None) -> str:
    """The YAML text of generated student number `index` (from 1) of cohort `seed`."""
    return to_yaml(*_student(catalogue(), seed, index, programme))


def generate(n: int, seed: int, out_dir: Path | str, programme: str | None = None) -> list[Path]:
    """Write n student files into out_dir atomically; return their paths in id order.

    A new out_dir is filled as a temporary sibling and renamed into place; in an existing one each
    file is written under a temporary name and renamed.
    """
    if programme is not None and programme not in PROGRAMMES:
        raise ValueError(f"unknown programme {programme!r}; expected one of {', '.join(PROGRAMMES)}")
    out = Path(out_dir)
    fresh = not out.exists()
    out.parent.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent)) if fresh else out
    names = [f"g{i:06d}.yaml" for i in range(1, n + 1)]
    try:
        for i, name in enumerate(names, start=1):
            tmp = target / (name if fresh else f".{name}.tmp")
            tmp.write_text(student_text(seed, i, programme), encoding="utf-8")
            if not fresh:
                os.replace(tmp, out / name)
        if fresh:
            target.rename(out)
    except BaseException:
        if fresh:
            shutil.rmtree(target, ignore_errors=True)
        raise
    return [out / name for name in names]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="pyrules generate", description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, required=True, help="how many students")
    ap.add_argument("--seed", type=int, default=0, help="the cohort's seed (same seed, same files)")
    ap.add_argument("--out", type=Path, required=True, help="the folder to write the files into")
    ap.add_argument("--programme", choices=PROGRAMMES, help="only this programme (default: both)")
    args = ap.parse_args(argv)
    if args.students < 0:
        ap.error("--students must be >= 0")
    generate(args.students, args.seed, args.out, args.programme)
    print(f"wrote {args.students} students to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
