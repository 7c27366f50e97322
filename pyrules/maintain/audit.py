"""`pyrules audit --out DIR`: a static, offline HTML site for legal staff: text beside rules."""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..core.annotations import Block, parse_source
from ..core.engine import Engine
from ..core.kb import KnowledgeBase, Rule
from ..paths import REPO, SOURCES_DIR
from ..paths import SCENARIOS_DIR as SCENARIOS
from .lint import text_problems
from .scenarios import ScenarioError, load_cases, run_case, scenario_files

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;vertical-align:top;padding:.4rem}
td.text{width:50%;white-space:pre-wrap;font-family:Georgia,serif;font-size:.92rem}
.ln{color:#999;font-family:monospace;font-size:.75rem}
.rule{border-left:4px solid #2a6;padding:.2rem .5rem;margin:.3rem 0;background:#f4fbf6}
.nm{border-left:4px solid #c90;padding:.2rem .5rem;margin:.3rem 0;background:#fdf8ec}
.none{color:#b00}.pass{color:#080}.fail{color:#b00;font-weight:bold}
code{background:#eee;padding:0 .2rem}pre{background:#f6f6f6;padding:.4rem;overflow-x:auto}
"""


@dataclass
class Section:
    """A heading of a regulation text and the lines up to the next heading."""

    file: str
    title: str
    first: int
    last: int
    rules: list[Rule] = field(default_factory=list)
    not_modelled: list[Block] = field(default_factory=list)


def _is_heading(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    before = lines[i - 1].strip() if i > 0 else ""
    after = lines[i + 1].strip() if i + 1 < len(lines) else ""
    return bool(line) and not before and bool(after) and len(line) < 90 and \
        line[-1] not in ".:;,)" and not line.startswith(("-", "•", "*"))


def sections(name: str) -> list[Section]:
    """The sections of one source text, split at its headings."""
    lines = (SOURCES_DIR / name).read_text(encoding="utf-8").split("\n")
    starts = [i for i in range(len(lines)) if _is_heading(lines, i)] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    out = []
    for k, start in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(lines) - 1
        title = lines[start].strip() or name
        out.append(Section(name, title, start + 1, end + 1))
    return out


def _cited(block: Block) -> list[tuple[str, int, int]]:
    out = []
    for key in ("source", "source_da"):
        text = block.get(key)
        src = parse_source(text) if text else None
        if src is not None:
            out.append((src.file, src.first_line, src.last_line))
    return out


def attach(kb: KnowledgeBase, secs: dict[str, list[Section]]) -> None:
    """Put every rule and not-modelled block beside each section whose lines it cites."""
    blocks = [(r, r.block) for r in kb.rules.values()]
    nm = [b for f in kb.files for b in f.blocks if b.get("not_modelled")]
    for rule, block in blocks:
        for file, first, last in _cited(block):
            for s in secs.get(file, []):
                if s.first <= last and first <= s.last and rule not in s.rules:
                    s.rules.append(rule)
    for block in nm:
        for file, first, last in _cited(block):
            for s in secs.get(file, []):
                if s.first <= last and first <= s.last:
                    s.not_modelled.append(block)


def run_scenarios(engine: Engine, root: Path = SCENARIOS) -> dict[str, list[tuple[str, bool]]]:
    """rule id -> (scenario case, passed) for every case that names or expects the rule."""
    out: dict[str, list[tuple[str, bool]]] = {}
    for path in scenario_files(root):
        rel = str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)
        try:
            cases = list(load_cases(path, engine.courses))
        except ScenarioError:
            continue
        for case in cases:
            try:
                passed = run_case(case, engine).passed
            except Exception:  # noqa: BLE001 - a broken case is reported as failing
                passed = False
            for rule_id in dict.fromkeys(case.rules + case.fired):
                out.setdefault(rule_id, []).append((f"{rel}: {case.name}", passed))
    return out


def _rule_html(rule: Rule, tests: list[tuple[str, bool]]) -> str:
    e = html.escape
    parts = [f"<div class=\"rule\" id=\"{e(rule.id)}\"><b><code>{e(rule.id)}</code></b> "
             f"<span class=\"ln\">{e(str(rule.source))}</span>"]
    parts.append(f"<div>“{e(rule.quote or '')}”</div>")
    if rule.reading:
        parts.append(f"<div><i>Reading:</i> {e(rule.reading)}</div>")
    for lang in ("en", "da"):
        if rule.block.get(lang):
            parts.append(f"<div><i>{lang}:</i> {e(rule.block.get(lang) or '')}</div>")
    parts.append(f"<pre>{e(rule.text)}</pre>")
    if tests:
        items = "".join(f"<li class=\"{'pass' if ok else 'fail'}\">{'pass' if ok else 'FAIL'}: "
                        f"{e(name)}</li>" for name, ok in tests)
        parts.append(f"<ul class=\"tests\">{items}</ul>")
    else:
        parts.append("<div class=\"none\">no scenario tests this rule</div>")
    return "".join(parts) + "</div>"


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body>{body}</body></html>\n")


class AuditError(Exception):
    """The site cannot be written where asked (exit 2, naming the path)."""


def write_site(out: Path, kb: KnowledgeBase, engine: Engine | None = None,
               scenarios: Path = SCENARIOS) -> Path:
    """Write index.html and one page per regulation text; return the index.

    The pages are written into a temporary folder beside `out` and moved into place only when
    all are written, index.html last: a failed run leaves the previous site (or nothing).
    `scenarios` is the folder whose scenario cases are run for the pass/fail marks (all of them by
    default; the tests pass one chapter's folder to stay fast).
    """
    out = out.absolute()
    if out.exists() and not out.is_dir():
        raise AuditError(f"{out}: exists and is not a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as err:
        raise AuditError(f"{out}: cannot write the site there ({err.strerror})") from None
    try:
        _write_pages(tmp, kb, engine or Engine(kb), scenarios)
        _move_into_place(tmp, out)
    except OSError as err:
        raise AuditError(f"{out}: cannot write the site there ({err.strerror})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out / "index.html"


def _move_into_place(tmp: Path, out: Path) -> None:
    """A new folder is renamed into place; into an existing one each page is replaced, index last."""
    os.chmod(tmp, 0o755)
    if not out.exists():
        os.replace(tmp, out)
        return
    pages = sorted(tmp.iterdir(), key=lambda p: (p.name == "index.html", p.name))
    for page in pages:
        os.replace(page, out / page.name)


def _write_pages(out: Path, kb: KnowledgeBase, engine: Engine, scenarios: Path) -> Path:
    names = sorted(p.name for p in SOURCES_DIR.glob("*.txt"))
    secs = {n: sections(n) for n in names}
    attach(kb, secs)
    tests = run_scenarios(engine, scenarios)
    e = html.escape
    for name in names:
        lines = (SOURCES_DIR / name).read_text(encoding="utf-8").split("\n")
        rows = []
        for s in secs[name]:
            text = "\n".join(f"<span class=\"ln\">{n:>4}</span> {e(lines[n - 1])}"
                             for n in range(s.first, s.last + 1))
            right = "".join(_rule_html(r, tests.get(r.id, [])) for r in s.rules)
            right += "".join(f"<div class=\"nm\"><b>not modelled</b> <code>"
                             f"{e(b.get('not_modelled') or '')}</code>: {e(b.get('reason') or '')}</div>"
                             for b in s.not_modelled)
            if not right:
                right = "<div class=\"none\">no rule encodes this section</div>"
            rows.append(f"<tr id=\"L{s.first}\"><td class=\"text\"><b>{e(s.title)}</b>\n{text}</td>"
                        f"<td class=\"rules\">{right}</td></tr>")
        body = (f"<p><a href=\"index.html\">index</a></p><h1>{e(name)}</h1>"
                "<table class=\"side-by-side\"><tr><th>Regulation text</th><th>Rules that encode it"
                "</th></tr>" + "".join(rows) + "</table>")
        (out / f"{Path(name).stem}.html").write_text(_page(name, body), encoding="utf-8")
    uncovered = [(n, s) for n in names for s in secs[n]
                 if not s.rules and not s.not_modelled and s.last > s.first]
    untested = sorted(r for r in kb.rules if r not in tests)
    failing = sorted(r for r, t in tests.items() if not all(ok for _n, ok in t))
    no_text = text_problems(kb)
    index = [f"<h1>pyrules audit</h1><p>{len(kb.rules)} rules, {sum(len(v) for v in tests.values())}"
             f" scenario checks; {len(untested)} rules without a scenario, {len(failing)} with a "
             f"failing scenario, {len(uncovered)} sections with no rule.</p><h2>Regulation texts</h2><ul>"]
    for n in names:
        covered = sum(1 for s in secs[n] if s.rules or s.not_modelled)
        index.append(f"<li><a href=\"{e(Path(n).stem)}.html\">{e(n)}</a>: {covered} of "
                     f"{len(secs[n])} sections with a rule or a not-modelled note</li>")
    index.append("</ul><h2>Rules without a scenario</h2><ul>")
    index += [f"<li><code>{e(r)}</code></li>" for r in untested] or ["<li>none</li>"]
    index.append("</ul><h2>Rules with a failing scenario</h2><ul>")
    index += [f"<li class=\"fail\"><code>{e(r)}</code></li>" for r in failing] or ["<li>none</li>"]
    index.append("</ul><h2>Rules without English/Danish text</h2><ul>")
    index += [f"<li>{e(p.message)}</li>" for p in no_text] or ["<li>none</li>"]
    index.append("</ul><h2>Sections with no rule</h2><ul>")
    index += [f"<li><a href=\"{e(Path(n).stem)}.html#L{s.first}\">{e(n)} L{s.first}-{s.last}</a> "
              f"{e(s.title)}</li>" for n, s in uncovered]
    index.append("</ul>")
    path = out / "index.html"
    path.write_text(_page("pyrules audit", "".join(index)), encoding="utf-8")
    return path
