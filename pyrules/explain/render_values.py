"""Values as a person reads them, in English and Danish: dates, ECTS, grades, terms, periods."""

from __future__ import annotations

import re
from collections.abc import Mapping

from clingo import Symbol, SymbolType

from ..core.text import Text, lang_of
from ..core.values import GRADE_TEXT, ects_text, from_day_number
from ..core.vocabulary import arg_kind
from .words import WORDS

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_DA = [m.lower() for m in ["Januar", "Februar", "Marts", "April", "Maj", "Juni", "Juli",
                                 "August", "September", "Oktober", "November", "December"]]
MONTHS = {"en": MONTHS_EN, "da": MONTHS_DA}
PERIODS = {"en": {"autumn": "autumn", "spring": "spring"}, "da": {"autumn": "efterår", "spring": "forår"}}
SEMESTER = {"en": {"autumn": "autumn semester", "spring": "spring semester"},
            "da": {"autumn": "efterårssemestret", "spring": "forårssemestret"}}
CODES = {"en": {"pass": "Pass", "fail": "Fail"}, "da": {"pass": "Bestået", "fail": "Ikke bestået"}}
NAMES = {
    "en": {"msc_engineering_physics": "MSc Engineering Physics",
           "beng_process_innovation": "BEng Process and Innovation",
           "msc_thesis": "MSc thesis", "beng_project": "BEng project", "internship": "internship"},
    "da": {"msc_engineering_physics": "kandidatuddannelsen Engineering Physics",
           "beng_process_innovation": "diplomingeniøruddannelsen Proces og Innovation",
           "msc_thesis": "kandidatspeciale", "beng_project": "diplomprojekt",
           "internship": "ingeniørpraktik"},
}
_UPPER = {"syg", "em", "ig", "ab", "ai", "sn"}



def value_text(sym: Symbol, kind: str = "value", lang: str = "en") -> str:
    """One clingo value in the given language; kind is an argument kind (vocabulary.arg_kind)."""
    if sym.type == SymbolType.Number:
        n = sym.number
        if kind == "date":
            try:
                return from_day_number(n).isoformat()
            except OverflowError:
                return str(n)
        if kind == "ects":
            return ects_text(n) if n >= 0 else "-" + ects_text(-n)
        if kind == "grade" and n in GRADE_TEXT:
            return GRADE_TEXT[n]
        return str(n)
    if sym.type == SymbolType.String:
        return sym.string
    if sym.type != SymbolType.Function:
        return str(sym)
    name, args = sym.name, sym.arguments
    nums = [a.number for a in args if a.type == SymbolType.Number]
    if name == "grade" and len(args) == 1 and nums and nums[0] in GRADE_TEXT:
        return GRADE_TEXT[nums[0]]
    if name == "term" and len(nums) == 2 and 1 <= nums[1] <= 12:
        return f"{MONTHS[lang_of(lang)][nums[1] - 1]} {nums[0]}"
    if name == "period" and len(args) == 2 and args[1].type == SymbolType.Function:
        kind_name = args[1].name
        if kind_name in ("autumn", "spring"):
            word = PERIODS[lang_of(lang)][kind_name]
        else:
            idx = [m.lower() for m in MONTHS_EN].index(kind_name) if \
                kind_name.capitalize() in MONTHS_EN else -1
            word = MONTHS[lang_of(lang)][idx] if idx >= 0 else kind_name
        return f"{word} {value_text(args[0], 'value', lang)}"
    if name == "sem" and len(args) == 2 and args[1].type == SymbolType.Function:
        return f"{SEMESTER[lang].get(args[1].name, args[1].name)} {value_text(args[0])}"
    if name == "project" and len(args) == 2:
        return f"{value_text(args[0], 'value', lang)} ({value_text(args[1], 'date', lang)})"
    if name in WORDS and len(args) == len(WORDS[name][2]):
        en, da, kinds = WORDS[name]
        return (da if lang_of(lang) == "da" else en).format(
            *(value_text(a, k, lang) for a, k in zip(args, kinds, strict=True)))
    if not args:
        if name in CODES.get(lang, {}):
            return CODES[lang][name]
        if name in _UPPER:
            return name.upper()
        return NAMES.get(lang, {}).get(name, name.replace("_", " "))
    inner = ", ".join(value_text(a, "value", lang) for a in args)
    return f"{name}({inner})" if name else f"({inner})"


def worded(sym: Symbol, kind: str = "value", prefix: str = "") -> Text:
    """One clingo value worded in each language (value_text), after a prefix such as '<= '."""
    return Text.by(lambda lang: prefix + value_text(sym, kind, lang))


def kind_of(var: str, positions: Mapping[str, str] | None = None) -> str:
    """The kind of a rule variable: from the public signature where it is a head argument,
    otherwise from its name (D1 a date, E an ECTS amount, T a term...)."""
    if positions and var in positions:
        return positions[var]
    return arg_kind(var)


_X10 = re.compile(r"\s*\((?:x10|×10)\)")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(template: str, values: Mapping[str, str], missing: str = "…") -> str:
    """Replace {Var} by its value (`missing` for a variable without one); ECTS are shown as
    decimals, so the annotation's '(x10)' is dropped."""
    return _X10.sub("", _PLACEHOLDER.sub(lambda m: values.get(m.group(1), missing), template))


def fill_meaning(meaning: str, arg_names: tuple[str, ...], values: list[str]) -> str:
    """A %@public meaning ('N exam attempts used in C') with the argument names replaced."""
    table = dict(zip(arg_names, values, strict=False))
    meaning = _X10.sub("", meaning)
    if not table:
        return meaning
    pattern = re.compile(r"(?<![\w{])(" + "|".join(re.escape(a) for a in sorted(table, key=len,
                                                                                 reverse=True))
                         + r")(?![\w}])")
    return pattern.sub(lambda m: table[m.group(1)], meaning)


OPERATORS = {
    "en": {"<=": "at most", "<": "less than", ">=": "at least", ">": "more than", "=": "equal to",
           "!=": "other than"},
    "da": {"<=": "højst", "<": "mindre end", ">=": "mindst", ">": "mere end", "=": "lig med",
           "!=": "forskellig fra"},
}


def required_text(required: str, lang: str) -> str:
    """'<= 2024-01-02' -> 'at most 2024-01-02' (the operator in words; the value is already worded
    in the language)."""
    m = re.match(r"^(<=|>=|!=|<|>|=) (.*)$", required)
    if not m:
        words = {"holds": {"en": "required", "da": "krævet"},
                 "absent": {"en": "must not hold", "da": "må ikke gælde"}}
        return words.get(required, {}).get(lang, required)
    return f"{OPERATORS[lang][m.group(1)]} {m.group(2)}"
