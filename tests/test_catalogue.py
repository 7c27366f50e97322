"""Checks of the static catalogue and programme facts (kb/facts) against the regulation texts."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import clingo
import clingo.ast
import pytest

ROOT = Path(__file__).resolve().parents[1]
FACTS = ROOT / "kb" / "facts"
SOURCES = ROOT / "kb" / "sources"
FACT_FILES = ["catalogue.lp", "programme_msc_engineering_physics.lp", "programme_beng_process_innovation.lp"]
T001 = "001_5730cd345873c726.txt"
T003 = "003_1a8c80e4982e6279.txt"
MSC = "msc_engineering_physics"
BENG = "beng_process_innovation"
COHORTS = ["k2024", "k2023", "k2022", "k2021", "kpre2021"]
VERSIONS = ["v2022", "v2021", "v2020", "vpre2020"]
LEVELS = {"msc", "bsc", "beng", "phd", "unknown"}
PERIODS = {"autumn", "spring", "january", "june", "july", "august"}
LISTING = re.compile(r"^(\d{5}) (.+?) (\d+(?:[.,]\d+)?) point(?: (.*))?$")


# --- loading ---------------------------------------------------------------------------------

def _value(sym: clingo.Symbol):
    if sym.type == clingo.SymbolType.String:
        return sym.string
    if sym.type == clingo.SymbolType.Number:
        return sym.number
    if not sym.arguments:
        return sym.name
    return (sym.name, tuple(_value(a) for a in sym.arguments))


@cache
def facts() -> dict[str, set[tuple]]:
    """All atoms of the three files, by predicate name/arity, as tuples of Python values."""
    ctl = clingo.Control(["--warn=none"])
    for name in FACT_FILES:
        ctl.load(str(FACTS / name))
    ctl.ground([("base", [])])
    out: dict[str, set[tuple]] = defaultdict(set)
    with ctl.solve(yield_=True) as handle:
        models = list(handle)
        assert len(models) == 1
        for sym in models[0].symbols(atoms=True):
            out[f"{sym.name}/{len(sym.arguments)}"].add(tuple(_value(a) for a in sym.arguments))
    return out


@cache
def source_lines(name: str) -> list[str]:
    return (SOURCES / name).read_text(encoding="utf-8").split("\n")


def listings(name: str, first: int, last: int) -> list[tuple[int, str, str, int, str]]:
    """The course lines "NNNNN Title E point Schedule" of a text between two lines (inclusive)."""
    rows = []
    for n in range(first, last + 1):
        m = LISTING.match(source_lines(name)[n - 1].strip())
        if m:
            e10 = round(float(m.group(3).replace(",", ".")) * 10)
            rows.append((n, m.group(1), m.group(2), e10, m.group(4) or ""))
    return rows


def numbers(name: str, first: int, last: int) -> set[str]:
    return {row[1] for row in listings(name, first, last)}


def ects() -> dict[str, int]:
    return {c: e for c, _t, e, _l in facts()["course/4"]}


# --- the files themselves --------------------------------------------------------------------

@pytest.mark.parametrize("name", FACT_FILES)
def test_file_contains_only_facts(name):
    path = FACTS / name
    text = path.read_text(encoding="utf-8")
    assert "#include" not in text
    bad = []

    def check(stm):
        if stm.ast_type in (clingo.ast.ASTType.Program, clingo.ast.ASTType.Comment):
            return
        if stm.ast_type != clingo.ast.ASTType.Rule or len(stm.body) != 0:
            bad.append(str(stm))

    clingo.ast.parse_files([str(path)], check)
    assert bad == []


def _blocks(name: str):
    """Yield (annotations, first fact line number, facts) per block of facts in a file."""
    ann: dict[str, str] = {}
    block_facts: list[str] = []
    start = 0
    lines = (FACTS / name).read_text(encoding="utf-8").split("\n")
    for i, raw in enumerate(lines + [""], 1):
        s = raw.strip()
        if s.startswith("%@"):
            if block_facts:
                yield ann, start, block_facts
                ann, block_facts = {}, []
            key, _, value = s[2:].partition(" ")
            ann[key] = value.strip()
        elif not s or s.startswith("%"):
            if block_facts and not s:
                yield ann, start, block_facts
                ann, block_facts = {}, []
        else:
            if not block_facts:
                start = i
            block_facts.append(s)


@pytest.mark.parametrize("name", FACT_FILES)
def test_every_block_is_annotated_and_quotes_are_verbatim(name):
    for ann, line_no, _ in _blocks(name):
        where = f"{name}:{line_no}"
        assert {"facts", "source", "quote"} <= ann.keys(), where
        src, section, rng = (part.strip() for part in ann["source"].split("|"))
        assert src in (T001, T003), where
        assert section, where
        m = re.fullmatch(r"L(\d+)-L?(\d+)", rng)
        assert m, where
        first, last = int(m.group(1)), int(m.group(2))
        assert 1 <= first <= last <= len(source_lines(src)), where
        quote = ann["quote"]
        assert quote.startswith('"') and quote.endswith('"'), where
        text = " ".join(" ".join(source_lines(src)[first - 1:last]).split())
        assert " ".join(quote[1:-1].split()) in text, f"{where}: quote not in {src} L{first}-{last}"


def test_block_ids_are_unique():
    ids = [ann["facts"] for name in FACT_FILES for ann, _, _ in _blocks(name)]
    assert len(ids) == len(set(ids))


# --- the catalogue ---------------------------------------------------------------------------

def test_each_course_number_is_defined_exactly_once():
    text = (FACTS / "catalogue.lp").read_text(encoding="utf-8")
    written = re.findall(r'^course\("(\d{5})"', text, flags=re.M)
    assert len(written) == len(set(written))
    per_number = defaultdict(list)
    for row in facts()["course/4"]:
        per_number[row[0]].append(row)
    assert {c for c, rows in per_number.items() if len(rows) > 1} == set()
    assert set(written) == set(per_number)


def test_every_course_has_positive_ects_a_level_and_a_five_digit_number():
    for c, title, e, level in facts()["course/4"]:
        assert re.fullmatch(r"\d{5}", c), c
        assert isinstance(e, int) and e > 0 and e % 25 == 0, c
        assert level in LEVELS, c
        assert isinstance(title, str), c


def test_every_course_number_of_the_two_texts_is_in_the_catalogue():
    tokens = set()
    for name in (T001, T003):
        for line in source_lines(name):
            tokens |= set(re.findall(r"(?<![\d.,])\d{5}(?![\d.,])", line))
    # 003 L326 "46048 Physical computing" is read as 62048 (docs/catalogue.md).
    assert "46048" in tokens and "62048" in tokens
    assert {row[0] for row in facts()["course/4"]} == tokens - {"46048"}


def test_titles_and_ects_match_a_listing_line_of_the_texts():
    listed = defaultdict(set)
    for name in (T001, T003):
        for _n, c, title, e, _s in listings(name, 1, len(source_lines(name))):
            listed[c].add((title, e))
    assumed = {row[0] for row in facts()["ects_assumed/1"]}
    for c, title, e, _level in facts()["course/4"]:
        if c in listed:
            assert (title, e) in listed[c], c
            assert c not in assumed, c
        else:
            assert c in assumed, f"{c} has no listing line, so its ECTS must be marked ects_assumed"
    titles = {c: t for c, t, _e, _l in facts()["course/4"]}
    lines = [" ".join(line.split()) for line in source_lines(T001) + source_lines(T003)]
    for c, title in facts()["alt_title/2"]:
        assert title != titles[c], c
        assert any(c in line and title in line for line in lines), c


PERIOD_CODES = [  # schedule word or code in the texts -> teaching period (001 L653-657)
    (r"\bE\d|\bAutumn\b|\bEfterår\b", "autumn"), (r"\bF\d|\bSpring\b", "spring"),
    (r"\bJanuary?\b", "january"), (r"\bJun[ei]\b", "june"), (r"\bJuly\b", "july"), (r"\bAugust\b", "august"),
]


def _periods(schedule: str) -> set[str]:
    return {period for rx, period in PERIOD_CODES if re.search(rx, schedule)}


def test_offered_periods_are_those_of_the_listing_lines():
    expected = defaultdict(set)
    for name in (T001, T003):
        for _n, c, _t, _e, schedule in listings(name, 1, len(source_lines(name))):
            expected[c] |= _periods(schedule)
    expected["01920"] = {"autumn"}  # 003 L316 "udbydes for sidste gang efteråret 2024"
    got = defaultdict(set)
    for c, p in facts()["offered/2"]:
        assert p in PERIODS
        got[c].add(p)
    for c, *_ in facts()["course/4"]:
        assert got[c] == expected[c], c


REFERENCING = {
    "offered/2": [0], "alt_title/2": [0], "ects_assumed/1": [0], "discontinued/2": [0],
    "course_version/2": [0, 1], "inferred_version/2": [0, 1], "general_engineering/1": [0],
    "in_group/4": [3], "admission_course/3": [2], "plan/4": [3], "plan_choice/5": [4],
    "replaced_by/4": [2, 3], "preapproved_elective/3": [2], "course_replaced_by/3": [0, 1],
}


@pytest.mark.parametrize("pred", sorted(REFERENCING))
def test_every_referenced_course_is_in_the_catalogue(pred):
    known = set(ects())
    rows = facts()[pred]
    assert rows, pred
    missing = {row[i] for row in rows for i in REFERENCING[pred]} - known
    assert missing == set()


def test_a_replaced_course_is_discontinued_and_its_replacement_is_in_its_cohorts_plans():
    # course_replaced_by/3 is dated by discontinued/2; the text's replacements (003 L316, L320) are
    # also the cohorts' plan replacements (replaced_by/4).
    f = facts()
    gone = {c for c, _d in f["discontinued/2"]}
    plan = {(old, new) for _p, _k, old, new in f["replaced_by/4"]}
    for old, new, identity in f["course_replaced_by/3"]:
        assert old in gone and identity in ("identical", "not_stated"), old
        assert (old, new) in plan, (old, new)
    assert {(o, n) for o, n, _i in f["course_replaced_by/3"]} == {("01920", "01922"), ("62669", "62670")}


@pytest.mark.parametrize("pred", ["course_version/2", "inferred_version/2"])
def test_version_pairs_are_stored_once_in_order_and_do_not_overlap(pred):
    for a, b in facts()[pred]:
        assert a < b
    assert not facts()["course_version/2"] & facts()["inferred_version/2"]


@pytest.mark.parametrize("number, title, e, level", [
    ("01911", "Matematisk Analyse og Modellering", 50, "beng"),           # 003 L170
    ("62001", "Innovation, Design og Procesfacilitering", 150, "beng"),  # 003 L172
    ("62030", "Fra ide til checkout (3.semester PI-projekt)", 150, "beng"),  # 003 L187
    ("62048", "Physical Computing", 100, "beng"),                       # 003 L194
    ("62046", "Physical Computing", 50, "beng"),                        # 003 L259
    ("12772", "Livscyklusvurdering af produkter og systemer", 100, "msc"),  # 003 L279, L373, L377
    ("42504", "Innovation in Engineering (Polytechnical Foundation)", 50, "msc"),  # 001 L286
    ("10315", "Magnetism and Magnetic Materials - with project", 100, "msc"),  # 001 L336
    ("42490", "Technology, management, organisation and Business models (TEMO)", 100, "msc"),  # 001 L413
    ("10036", "Electromagnetism for physicists", 100, "bsc"),           # 001 L88
    ("47209", "3D imaging, analysis and modelling", 50, "bsc"),         # 001 L372, 003 L348
    ("01920", "BasisMat 2", 50, "beng"),                                # 003 L316 (ECTS assumed)
])
def test_spot_check_courses(number, title, e, level):
    assert (number, title, e, level) in facts()["course/4"]


def test_spot_check_periods_and_flags():
    f = facts()
    assert {p for c, p in f["offered/2"] if c == "34043"} == {"spring", "autumn"}   # 001 L358
    assert {p for c, p in f["offered/2"] if c == "62041"} == {"spring", "june"}     # 003 L193
    assert {p for c, p in f["offered/2"] if c == "62990"} == set()                 # 003 L204
    assert {c for (c,) in f["ects_assumed/1"]} == {"01920", "62669", "62040", "62043"}
    assert ("22650", "22651") in f["course_version/2"]                             # 001 L419-420
    assert ("42500", "42501") in f["course_version/2"]
    assert ("12772", "42372") in f["inferred_version/2"]
    assert {c for (c,) in f["general_engineering/1"]} == numbers(T001, 275, 296)
    assert ("62051", 19967) in f["discontinued/2"]                                  # 003 L272


# --- MSc Engineering Physics -----------------------------------------------------------------

def test_msc_totals_and_thesis():
    f = facts()
    assert (MSC, 1200) in f["programme_total/2"]
    assert (MSC, 300) in f["thesis_min/2"]
    assert {e for p, e in f["thesis_size/2"] if p == MSC} == {300, 325, 350}


def test_msc_curriculum_versions_cover_admissions_before_september_2023():
    rows = sorted((a, b, v) for p, v, a, b in facts()["curriculum_applies/4"] if p == MSC)
    assert [v for _, _, v in rows] == list(reversed(VERSIONS))
    assert rows[0][0] == 0 and rows[-1][1] == 19600          # last day: 2023-08-31
    for (_, end, _), (start, _, _) in zip(rows, rows[1:], strict=False):
        assert start == end + 1
    assert [a for a, _, _ in rows[1:]] == [18506, 18871, 19236]  # 1 Sep 2020, 2021, 2022


# group -> [(text line range, versions it applies to)], read off 001 L272-449
MSC_GROUPS = {
    "gc_a_innovation": [((277, 280), VERSIONS)],
    "gc_a_iie": [((282, 288), VERSIONS)],
    "gc_a_iie_alternative": [((290, 296), VERSIONS)],
    "gc_b": [((298, 310), VERSIONS)],
    "gc_c": [((312, 318), VERSIONS)],
    "gc_d": [((320, 329), VERSIONS)],
    "technological_specialisation": [((331, 375), VERSIONS), ((383, 388), VERSIONS),
                                     ((415, 421), ["v2020", "vpre2020"]), ((430, 449), ["vpre2020"])],
    "gc_legacy": [((392, 399), ["v2021", "v2020", "vpre2020"]), ((401, 413), ["v2020", "vpre2020"]),
                  ((423, 428), ["vpre2020"])],
}
# the number of courses the text lists per group (v2022 = the current curriculum plus L383-388)
MSC_COUNTS = {
    ("v2022", "gc_a_innovation"): 2, ("v2022", "gc_a_iie"): 3, ("v2022", "gc_a_iie_alternative"): 3,
    ("v2022", "gc_b"): 9, ("v2022", "gc_c"): 5, ("v2022", "gc_d"): 8,
    ("v2022", "technological_specialisation"): 42 + 4, ("v2021", "technological_specialisation"): 46,
    ("v2020", "technological_specialisation"): 46 + 5,
    ("vpre2020", "technological_specialisation"): 51 + 18 - 3,  # 10850, 34051, 47325 already counted
    ("v2022", "gc_legacy"): 0, ("v2021", "gc_legacy"): 6, ("v2020", "gc_legacy"): 6 + 11,
    ("vpre2020", "gc_legacy"): 17 + 4,
}


def _members(version: str, group: str) -> set[str]:
    return {c for p, v, g, c in facts()["in_group/4"] if p == MSC and v == version and g == group}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("group", sorted(MSC_GROUPS))
def test_msc_group_lists_match_the_text(version, group):
    expected = set()
    for (a, b), versions in MSC_GROUPS[group]:
        if version in versions:
            expected |= numbers(T001, a, b)
    assert _members(version, group) == expected


@pytest.mark.parametrize("key, count", sorted(MSC_COUNTS.items()))
def test_msc_group_counts(key, count):
    assert len(_members(*key)) == count


def test_msc_groups_are_known():
    groups = {g for p, _v, g, _c in facts()["in_group/4"] if p == MSC}
    assert groups == set(MSC_GROUPS)


@pytest.mark.parametrize("version", VERSIONS)
def test_msc_group_requirements_add_up(version):
    req = {g: e for p, v, g, e in facts()["group_requirement/4"] if p == MSC and v == version}
    parts = defaultdict(set)
    for p, v, sub, grp in facts()["group_part/4"]:
        if p == MSC and v == version:
            parts[grp].add(sub)
    assert parts["general_competence"] >= {"gc_a", "gc_b", "gc_c", "gc_d"}
    # the four groups A-D together are exactly the 30 ECTS of general competence courses (L249, L275-320)
    assert sum(req[g] for g in ("gc_a", "gc_b", "gc_c", "gc_d")) == req["general_competence"] == 300
    assert req["technological_specialisation"] == 300
    assert req["gc_a_innovation"] + req.get("gc_a_iie", 0) <= req["gc_a"]
    total = dict(((p, e) for p, e in facts()["programme_total/2"]))[MSC]
    thesis = dict(((p, e) for p, e in facts()["thesis_min/2"]))[MSC]
    assert req["general_competence"] + req["technological_specialisation"] + thesis <= total
    # Innovation in Engineering is compulsory only from September 2022 (001 L390)
    assert ("gc_a_iie" in req) == (version == "v2022")


# --- BEng Proces og Innovation ---------------------------------------------------------------

def test_beng_cohorts_are_contiguous_from_2014():
    rows = sorted((a, b, k) for p, k, a, b in facts()["cohort/4"] if p == BENG)
    assert [k for _, _, k in rows] == list(reversed(COHORTS))
    assert rows[0][0] == 16314 and rows[-1][1] == 99999      # 2014-09-01 .. open
    for (_, end, _), (start, _, _) in zip(rows, rows[1:], strict=False):
        assert start == end + 1
    assert [a for a, _, _ in rows[1:]] == [18871, 19236, 19601, 19967]


def semester_totals(f: dict[str, set[tuple]], cohort: str, semester: int) -> set[int]:
    """Every possible ECTS total of a semester: mandatory courses + one alternative per choice slot
    + electives + projects (internship, BEng project)."""
    e = {c: x for c, _t, x, _l in f["course/4"]}
    fixed = sum(e[c] for p, k, s, c in f["plan/4"] if (p, k, s) == (BENG, cohort, semester))
    fixed += sum(x for p, k, s, x in f["plan_elective/4"] if (p, k, s) == (BENG, cohort, semester))
    fixed += sum(x for p, k, s, _kind, x in f["plan_project/5"] if (p, k, s) == (BENG, cohort, semester))
    slots = defaultdict(list)
    for p, k, s, slot, c in f["plan_choice/5"]:
        if (p, k, s) == (BENG, cohort, semester):
            slots[slot].append(e[c])
    return {fixed + sum(combo) for combo in itertools.product(*slots.values())}


@pytest.mark.parametrize("semester", range(1, 8))
@pytest.mark.parametrize("cohort", COHORTS)
def test_beng_semester_sums_to_the_stated_ects(cohort, semester):
    stated = {e for p, k, s, e in facts()["semester_ects/4"] if (p, k, s) == (BENG, cohort, semester)}
    assert stated == {300}
    assert semester_totals(facts(), cohort, semester) == stated


def test_the_semester_check_can_fail():
    f = {k: set(v) for k, v in facts().items()}
    f["plan/4"].discard((BENG, "k2024", 2, "62024"))
    assert semester_totals(f, "k2024", 2) == {250}
    f["plan_choice/5"].add((BENG, "k2022", 4, "s4_choice", "62046"))
    assert semester_totals(f, "k2022", 4) == {300, 250}


@pytest.mark.parametrize("cohort", COHORTS)
def test_beng_cohort_plan_adds_up_to_the_programme(cohort):
    total = sum(e for p, k, _s, e in facts()["semester_ects/4"] if (p, k) == (BENG, cohort))
    assert total == dict(((p, e) for p, e in facts()["programme_total/2"]))[BENG] == 2100
    semesters = {s for p, k, s, _c in facts()["plan/4"] if (p, k) == (BENG, cohort)}
    assert semesters == {1, 2, 3, 4}


def test_beng_current_plan_is_the_text_of_studieplan():
    plan = {(s, c) for p, k, s, c in facts()["plan/4"] if (p, k) == (BENG, "k2024")}
    expected = {(s, c) for s, (a, b) in {1: (169, 173), 2: (175, 182), 3: (184, 189), 4: (191, 195)}.items()
                for c in numbers(T003, a, b)}
    assert plan == expected
    choice = {(s, c) for p, k, s, _slot, c in facts()["plan_choice/5"] if (p, k) == (BENG, "k2024")}
    assert choice == {(6, "62999"), (6, "62990")}


def test_beng_older_cohorts_first_semester_and_replacements():
    f = facts()
    for k in COHORTS[1:]:
        assert {c for p, kk, s, c in f["plan/4"] if (p, kk, s) == (BENG, k, 1)} == numbers(T003, 307, 312)
        assert (BENG, k, "01920", "01922") in f["replaced_by/4"]     # 003 L316
        assert (BENG, k, "62669", "62670") in f["replaced_by/4"]     # 003 L320
        assert (BENG, k, "62046", "62048") in f["replaced_by/4"]     # 003 L326 ("46048")
    old_pair = {(k, o) for p, k, o, n in f["replaced_by/4"] if p == BENG and n == "62041"}
    assert old_pair == {(k, o) for k in ("k2021", "kpre2021") for o in ("62040", "62043")}  # 003 L230
    pair_62048 = {k for p, k, o, n in f["replaced_by/4"] if (p, o, n) == (BENG, "62194", "62048")}
    assert pair_62048 == {"k2022", "k2021", "kpre2021"}  # 003 L270


BENG_LISTS = {"before_2021": (214, 226), "before_2022": (228, 245), "before_2023": (274, 303),
              "before_2024": (330, 338), "bachelor_level": (346, 370), "kandidat_level": (372, 389)}
BENG_LIST_COUNTS = {"before_2021": 5, "before_2022": 10, "before_2023": 25, "before_2024": 7,
                    "bachelor_level": 21, "kandidat_level": 15}


@pytest.mark.parametrize("name", sorted(BENG_LISTS))
def test_beng_elective_lists_match_the_text(name):
    got = {c for p, lst, c in facts()["preapproved_elective/3"] if (p, lst) == (BENG, name)}
    assert got == numbers(T003, *BENG_LISTS[name])
    assert len(got) == BENG_LIST_COUNTS[name]


def test_beng_elective_lists_apply_cumulatively():
    applies = defaultdict(set)
    for p, k, lst in facts()["elective_list_applies/3"]:
        if p == BENG:
            applies[k].add(lst)
    common = {"bachelor_level", "kandidat_level"}
    assert applies["k2024"] == common
    assert applies["k2023"] == common | {"before_2024"}
    assert applies["k2022"] == common | {"before_2024", "before_2023"}
    assert applies["k2021"] == common | {"before_2024", "before_2023", "before_2022"}
    assert applies["kpre2021"] == common | {"before_2024", "before_2023", "before_2022", "before_2021"}


def test_kandidat_list_courses_are_msc_level():
    levels = {c: lvl for c, _t, _e, lvl in facts()["course/4"]}
    kandidat = {c for p, lst, c in facts()["preapproved_elective/3"] if lst == "kandidat_level"}
    assert {levels[c] for c in kandidat} == {"msc"}
    plan_courses = {c for _p, _k, _s, c in facts()["plan/4"]} | {c for *_, c in facts()["plan_choice/5"]}
    assert {levels[c] for c in plan_courses} == {"beng"}
