"""FIT activities into the activity model: the watch's own summary first, records for the rest.

The rules, each for a kind of real file:

* Totals come from the session message and are never summed from laps: a manual lap pressed
  during auto-laps overlaps them, and the watch's session already accounts for it.
* Several sessions (multisport) give one leg each; the totals are the sums over the sessions.
* Timer time and elapsed time are kept apart as written (pauses are in one and not the
  other); a lap's speed is computed over its timer time, never over end minus start, and its
  start is the one the watch wrote even when the watch ignored a pause in writing it.
* Heart rate 0 is no heart rate. A session or lap without heart rate gets the records' mean
  and maximum, and `computed` says so.
* A file with no laps gets one lap over the whole recording; one with no session gets its
  totals from the records (first to last record, the odometer's difference, the timer events).
* Times counted from power-on are placed by the first clock time that follows them.
* Heart rate buffered in chained files (Garmin appends them after swims) fills the records
  that have none.
"""

from __future__ import annotations

import bisect
import datetime as dt

from server.files.activity import (
    Activity,
    ActivityLap,
    FileWarning,
    LapTrigger,
    Record,
    Sport,
)
from server.files.derive import (
    heart_rate,
    hr_stats,
    records_between,
    speed,
)
from server.files.errors import FileRefused, RefusalCode
from server.files.fit_decode import FitContent, decode_fit, num
from server.files.fit_rules import Clock
from server.files.fit_summary import from_records, from_sessions
from server.files.limits import FileLimits
from server.files.sports import fit_sport

ON_FOOT = {Sport.RUNNING, Sport.WALKING, Sport.HIKING}
_TRIGGERS = {
    "manual": LapTrigger.MANUAL,
    "distance": LapTrigger.DISTANCE,
    "time": LapTrigger.TIME,
    "session_end": LapTrigger.SESSION_END,
    "heart_rate": LapTrigger.HEART_RATE,
    "position_start": LapTrigger.POSITION,
    "position_lap": LapTrigger.POSITION,
    "position_waypoint": LapTrigger.POSITION,
    "position_marked": LapTrigger.POSITION,
}
HR_FILL_WINDOW_S = 2.0


def read_fit(data: bytes, limits: FileLimits) -> Activity:
    content = decode_fit(data, limits)
    _check_activity(content)
    warnings = _decoder_warnings(content)
    clock = Clock(content, warnings)
    computed: list[str] = []
    sessions = content.sessions
    if sessions:
        sports = [fit_sport(s.get("sport"), s.get("sub_sport")) for s in sessions]
    else:
        hint = content.sports[0] if content.sports else content.laps[0] if content.laps else {}
        sports = [fit_sport(hint.get("sport"), hint.get("sub_sport"))]
    session_starts = [clock.get(s, "start_time") for s in sessions]
    records = _records(content, clock, sports, session_starts, warnings, computed)
    if not records and not sessions:
        raise FileRefused(RefusalCode.NO_DATA, "This FIT activity has no records and no summary.")
    laps = _laps(content, clock, records, computed)
    if sessions:
        activity = from_sessions(content, clock, sports, records, laps, computed)
    else:
        activity = from_records(content, clock, sports[0], records, laps, computed, warnings)
    return activity.model_copy(update={"warnings": warnings, "computed": sorted(set(computed))})


def _check_activity(content: FitContent) -> None:
    kind = content.file_ids[0].get("type") if content.file_ids else None
    if kind not in (None, "activity"):
        label = kind.replace("_", " ") if isinstance(kind, str) else f"type {kind}"
        raise FileRefused(
            RefusalCode.NOT_AN_ACTIVITY,
            f"This FIT file is a {label} file, not a recorded activity.",
        )
    if not (content.records or content.sessions or content.laps):
        raise FileRefused(
            RefusalCode.NOT_AN_ACTIVITY,
            "This FIT file holds no activity: no records, laps or sessions.",
        )


def _decoder_warnings(content: FitContent) -> list[FileWarning]:
    warnings = []
    if content.files > 1:
        warnings.append(
            FileWarning(
                code="fit_chained",
                message=f"The file holds {content.files} FIT files back to back; all were read.",
            )
        )
    if content.misdeclared_fields:
        warnings.append(
            FileWarning(
                code="fit_field_size",
                message=f"{content.misdeclared_fields} field definitions declare a size that "
                "does not fit their type; those fields were skipped.",
            )
        )
    if content.trailing_bytes:
        warnings.append(
            FileWarning(
                code="fit_trailing_bytes",
                message="Bytes after the end of the FIT data were ignored.",
            )
        )
    return warnings


