"""The `pyrules` command line: a thin layer over the engine API.

Exit codes: 0 answered, 2 bad input (with a file:line message), 1 internal error.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .core import batch
from .core.engine import Engine, EngineError
from .core.kb import KBError, default_kb
from .core.students import FactsError, Problem, Student, duplicate_ids, load_student, student_files
from .core.values import escape, parse_date
from .core.yamlsource import YamlError, load_yaml
from .maintain.lint import lint, relative
from .maintain.mapping import write_mapping
from .paths import MAPPING, STUDENTS_DIR

STUDENTS = STUDENTS_DIR


class UsageError(Exception):
    """Bad input on the command line (exit 2)."""


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return parse_date(text)
    except ValueError as err:
        raise UsageError(f"--on: expected a date YYYY-MM-DD; got {text!r}"
                         + (f" ({err})" if "outside" in str(err) else "")) from None


def resolve_student(ref: str, engine: Engine) -> Student:
    """A student file path, or the id of a bundled student (kb/facts/students/<id>.yaml).

    Looked up by id, the file's id must be that id and no other bundled file may hold it."""
    path = Path(ref)
    if path.is_file():
        return load_student(path, engine.courses)
    candidate = STUDENTS / f"{ref}.yaml"
    if not candidate.is_file():
        raise UsageError(f"no student file {ref!r} and no bundled student with that id "
                         f"(see {relative(str(STUDENTS), Path.cwd())})")
    student = load_student(candidate, engine.courses)
    if student.id != ref:
        raise FactsError([Problem(student.file, student.line_of(("id",)), "id",
                                  f"the file of student {ref} holds id {student.id!r}; "
                                  "a file's id must match its name")])
    duplicates = duplicate_ids(_ids(student_files(STUDENTS))).get(student.file)
    if duplicates:
        raise FactsError(duplicates)
    return student


def _ids(paths: Sequence[Path]) -> list[tuple[str, str]]:
    """(file, id) of each file whose id can be read (bad files are reported elsewhere)."""
    out = []
    for p in paths:
        try:
            data = load_yaml(p).data
        except YamlError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            out.append((str(p), data["id"]))
    return out


def _flag_duplicates(outcomes: list[batch.StudentOutcome]) -> None:
    """Two files holding one id: both become error rows naming each other."""
    duplicates = duplicate_ids((o.file, o.student) for o in outcomes if not o.error)
    for o in outcomes:
        if o.file in duplicates and not o.error:
            o.error = "\n".join(str(p) for p in duplicates[o.file])
            o.conclusions, o.rules_fired = [], []


def student_paths(refs: Sequence[str]) -> list[Path]:
    paths: list[Path] = []
    for ref in refs:
        p = Path(ref)
        if p.is_dir():
            paths += student_files(p)
        elif p.is_file():
            paths.append(p)
        else:
            raise UsageError(f"{ref}: no such file or folder")
    if not paths:
        raise UsageError("no student files (*.yaml) found")
    return paths


class Interrupted(Exception):
    """SIGTERM or Ctrl-C during a check."""


def _stop(signum: int, _frame: Any) -> None:
    raise Interrupted(signum)


