"""YAML loading that remembers the line of every value, for file:line error messages."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe loader with YAML 1.2 integers and booleans, and dates left as text.

    YAML 1.1 reads 01234 as an octal number and `on`/`no` as booleans; course numbers and grades
    with a leading zero, and the scenario key `on`, must survive as written; dates are checked
    (with a clear message) by the schema rather than failing inside the YAML parser.
    """


_REPLACED = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for key, resolvers in _Base.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*))$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class YamlError(Exception):
    """A file that is not well-formed YAML, or not within the bounds; `field` is where, if known."""

    def __init__(self, file: str, line: int, message: str, field: str = ""):
        super().__init__(f"{file}:{line} {field}: {message}" if field else f"{file}:{line}: {message}")
        self.file, self.line, self.message, self.field = file, line, message, field


def field_text(path: Iterable[str | int]) -> str:
    """('exams', 3, 'result') -> 'exams[3].result'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class LocatedDocument:
    """A parsed YAML document and the line (1-based) of every value in it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of the value at `path`, or of its nearest enclosing value."""
        p = tuple(path)
        while p and p not in self.lines:
            p = p[:-1]
        return self.lines.get(p, 1)


# Bounds of one YAML document (docs/facts.md, "Bounds"): far above any real student or scenario
# file, far below what could exhaust memory or time.
MAX_BYTES = 512 * 1024
MAX_DEPTH = 24
MAX_VALUES = 50_000   # values after expanding every alias
MAX_ALIASES = 500
_TAG = "tag:yaml.org,2002:"
SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))


class _Builder:
    """Turns the node graph into Python values, memoising aliased nodes and counting values.

    An alias is a second reference to the same node: it is built once, and each later use is a
    copy whose size was counted first, so a recursive alias is an error and an alias bomb stops
    at MAX_VALUES instead of being expanded.
    """

    def __init__(self, loader: Any):
        self.loader = loader
        self.lines: dict[Path_, int] = {}
        self.done: dict[int, tuple[Any, int]] = {}
        self.active: set[int] = set()
        self.values = 0
        self.aliases = 0

    def build(self, node: yaml.Node, path: Path_) -> Any:
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        key = id(node)
        if key in self.active:
            raise YamlError("", line, "recursive alias: a value that contains itself", field_text(path))
        if key in self.done:
            value, size = self.done[key]
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise YamlError("", line, f"more than {MAX_ALIASES} aliases (*name)", field_text(path))
            self._count(size, line, path)
            return copy.deepcopy(value)
        if len(path) > MAX_DEPTH:
            raise YamlError("", line, f"nested more than {MAX_DEPTH} levels deep", field_text(path))
        before = self.values
        self._count(1, line, path)
        self.active.add(key)
        value = self._value(node, path, line)
        self.active.discard(key)
        self.done[key] = (value, self.values - before)
        return value

    def _count(self, n: int, line: int, path: Path_) -> None:
        self.values += n
        if self.values > MAX_VALUES:
            raise YamlError("", line, f"more than {MAX_VALUES} values (aliases expanded)",
                            field_text(path))

    def _value(self, node: yaml.Node, path: Path_, line: int) -> Any:
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                raise YamlError("", line, f"tag {node.tag!r} is not allowed here", field_text(path))
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlError("", key_node.start_mark.line + 1, "a key must be a plain name",
                                    field_text(path))
                name = str(self._scalar(key_node, path))
                if name in result:
                    raise YamlError("", key_node.start_mark.line + 1, f"duplicate key {name!r}",
                                    field_text(path + (name,)))
                self.lines[path + (name,)] = value_node.start_mark.line + 1
                result[name] = self.build(value_node, path + (name,))
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise YamlError("", line, f"tag {node.tag!r} is not allowed here", field_text(path))
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        line = node.start_mark.line + 1
        if node.tag not in SCALAR_TAGS:
            raise YamlError("", line, f"tag {node.tag!r} is not allowed (plain values only)",
                            field_text(path))
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except Exception:  # noqa: BLE001 - a constructor's ValueError, KeyError, OverflowError...
            tag = node.tag.removeprefix(_TAG)
            raise YamlError("", line, f"{str(node.value)[:40]!r} is not a valid !!{tag}",
                            field_text(path)) from None


def parse_yaml(text: str, file: str) -> LocatedDocument:
    """Parse one YAML document; raise YamlError naming the file and line on bad syntax."""
    if len(text) > MAX_BYTES:
        raise YamlError(file, 1, f"file too large ({len(text)} characters; at most {MAX_BYTES})")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        builder = _Builder(loader)
        data = None if node is None else builder.build(node, ())
    except YamlError as err:
        raise YamlError(file, err.line, err.message, err.field) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(file, line, f"not valid YAML: {err.problem or err}") from None
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, max(err.position, 0)) + 1
        char = chr(err.character) if isinstance(err.character, int) else err.character
        raise YamlError(file, line, f"not valid YAML: character {char!r} is not "
                        "allowed (control characters cannot appear in a YAML file)") from None
    except yaml.YAMLError as err:
        raise YamlError(file, 1, f"not valid YAML: {err}") from None
    except RecursionError:
        raise YamlError(file, 1, f"nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()
    return LocatedDocument(file, data, builder.lines if node is not None else {})


def load_yaml(path: Path) -> LocatedDocument:
    """Read and parse a YAML file (UTF-8, at most MAX_BYTES)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise YamlError(str(path), 1, f"file too large ({path.stat().st_size} bytes; "
                            f"at most {MAX_BYTES})")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise YamlError(str(path), 1, f"not UTF-8 text ({err.reason})") from None
    except OSError as err:
        raise YamlError(str(path), 1, f"cannot read file: {err.strerror}") from None
    return parse_yaml(text, str(path))
