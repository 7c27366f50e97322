"""The `pyrules` command line: a thin layer over the engine API.

Exit codes: 0 answered, 2 bad input (with a file:line message), 1 internal error.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import batch
from .engine import Engine, EngineError
from .kb import KBError, default_kb
from .lint import lint, relative
from .mapping import MAPPING, REPO, write_mapping
from .students import FactsError, Student, load_student, student_files
from .values import parse_date
from .vocabulary import render

STUDENTS = REPO / "kb" / "facts" / "students"


class UsageError(Exception):
    """Bad input on the command line (exit 2)."""


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return parse_date(text)
    except ValueError:
        raise UsageError(f"--on: expected a date YYYY-MM-DD; got {text!r}") from None


def resolve_student(ref: str, engine: Engine) -> Student:
    """A student file path, or the id of a bundled student (kb/facts/students/<id>.yaml)."""
    path = Path(ref)
    if not path.is_file():
        candidate = STUDENTS / f"{ref}.yaml"
        if not candidate.is_file():
            raise UsageError(f"no student file {ref!r} and no bundled student with that id "
                             f"(see {relative(str(STUDENTS), Path.cwd())})")
        path = candidate
    return load_student(path, engine.courses)


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


def cmd_check(args: argparse.Namespace) -> int:
    on = _date(args.on)
    paths = student_paths(args.paths or [str(STUDENTS)])
    show_progress = sys.stderr.isatty() and len(paths) > 20 and args.format == "table"

    def progress(done: int, total: int) -> None:
        if show_progress:
            width = 30
            filled = width * done // total
            print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="",
                  file=sys.stderr, flush=True)

    outcomes = list(batch.evaluate_files(paths, on, workers=args.workers, progress=progress))
    if show_progress:
        print(file=sys.stderr)
    outcomes.sort(key=lambda o: (not o.error, not o.conflicts, o.student or o.file))
    if args.format == "json":
        json.dump({"on": on.isoformat(), "students": [
            {"file": o.file, "student": o.student, "programme": o.programme, "error": o.error,
             "conflicts": o.conflicts,
             "conclusions": [{"predicate": p, "values": list(a)} for p, a in o.conclusions],
             "rules": o.rules_fired} for o in outcomes]}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif args.format == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(["student", "predicate", "values", "error"])
        for o in outcomes:
            if o.error:
                w.writerow([o.student, "", "", o.error])
            for p, a in o.conclusions:
                w.writerow([o.student, p, ";".join(a), ""])
    else:
        print(f"{len(outcomes)} students, as of {on}")
        for o in outcomes:
            if o.error:
                print(f"  ERROR  {o.error}")
                continue
            status = "CONFLICT" if o.conflicts else "ok"
            print(f"  {o.student:<8} {o.programme:<26} {status:<8} {len(o.conclusions)} conclusions")
            for c in o.conflicts:
                print(f"           ! {c}")
    return 2 if any(o.error for o in outcomes) else 0


def cmd_ask(args: argparse.Namespace) -> int:
    engine = Engine()
    student = resolve_student(args.student, engine)
    on = _date(args.on)
    ev = engine.evaluate(student, on)
    name = args.question.strip().split("(")[0].strip()
    if (name, ) and not any(p[0] == name for p in engine.vocabulary):
        raise UsageError(f"unknown question {args.question!r}; public predicates: "
                         + ", ".join(sorted({p[0] for p in engine.vocabulary})))
    conclusions = ev.conclusions(name)
    fired = sorted({f.rule_id for c in conclusions for f in ev.fired_for.get(c.symbol, [])})
    if args.json:
        json.dump({"student": student.id, "question": args.question, "on": on.isoformat(),
                   "answer": [[render(v) for v in c.values] for c in conclusions],
                   "rules": fired}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for c in conclusions:
            print(c)
        if not conclusions:
            print(f"no {name} for {student.id} on {on}")
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    problems = lint(default_kb())
    for p in problems:
        print(f"{relative(p.file, Path.cwd())}:{p.line}: {p.message}")
    kb = default_kb()
    print(f"lint: {len(kb.rules)} rules in {len(kb.files)} files, {len(problems)} problems",
          file=sys.stderr)
    return 1 if problems else 0


def cmd_docs(args: argparse.Namespace) -> int:
    changed = write_mapping(default_kb())
    print(f"{relative(str(MAPPING), Path.cwd())}: {'regenerated' if changed else 'up to date'}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from .audit import write_site

    index = write_site(Path(args.out), default_kb())
    print(f"audit site written: {index}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """The main job on the bundled example data."""
    args.paths, args.format, args.workers = [str(STUDENTS)], "table", None
    return cmd_check(args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pyrules", description="DTU's study rules as executable, "
                                "explainable law.")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("run", help="the main job on the bundled example students")
    s.add_argument("--on", help="evaluation date YYYY-MM-DD (default: today)")
    s.set_defaults(func=cmd_run)

    s = sub.add_parser("check", help="every public conclusion for every student in a folder")
    s.add_argument("paths", nargs="*", help="student files or folders (default: bundled students)")
    s.add_argument("--on", help="evaluation date YYYY-MM-DD (default: today)")
    s.add_argument("--format", choices=["table", "json", "csv"], default="table")
    s.add_argument("--workers", type=int, default=None, help="worker processes (default: 2)")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("ask", help="ask one question about one student")
    s.add_argument("student", help="a student file or a bundled student id")
    s.add_argument("question", help="a public predicate name, e.g. attempts_left")
    s.add_argument("--on", help="evaluation date YYYY-MM-DD (default: today)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("lint", help="check the KB: annotations, quotes, vocabulary, stratification")
    s.set_defaults(func=cmd_lint)

    s = sub.add_parser("docs", help="regenerate docs/rule-mapping.md from the KB")
    s.set_defaults(func=cmd_docs)

    s = sub.add_parser("audit", help="write the audit site (regulation text beside its rules)")
    s.add_argument("--out", required=True, help="folder to write the static HTML site to")
    s.set_defaults(func=cmd_audit)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (FactsError, UsageError) as err:
        print(f"error: {err}" if isinstance(err, UsageError) else str(err), file=sys.stderr)
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
