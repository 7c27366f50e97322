"""Maintaining the KB: lint, the rule mapping, the audit site, impact against a revision, scenarios.

(The functions lint.lint and impact.impact are not re-exported, so that the names pyrules.maintain.lint
and pyrules.maintain.impact stay the modules.)"""

from .audit import write_site
from .lint import LintProblem, text_problems
from .mapping import rule_mapping, write_mapping
from .scenarios import ScenarioError, load_cases, run_case, scenario_files

__all__ = ["LintProblem", "ScenarioError", "load_cases", "rule_mapping", "run_case", "scenario_files",
           "text_problems", "write_mapping", "write_site"]
