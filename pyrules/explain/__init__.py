"""Explanations: why a conclusion holds, why another does not, each step citing its paragraph."""

from .render import from_json, render, to_dict
from .types import Candidate, Condition, FactRef, Step, WhyNot
from .why import Explainer, explain_why
from .whynot import explain_why_not, why_not

__all__ = ["Candidate", "Condition", "Explainer", "FactRef", "Step", "WhyNot", "explain_why",
           "explain_why_not", "from_json", "render", "to_dict", "why_not"]
