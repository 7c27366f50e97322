"""The house keeps its import order: paths <- core <- explain <- ask <- faces (cli, repl), with
maintain beside explain (it may use core and explain, never ask), and no import cycle anywhere.

Every import counts, including those inside functions and under TYPE_CHECKING."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# wing -> the wings it may import
ALLOWED = {
    "paths": {"paths"},
    "core": {"paths", "core"},
    "explain": {"paths", "core", "explain"},
    "maintain": {"paths", "core", "explain", "maintain"},
    "ask": {"paths", "core", "explain", "ask"},
    "faces": {"paths", "core", "explain", "maintain", "ask", "faces"},
}


def wing_of(module: str) -> str:
    """pyrules.core.kb -> core; pyrules.paths -> paths; pyrules.cli, pyrules, repl.* -> faces."""
    parts = module.split(".")
    if parts[0] == "pyrules" and len(parts) > 1 and parts[1] in ALLOWED and parts[1] != "faces":
        return parts[1]
    return "faces"


def modules(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the given top-level packages."""
    out = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The known modules that `module` (in file `path`) imports."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {m for m in found if m in known and m != module}


def check(root: Path, packages: tuple[str, ...] = ("pyrules", "repl")) -> list[str]:
    """Every upward import and every cycle, each naming the files."""
    known = modules(root, packages)
    graph = {m: imports(m, p, known) for m, p in known.items()}
    rel = {m: str(p.relative_to(root)) for m, p in known.items()}
    problems = []
    for m, targets in sorted(graph.items()):
        for t in sorted(targets):
            if wing_of(t) not in ALLOWED[wing_of(m)]:
                problems.append(f"upward import: {rel[m]} ({wing_of(m)}) imports {rel[t]} ({wing_of(t)})")
    # cycles: a depth-first search reporting each back edge's cycle once
    state: dict[str, int] = {}
    stack: list[str] = []
    seen_cycles: set[frozenset[str]] = set()

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycle = stack[stack.index(t):] + [t]
                if frozenset(cycle) not in seen_cycles:
                    seen_cycles.add(frozenset(cycle))
                    problems.append("import cycle: " + " -> ".join(rel[c] for c in cycle))
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    return problems


def test_the_house_keeps_its_import_order():
    assert check(ROOT) == []


def test_every_module_lives_in_a_wing():
    loose = [m for m in modules(ROOT, ("pyrules",)) if wing_of(m) == "faces"]
    assert sorted(loose) == ["pyrules", "pyrules.cli"]


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_finds_an_upward_import_and_a_cycle(tmp_path):
    _write(tmp_path, {
        "pyrules/__init__.py": "",
        "pyrules/paths.py": "",
        "pyrules/core/__init__.py": "",
        "pyrules/core/kb.py": "from ..paths import X\n",
        "pyrules/core/static.py": "def f():\n    from ..maintain.lint import g\n",
        "pyrules/maintain/__init__.py": "",
        "pyrules/maintain/lint.py": "from ..core import kb\n",
        "pyrules/ask/__init__.py": "",
        "pyrules/ask/questions.py": "from . import answers\n",
        "pyrules/ask/answers.py": "from pyrules.ask.questions import Question\n",
        "repl/__init__.py": "from pyrules.ask import questions\n",
    })
    assert check(tmp_path) == [
        "upward import: pyrules/core/static.py (core) imports pyrules/maintain/lint.py (maintain)",
        "import cycle: pyrules/ask/answers.py -> pyrules/ask/questions.py -> pyrules/ask/answers.py",
    ]


def test_the_checker_passes_a_clean_fixture(tmp_path):
    _write(tmp_path, {
        "pyrules/__init__.py": "",
        "pyrules/core/__init__.py": "from .kb import load\n",
        "pyrules/core/kb.py": "import json\n",
        "pyrules/explain/__init__.py": "",
        "pyrules/explain/why.py": "from ..core.kb import load\n",
        "pyrules/maintain/__init__.py": "",
        "pyrules/maintain/audit.py": "from ..explain import why\nfrom pyrules.core import kb\n",
    })
    assert check(tmp_path) == []
