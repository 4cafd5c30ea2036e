"""Turn pydantic's validation errors into issues that name the step by its path.

A coach reading "items.0.repeat.steps.0.step.target.pace: Value error, ..." learns nothing; the same
error as "main set 6x > step 1 > target: pace range is inverted" says where to look. The path is
built by walking the error location through the submitted data, naming blocks by their names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from server.workouts.errors import ValidationIssue, WorkoutValidationError
from server.workouts.model import Workout

__all__ = ["describe_errors", "workout_from_data"]

_CONTAINERS = ("items", "steps")


def workout_from_data(data: Any) -> Workout:
    """Build a `Workout` from JSON-like data, raising `WorkoutValidationError` with step paths."""
    try:
        return Workout.model_validate(data)
    except ValidationError as error:
        raise WorkoutValidationError(describe_errors(error, data)) from None


def describe_errors(error: ValidationError, data: Any) -> list[ValidationIssue]:
    """One issue per root cause, each with a readable path; knock-on errors are left out."""
    issues: list[ValidationIssue] = []
    for detail in error.errors():
        if _is_knock_on(detail):
            continue
        issue = ValidationIssue(_path(detail["loc"], data), _message(detail))
        if issue not in issues:
            issues.append(issue)
    return issues


def _is_knock_on(detail: ErrorDetails) -> bool:
    # A tuple whose members failed is reported "too short" as well; the members' errors say why.
    if detail["type"] != "too_short":
        return False
    supplied = detail.get("input")
    ctx = detail.get("ctx") or {}
    return isinstance(supplied, Sequence) and len(supplied) >= int(ctx.get("min_length", 0))


def _message(detail: ErrorDetails) -> str:
    message = detail["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message


def _block_label(node: Mapping[str, Any], index: int) -> str:
    kind = node.get("type")
    name = node.get("name")
    if kind == "repeat":
        count = node.get("count")
        base = str(name).lower() if isinstance(name, str) and name.strip() else "repeat"
        return f"{base} {count}x" if isinstance(count, int) else base
    if kind == "section" and isinstance(name, str) and name.strip():
        return name.lower()
    return f"step {index + 1}"


def _path(loc: tuple[int | str, ...], data: Any) -> str:
    parts: list[str] = []
    node: Any = data
    position = 0
    while position < len(loc):
        key = loc[position]
        position += 1
        if isinstance(node, Mapping) and isinstance(key, str):
            if key in _CONTAINERS and position < len(loc) and isinstance(loc[position], int):
                index = int(loc[position])
                position += 1
                items = node.get(key)
                child = (
                    items[index]
                    if isinstance(items, Sequence)
                    and not isinstance(items, str)
                    and index < len(items)
                    else None
                )
                parts.append(
                    _block_label(child, index)
                    if isinstance(child, Mapping)
                    else f"step {index + 1}"
                )
                node = child
                if (
                    isinstance(child, Mapping)
                    and position < len(loc)
                    and loc[position] == child.get("type")
                ):
                    position += 1  # the discriminator tag pydantic adds for tagged unions
                continue
            if key == "targets" and position < len(loc) and isinstance(loc[position], int):
                # A step's targets are named as a runner counts them; a single one is "target",
                # also when old data wrote it under the single-target key.
                index = int(loc[position])
                position += 1
                given = node.get("targets", [node.get("target")])
                several = isinstance(given, Sequence) and len(given) > 1
                parts.append(f"target {index + 1}" if several else "target")
                child = given[index] if isinstance(given, Sequence) and index < len(given) else None
                node = child
                if (
                    isinstance(child, Mapping)
                    and position < len(loc)
                    and loc[position] == child.get("type")
                ):
                    position += 1
                continue
            if key in node:
                parts.append(key)
                node = node[key]
                if (
                    isinstance(node, Mapping)
                    and position < len(loc)
                    and loc[position] == node.get("type")
                ):
                    position += 1
                continue
            if key == node.get("type"):
                continue
            parts.append(key)
            node = None
            continue
        parts.append(str(key))
        node = None
    return " > ".join(parts)
