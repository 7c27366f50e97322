"""One fuzz worker process: runs jobs through the real faces (`pyrules check`, the REPL) in-process
and reports each outcome as one JSON line on its protocol pipe (its original stdout)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import resource
import sys
from typing import Any

AS_LIMIT = 6 * 1024 ** 3   # address-space backstop; the memory test itself uses the peak RSS
ON = "2025-09-01"
# numbers a valid record can never produce: ECTS sums stay below 10^6 tenths, day numbers < 10^5
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
PLAUSIBLE = 10_000_000


def overflow(students: list[dict[str, Any]]) -> str:
    """A conclusion value no valid record can produce (a wrapped 32-bit sum), or ''."""
    for s in students:
        for c in s.get("conclusions", []):
            for v in c["values"]:
                if _NUMBER.fullmatch(v) and (abs(float(v)) > PLAUSIBLE
                                             or ("ects" in c["predicate"] and float(v) < 0)):
                    return f"{c['predicate']}({', '.join(c['values'])})"
    return ""


def check_file(path: str) -> dict[str, Any]:
    from pyrules.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(["check", path, "--on", ON, "--format", "json", "--workers", "1"])
        except BaseException as e:  # noqa: BLE001 - an escaping exception is an internal error
            return {"outcome": "internal", "detail": f"{type(e).__name__}: {e}"[:300]}
    text = out.getvalue()
    if rc == 0:
        try:
            found = overflow(json.loads(text)["students"])
        except (ValueError, KeyError) as e:
            return {"outcome": "internal", "detail": f"unreadable JSON: {e}"}
        return {"outcome": "overflow", "detail": found} if found else {"outcome": "ok"}
    if rc == 2:
        try:
            message = " ".join(s["error"] for s in json.loads(text)["students"] if s["error"])
        except (ValueError, KeyError):
            message = err.getvalue()
        message = message or err.getvalue()
        if re.search(re.escape(path) + r":\d+", message):
            return {"outcome": "located", "detail": message[:300]}
        return {"outcome": "unlocated", "detail": message[:300]}
    return {"outcome": "internal", "detail": (err.getvalue() or text)[:300]}


class _Repl:
    def __init__(self) -> None:
        from repl.app import Repl, build_session
        from repl.render import plain

        session, _ = build_session(None, dt.date.fromisoformat(ON))
        self.replies: list[str] = []
        self.repl = Repl(session, sink=lambda r: self.replies.append(plain(r)))

    def line(self, line: str) -> dict[str, Any]:
        self.replies.clear()
        try:
            self.repl.answer(line)
        except BaseException as e:  # noqa: BLE001
            return {"outcome": "internal", "detail": f"{type(e).__name__}: {e}"[:300]}
        text = "\n".join(self.replies)
        if text.startswith("internal error"):
            return {"outcome": "internal", "detail": text[:300]}
        if "\x1b" in text or "\x00" in text or "\x9b" in text:
            return {"outcome": "unescaped", "detail": repr(text[:120])}
        return {"outcome": "ok"}


def main() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    sys.stdout = sys.stderr  # anything printed by accident stays off the protocol pipe
    repl: _Repl | None = None
    for job_line in sys.stdin:
        job = json.loads(job_line)
        if job["kind"] == "file":
            result = check_file(job["path"])
        else:
            repl = repl or _Repl()
            result = repl.line(job["line"])
        result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        proto.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
