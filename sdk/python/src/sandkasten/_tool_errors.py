"""What a failed tool call answers the model."""

from __future__ import annotations

from typing import Any

from agents import RunContextWrapper
from agents.tool import default_tool_error_function

from sandkasten.errors import SandkastenError


def tell_model(ctx: RunContextWrapper[Any], error: Exception) -> str:
    """The answer a failed tool call gives the model: the daemon's own words, which say
    what to fix, and nothing of other exceptions."""
    if isinstance(error, SandkastenError):
        return f"error: {error}"
    return default_tool_error_function(ctx, error)
