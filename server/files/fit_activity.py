"""An activity as a FIT activity file, the one format every service and watch reads.

What Garmin Connect, Strava and intervals.icu need, in the order a watch writes it: file_id,
device_info naming trackcue, a timer start, the records (one a second) with a timer stop and
start around each pause, each lap after its records, a timer stop, the session, the activity.
A lap's timestamp is its end; its start and the totals are what the activity says, so a reader
gets the device's numbers back rather than ones recomputed from the records.

Running cadence is written as FIT counts it, strides (one foot) a minute, with the half stride
in `fractional_cadence`; trackcue's own numbers are steps a minute (both feet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from fit_tool.profile.messages.activity_message import (  # type: ignore[import-untyped]
    ActivityMessage,
)
from fit_tool.profile.messages.device_info_message import (  # type: ignore[import-untyped]
    DeviceInfoMessage,
)
from fit_tool.profile.messages.event_message import EventMessage  # type: ignore[import-untyped]
from fit_tool.profile.messages.lap_message import LapMessage  # type: ignore[import-untyped]
from fit_tool.profile.messages.record_message import (  # type: ignore[import-untyped]
    RecordMessage,
)
from fit_tool.profile.messages.session_message import (  # type: ignore[import-untyped]
    SessionMessage,
)
from fit_tool.profile.profile_type import (  # type: ignore[import-untyped]
    Activity as FitActivityType,
)
from fit_tool.profile.profile_type import (
    Event,
    EventType,
    Intensity,
    Manufacturer,
    SessionTrigger,
    SubSport,
)
from fit_tool.profile.profile_type import (
    LapTrigger as FitLapTrigger,
)
from fit_tool.profile.profile_type import (
    Sport as FitSport,
)

from server.files.activity import Activity, ActivityLap, LapTrigger, Record, Sport
from server.files.export_common import laps_or_whole
from server.files.fit_common import (
    SOFTWARE_VERSION,
    encode,
    file_id,
    fit_ms,
    serial_number,
)

__all__ = ["write_fit_activity"]

_SPORTS = {
    Sport.RUNNING: FitSport.RUNNING,
    Sport.WALKING: FitSport.WALKING,
    Sport.HIKING: FitSport.HIKING,
    Sport.CYCLING: FitSport.CYCLING,
    Sport.SWIMMING: FitSport.SWIMMING,
    Sport.ROWING: FitSport.ROWING,
}
# FIT has no heart-rate lap trigger: a step ended by heart rate ended on an event, not a clock.
_TRIGGERS = {
    LapTrigger.MANUAL: FitLapTrigger.MANUAL,
    LapTrigger.TIME: FitLapTrigger.TIME,
    LapTrigger.DISTANCE: FitLapTrigger.DISTANCE,
    LapTrigger.POSITION: FitLapTrigger.POSITION_LAP,
    LapTrigger.HEART_RATE: FitLapTrigger.MANUAL,
    LapTrigger.SESSION_END: FitLapTrigger.SESSION_END,
    LapTrigger.UNKNOWN: FitLapTrigger.MANUAL,
}
_INTENSITIES = {
    "active": Intensity.ACTIVE,
    "rest": Intensity.REST,
    "warmup": Intensity.WARMUP,
    "cooldown": Intensity.COOLDOWN,
    "recovery": Intensity.RECOVERY,
    "resting": Intensity.REST,
}
# Ordering of messages that share a second: a pause's stop before the records after it, a lap
# after its last record.
_TIMER, _RECORD, _LAP = 0, 1, 2


def write_fit_activity(activity: Activity) -> bytes:
    """The activity as FIT bytes (protocol 2, little-endian, CRC over header and data)."""
    end = _end_of(activity)
    sport = _SPORTS.get(activity.sport, FitSport.GENERIC)
    sub_sport = _sub_sport(activity.sub_sport)
    serial = serial_number("activity", activity.start.isoformat(), activity.name or "")
    timed: list[tuple[dt.datetime, int, Any]] = []
    for record in activity.records:
        timed.append((record.time, _RECORD, _record(record)))
    for pause in activity.pauses:
        timed.append((pause.start, _TIMER, _timer(pause.start, EventType.STOP_ALL)))
        timed.append((pause.end, _TIMER, _timer(pause.end, EventType.START)))
    laps = laps_or_whole(activity)
    for index, lap in enumerate(laps):
        timed.append((_lap_end(lap), _LAP, _lap(index, lap, sport, sub_sport)))
    timed.sort(key=lambda item: (item[0].replace(microsecond=0), item[1]))

    def messages() -> Iterator[Any]:
        yield file_id("activity", activity.start, serial)
        yield _device_info(activity.start, serial)
        yield _timer(activity.start, EventType.START)
        for _, _, message in timed:
            yield message
        yield _timer(end, EventType.STOP_ALL)
        yield _session(activity, len(laps), end, sport, sub_sport)
        yield _activity(activity, end)

    return encode(messages())


def _end_of(activity: Activity) -> dt.datetime:
    """When the activity ended: its elapsed time from the start, else its last lap or record."""
    ends = [activity.start]
    if activity.elapsed_s is not None:
        ends.append(activity.start + dt.timedelta(seconds=activity.elapsed_s))
    ends.extend(_lap_end(lap) for lap in activity.laps)
    if activity.records:
        ends.append(activity.records[-1].time)
    return max(ends)


def _lap_end(lap: ActivityLap) -> dt.datetime:
    seconds = lap.elapsed_s if lap.elapsed_s is not None else lap.timer_s
    return lap.start + dt.timedelta(seconds=seconds or 0.0)


def _sub_sport(name: str | None) -> Any:
    if not name:
        return SubSport.GENERIC
    try:
        return SubSport[name.upper()]
    except KeyError:
        return SubSport.GENERIC


def _device_info(start: dt.datetime, serial: int) -> Any:
    message = DeviceInfoMessage()
    message.timestamp = fit_ms(start)
    message.device_index = 0  # the creator: the device that recorded the file
    message.manufacturer = Manufacturer.DEVELOPMENT.value
    message.product = 0
    message.product_name = "trackcue"
    message.serial_number = serial
    message.software_version = SOFTWARE_VERSION
    return message


def _timer(when: dt.datetime, kind: Any) -> Any:
    message = EventMessage()
    message.timestamp = fit_ms(when)
    message.event = Event.TIMER
    message.event_type = kind
    message.event_group = 0
    return message


def _record(record: Record) -> Any:
    message = RecordMessage()
    message.timestamp = fit_ms(record.time)
    if record.distance_m is not None:
        message.distance = record.distance_m
    if record.speed_mps is not None:
        message.speed = record.speed_mps
    if record.heart_rate is not None:
        message.heart_rate = record.heart_rate
    if record.cadence_spm is not None:
        strides = record.cadence_spm / 2
        message.cadence = int(strides)
        message.fractional_cadence = strides - int(strides)
    if record.lat is not None and record.lon is not None:
        message.position_lat = record.lat
        message.position_long = record.lon
    if record.altitude_m is not None:
        message.altitude = record.altitude_m
    return message


def _lap(index: int, lap: ActivityLap, sport: Any, sub_sport: Any) -> Any:
    message = LapMessage()
    message.message_index = index
    message.timestamp = fit_ms(_lap_end(lap))
    message.start_time = fit_ms(lap.start)
    message.event = Event.LAP
    message.event_type = EventType.STOP
    if lap.elapsed_s is not None:
        message.total_elapsed_time = lap.elapsed_s
    if lap.timer_s is not None:
        message.total_timer_time = lap.timer_s
    if lap.distance_m is not None:
        message.total_distance = lap.distance_m
    if lap.avg_speed_mps is not None:
        message.avg_speed = lap.avg_speed_mps
    if lap.avg_hr is not None:
        message.avg_heart_rate = round(lap.avg_hr)
    if lap.max_hr is not None:
        message.max_heart_rate = lap.max_hr
    message.lap_trigger = _TRIGGERS[lap.trigger]
    message.intensity = _INTENSITIES.get((lap.intensity or "active").lower(), Intensity.ACTIVE)
    message.sport = sport
    message.sub_sport = sub_sport
    return message


def _session(
    activity: Activity, lap_count: int, end: dt.datetime, sport: Any, sub_sport: Any
) -> Any:
    message = SessionMessage()
    message.message_index = 0
    message.timestamp = fit_ms(end)
    message.start_time = fit_ms(activity.start)
    message.event = Event.SESSION
    message.event_type = EventType.STOP
    message.trigger = SessionTrigger.ACTIVITY_END
    message.sport = sport
    message.sub_sport = sub_sport
    message.first_lap_index = 0
    message.num_laps = lap_count
    elapsed = (end - activity.start).total_seconds()
    message.total_elapsed_time = activity.elapsed_s if activity.elapsed_s is not None else elapsed
    message.total_timer_time = activity.timer_s if activity.timer_s is not None else elapsed
    if activity.distance_m is not None:
        message.total_distance = activity.distance_m
        timer = message.total_timer_time
        if timer:
            message.avg_speed = activity.distance_m / timer
    speeds = [r.speed_mps for r in activity.records if r.speed_mps is not None]
    if speeds:
        message.max_speed = max(speeds)
    if activity.avg_hr is not None:
        message.avg_heart_rate = round(activity.avg_hr)
    if activity.max_hr is not None:
        message.max_heart_rate = activity.max_hr
    return message


def _activity(activity: Activity, end: dt.datetime) -> Any:
    message = ActivityMessage()
    message.timestamp = fit_ms(end)
    elapsed = (end - activity.start).total_seconds()
    message.total_timer_time = activity.timer_s if activity.timer_s is not None else elapsed
    message.num_sessions = 1
    message.type = FitActivityType.MANUAL
    message.event = Event.ACTIVITY
    message.event_type = EventType.STOP
    return message
