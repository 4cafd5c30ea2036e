"""A FIT activity's totals: from its sessions when it has them, from its records when not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from server.files.activity import Activity, ActivityLap, FileWarning, Leg, Record, Sport
from server.files.derive import distance_covered, heart_rate, hr_stats, whole_lap
from server.files.errors import FileRefused, RefusalCode
from server.files.fit_decode import FitContent, num
from server.files.fit_device import device, file_identity
from server.files.fit_rules import Clock, assign_laps, timer_from_events


def from_sessions(
    content: FitContent,
    clock: Clock,
    sports: list[tuple[Sport, str | None]],
    records: list[Record],
    laps: list[ActivityLap],
    computed: list[str],
) -> Activity:
    """The watch's own summary; several sessions are legs and their totals add up."""
    sessions = content.sessions
    first_time = records[0].time if records else (laps[0].start if laps else None)
    found = [clock.get(s, "start_time") or first_time for s in sessions]
    known = [start for start in found if start is not None]
    if not known:
        raise FileRefused(RefusalCode.NO_DATA, "This FIT activity has no start time.")
    starts = [start or known[0] for start in found]
    if not laps:
        timer = num(sessions[0].get("total_timer_time")) if len(sessions) == 1 else None
        laps = [whole_lap(records, records[0].time if records else starts[0], timer)]
        computed.append("laps")
    lap_ends = [lap.start + dt.timedelta(seconds=lap.elapsed_s or 0.0) for lap in laps]
    spans = assign_laps(sessions, list(lap_ends), clock)
    legs = [
        Leg(
            sport=sport,
            sub_sport=sub,
            start=start,
            distance_m=num(values.get("total_distance")),
            timer_s=num(values.get("total_timer_time")),
            elapsed_s=num(values.get("total_elapsed_time")),
            first_lap=first,
            lap_count=count,
        )
        for values, (sport, sub), start, (first, count) in zip(
            sessions, sports, starts, spans, strict=True
        )
    ]
    distance = _total([leg.distance_m for leg in legs], 2)
    timer = _total([leg.timer_s for leg in legs], 3)
    elapsed = _total([leg.elapsed_s for leg in legs], 3)
    if distance is None and records:
        distance = distance_covered(records)
        computed.append("distance_m")
    if elapsed is None and records:
        elapsed = (records[-1].time - legs[0].start).total_seconds()
        computed.append("elapsed_s")
    avg_hr, max_hr = _session_hr(sessions, legs)
    if avg_hr is None or max_hr is None:
        own_avg, own_max = hr_stats(records)
        if avg_hr is None and own_avg is not None:
            avg_hr = own_avg
            computed.append("avg_hr")
        if max_hr is None and own_max is not None:
            max_hr = own_max
            computed.append("max_hr")
    last = records[-1].time if records else legs[-1].start
    _, pauses = timer_from_events(content.events, clock, last)
    several = len(legs) > 1
    kinds = {leg.sport for leg in legs}
    sport, sub_sport = (Sport.MULTISPORT, None) if several and len(kinds) > 1 else sports[0]
    return Activity(
        format="fit",
        sport=sport,
        sub_sport=sub_sport,
        start=legs[0].start,
        distance_m=distance,
        timer_s=timer,
        elapsed_s=elapsed,
        avg_hr=avg_hr,
        max_hr=max_hr,
        laps=laps,
        records=records,
        pauses=pauses,
        legs=legs if several else [],
        device=device(content),
        file_id=file_identity(content),
    )


def _total(values: list[float | None], digits: int) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known), digits) if known else None


def _session_hr(sessions: list[dict[str, Any]], legs: list[Leg]) -> tuple[float | None, int | None]:
    """Heart rate from the sessions: one session's own, or several weighted by timer time."""
    averages = [heart_rate(s.get("avg_heart_rate")) for s in sessions]
    maxima = [m for m in (heart_rate(s.get("max_heart_rate")) for s in sessions) if m is not None]
    peak = max(maxima) if maxima else None
    if any(a is None for a in averages):
        return None, peak
    weights = [leg.timer_s or 0.0 for leg in legs]
    if len(averages) == 1 or sum(weights) <= 0:
        known = [a for a in averages if a is not None]
        return float(known[0]) if len(known) == 1 else round(sum(known) / len(known), 2), peak
    weighted = sum((a or 0) * w for a, w in zip(averages, weights, strict=True))
    return round(weighted / sum(weights), 2), peak


def from_records(
    content: FitContent,
    clock: Clock,
    sport: tuple[Sport, str | None],
    records: list[Record],
    laps: list[ActivityLap],
    computed: list[str],
    warnings: list[FileWarning],
) -> Activity:
    """No session message: the activity as the records and timer events describe it."""
    start = records[0].time
    elapsed = (records[-1].time - start).total_seconds()
    timer, pauses = timer_from_events(content.events, clock, records[-1].time)
    avg_hr, max_hr = hr_stats(records)
    computed += ["start", "distance_m", "elapsed_s"]
    if timer is not None:
        computed.append("timer_s")
    if avg_hr is not None:
        computed += ["avg_hr", "max_hr"]
    if not laps:
        laps = [whole_lap(records, start, timer)]
        computed.append("laps")
    warnings.append(
        FileWarning(
            code="fit_no_session",
            message="The file has no session summary; its totals were computed from the records.",
        )
    )
    return Activity(
        format="fit",
        sport=sport[0],
        sub_sport=sport[1],
        start=start,
        distance_m=distance_covered(records),
        timer_s=timer,
        elapsed_s=elapsed,
        avg_hr=avg_hr,
        max_hr=max_hr,
        laps=laps,
        records=records,
        pauses=pauses,
        device=device(content),
        file_id=file_identity(content),
    )
