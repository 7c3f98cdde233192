"""The public API of the `sandkasten` package installed in this venv, as JSON.

    python surface.py OUT.json     # in each venv: the published 0.3.0's, ours

It reads the modules sandkasten 0.3 has (sandkasten, .client, .session, .types,
.exceptions, .agents) with inspect: every public class and function, each class's
methods, properties and dataclass fields, every signature (parameter names, kinds,
defaults), base classes, and the Agents SDK tools with their JSON schemas.
surface_compare.py checks that ours is a superset of 0.3.0's.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

MODULES = [
    "sandkasten",
    "sandkasten.client",
    "sandkasten.session",
    "sandkasten.types",
    "sandkasten.exceptions",
    "sandkasten.agents",
]

#: Names dir() does not show: 0.3's package resolves these in a module __getattr__.
PROBED = {
    "sandkasten": [
        "__version__",
        "SandkastenContext",
        "sandkasten_tools",
        "create_sandkasten_tools",
        "sandbox_tools_for_workspace",
    ],
    "sandkasten.agents": ["SandkastenContext"],
}

#: Dunder methods that are API: the context-manager protocol.
API_DUNDERS = {"__init__", "__aenter__", "__aexit__", "__enter__", "__exit__"}


def _ours(value: Any) -> bool:
    module = getattr(value, "__module__", "") or ""
    return module == "sandkasten" or module.startswith("sandkasten.")


def class_name(cls: type) -> str:
    """sandkasten's classes by name alone (0.3 and ours keep them in different modules)."""
    return f"sandkasten:{cls.__name__}" if _ours(cls) else f"{cls.__module__}.{cls.__qualname__}"


def type_name(annotation: Any) -> str:
    """An annotation as text that does not depend on how it was written (X | None,
    Optional[X] and "X | None" all read the same)."""
    if annotation is None or annotation is type(None):
        return "None"
    if isinstance(annotation, typing.ForwardRef):
        return annotation.__forward_arg__
    if isinstance(annotation, str):
        return annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(sorted(type_name(arg) for arg in args))
    if origin is typing.Literal:
        return f"Literal[{', '.join(repr(arg) for arg in args)}]"
    if origin is not None:
        inner = ", ".join(type_name(arg) for arg in args)
        return f"{type_name(origin)}[{inner}]" if args else type_name(origin)
    if isinstance(annotation, type):
        return class_name(annotation)
    return repr(annotation)


def signature_of(function: Any) -> list[dict[str, Any]] | None:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None  # e.g. an exception class whose __init__ is Exception's (C code)
    return [
        {
            "name": parameter.name,
            "kind": parameter.kind.name,
            "default": None if parameter.default is parameter.empty else repr(parameter.default),
            "has_default": parameter.default is not parameter.empty,
        }
        for parameter in signature.parameters.values()
    ]


def describe_function(function: Any) -> dict[str, Any]:
    target = inspect.unwrap(function)
    return {
        "kind": "function",
        "async": inspect.iscoroutinefunction(target),
        "async_generator": inspect.isasyncgenfunction(target),
        "signature": signature_of(function),
    }


def describe_member(cls: type, name: str) -> dict[str, Any] | None:
    raw = inspect.getattr_static(cls, name)
    if isinstance(raw, property):
        return {"kind": "property"}
    if isinstance(raw, staticmethod):
        return {**describe_function(raw.__func__), "kind": "staticmethod"}
    if isinstance(raw, classmethod):
        return {**describe_function(raw.__func__), "kind": "classmethod"}
    if inspect.isfunction(raw):
        return describe_function(raw)
    if isinstance(raw, types.MemberDescriptorType | types.GetSetDescriptorType):
        return {"kind": "attribute"}
    return {"kind": "value", "type": class_name(type(raw))}


def _member_names(cls: type) -> list[str]:
    """Public members that a sandkasten class of cls's MRO defines."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if not _ours(klass):
            continue
        for name in vars(klass):
            if (not name.startswith("_") or name in API_DUNDERS) and name != "__init__":
                names.add(name)
    return sorted(names)


def _dataclass_fields(cls: type) -> list[dict[str, Any]] | None:
    if not dataclasses.is_dataclass(cls):
        return None
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation that names what the module only imports to type-check
        hints = {}
    described = []
    for field in dataclasses.fields(cls):
        if field.default is not dataclasses.MISSING:
            default: str | None = repr(field.default)
        elif field.default_factory is not dataclasses.MISSING:
            default = f"{getattr(field.default_factory, '__name__', 'factory')}()"
        else:
            default = None
        described.append(
            {
                "name": field.name,
                "type": type_name(hints.get(field.name, field.type)),
                "default": default,
            }
        )
    return described


def _pydantic_fields(cls: type) -> dict[str, Any] | None:
    model_fields = getattr(cls, "model_fields", None)
    if not isinstance(model_fields, dict):
        return None
    return {
        name: {"required": field.is_required(), "default": repr(field.default)}
        for name, field in model_fields.items()
    }


def describe_class(cls: type) -> dict[str, Any]:
    params = getattr(cls, "__dataclass_params__", None)
    return {
        "kind": "class",
        "mro": [class_name(klass) for klass in cls.__mro__],
        "constructor": signature_of(cls),
        "dataclass_fields": _dataclass_fields(cls),
        "frozen": bool(params and params.frozen),
        "pydantic_fields": _pydantic_fields(cls),
        "members": {name: describe_member(cls, name) for name in _member_names(cls)},
    }


def describe(value: Any) -> dict[str, Any]:
    if inspect.ismodule(value):
        return {"kind": "module"}
    if inspect.isclass(value):
        return describe_class(value)
    if callable(value):
        return describe_function(value)
    return {"kind": "value", "type": class_name(type(value))}


def _public_names(module: types.ModuleType, name: str) -> list[str]:
    names = set(getattr(module, "__all__", []))
    for attribute, value in vars(module).items():
        if attribute.startswith("_"):
            continue
        if _ours(value) or (inspect.ismodule(value) and value.__name__.startswith("sandkasten.")):
            names.add(attribute)
    return sorted(names | set(PROBED.get(name, [])))


def _tools(module: types.ModuleType) -> dict[str, Any]:
    """The Agents SDK tools of sandkasten_tools() and create_sandkasten_tools(session): name
    and parameter schema (without the descriptions, which are prose)."""

    def strip(schema: Any) -> Any:
        if isinstance(schema, dict):
            return {key: strip(value) for key, value in schema.items() if key != "description"}
        if isinstance(schema, list):
            return [strip(value) for value in schema]
        return schema

    makers: dict[str, Callable[[], Any]] = {
        "sandkasten_tools()": lambda: module.sandkasten_tools(),
        # The tools only keep the session for their calls: any object does here.
        "create_sandkasten_tools(session)": lambda: module.create_sandkasten_tools(object()),
    }
    described: dict[str, Any] = {}
    for label, make in makers.items():
        try:
            tools = make()
        except AttributeError:
            continue  # compare reports them missing
        described[label] = {tool.name: strip(tool.params_json_schema) for tool in tools}
    return described


def dump() -> dict[str, Any]:
    surface: dict[str, Any] = {}
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue  # compare reports it missing
        surface[name] = {
            attribute: describe(getattr(module, attribute))
            for attribute in _public_names(module, name)
            if hasattr(module, attribute)
        }
    if "sandkasten.agents" in surface:
        surface["tools"] = _tools(importlib.import_module("sandkasten.agents"))
    return surface


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    Path(sys.argv[1]).write_text(json.dumps(dump(), indent=1, sort_keys=True), encoding="utf-8")
