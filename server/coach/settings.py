"""Every threshold the coach uses, in one settings model, so a coach or a test can move one
without touching the rules. The defaults and their sources are in docs/coaching.md."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DEFAULT_SETTINGS", "CoachSettings"]

Fraction = Annotated[float, Field(gt=0, lt=1)]


class CoachSettings(BaseModel):
    """Thresholds of the load maths and of the readiness rules (defaults in docs/coaching.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Load maths.
    ctl_days: Annotated[int, Field(ge=2, le=120)] = 42
    atl_days: Annotated[int, Field(ge=1, le=30)] = 7
    acute_days: Annotated[int, Field(ge=1, le=14)] = 7
    chronic_days: Annotated[int, Field(ge=14, le=60)] = 28
    trimp_sex: Literal["male", "female", "neutral"] = "neutral"
    threshold_hrr: Annotated[float, Field(gt=0.5, lt=1)] = 0.85
    srpe_threshold_rpe: Annotated[float, Field(ge=4, le=10)] = 7.0
    easy_intensity: Annotated[float, Field(gt=0.3, lt=1)] = 0.75

    # Hard days.
    hard_gap_days: Annotated[int, Field(ge=1, le=4)] = 2
    hard_rpe: Annotated[int, Field(ge=5, le=10)] = 7
    quality_seconds: Annotated[float, Field(gt=0, le=3600)] = 300.0

    # Volume.
    ramp_pct: Annotated[float, Field(gt=0, le=200)] = 30.0
    ramp_weeks: Annotated[int, Field(ge=2, le=8)] = 4
    ramp_min_km: Annotated[float, Field(ge=0, le=100)] = 10.0
    acwr_high: Annotated[float, Field(gt=1, le=3)] = 1.5
    acwr_min_chronic: Annotated[float, Field(ge=0)] = 10.0
    heavy_form: Annotated[float, Field(gt=0, le=100)] = 30.0
    heavy_form_pct: Annotated[float, Field(gt=0, le=100)] = 50.0
    break_days: Annotated[int, Field(ge=3, le=60)] = 10

    # Body and calendar.
    soreness_days: Annotated[int, Field(ge=1, le=14)] = 3
    soreness_caution: Annotated[int, Field(ge=1, le=10)] = 3
    soreness_wait: Annotated[int, Field(ge=1, le=10)] = 6
    race_rest_days: Annotated[int, Field(ge=0, le=7)] = 2
    taper_days_short: Annotated[int, Field(ge=3, le=28)] = 10
    taper_days_half: Annotated[int, Field(ge=3, le=28)] = 14
    taper_days_long: Annotated[int, Field(ge=3, le=35)] = 21

    # Alternatives.
    shorten_keep: Fraction = 2 / 3
    taper_keep: Fraction = 0.5
    easy_minutes: Annotated[int, Field(ge=10, le=120)] = 35


DEFAULT_SETTINGS = CoachSettings()
