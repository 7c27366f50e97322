"""A cohort generator: realistic synthetic student files over the real catalogue and curricula.

`generate(n, seed, out_dir, programme=None)` writes one YAML file per student (g000001.yaml, ...),
byte-identical for the same seed, valid against pyrules/schema.py (docs/facts.md). Each student is
drawn from its own random stream (seed, index), so a cohort of 10,000 extends one of 100.
Run: python -m pyrules.generate --students N --seed S --out DIR [--programme P]
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

from .values import EPOCH

FACTS = Path(__file__).resolve().parent.parent / "kb" / "facts"
AS_OF = dt.date(2026, 12, 1)  # histories stop here: evaluations on this date see varied states
MSC, BENG = "msc_engineering_physics", "beng_process_innovation"
PROGRAMMES = (MSC, BENG)
_FACT = re.compile(r"^([a-z_]+)\((.*)\)\.\s*(?:%.*)?$")
_BARE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$|^\d{4}-\d{2}(-\d{2})?$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
EXAM_MONTH = {"autumn": 12, "spring": 5, "january": 1, "june": 6, "july": 7, "august": 8}
REEXAM = {"autumn": (1, 5), "spring": (0, 8), "january": (0, 5), "june": (0, 8), "july": (0, 8),
          "august": (0, 12)}
DAYS = {12: (4, 20), 5: (12, 31), 1: (20, 27), 6: (19, 27), 7: (19, 27), 8: (8, 22)}
GRADES = ("-3", "00", "02", "4", "7", "10", "12")
GRADE_W = {"12": 10, "10": 18, "7": 24, "4": 16, "02": 10}
ORDER = ("id", "name", "programme", "admitted", "industry_programme", "fee_paying", "field_of_study",
         "completion_term", "pre_commencement_credit", "course_registrations", "exams", "projects",
         "leave", "leave_requests", "transfers_wished", "withdrawal", "disenrolment",
         "readmission_applications", "change_of_field", "credit_transfers", "decisions", "tuition",
         "exchange_stays")
FIRST = ["Mads", "Sofie", "Jonas", "Emma", "Ali", "Wei", "Clara", "Henrik", "Ida", "Freja", "Oliver",
         "Laura", "Noah", "Maja", "Victor", "Alma", "Sebastian", "Aisha", "Lukas", "Signe", "Ana"]
LAST = ["Holm", "Lund", "Berg", "Kjær", "Hassan", "Zhang", "Nielsen", "Dahl", "Mortensen",
        "Andersen", "Sørensen", "Christensen", "Pedersen", "Rasmussen", "Jensen", "Thomsen", "Møller"]
FIELDS = ["Materials physics", "Nanosystems engineering", "Solid state optics",
          "Life science physics", "Energy physics", "Quantum engineering"]
INSTITUTIONS = ["Aalborg University", "Technische Universität München", "KTH Royal Institute of "
                "Technology", "University of Copenhagen", "ETH Zürich", "Lund University"]


def _split(args: str) -> list[str]:
    """Top-level comma split of a fact's arguments (quotes and parentheses respected)."""
    out, depth, quoted, cur = [], 0, False, ""
    for ch in args:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "()":
            depth += 1 if ch == "(" else -1
        elif not quoted and depth == 0 and ch == ",":
            out.append(cur.strip())
            cur = ""
            continue
        cur += ch
    return [*out, cur.strip()]


