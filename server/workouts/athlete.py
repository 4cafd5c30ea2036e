"""An athlete's numbers that targets resolve against: VDOT, threshold pace, heart rates, zones."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from server.workouts.hr_zones import HeartRateZone, karvonen_zones, lthr_zones
from server.workouts.races import parse_race
from server.workouts.units import parse_clock
from server.workouts.vdot import VDOT_RANGE, TrainingPaces, training_paces, vdot_from_race

__all__ = ["DEFAULT_PACE_ZONES", "AthleteProfile"]

DEFAULT_PACE_ZONES: tuple[float, ...] = (77.5, 87.7, 94.3, 100.0, 103.4, 111.5)
"""Upper bounds of pace zones 1-6 in percent of threshold speed (intervals.icu's defaults for runs,
Friel's run pace zones turned into speed); zone 7 is everything faster."""

_ZONE_FLOOR_PCT = 60.0
_ZONE_CEILING_PCT = 130.0


class AthleteProfile(BaseModel):
    """The numbers targets resolve against; all optional, and each target says what it needs."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    vdot: Annotated[float, Field(ge=VDOT_RANGE[0], le=VDOT_RANGE[1])] | None = None
    threshold_pace_s_per_km: Annotated[float, Field(ge=120, le=900)] | None = None
    max_hr: Annotated[int, Field(ge=100, le=230)] | None = None
    resting_hr: Annotated[int, Field(ge=30, le=120)] | None = None
    lthr: Annotated[int, Field(ge=80, le=220)] | None = None
    ftp_watts: Annotated[int, Field(ge=50, le=1000)] | None = None
    pace_zones_pct: tuple[float, ...] = DEFAULT_PACE_ZONES
    pace_tolerance_s_per_km: Annotated[float, Field(ge=0, le=30)] = 2.5

    @model_validator(mode="after")
    def _check(self) -> AthleteProfile:
        max_hr, resting_hr = self.max_hr, self.resting_hr
        if max_hr is not None and resting_hr is not None and resting_hr >= max_hr:
            raise ValueError("resting HR must be below max HR")
        if self.max_hr is not None and self.lthr is not None and self.lthr >= self.max_hr:
            raise ValueError("lactate-threshold HR must be below max HR")
        bounds = self.pace_zones_pct
        if len(bounds) != 6 or list(bounds) != sorted(set(bounds)):
            raise ValueError("pace zones need six increasing upper bounds (zones 1-6)")
        if not (bounds[0] > _ZONE_FLOOR_PCT and bounds[-1] < _ZONE_CEILING_PCT):
            raise ValueError("pace zone bounds must lie between 60 % and 130 % of threshold")
        return self

    @classmethod
    def from_race(
        cls,
        race: str,
        time: str | float,
        *,
        max_hr: int | None = None,
        resting_hr: int | None = None,
        lthr: int | None = None,
        ftp_watts: int | None = None,
    ) -> AthleteProfile:
        """A profile from one race result (`from_race("5k", "19:57", max_hr=190)`)."""
        seconds = parse_clock(time) if isinstance(time, str) else float(time)
        vdot = round(vdot_from_race(parse_race(race).metres, seconds), 2)
        return cls(vdot=vdot, max_hr=max_hr, resting_hr=resting_hr, lthr=lthr, ftp_watts=ftp_watts)

    def paces(self) -> TrainingPaces | None:
        """Daniels training paces, when a VDOT is known."""
        return training_paces(self.vdot) if self.vdot is not None else None

    def threshold_pace(self) -> float | None:
        """Threshold pace (s/km): as set, else Daniels T pace."""
        if self.threshold_pace_s_per_km is not None:
            return self.threshold_pace_s_per_km
        paces = self.paces()
        return paces.threshold if paces is not None else None

    def pace_zone_span(self, low: int, high: int) -> tuple[float, float]:
        """Percent-of-threshold-speed span (slow, fast) of zones `low`..`high`."""
        edges = (_ZONE_FLOOR_PCT, *self.pace_zones_pct, _ZONE_CEILING_PCT)
        return edges[low - 1], edges[high]

    def heart_rate_zones(self) -> tuple[HeartRateZone, ...] | None:
        """Zones from LTHR when known (seven), else Karvonen from max and resting HR (five)."""
        if self.lthr is not None:
            return lthr_zones(self.lthr, self.max_hr)
        if self.max_hr is not None and self.resting_hr is not None:
            return karvonen_zones(self.max_hr, self.resting_hr)
        return None
