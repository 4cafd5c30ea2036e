"""Workouts: the model, its text format, pace maths and the built-in library.

Pure: no web framework, no database, no asyncio. Everything here is deterministic and safe to call
from the engine, the server and the bridge alike.
"""

from server.workouts.athlete import DEFAULT_PACE_ZONES, AthleteProfile
from server.workouts.errors import (
    ResolutionError,
    ValidationIssue,
    WorkoutError,
    WorkoutParseError,
    WorkoutValidationError,
)
from server.workouts.library import LIBRARY, LibraryEntry, get_template
from server.workouts.model import (
    CadenceTarget,
    DistanceDuration,
    HeartRateDuration,
    HeartRateReference,
    HeartRateTarget,
    HeartRateZoneTarget,
    HrDirection,
    LapButtonDuration,
    NamedPace,
    NamedPaceTarget,
    PaceTarget,
    PaceZoneTarget,
    Repeat,
    RpeTarget,
    Section,
    SpeedTarget,
    Step,
    StepKind,
    ThresholdPaceTarget,
    TimeDuration,
    Workout,
)
from server.workouts.resolve import (
    ExpandedStep,
    ResolvedCadence,
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedRpe,
    ResolvedWorkout,
    Totals,
    resolve,
)
from server.workouts.text_format import (
    ParsedWorkout,
    ParseWarning,
    format_workout,
    parse,
    parse_workout,
)
from server.workouts.validation import workout_from_data

__all__ = [
    "DEFAULT_PACE_ZONES",
    "LIBRARY",
    "AthleteProfile",
    "CadenceTarget",
    "DistanceDuration",
    "ExpandedStep",
    "HeartRateDuration",
    "HeartRateReference",
    "HeartRateTarget",
    "HeartRateZoneTarget",
    "HrDirection",
    "LapButtonDuration",
    "LibraryEntry",
    "NamedPace",
    "NamedPaceTarget",
    "PaceTarget",
    "PaceZoneTarget",
    "ParseWarning",
    "ParsedWorkout",
    "Repeat",
    "ResolutionError",
    "ResolvedCadence",
    "ResolvedHeartRate",
    "ResolvedPace",
    "ResolvedRpe",
    "ResolvedWorkout",
    "RpeTarget",
    "Section",
    "SpeedTarget",
    "Step",
    "StepKind",
    "ThresholdPaceTarget",
    "TimeDuration",
    "Totals",
    "ValidationIssue",
    "Workout",
    "WorkoutError",
    "WorkoutParseError",
    "WorkoutValidationError",
    "format_workout",
    "get_template",
    "parse",
    "parse_workout",
    "resolve",
    "workout_from_data",
]