def _facts(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """The facts of a fact file, pools like (v2022;v2021) expanded, strings unquoted."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _FACT.match(line)
        if m:
            alts = [a[1:-1].split(";") if a.startswith("(") else [a.strip('"')]
                    for a in _split(m.group(2))]
            out.extend((m.group(1), combo) for combo in itertools.product(*alts))
    return out


@dataclass
class Catalogue:
    """What the generator needs from kb/facts: courses, periods, MSc groups, BEng plans."""

    ects: dict[str, int] = field(default_factory=dict)  # x10
    level: dict[str, str] = field(default_factory=dict)
    offered: dict[str, list[str]] = field(default_factory=dict)
    gone: dict[str, dt.date] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)  # MSc group -> courses
    plan: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (cohort, sem) -> courses
    choice: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    elective_ects: dict[tuple[str, int], int] = field(default_factory=dict)
    electives: dict[str, list[str]] = field(default_factory=dict)  # cohort -> pre-approved
    cohorts: list[tuple[str, dt.date]] = field(default_factory=list)


@cache
def catalogue(facts: Path = FACTS) -> Catalogue:
    cat = Catalogue()
    lists: dict[str, list[str]] = {}
    applies: list[tuple[str, str]] = []
    for name, a in _facts(facts / "catalogue.lp") + _facts(facts / f"programme_{MSC}.lp") + \
            _facts(facts / f"programme_{BENG}.lp"):
        if name == "course":
            cat.ects[a[0]], cat.level[a[0]] = int(a[2]), a[3]
        elif name == "offered":
            cat.offered.setdefault(a[0], []).append(a[1])
        elif name == "discontinued":
            cat.gone[a[0]] = EPOCH + dt.timedelta(days=int(a[1]))
        elif name == "in_group" and a[1] == "v2022":
            cat.groups.setdefault(a[2], []).append(a[3])
        elif name == "plan":
            cat.plan.setdefault((a[1], int(a[2])), []).append(a[3])
        elif name == "plan_choice":
            cat.choice.setdefault((a[1], int(a[2])), []).append(a[4])
        elif name == "plan_elective":
            cat.elective_ects[(a[1], int(a[2]))] = int(a[3])
        elif name == "preapproved_elective":
            lists.setdefault(a[1], []).append(a[2])
        elif name == "elective_list_applies":
            applies.append((a[1], a[2]))
        elif name == "cohort":
            cat.cohorts.append((a[1], EPOCH + dt.timedelta(days=int(a[2]))))
    for cohort, lst in applies:
        cat.electives.setdefault(cohort, []).extend(c for c in lists.get(lst, []) if c in cat.ects)
    cat.cohorts.sort(key=lambda c: c[1], reverse=True)
    return cat


def _semester(admitted: dt.date, k: int) -> tuple[str, int, dt.date, dt.date]:
    """The k-th semester (0-based) from admission: kind, year, first and last day."""
    index = admitted.year * 2 + (1 if admitted.month >= 8 else 0) + k
    year, autumn = divmod(index, 2)
    if autumn:
        return "autumn", year, dt.date(year, 9, 1), dt.date(year + 1, 1, 31)
    return "spring", year, dt.date(year, 2, 1), dt.date(year, 8, 31)


def _period_start(period: str) -> tuple[int, int]:
    kind, year = period.split("-")
    return int(year), {"spring": 2, "autumn": 9}.get(kind, EXAM_MONTH[kind])


def _ects_text(tenths: int) -> str:
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"


@dataclass
class _Student:
    """The generator's state for one student while its history is drawn."""

    rng: random.Random
    cat: Catalogue
    rec: dict[str, Any]
    stop: dt.date  # no exam on or after this day (today, withdrawal, drop-out)
    skill: float
    tags: list[str]
    occasions: set[tuple[str, int, int]] = field(default_factory=set)
    passed_ects: int = 0
    failed_out: list[str] = field(default_factory=list)

    def take(self, course: str, kind: str, year: int, retake: bool = False) -> None:
        """Register for a course in a teaching period and draw its exam attempts."""
        r, rec = self.rng, self.rec
        period = f"{kind}-{year}"
        reg: dict[str, Any] = {"course": course, "period": period}
        roll = r.random()
        if roll < 0.01:
            reg["lost_draw"] = True
        elif roll < 0.02:
            reg["cancelled"] = True
        elif roll < 0.03:
            reg["no_reexam"] = True
        rec["course_registrations"].append(reg)
        if "lost_draw" in reg or "cancelled" in reg:
            return
        terms = [(year, EXAM_MONTH[kind])]
        off, month = REEXAM[kind]
        terms.append((year + off, month))
        terms += [(y + 1, m) for y, m in terms]
        attempts = 0
        extra = False
        for i, (y, m) in enumerate(terms):
            if "no_reexam" in reg and i > 0 or (course, y, m) in self.occasions:
                break
            lo, hi = DAYS[m]
            day = dt.date(y, m, r.randint(lo, hi))
            day -= dt.timedelta(days=max(0, day.weekday() - 4))  # a weekend exam moves to Friday
            if day >= self.stop or (i == 2 and r.random() < 0.2):
                return
            if i == 2:
                rec["course_registrations"].append({"course": course, "period": f"{kind}-{y}"})
            self.occasions.add((course, y, m))
            exam, counted, passed = self._attempt(course, kind, day, first=i == 0 and not retake)
            rec["exams"].append(exam)
            attempts += counted
            if passed:
                self.passed_ects += self.cat.ects[course]
                return
            if attempts >= 3 and not extra:
                if r.random() < 0.35:  # Board of Exemptions: a fourth attempt
                    rec["decisions"].append({"kind": "extra_attempt", "subject": course,
                                             "date": day + dt.timedelta(days=r.randint(20, 40)),
                                             "note": "Board of Exemptions"})
                    extra = True
                    self.tags.append("extra-attempt")
                else:
                    self.failed_out.append(course)
                    self.tags.append("attempts-exhausted")
                    return
            if r.random() < 0.15:  # gives up the course for now
                return

    def _attempt(self, course: str, kind: str, day: dt.date, first: bool) -> tuple[dict[str, Any], int, bool]:
        """One exam occasion: the entry, whether it used an attempt, whether it passed."""
        r = self.rng
        exam: dict[str, Any] = {"course": course, "term": f"{day.year}-{day.month:02d}"}
        if r.random() < 0.15:
            exam["registered"] = day - dt.timedelta(days=r.randint(40, 90))
        roll = r.random()
        if first and roll < 0.03:
            exam["registered"] = day - dt.timedelta(days=r.randint(60, 90))
            exam["withdrawn"] = {"on": day - dt.timedelta(days=r.randint(25, 45)), "in_time": True}
            return exam, 0, False
        exam["date"] = day
        passfail = kind in ("january", "june", "july", "august") and r.random() < 0.5
        beng = self.rec["programme"] == BENG
        if roll < 0.04:
            exam["withdrawn"] = {"on": day - dt.timedelta(days=r.randint(1, 10)), "in_time": False}
            if r.random() < 0.5:
                exam["result"] = "EM"
            return exam, 1, False
        if roll < 0.10:  # ill: documentation around the two-week boundary
            exam["result"] = "SYG"
            late = r.choice([2, 5, 9, 12, 13, 14, 14, 14, 15, 15, 16, 21])
            exam["illness_documented"] = day + dt.timedelta(days=late)
            self.tags.append(f"syg-day{late}")
            return exam, int(late > 14), False
        if roll < 0.15:
            exam["result"] = "EM"
            return exam, 1, False
        if roll < 0.17:
            exam["result"], exam["prerequisites_met"] = "IG", False
            return exam, 1, False
        if roll < 0.18:
            exam["result"] = r.choice(["AB", "AI", "SN"])
            return exam, 1, exam["result"] == "AB"
        passed = r.random() < self.skill
        if roll < 0.20:
            exam["sat_while_ill"] = True
        if r.random() < 0.02:
            exam["vacant_place"] = True
        if r.random() < 0.2:
            exam["oral"] = True
        if passfail:
            exam["result"] = ("BE" if passed else "IB") if beng else ("pass" if passed else "fail")
        elif not passed:
            exam["result"] = r.choice(["-3", "00", "00", "00"])
        else:
            exam["result"] = r.choices(list(GRADE_W), weights=list(GRADE_W.values()))[0]
        if not passfail and r.random() < 0.06:
            exam["parts"] = self._parts(str(exam["result"]))
            exam["result"] = _weighted(exam["parts"])
            passed = exam["result"] not in ("-3", "00")
        if r.random() < 0.5:
            exam["grade_published"] = day + dt.timedelta(days=r.randint(6, 24))
        if kind in ("january", "june", "july", "august") and r.random() < 0.4:
            exam["period_end"] = day - dt.timedelta(days=r.randint(0, 2))
        return exam, 1, passed

    def _parts(self, result: str) -> list[dict[str, Any]]:
        r = self.rng
        weights = r.choice([(40, 60), (25, 75), (30, 30, 40), (50, 50)])
        parts: list[dict[str, Any]] = []
        for i, w in enumerate(weights):
            part: dict[str, Any] = {"part": ["midterm", "report", "lab", "final"][i if i < len(
                weights) - 1 else 3], "weight": w}
            if r.random() < 0.05:
                part["absent"] = True
            else:
                part["grade"] = r.choice([result, result, "-3", "12", "7", "02"])
            if i == len(weights) - 1:
                part["final"] = True
            parts.append(part)
        return parts


def _weighted(parts: list[dict[str, Any]]) -> str:
    """The official result of part-exams: the weighted average rounded to the scale (absent: -3)."""
    if any(p.get("absent") for p in parts):
        return "-3"
    avg = sum(int(p["grade"]) * p["weight"] for p in parts) / sum(p["weight"] for p in parts)
    return min(GRADES, key=lambda g: (abs(int(g) - avg), -int(g)))


def _msc_courses(s: _Student) -> list[str]:
    """An MSc study plan: general competence, technological specialisation, electives."""
    r, g = s.rng, s.cat.groups
    plan = [r.choice(g["gc_a_innovation"]), r.choice(g["gc_a_iie"] + g["gc_a_iie_alternative"]),
            r.choice(g["gc_b"]), r.choice(g["gc_c"]), *r.sample(g["gc_d"], 2),
            *r.sample(g["technological_specialisation"], 12)]
    if r.random() < 0.25:
        plan.insert(0, r.choice(["10036", "30400", "10102", "10104"]))  # an admission condition
    return list(dict.fromkeys(plan))


def _place(s: _Student, courses: list[str], kind: str, year: int, load: int) -> list[str]:
    """Take up to `load` ECTS (x10) of the courses offered in this semester; return the rest."""
    rest, taken = [], 0
    for c in courses:
        offered = s.cat.offered.get(c, [kind])
        short = {"autumn": "january", "spring": "june"}[kind]
        fits = kind in offered or short in offered
        gone = s.cat.gone.get(c)
        if taken < load and fits and not (gone and dt.date(year, 2, 1) >= gone):
            k = kind if kind in offered else short
            s.take(c, k, year + (1 if k == "january" else 0))
            taken += s.cat.ects[c]
        else:
            rest.append(c)
    return rest


def _beng_courses(s: _Student, cohort: str, sem: int) -> list[str]:
    r, cat = s.rng, s.cat
    out = [c for c in cat.plan.get((cohort, sem), []) if c in cat.ects]
    if (cohort, sem) in cat.choice:
        out.append(r.choice([c for c in cat.choice[(cohort, sem)] if c in cat.ects]))
    need = cat.elective_ects.get((cohort, sem), 0)
    pool = [c for c in cat.electives.get(cohort, []) if c not in out]
    while need > 0 and pool:
        c = pool.pop(r.randrange(len(pool)))
        out.append(c)
        need -= cat.ects[c]
    return out


def _project(s: _Student, kind: str, start: dt.date, ects: int) -> None:
    """A thesis, BEng project or internship agreement with what happened to it by AS_OF."""
    r = s.rng
    p: dict[str, Any] = {"kind": kind, "start": start, "ects": ects // 10 if ects % 10 == 0 else ects / 10,
                         "registered": min(AS_OF, start - dt.timedelta(days=r.randint(5, 40)))}
    months = {300: 5, 325: 6, 350: 6, 200: 4}.get(ects, 5) if kind != "internship" else 5
    deadline = start + dt.timedelta(days=30 * months)
    if r.random() < 0.3:
        p["deadline"] = deadline
    if kind == "msc_thesis" and r.random() < 0.3:
        p["parallel_course_ects"] = 5
        p["extensions"] = [{"kind": "parallel_courses", "weeks": 3, "registered": p["registered"]}]
    if kind != "internship" and r.random() < 0.2 and start + dt.timedelta(days=120) < AS_OF:
        p.setdefault("extensions", []).append({
            "kind": r.choice(["impairment", "reexam", "board_of_studies", "supervisor"]),
            "weeks": r.choice([1, 2, 4, 8, 12]), "registered": start + dt.timedelta(days=r.randint(30, 120))})
        if p["extensions"][-1]["kind"] == "board_of_studies":
            s.rec["decisions"].append({"kind": "board_of_studies_extension", "subject": "thesis_deadline"
                                       if kind == "msc_thesis" else "project_deadline",
                                       "date": p["extensions"][-1]["registered"]})
    roll = r.random()
    if roll < 0.05 and start + dt.timedelta(days=40) < AS_OF:
        p["cancelled"] = start + dt.timedelta(days=r.randint(3, 40))
        s.tags.append(f"{kind}-cancelled")
    elif (sub := deadline + dt.timedelta(days=r.randint(-20, 25 if roll < 0.2 else 0))) < AS_OF:
        p["submitted"] = sub
        defence = sub + dt.timedelta(days=r.randint(7, 30))
        if kind != "internship" and defence < AS_OF:
            p["defence"] = defence
            p["result"] = r.choice(["12", "10", "10", "7", "7", "4", "02", "00", "-3"])
            if r.random() < 0.04:
                p["result"], p["illness_documented"] = "SYG", defence + dt.timedelta(days=r.choice([13, 14, 15]))
        elif kind == "internship":
            p["result"] = r.choice(["BE", "BE", "BE", "IB"])
    s.tags.append(kind)
    s.rec["projects"].append(p)


def _student(cat: Catalogue, seed: int, index: int, programme: str | None) -> tuple[str, dict[str, Any]]:
    r = random.Random(f"pyrules-generate:{seed}:{index}")
    prog = programme or (MSC if r.random() < 0.55 else BENG)
    year = r.choice(range(2019, 2027))
    month = 9 if prog == BENG or r.random() < 0.6 else 2
    admitted = dt.date(year, month, 1)
    rec: dict[str, Any] = {"id": f"g{index:06d}", "name": f"{r.choice(FIRST)} {r.choice(LAST)}",
                           "programme": prog, "admitted": admitted}
    for key in ("pre_commencement_credit", "course_registrations", "exams", "projects", "leave",
                "leave_requests", "transfers_wished", "readmission_applications", "credit_transfers",
                "decisions", "exchange_stays"):
        rec[key] = []
    s = _Student(r, cat, rec, AS_OF, r.betavariate(6, 1.3), [])
    industry = prog == MSC and r.random() < 0.2
    if industry:
        rec["industry_programme"] = True
        s.tags.append("industry")
    if prog == MSC:
        rec["field_of_study"] = r.choice(FIELDS)
        if r.random() < 0.08:
            rec["fee_paying"] = True
    if r.random() < 0.1:
        credit = r.choice([5, 7.5, 10, 15, 30])
        rec["pre_commencement_credit"].append({
            "id": "pre-1", "title": "Advanced Physics" if prog == MSC else "Matematik 1",
            "institution": r.choice(INSTITUTIONS), "ects": credit, "level": "msc" if prog == MSC else "beng",
            "category": "elective", "passed_on": admitted - dt.timedelta(days=r.randint(30, 700))})
        s.tags.append("pre-credit")
    sems = 7 if prog == BENG else (6 if industry else 3)
    leave_at = r.randint(1, sems) if r.random() < 0.12 else -1
    abroad_at = r.randint(1, sems - 1) if r.random() < 0.07 else -1
    quit_at = r.randint(0, sems) if r.random() < 0.1 else -1
    drop_at = r.randint(1, sems) if r.random() < 0.08 else -1
    if quit_at >= 0:
        s.stop = min(AS_OF, _semester(admitted, quit_at)[2] + dt.timedelta(days=r.randint(20, 150)))
    if drop_at >= 0:
        s.stop = min(s.stop, _semester(admitted, drop_at)[2])
    cohort = next((c for c, start in cat.cohorts if admitted >= start), "kpre2021")
    msc_plan = _msc_courses(s) if prog == MSC else []
    k, studied, long_leave = -1, 0, False
    while studied < sems:
        k += 1
        kind, y, first, last = _semester(admitted, k)
        if first >= AS_OF:
            break
        if k == quit_at:
            rec["withdrawal"] = s.stop
            s.tags.append("withdrawal")
            if r.random() < 0.6 and s.stop + dt.timedelta(days=100) < AS_OF:
                rec["readmission_applications"].append(
                    {"applied": s.stop + dt.timedelta(days=r.randint(30, 100)),
                     "start": _semester(admitted, k + 2)[2]})
                rec["transfers_wished"] = sorted({e["course"] for e in rec["exams"]})[:3]
                s.tags.append("readmission")
            break
        if k == drop_at:
            s.tags.append("inactive")
        if k == leave_at:
            reason, lkind = r.choice([("paternity", "right"), ("maternity", "right"), ("military", "right"),
                                      ("illness", "special"), (None, "without_reason")])
            long_leave = lkind != "without_reason"
            end = _semester(admitted, k + 1)[3] if long_leave else last
            entry: dict[str, Any] = {"kind": lkind, "reason": reason, "from": first, "to": end,
                                     "applied": first - dt.timedelta(days=r.randint(10, 45))}
            if r.random() < 0.2 and end - dt.timedelta(days=60) < AS_OF:
                entry["ended_early"] = end - dt.timedelta(days=r.randint(30, 60))
            rec["leave"].append({key: v for key, v in entry.items() if v is not None})
            s.tags.append(f"leave-{lkind}")
            continue
        if long_leave and k == leave_at + 1:
            continue
        studied += 1
        if k == abroad_at:
            inst = r.choice(INSTITUTIONS[1:])
            rec["exchange_stays"].append({"institution": inst, "from": first, "to": last,
                                          "credited_ects": 7.5 if r.random() < 0.5 else 30})
            for i in range(r.randint(1, 3)):
                rec["credit_transfers"].append({
                    "id": f"x-{i + 1}", "title": r.choice(["Solid State Physics II", "Technical German",
                                                           "Process Design"]),
                    "institution": inst, "ects": r.choice([5, 7.5, 10]),
                    "level": r.choice(["msc", "bsc"]) if prog == MSC else "beng",
                    "category": r.choice(["elective", "language_culture"]),
                    "passed_on": last - dt.timedelta(days=10),
                    "status": r.choice(["applied", "pre_approved", "granted", "granted", "rejected"])})
            s.tags.append("exchange")
        elif prog == MSC:
            msc_plan = _place(s, msc_plan, kind, y, 150 if industry else r.choice([250, 300, 300, 350]))
        elif studied == 5:
            _project(s, "internship", first, 300)
        else:
            _place(s, _beng_courses(s, cohort, studied), kind, y, 100 if studied == 7 else 350)
            if studied == 7:
                _project(s, "beng_project", first, 200)
    next_start = _semester(admitted, k + (1 if _semester(admitted, k)[2] < AS_OF else 0))[2]
    if prog == MSC and "withdrawal" not in rec and s.stop == AS_OF:
        start = next_start.replace(month=8) if next_start.month == 9 and r.random() < 0.2 else next_start
        if start <= AS_OF + dt.timedelta(days=62) and s.passed_ects >= 650:
            if s.passed_ects < 750 and r.random() < 0.4:  # started early, by exemption (001 L460)
                rec["decisions"].append({"kind": "exemption", "subject": "thesis_start",
                                         "date": min(AS_OF, start - dt.timedelta(days=20)),
                                         "note": "Board of Exemptions"})
            _project(s, "msc_thesis", start, r.choice([300, 300, 300, 325, 350]))
    if rec.get("fee_paying"):
        rec["tuition"] = {"payments": [
            {"semester": f"{kind}-{y}", "paid": (dt.date(y, 6, 1) if kind == "autumn" else dt.date(y - 1, 12, 1))
             + dt.timedelta(days=r.choice([-40, -20, -5, -1, 0, 0, 1, 3]))}
            for kind, y, first, _ in (_semester(admitted, i) for i in range(k + 1)) if first < AS_OF]}
        s.tags.append("fee-paying")
    if r.random() < 0.05:
        nxt = _semester(AS_OF, 1)
        rec["leave_requests"].append({"kind": r.choice(["right", "special", "without_reason"]),
                                      "from": nxt[2], "to": nxt[3]})
    if s.failed_out and r.random() < 0.5 and "withdrawal" not in rec:
        rec["disenrolment"] = {"date": min(AS_OF, max(e["date"] for e in rec["exams"] if "date" in e)
                                           + dt.timedelta(days=60)), "reason": "attempts_exhausted"}
        s.tags.append("disenrolled")
    rec["exams"].sort(key=lambda e: (e["term"], e["course"]))
    rec["course_registrations"].sort(key=lambda c: (_period_start(c["period"]), c["course"]))
    head = f"# {rec['id']}: generated (seed {seed}); {prog}, admitted {admitted}; " \
           f"{', '.join(sorted(set(s.tags))) or 'ordinary'}\n"
    return head, {key: rec[key] for key in ORDER if key in rec and rec[key] != []}


_TEXT: dict[tuple[type, Any], str] = {}  # scalars repeat (courses, codes, dates): format each once


def _scalar(v: Any) -> str:
    t = type(v)
    if t is dict:
        return "{" + ", ".join([f"{k}: {_scalar(x)}" for k, x in v.items()]) + "}"
    if t is list:
        return "[" + ", ".join([_scalar(x) for x in v]) + "]"
    key = (t, v)
    out = _TEXT.get(key)
    if out is None:
        if t is bool:
            out = "true" if v else "false"
        elif t is float:
            out = _ects_text(round(v * 10))
        elif t is int or t is dt.date:
            out = str(v)
        else:
            text = str(v)
            bare = _BARE.match(text) and text.lower() not in _YAML_WORDS
            out = text if bare else json.dumps(text, ensure_ascii=False)
        _TEXT[key] = out
    return out


def to_yaml(head: str, rec: dict[str, Any]) -> str:
    """Hand-formatted YAML in the style of the bundled students (flow entries, quoted numbers)."""
    out = [head]
    for key, value in rec.items():
        if isinstance(value, list):
            out.append(f"{key}:\n" + "".join(f"  - {_scalar(x)}\n" for x in value))
        elif isinstance(value, dict) and key == "tuition":
            out.append(f"{key}:\n" + "".join(f"  {k}:\n" + "".join(f"    - {_scalar(x)}\n" for x in xs)
                                              for k, xs in value.items()))
        else:
            out.append(f"{key}: {_scalar(value)}\n")
    return "".join(out)


def student_text(seed: int, index: int, programme: str | None = None) -> str:
    """The YAML text of generated student `index` (1-based) of cohort `seed`."""
    return to_yaml(*_student(catalogue(), seed, index, programme))


def generate(n: int, seed: int, out_dir: Path | str, programme: str | None = None) -> list[Path]:
    """Write n student files into out_dir atomically; return their paths in id order.

    A new out_dir is filled in a temporary sibling directory and renamed into place; into an existing
    one each file is written to a temporary name and renamed.
    """
    if programme is not None and programme not in PROGRAMMES:
        raise ValueError(f"unknown programme {programme!r}; expected one of {', '.join(PROGRAMMES)}")
    out = Path(out_dir)
    fresh = not out.exists()
    out.parent.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent)) if fresh else out
    names = []
    try:
        for i in range(1, n + 1):
            name = f"g{i:06d}.yaml"
            tmp = target / (name if fresh else f".{name}.tmp")
            tmp.write_text(student_text(seed, i, programme), encoding="utf-8")
            if not fresh:
                os.replace(tmp, out / name)
            names.append(name)
        if fresh:
            target.rename(out)
    except BaseException:
        if fresh:
            shutil.rmtree(target, ignore_errors=True)
        raise
    return [out / name for name in names]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pyrules.generate", description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, required=True, help="how many students")
    ap.add_argument("--seed", type=int, default=0, help="the cohort's seed (same seed, same files)")
    ap.add_argument("--out", type=Path, required=True, help="the folder to write the files into")
    ap.add_argument("--programme", choices=PROGRAMMES, help="only this programme (default: both)")
    args = ap.parse_args(argv)
    if args.students < 0:
        ap.error("--students must be >= 0")
    paths = generate(args.students, args.seed, args.out, args.programme)
    print(f"wrote {len(paths)} students to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