def cmd_check(args: argparse.Namespace) -> int:
    on = _date(args.on)
    paths = student_paths(args.paths or [str(STUDENTS)])
    show_progress = sys.stderr.isatty() and len(paths) > 20

    def progress(done: int, total: int) -> None:
        if show_progress:
            width = 30
            filled = width * done // total
            print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="",
                  file=sys.stderr, flush=True)

    # SIGTERM and Ctrl-C stop the pool (its workers end with it) and write nothing: the output is
    # written at the end in one piece (to --out through a temporary file renamed into place).
    outcomes: list[batch.StudentOutcome] = []
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    workers = args.workers
    if args.engine == "prolog":  # one Prolog instance, in this process
        from .core.prolog.engine import shared_prolog_engine

        batch._engine = shared_prolog_engine
        workers = 1
    results = batch.evaluate_files(paths, on, workers=workers, progress=progress)
    try:
        for outcome in results:
            outcomes.append(outcome)
    except (Interrupted, KeyboardInterrupt) as err:
        results.close()
        if show_progress:
            print(file=sys.stderr)
        print(f"interrupted: {len(outcomes)} of {len(paths)} students checked; no output written",
              file=sys.stderr)
        signum = err.args[0] if isinstance(err, Interrupted) else signal.SIGINT
        return 128 + int(signum)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if show_progress:
        print(file=sys.stderr)
    _flag_duplicates(outcomes)
    for o in outcomes:
        if o.error:
            print(escape(o.error), file=sys.stderr)
    outcomes.sort(key=lambda o: (not o.error, not o.conflicts, o.student or o.file, o.file))
    text = check_report(outcomes, on, args.format)
    if args.out:
        out = Path(args.out)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 2 if any(o.error for o in outcomes) else 0


def check_report(outcomes: list[batch.StudentOutcome], on: dt.date, fmt: str) -> str:
    """The check's output as one text: JSON, CSV or a table."""
    buf = io.StringIO()
    if fmt == "json":
        json.dump({"on": on.isoformat(), "students": [
            {"file": o.file, "student": o.student, "programme": o.programme, "error": o.error,
             "conflicts": o.conflicts,
             "conclusions": [{"predicate": p, "values": list(a)} for p, a in o.conclusions],
             "rules": o.rules_fired} for o in outcomes]}, buf, indent=2, ensure_ascii=False)
        buf.write("\n")
    elif fmt == "csv":
        w = csv.writer(buf)
        w.writerow(["student", "predicate", "values", "error"])
        for o in outcomes:
            if o.error:
                w.writerow([escape(o.student), "", "", escape(o.error)])
                continue
            for p, a in o.conclusions:
                w.writerow([escape(o.student), p, escape(";".join(a)), ""])
    else:
        buf.write(f"{len(outcomes)} students, as of {on}\n")
        for o in outcomes:
            if o.error:
                buf.write(f"  ERROR  {escape(o.error)}\n")
                continue
            status = "CONFLICT" if o.conflicts else "ok"
            buf.write(f"  {escape(o.student):<8} {o.programme:<26} {status:<8} "
                      f"{len(o.conclusions)} conclusions\n")
            for c in o.conflicts:
                buf.write(f"           ! {escape(c)}\n")
    return buf.getvalue()


def cmd_ask(args: argparse.Namespace) -> int:
    """One question in plain English or Danish (or a public predicate name) about one student:
    a session over that one student, asked one line."""
    from .ask import COMMAND_KINDS, Session, explain_answer
    from .ask.session import NothingToExplain
    from .core.text import Text
    from .explain import Step, WhyNot, render, to_dict

    engine = Engine()
    if args.engine == "prolog":
        if args.explain:
            raise UsageError("--explain needs clingo's provenance: use it with --engine clingo")
        from .core.prolog.engine import shared_prolog_engine

        engine = shared_prolog_engine()
    student = resolve_student(args.student, engine)
    session = Session(engine, {student.id: student}, _date(args.on))
    session.current = student.id
    text = args.question.strip()
    name = text.lstrip("?").strip().split("(")[0].strip()
    if text.startswith("?") or any(p[0] == name for p in engine.vocabulary):
        return _ask_raw(session, text.lstrip("?"), args)
    q = session.parse(text)
    if q.kind in COMMAND_KINDS:
        raise UsageError(f"{text!r}: why, why not, what if, as of, undo and reset belong to the REPL "
                         "(pyrules repl); use --explain and --on with ask")
    if q.student and q.student != student.id and q.error.startswith("unknown student"):
        raise UsageError(f"the question names {q.student} but the student given is {student.id}")
    a = session.answer(q).answer
    if a is None or a.status == "invalid":
        raise UsageError(f"{text!r}: {a.text('en') if a else q.error}")
    lang = args.lang or q.lang
    explanation: list[Step | WhyNot | str] = []
    if args.explain:
        try:
            explanation = [e.get(lang) if isinstance(e, Text) else e for e in explain_answer(a, None, engine)]
        except NothingToExplain as err:
            explanation = [err.text.get(lang)]
    if args.json:
        out: dict[str, object] = {**a.to_dict(lang), "question": text}
        if args.explain:
            out["explanation"] = [e if isinstance(e, str) else to_dict(e, lang) for e in explanation]
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(escape(a.text(lang)))
    if a.rules:
        print(f"rules: {', '.join(a.rules)}")
    if args.explain:
        print(escape("\n".join(e if isinstance(e, str) else render(e, lang=lang) for e in explanation)))
    return 0


