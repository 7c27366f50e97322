"""Fuzzing the input boundary: mutated student files and hostile REPL lines (python -m fuzz)."""
