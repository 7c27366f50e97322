"""Questions in plain English or Danish, parsed into a typed Question (answering them: answers.py)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from .commands import BY_KIND, COMMAND_WORDS
from .kinds import BY_NAME, KINDS, Kind

MAX_LENGTH = 500


def _words(kind: str) -> str:
    """A regex alternation of a command's words, longest first."""
    c = BY_KIND[kind]
    return "|".join(re.escape(w) for w in sorted(c.en + c.da, key=len, reverse=True))


_AS_OF_COMMAND = re.compile(rf"({_words('as_of')})\s+(.+)")
_WHAT_IF = re.compile(rf"({_words('what_if')})\s+(.+)")

_DATE_LIKE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")
_COURSE = re.compile(r"(?<![\d-])\d{5}(?![\d-])")
_AS_OF = re.compile(r"\b(?:as of|as at|on|pr\.?|per|den)\s+(\d{4}-\d{1,2}-\d{1,2})\b")
_DA_TEXT = ("kan må har hvor hvornår hvad hvilke hvilken er tilbage skal ikke mangler og af fra til med om "
            "hvis nogen stadig fik bestod starte specialet eksamen få sig")
_EN_TEXT = ("can may how many when what which is has have the for in of left does did will must start "
            "thesis get take from to with by any")
_DA_WORDS, _EN_WORDS = frozenset(_DA_TEXT.split()), frozenset(_EN_TEXT.split())


@dataclass(frozen=True)
class Question:
    """A parsed question: its kind, the student and course it names, dates, and the language asked in."""

    text: str
    kind: str
    lang: str = "en"
    student: str | None = None
    course: str | None = None
    on: dt.date | None = None
    dates: tuple[dt.date, ...] = ()
    leave_kind: str | None = None
    leave_reason: str | None = None
    rest: str = ""  # the argument of a command (raw query text, what-if change)
    error: str = ""
    suggestion: str = ""


def clean(text: str) -> tuple[str, str]:
    """The text without surrounding space, and a problem message (control characters, too long)."""
    if len(text) > MAX_LENGTH:
        return "", (f"the line is too long ({len(text)} characters; at most {MAX_LENGTH}); "
                    "ask one short question at a time")
    bad = [c for c in text if unicodedata.category(c) in ("Cc", "Cf") and c not in "\t"]
    if bad:
        return "", (f"the line contains control characters ({', '.join(repr(c) for c in bad[:3])}); "
                    "type plain text, e.g. 'can s1001 start the thesis?'")
    return " ".join(text.split()), ""


def language(text: str) -> str:
    words = re.findall(r"[a-zæøå]+", text.lower())
    da = sum(w in _DA_WORDS for w in words) + 2 * bool(re.search(r"[æøå]", text.lower()))
    en = sum(w in _EN_WORDS for w in words)
    return "da" if da > en else "en"


def _student_in(text: str, known: Collection[str]) -> tuple[str | None, str]:
    """The student id a question names (a known id, or an s-number), and the text without it."""
    for token in re.findall(r"[A-Za-z][\w-]*", text):
        base = re.sub(r"('s|s)$", "", token)
        for candidate in (token, base):
            if candidate in known or candidate.lower() in known:
                return (candidate if candidate in known else candidate.lower()), text.replace(token, " <s> ")
    m = re.search(r"\b(s\d{3,})(?:'s|s)?\b", text, re.IGNORECASE)
    if m:
        return m.group(1).lower(), text[:m.start()] + " <s> " + text[m.end():]
    return None, text


def parse_command(text: str) -> Question | None:
    """why / why not / as of / what if / undo / reset / raw query, in English or Danish (commands.py)."""
    low = text.lower().rstrip("?!. ")
    for c in COMMAND_WORDS:
        if not c.args and low in c.en + c.da:
            return Question(text, c.kind, c.lang(low))
    m = _AS_OF_COMMAND.fullmatch(low)
    if m:
        lang = BY_KIND["as_of"].lang(m.group(1))
        try:
            return Question(text, "as_of", lang, on=_date(m.group(2).strip()))
        except ValueError as err:
            return Question(text, "as_of", lang, error=str(err))
    m = _WHAT_IF.fullmatch(low)
    if m:
        return Question(text, "what_if", BY_KIND["what_if"].lang(m.group(1)),
                        rest=text.strip().rstrip("?!. ")[len(m.group(1)):].strip())
    for word in BY_KIND["raw"].en:
        if word == "?" and text.startswith("?"):
            return Question(text, "raw", rest=text[1:].strip())
        if word != "?" and low.startswith(word + " "):
            return Question(text, "raw", rest=text.strip()[len(word) + 1:])
    return None