def _ask_raw(session: Any, query: str, args: argparse.Namespace) -> int:
    reply = session.raw(query.strip())
    if reply.style == "error":
        raise UsageError(reply.text)
    if args.json:
        json.dump({"student": session.current, "question": args.question, "on": session.date.isoformat(),
                   "answer": reply.text, "rows": [list(r) for r in reply.rows], "rules": []},
                  sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print(escape(reply.text))
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    problems = lint(default_kb())
    for p in problems:
        print(f"{relative(p.file, Path.cwd())}:{p.line}: {p.message}")
    kb = default_kb()
    from .maintain.lint import text_problems

    warnings = [w for w in text_problems(kb) if w not in problems]
    for w in warnings:
        print(f"{relative(w.file, Path.cwd())}:{w.line}: warning: {w.message}")
    print(f"lint: {len(kb.rules)} rules in {len(kb.files)} files, {len(problems)} problems, "
          f"{len(warnings)} warnings", file=sys.stderr)
    return 1 if problems else 0


def cmd_docs(args: argparse.Namespace) -> int:
    changed = write_mapping(default_kb())
    print(f"{relative(str(MAPPING), Path.cwd())}: {'regenerated' if changed else 'up to date'}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from .maintain.audit import AuditError, write_site

    try:
        index = write_site(Path(args.out), default_kb())
    except AuditError as err:
        raise UsageError(str(err)) from None
    print(f"audit site written: {index}")
    return 0


def cmd_impact(args: argparse.Namespace) -> int:
    """Which students' public conclusions the working KB changes against a git revision."""
    from .maintain.impact import impact

    on = _date(args.on)
    results = impact(student_paths(args.paths or [str(STUDENTS)]), on, base=args.base)
    changed = [r for r in results if r.changed]
    print(f"{len(changed)} of {len(results)} students change against {args.base}, as of {on}")
    for r in changed:
        print(f"  {escape(r.student or r.file)}")
        if r.error:
            print(f"    ERROR {escape(r.error)}")
        for atom in r.lost:
            print(f"    - {atom}")
        for atom in r.gained:
            print(f"    + {atom}")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .maintain.generate import generate

    if args.students < 0:
        raise UsageError("--students must be >= 0")
    generate(args.students, args.seed, Path(args.out), args.programme)
    print(f"wrote {args.students} students to {args.out}", file=sys.stderr)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """The REPL over the bundled students: interactive on a terminal, line by line when piped."""
    from repl.app import main as repl_main

    return repl_main(None, _date(args.on) if args.on else None, args.lang)


def cmd_repl(args: argparse.Namespace) -> int:
    """The REPL over a folder or file of students (default: the bundled students)."""
    from repl.app import main as repl_main

    paths = [Path(p) for p in args.paths] if args.paths else None
    for p in paths or []:
        if not p.exists():
            raise UsageError(f"{p}: no such file or folder")
    return repl_main(paths, _date(args.on) if args.on else None, args.lang)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pyrules", description="DTU's study rules as executable, "
                                "explainable law.")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("run", help="the REPL over the bundled example students (answers piped lines)")
    s.add_argument("--on", help="evaluation date YYYY-MM-DD (default: today)")
    s.add_argument("--lang", choices=["en", "da"], default="en")
    s.set_defaults(func=cmd_run)

    s = sub.add_parser("repl", help="ask questions about students interactively")
    s.add_argument("paths", nargs="*", help="student files or folders (default: bundled students)")
    s.add_argument("--on", help="evaluation date YYYY-MM-DD (default: today)")
    s.add_argument("--lang", choices=["en", "da"], default="en")
    s.set_defaults(func=cmd_repl)

    s = sub.add_parser("check", help="every public conclusion for every student in a folder")
    s.add_argument("paths", nargs="*", help="student files or folders (default: bundled students)")
    s.add_argument("--on", help="evaluation date YYYY-MM-DD (default: today)")
    s.add_argument("--format", choices=["table", "json", "csv"], default="table")
    s.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: one per core)")
    s.add_argument("--out", help="write the report to this file (whole or not at all) instead of stdout")
    s.add_argument("--engine", choices=["clingo", "prolog"], default="clingo",
                   help="clingo (default) or the tabled SWI-Prolog translation (docs/prolog-engine.md)")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("ask", help="ask one question about one student")
    s.add_argument("student", help="a student file or a bundled student id")
    s.add_argument("question", help="a question in English or Danish (\"can s1001 start the thesis?\") "
                   "or a public predicate, e.g. attempts_left")
    s.add_argument("--on", help="evaluation date YYYY-MM-DD (default: today)")
    s.add_argument("--lang", choices=["en", "da"], default=None, help="answer language (default: as asked)")
    s.add_argument("--json", action="store_true")
    s.add_argument("--explain", action="store_true", help="add why (or why not) to the answer")
    s.add_argument("--engine", choices=["clingo", "prolog"], default="clingo",
                   help="clingo (default) or the tabled SWI-Prolog translation (docs/prolog-engine.md)")
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("lint", help="check the KB: annotations, quotes, vocabulary, stratification")
    s.set_defaults(func=cmd_lint)

    s = sub.add_parser("docs", help="regenerate docs/rule-mapping.md from the KB")
    s.set_defaults(func=cmd_docs)

    s = sub.add_parser("impact", help="students whose conclusions a KB change alters (vs a git revision)")
    s.add_argument("paths", nargs="*", help="student files or folders (default: bundled students)")
    s.add_argument("--base", default="HEAD", help="the git revision to compare with (default: HEAD)")
    s.add_argument("--on", help="evaluation date YYYY-MM-DD (default: today)")
    s.set_defaults(func=cmd_impact)

    s = sub.add_parser("generate", help="write a synthetic cohort of student files (benchmarks, regression)")
    s.add_argument("--students", type=int, required=True, help="how many students")
    s.add_argument("--seed", type=int, default=0, help="the cohort's seed (same seed, same files)")
    s.add_argument("--out", required=True, help="the folder to write the files into")
    s.add_argument("--programme", choices=["msc_engineering_physics", "beng_process_innovation"],
                   help="only this programme (default: both)")
    s.set_defaults(func=cmd_generate)

    s = sub.add_parser("audit", help="write the audit site (regulation text beside its rules)")
    s.add_argument("--out", required=True, help="folder to write the static HTML site to")
    s.set_defaults(func=cmd_audit)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (FactsError, UsageError) as err:
        print(escape(f"error: {err}" if isinstance(err, UsageError) else str(err)), file=sys.stderr)
        return 2
    except (EngineError, KBError) as err:
        if args.debug:
            raise
        print(f"internal error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 - the last line of defence for users
        if args.debug:
            raise
        print(f"internal error: {type(err).__name__}: {err} (run with --debug for details)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
