"""The error tree of the workout package.

    WorkoutError               anything wrong with a workout or an athlete's numbers
    ├── WorkoutValidationError a workout that breaks a rule; each issue names its step by path
    ├── WorkoutParseError      text that is not the workout format; carries line and column
    └── ResolutionError        a target this athlete's profile cannot resolve (no 5 km time, ...)

Adapters turn these into problem details or websocket error messages, so each one says what is
wrong and where in words a runner or coach understands.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ResolutionError",
    "ValidationIssue",
    "WorkoutError",
    "WorkoutParseError",
    "WorkoutValidationError",
]


class WorkoutError(ValueError):
    """Root of every error raised by `server.workouts`."""


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One broken rule; `path` names the step ("main set 6x > step 1 > target")."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class WorkoutValidationError(WorkoutError):
    """A workout breaks one or more rules; `issues` lists them all, each with its path."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(str(issue) for issue in self.issues))


class WorkoutParseError(WorkoutError):
    """Text that does not read as a workout. `line` and `column` are 1-based."""

    def __init__(self, message: str, *, line: int, column: int, source_line: str = "") -> None:
        self.message = message
        self.line = line
        self.column = column
        self.source_line = source_line
        super().__init__(f"line {line}, column {column}: {message}")

    def pointer(self) -> str:
        """The offending line with a caret under the column, for terminals and error bodies."""
        return f"{self.source_line}\n{' ' * (self.column - 1)}^"


class ResolutionError(WorkoutError):
    """A target needs a number the athlete's profile does not have (a race time, max HR, ...)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)
