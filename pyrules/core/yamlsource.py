"""YAML loading that remembers the line of every value, for file:line error messages."""

from __future__ import annotations

import re
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
    """A file that is not well-formed YAML."""

    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


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


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], loader: Any) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise YamlError("", key_node.start_mark.line + 1, f"duplicate key {key!r}")
            lines[path + (key,)] = value_node.start_mark.line + 1
            result[key] = _build(value_node, path + (key,), lines, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, file: str) -> LocatedDocument:
    """Parse one YAML document; raise YamlError naming the file and line on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        data = None if node is None else _build(node, (), lines, loader)
    except YamlError as err:
        raise YamlError(file, err.line, err.message) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(file, line, f"not valid YAML: {err.problem or err}") from None
    except yaml.YAMLError as err:
        raise YamlError(file, 1, f"not valid YAML: {err}") from None
    finally:
        loader.dispose()
    return LocatedDocument(file, data, lines)


def load_yaml(path: Path) -> LocatedDocument:
    """Read and parse a YAML file (UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise YamlError(str(path), 1, f"not UTF-8 text ({err.reason})") from None
    except OSError as err:
        raise YamlError(str(path), 1, f"cannot read file: {err.strerror}") from None
    return parse_yaml(text, str(path))
