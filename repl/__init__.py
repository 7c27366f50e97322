"""The pyrules REPL (prompt-toolkit): a thin layer over pyrules.ask.questions and the engine."""

from .app import Repl, build_session, main

__all__ = ["Repl", "build_session", "main"]
