"""The odometer: how far the runner has gone in the current step, from whichever source counts.

Sources report their own running totals (a footpod's odometer, a treadmill belt's, a watch's
GPS). One source counts at a time, chosen by the venue: the belt on a treadmill, GPS then the
footpod on the road, the footpod on a track (where lap presses at the line correct it). A source
that restarts its count is not a negative distance. Footpod metres are scaled by the calibration
learned from laps; on a track, metres are counted by the lane-1 marks, so a stream from lane 4
is divided by the lane's factor.

Everything here answers questions and returns facts ("the mark was passed at t"); the engine
decides what a fact means for the session. The state is plain data and serialises.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from server.engine.calibration import FootpodCalibration
from server.engine.events import Sample
from server.engine.settings import Venue

__all__ = ["Odometer", "Progress", "source_rank"]

_PREFERENCE = {
    Venue.TRACK: ("footpod", "treadmill", "gps"),
    Venue.ROAD: ("gps", "footpod", "treadmill"),
    Venue.TREADMILL: ("treadmill", "footpod", "gps"),
}
_STREAM_GAP_S = 2.0  # a stream silent longer than this is not extrapolated


def source_rank(source: str, venue: Venue) -> int:
    """How much a source is trusted for distance at a venue (lower is better)."""
    for rank, prefix in enumerate(_PREFERENCE[venue]):
        if source.startswith(prefix):
            return rank
    return len(_PREFERENCE[venue])


@dataclass(frozen=True, slots=True)
class Progress:
    """A counted distance reading: metres in the step before it, and when that was."""

    metres_before: float
    t_before: float


@dataclass(slots=True)
class Odometer:
    """Metres in the current step, the counting source, and the footpod's calibration."""

    venue: Venue = Venue.TRACK
    lane_factor: float = 1.0
    source: str | None = None
    totals: dict[str, float] = field(default_factory=dict)
    metres: float = 0.0
    presses: int = 0
    raw_since_press: float = 0.0
    overshoot: float = 0.0  # metres run past a distance step's end, owed to the next step
    last_point: tuple[float, float] | None = None  # (t, metres) of the last counted reading
    stream_speed: tuple[float, float] | None = None  # (t, raw m/s) of the counting stream
    calibration: FootpodCalibration = field(default_factory=FootpodCalibration)

    def _scale(self, source: str) -> float:
        return self.calibration.factor if source.startswith("footpod") else 1.0

    def speed_of(self, sample: Sample) -> float | None:
        """The sample's speed, calibrated when it comes from a footpod."""
        if sample.speed is None:
            return None
        return sample.speed * self._scale(sample.source)

    def begin_step(self, at: float) -> None:
        """A step starts at `at`: what was run past the last step's end counts here."""
        self.presses = 0
        if self.overshoot > 0:
            self.metres = self.overshoot
            self.raw_since_press = self.overshoot * self.lane_factor / self.calibration.factor
        else:
            raw, marks = self.stream_before(at)
            self.metres = -marks
            self.raw_since_press = -raw
        self.overshoot = 0.0
        self.last_point = (at, self.metres)

    def stream_before(self, at: float) -> tuple[float, float]:
        """Raw metres and marks the stream will report for the time before `at`.

        A stream reports about once a second; its next report after `at` covers some running
        done before it, which belongs to what ended at `at`: it is estimated from the last
        speed, given to the step that ended and taken off the next one.
        """
        if self.stream_speed is None or self.source is None:
            return 0.0, 0.0
        since, speed = self.stream_speed
        raw = speed * min(max(at - since, 0.0), _STREAM_GAP_S)
        return raw, raw * self._scale(self.source) / self.lane_factor

    def reading(self, sample: Sample, *, counting: bool) -> Progress | None:
        """Take a distance reading; return progress when it moved the step's metres."""
        assert sample.distance is not None
        source = sample.source
        previous = self.totals.get(source)
        self.totals[source] = sample.distance
        if self.source is None or (
            source != self.source
            and source_rank(source, self.venue) < source_rank(self.source, self.venue)
        ):
            # A better source for this venue: it counts from its next reading on.
            self.source = source
            self.stream_speed = None
            return None
        if source != self.source or previous is None:
            return None
        if sample.speed is not None:
            self.stream_speed = (sample.t, sample.speed)
        delta = sample.distance - previous
        if delta <= 0 or not counting:
            # A sensor that restarted its count, or nothing to count it toward (paused): the
            # next crossing is interpolated from here, never across the pause.
            self.last_point = (sample.t, self.metres)
            return None
        if source.startswith("footpod"):
            self.raw_since_press += delta
        before = Progress(
            self.metres, self.last_point[0] if self.last_point is not None else sample.t
        )
        self.metres += delta * self._scale(source) / self.lane_factor
        self.last_point = (sample.t, self.metres)
        return before

    def crossing(self, mark: float, progress: Progress, t: float) -> float:
        """When the runner passed `mark`, interpolated between the last two readings."""
        if self.metres <= progress.metres_before:
            return t
        fraction = (mark - progress.metres_before) / (self.metres - progress.metres_before)
        return progress.t_before + min(max(fraction, 0.0), 1.0) * (t - progress.t_before)

    def counts_footpod(self) -> bool:
        """Whether the counting source is a footpod (the one calibration applies to)."""
        return self.source is not None and self.source.startswith("footpod")

    def press_at_mark(
        self, previous_mark: float, mark: float, t: float
    ) -> tuple[int, float] | None:
        """A lap press at a track mark: learn the footpod's factor, set the metres to the mark.

        Returns (laps learned from, new factor) when the calibration changed by more than 1 %,
        the fact worth telling the runner.
        """
        ahead, _ = self.stream_before(t)
        if self.counts_footpod():
            self.raw_since_press += ahead
        learned = self._learn((mark - previous_mark) * self.lane_factor)
        raw, marks = self.stream_before(t)  # with the factor just learned
        self.raw_since_press = -raw
        self.metres = mark - marks
        self.last_point = (t, self.metres)
        return learned

    def _learn(self, track_metres: float) -> tuple[int, float] | None:
        raw = self.raw_since_press
        self.raw_since_press = 0.0
        before = self.calibration.factor
        if raw <= 0 or not self.calibration.add_lap(track_metres, raw):
            return None
        after = self.calibration.factor
        if after != 1.0 and abs(after - before) / before > 0.01:
            return self.calibration.laps, after
        return None
