"""Where things are: the one module that knows the repository layout (kb/, students, scenarios, docs)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KB_DIR = REPO / "kb"
SOURCES_DIR = KB_DIR / "sources"
STUDENTS_DIR = KB_DIR / "facts" / "students"
SCENARIOS_DIR = REPO / "tests" / "scenarios"
DOCS_DIR = REPO / "docs"
MAPPING = DOCS_DIR / "rule-mapping.md"
