"""The pyrules REPL (prompt-toolkit): a thin layer over pyrules.questions and the engine."""