def _date(text: str) -> dt.date:
    if text in ("today", "i dag", "idag"):
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"bad date {text!r}: expected a date YYYY-MM-DD such as 2024-06-01") from None


def parse(text: str, students: Collection[str] = (), courses: Collection[str] | None = None,
          current: str | None = None) -> Question:
    """A line of text as a typed Question; problems become Question.error, never an exception."""
    line, problem = clean(text)
    if problem:
        return Question(text[:80], "invalid", error=problem)
    if not line:
        return Question("", "invalid", error="empty question; type a question such as "
                        "'can s1001 start the thesis?', or 'help'")
    command = parse_command(line)
    if command is not None:
        return command
    lang = language(line)
    low = line.lower().rstrip("?!. ")
    student, low = _student_in(low, students)
    on = None
    m = _AS_OF.search(low)
    if m and (m.group(0).startswith(("as ", "pr", "per")) or m.end() == len(low)):
        try:
            on = _date(m.group(1))
        except ValueError as err:
            return Question(line, "invalid", lang, error=str(err))
        low = low[:m.start()] + low[m.end():]
    dates: list[dt.date] = []
    for d in _DATE_LIKE.findall(low):
        try:
            dates.append(_date(d))
        except ValueError as err:
            return Question(line, "invalid", lang, error=str(err))
    low = _DATE_LIKE.sub(" <d> ", low)
    courses_named = _COURSE.findall(low)
    course = courses_named[0] if courses_named else None
    skeleton = " ".join(_COURSE.sub(" <c> ", low).split())
    kind, lang = _classify(skeleton, lang)
    if kind is None:
        return Question(line, "invalid", lang, student, course, on, tuple(dates),
                        error="I do not know that question.",
                        suggestion=suggest(skeleton, lang, student or current, course))
    if student is None:
        student = current
    if student is None:
        return Question(line, kind.name, lang, None, course, on, tuple(dates),
                        error="which student? name one (e.g. s1001) or choose one with 'student s1001'")
    if students and student not in students:
        near = difflib.get_close_matches(student, list(students), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else f" ({len(students)} students loaded: " \
            "type 'students' to list them)"
        return Question(line, kind.name, lang, student, course, on, tuple(dates),
                        error=f"unknown student {student!r}{hint}")
    if course is not None and courses is not None and course not in courses:
        return Question(line, kind.name, lang, student, course, on, tuple(dates),
                        error=f"unknown course {course!r}: not in the course catalogue")
    leave_kind = leave_reason = None
    if kind.options:
        for pattern, lk, reason in kind.options:
            if re.search(pattern, skeleton):
                leave_kind, leave_reason = lk, reason
                break
    return Question(line, kind.name, lang, student, course, on, tuple(dates), leave_kind, leave_reason)


def _classify(skeleton: str, lang: str) -> tuple[Kind | None, str]:
    first, second = ("da", "en") if lang == "da" else ("en", "da")
    for kind in KINDS:
        for lg in (first, second):
            if any(re.search(p, skeleton) for p in kind.phrasings(lg)):
                return kind, lg
    return None, lang


def examples(lang: str = "en", student: str = "s1001", course: str = "10036") -> list[str]:
    """One example question of every kind, filled in."""
    out = []
    for kind in KINDS:
        for ex in kind.examples_in(lang):
            out.append(ex.format(s=student, c=course, d="2025-02-01", d2="2025-07-31"))
    return out


def suggest(skeleton: str, lang: str = "en", student: str | None = None, course: str | None = None) -> str:
    """The known question closest to an unknown phrasing (difflib)."""
    pool = examples(lang, "<s>", "<c>") + examples("da" if lang == "en" else "en", "<s>", "<c>")
    best = difflib.get_close_matches(skeleton, pool, n=1, cutoff=0.0)
    text = best[0] if best else pool[0]
    return text.replace("<s>", student or "s1001").replace("<c>", course or "10036")


def kind_of(question: Question) -> Kind | None:
    return BY_NAME.get(question.kind)
