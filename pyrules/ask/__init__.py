"""Asking: questions in English or Danish parsed, answered, explained and kept in a session."""

from .answers import Answer, answer, render_value
from .commands import COMMAND_KINDS, COMMAND_WORDS, CommandWord
from .kinds import BY_NAME, KINDS, Kind
from .questions import Question, examples, parse
from .raw import raw_query
from .replies import Reply
from .session import Session, explain_answer, explanations, load_students
from .whatif import WhatIfError, what_if

__all__ = ["BY_NAME", "COMMAND_KINDS", "COMMAND_WORDS", "KINDS", "Answer", "CommandWord", "Kind", "Question",
           "Reply", "Session", "WhatIfError", "answer", "examples", "explain_answer", "explanations",
           "load_students", "parse", "raw_query", "render_value", "what_if"]
