"""Asking: questions in English or Danish parsed, answered, explained and kept in a session."""

from .answers import Answer, answer, render_value
from .kinds import BY_NAME, KINDS, Kind
from .questions import COMMAND_KINDS, Question, examples, parse
from .raw import raw_query
from .replies import Reply
from .session import Session, explain_answer, explanations, load_students
from .whatif import WhatIfError, what_if

__all__ = ["BY_NAME", "COMMAND_KINDS", "KINDS", "Answer", "Kind", "Question", "Reply", "Session",
           "WhatIfError", "answer", "examples", "explain_answer", "explanations", "load_students", "parse",
           "raw_query", "render_value", "what_if"]
