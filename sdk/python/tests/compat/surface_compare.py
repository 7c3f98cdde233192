"""Checks that one API surface (surface.py's JSON) is a superset of another.

    python surface_compare.py THEIRS.json OURS.json

It fails unless every name of THEIRS is in OURS and can be used the same way: the
same kind (class, async function, property, ...), every call that THEIRS's
signature accepts accepted by OURS's with the same defaults, the same dataclass
fields (order, types, defaults), the same base classes (or subclasses of them), and
the same tools. What OURS only adds (names, parameters with defaults, fields after
THEIRS's) is fine; where OURS has a default for a parameter THEIRS requires, it is
listed as an extension.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


class Comparison:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.extensions: list[str] = []
        self.names = 0
        self.signatures = 0
        self.fields = 0

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def signature(self, where: str, theirs: Any, ours: Any) -> None:
        """Every call theirs accepts, ours accepts, and an omitted argument means the same."""
        if theirs is None:
            return  # C-level __init__ (Exception's): nothing to hold ours to
        if ours is None:
            self.problem(where, "ours has no readable signature")
            return
        self.signatures += 1
        ours_by_name = {p["name"]: p for p in ours}
        positional = [p for p in ours if p["kind"] in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
        kinds = {p["kind"] for p in ours}
        used: set[str] = set()
        for index, param in enumerate(theirs):
            name, kind = param["name"], param["kind"]
            if kind in ("VAR_POSITIONAL", "VAR_KEYWORD"):
                if kind not in kinds:
                    self.problem(
                        where,
                        f"ours takes no {'*args' if kind == 'VAR_POSITIONAL' else '**kwargs'}",
                    )
                continue
            if kind in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD"):
                mine = positional[index] if index < len(positional) else None
                if mine is None or (kind == "POSITIONAL_OR_KEYWORD" and mine["name"] != name):
                    self.problem(
                        where,
                        f"parameter {index} is {name!r} in 0.3, {mine and mine['name']!r} in ours",
                    )
                    continue
                if kind == "POSITIONAL_OR_KEYWORD" and mine["kind"] != kind:
                    self.problem(where, f"{name!r} is {kind} in 0.3, {mine['kind']} in ours")
            else:  # KEYWORD_ONLY
                mine = ours_by_name.get(name)
                if mine is None or mine["kind"] not in ("KEYWORD_ONLY", "POSITIONAL_OR_KEYWORD"):
                    if "VAR_KEYWORD" not in kinds:
                        self.problem(where, f"ours takes no keyword {name!r}")
                    continue
            used.add(mine["name"])
            if param["has_default"]:
                if mine["default"] != param["default"]:
                    self.problem(
                        where,
                        f"{name!r} defaults to {param['default']} in 0.3, "
                        f"{mine['default']} in ours",
                    )
            elif mine["has_default"]:
                self.extensions.append(
                    f"{where}: {name!r} is optional in ours (default {mine['default']})"
                )
        for param in ours:
            if param["name"] in used or param["kind"] in ("VAR_POSITIONAL", "VAR_KEYWORD"):
                continue
            if not param["has_default"]:
                self.problem(where, f"ours requires {param['name']!r}, which 0.3 does not take")

    def function(self, where: str, theirs: dict[str, Any], ours: dict[str, Any]) -> None:
        for flag in ("async", "async_generator"):
            if theirs.get(flag) != ours.get(flag):
                self.problem(
                    where, f"{flag} is {theirs.get(flag)} in 0.3, {ours.get(flag)} in ours"
                )
        self.signature(where, theirs["signature"], ours["signature"])

    def klass(self, where: str, theirs: dict[str, Any], ours: dict[str, Any]) -> None:
        missing = [base for base in theirs["mro"] if base not in ours["mro"]]
        if missing:
            self.problem(where, f"ours is not a subclass of {', '.join(missing)}")
        if theirs["pydantic_fields"] is None:  # a model's (**data) takes its fields, below
            self.signature(f"{where}()", theirs["constructor"], ours["constructor"])
        if theirs["dataclass_fields"] is not None:
            self.dataclass(where, theirs, ours)
        if theirs["pydantic_fields"] is not None:
            for name, field in theirs["pydantic_fields"].items():
                self.fields += 1
                if (ours["pydantic_fields"] or {}).get(name) != field:
                    self.problem(
                        f"{where}.{name}",
                        f"model field {field} in 0.3, "
                        f"{(ours['pydantic_fields'] or {}).get(name)} in ours",
                    )
        for name, member in theirs["members"].items():
            mine = ours["members"].get(name)
            self.member(f"{where}.{name}", member, mine, ours)

    def dataclass(self, where: str, theirs: dict[str, Any], ours: dict[str, Any]) -> None:
        fields = ours["dataclass_fields"]
        if fields is None:
            self.problem(where, "a dataclass in 0.3, not in ours")
            return
        if ours["frozen"] and not theirs["frozen"]:
            self.problem(where, "frozen in ours, mutable in 0.3")
        for index, field in enumerate(theirs["dataclass_fields"]):
            self.fields += 1
            mine = fields[index] if index < len(fields) else None
            if mine != field:
                self.problem(
                    f"{where}.{field['name']}", f"field {index} is {field} in 0.3, {mine} in ours"
                )

    def member(
        self, where: str, theirs: dict[str, Any], ours: dict[str, Any] | None, owner: dict[str, Any]
    ) -> None:
        self.names += 1
        if ours is None:
            field_names = {f["name"] for f in owner["dataclass_fields"] or []}
            if (
                theirs["kind"] in ("attribute", "property")
                and where.rsplit(".", 1)[1] in field_names
            ):
                return
            self.problem(where, "missing in ours")
            return
        if theirs["kind"] == "property":
            if ours["kind"] not in ("property", "attribute"):
                self.problem(where, f"a property in 0.3, a {ours['kind']} in ours")
            return
        if theirs["kind"] != ours["kind"]:
            self.problem(where, f"a {theirs['kind']} in 0.3, a {ours['kind']} in ours")
            return
        if theirs["kind"] in ("function", "staticmethod", "classmethod"):
            self.function(where, theirs, ours)

    def value(self, where: str, theirs: dict[str, Any], ours: dict[str, Any] | None) -> None:
        self.names += 1
        if ours is None:
            self.problem(where, "missing in ours")
            return
        if theirs["kind"] != ours["kind"]:
            self.problem(where, f"a {theirs['kind']} in 0.3, a {ours['kind']} in ours")
        elif theirs["kind"] == "class":
            self.klass(where, theirs, ours)
        elif theirs["kind"] == "function":
            self.function(where, theirs, ours)

    def tools(self, theirs: dict[str, Any], ours: dict[str, Any]) -> None:
        for label, tools in theirs.items():
            for name, schema in tools.items():
                self.names += 1
                mine = ours.get(label, {}).get(name)
                if mine != schema:
                    self.problem(
                        f"tool {name} of {label}", f"schema {schema} in 0.3, {mine} in ours"
                    )


def compare(theirs: dict[str, Any], ours: dict[str, Any]) -> Comparison:
    comparison = Comparison()
    for module, names in theirs.items():
        if module == "tools":
            comparison.tools(names, ours.get("tools", {}))
            continue
        if module not in ours:
            comparison.problem(module, "module missing in ours")
            continue
        for name, described in names.items():
            comparison.value(f"{module}.{name}", described, ours[module].get(name))
    return comparison


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    theirs, ours = (json.loads(Path(path).read_text(encoding="utf-8")) for path in argv)
    result = compare(theirs, ours)
    for extension in result.extensions:
        print(f"extension: {extension}")
    for problem in result.problems:
        print(f"PROBLEM: {problem}")
    print(
        f"API surface: {result.names} names, {result.signatures} signatures and "
        f"{result.fields} fields of sandkasten 0.3.0 checked against ours: "
        f"{len(result.problems)} problems, {len(result.extensions)} extensions"
    )
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
