"""Clingo terms written as Prolog source text (for the translated KB, never for student data).

Representation (shared with runtime.pl): integers as integers, constants as atoms, f(...) as
compounds, tuples as '$t'(...), strings as '$s'(Atom), #inf/#sup as '$inf'/'$sup'.
"""

from __future__ import annotations

from clingo import Symbol, SymbolType

TUPLE = "$t"
STRING = "$s"


def quote(name: str) -> str:
    """A Prolog quoted atom for any text."""
    out = []
    for ch in name:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):x}\\")
    return "'" + "".join(out) + "'"


def variable(name: str) -> str:
    """A clingo variable as a Prolog variable (primes allowed in clingo names)."""
    if name == "_":
        return "_"
    return "V_" + name.replace("'", "_q")


def symbol(sym: Symbol) -> str:
    """A ground clingo symbol as Prolog text."""
    t = sym.type
    if t == SymbolType.Number:
        return str(sym.number)
    if t == SymbolType.String:
        return f"{quote(STRING)}({quote(sym.string)})"
    if t == SymbolType.Infimum:
        return quote("$inf")
    if t == SymbolType.Supremum:
        return quote("$sup")
    if not sym.positive:
        raise ValueError(f"classically negated term {sym} is outside the fragment")
    return compound(sym.name, [symbol(a) for a in sym.arguments])


def compound(name: str, args: list[str]) -> str:
    if name == "":
        return quote(TUPLE) + (f"({','.join(args)})" if args else "")
    if not args:
        return quote(name)
    return f"{quote(name)}({','.join(args)})"