def _records(
    content: FitContent,
    clock: Clock,
    sports: list[tuple[Sport, str | None]],
    session_starts: list[dt.datetime | None],
    warnings: list[FileWarning],
    computed: list[str],
) -> list[Record]:
    """Records in file order; cadence in steps a minute on foot (FIT writes one leg's)."""
    bounds = [
        (start, sport in ON_FOOT)
        for start, (sport, _) in zip(session_starts, sports, strict=False)
        if start
    ]
    leg, on_foot = 0, sports[0][0] in ON_FOOT
    records = []
    for time_s, distance, spd, hr, cadence, lat, lon, altitude in content.records:
        time = clock(time_s)
        while leg < len(bounds) and bounds[leg][0] <= time:
            on_foot = bounds[leg][1]
            leg += 1
        if cadence is not None and on_foot:
            cadence *= 2
        records.append(
            Record.model_construct(
                time=time,
                distance_m=distance,
                speed_mps=spd,
                heart_rate=heart_rate(hr),
                cadence_spm=cadence,
                lat=lat,
                lon=lon,
                altitude_m=altitude,
            )
        )
    if (
        content.hr_samples
        and content.hr_anchor is not None
        and any(r.heart_rate is None for r in records)
    ):
        records = _fill_heart_rate(records, content, clock, warnings, computed)
    return records


def _fill_heart_rate(
    records: list[Record],
    content: FitContent,
    clock: Clock,
    warnings: list[FileWarning],
    computed: list[str],
) -> list[Record]:
    anchor = content.hr_anchor or 0.0
    samples = sorted((clock(t + anchor), bpm) for t, bpm in content.hr_samples if heart_rate(bpm))
    times = [t for t, _ in samples]
    window = dt.timedelta(seconds=HR_FILL_WINDOW_S)
    filled, out = 0, []
    for record in records:
        if record.heart_rate is None and samples:
            i = bisect.bisect_left(times, record.time)
            near = [j for j in (i - 1, i) if 0 <= j < len(samples)]
            j = min(near, key=lambda k: abs(times[k] - record.time))
            if abs(times[j] - record.time) <= window:
                record = record.model_copy(update={"heart_rate": samples[j][1]})
                filled += 1
        out.append(record)
    if filled:
        computed.append("records.heart_rate")
        warnings.append(
            FileWarning(
                code="fit_buffered_hr",
                message=f"Heart rate buffered by the strap was matched to {filled} records.",
            )
        )
    return out


def _laps(
    content: FitContent, clock: Clock, records: list[Record], computed: list[str]
) -> list[ActivityLap]:
    laps: list[ActivityLap] = []
    previous_end: dt.datetime | None = None
    for values in content.laps:
        end = clock.get(values, "timestamp")
        elapsed, timer = num(values.get("total_elapsed_time")), num(values.get("total_timer_time"))
        start = clock.get(values, "start_time")
        if start is None and end is not None and elapsed is not None:
            start = end - dt.timedelta(seconds=elapsed)
        start = start or previous_end or (records[0].time if records else None)
        if start is None:
            continue
        if end is None and elapsed is not None:
            end = start + dt.timedelta(seconds=elapsed)
        previous_end = end
        avg_hr: float | None = heart_rate(values.get("avg_heart_rate"))
        max_hr = heart_rate(values.get("max_heart_rate"))
        if avg_hr is None or max_hr is None:
            own_avg, own_max = hr_stats(records_between(records, start, end))
            if avg_hr is None and own_avg is not None:
                avg_hr = own_avg
                computed.append("laps.avg_hr")
            if max_hr is None and own_max is not None:
                max_hr = own_max
                computed.append("laps.max_hr")
        distance = num(values.get("total_distance"))
        avg_speed = num(values.get("enhanced_avg_speed"))
        avg_speed = avg_speed if avg_speed is not None else num(values.get("avg_speed"))
        if avg_speed is None and speed(distance, timer) is not None:
            avg_speed = speed(distance, timer)
            computed.append("laps.avg_speed_mps")
        trigger = values.get("lap_trigger")
        intensity = values.get("intensity")
        laps.append(
            ActivityLap(
                start=start,
                distance_m=distance,
                timer_s=timer,
                elapsed_s=elapsed,
                avg_hr=avg_hr,
                max_hr=max_hr,
                avg_speed_mps=avg_speed,
                trigger=_TRIGGERS.get(trigger, LapTrigger.UNKNOWN)
                if isinstance(trigger, str)
                else LapTrigger.UNKNOWN,
                intensity=intensity if isinstance(intensity, str) else None,
            )
        )
    return laps
