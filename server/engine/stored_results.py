"""Results stored by earlier versions, read as today's typed summary.

Sessions finished before the summary was typed keep their results as they were written: the
fatigue verdict as a string ("stop: 9.6 %"), each rep with `on_target` but no verdict. Reading
them through this module gives every reader (the API, readiness, the phone) one shape, and
never rewrites what is stored.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from server.engine.fatigue import Advice, advice_after
from server.engine.settings import EngineSettings
from server.engine.summary import (
    FatigueNote,
    RepResult,
    SessionSummary,
    is_controlled,
    is_warmup_or_cooldown,
    takeaway_for,
)
from server.engine.verdict import Verdict

__all__ = ["read_summary"]

_OLD_FATIGUE = re.compile(r"^(ease|stop|recover): ([\d.]+) %$")


def read_summary(data: dict[str, Any] | None, settings: EngineSettings) -> SessionSummary | None:
    """The stored results as a `SessionSummary`, whichever version wrote them."""
    if data is None:
        return None
    try:
        return SessionSummary.model_validate(data)
    except ValidationError:
        return _upgrade(data, settings)


def _verdict(rep: dict[str, Any]) -> Verdict | None:
    on_target = rep.get("on_target")
    if on_target is None:
        return None
    if on_target:
        return Verdict.ON_TARGET
    pace, target = rep.get("pace_s_per_km"), rep.get("target_pace")
    if pace is not None and target:
        return Verdict.FAST if pace < target[0] else Verdict.SLOW
    return Verdict.SLOW


def _fatigue(value: Any) -> FatigueNote | None:
    if isinstance(value, dict):
        return FatigueNote.model_validate(value)
    match = _OLD_FATIGUE.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    advice, percent = Advice(match.group(1)), float(match.group(2))
    return FatigueNote(advice=advice, percent=percent, text=advice_after(advice, percent))


def _upgrade(data: dict[str, Any], settings: EngineSettings) -> SessionSummary:
    reps = []
    for rep in data.get("reps") or []:
        verdict = _verdict(rep)
        target = rep.get("target_pace")
        reps.append(
            RepResult(
                index=rep["index"],
                rep=rep.get("rep"),
                reps=rep.get("reps"),
                block=rep.get("block"),
                target_text=rep.get("target_text"),
                seconds=rep.get("seconds") or 0.0,
                metres=max(rep.get("metres") or 0.0, 0.0) + 0.0,
                pace_s_per_km=rep.get("pace_s_per_km"),
                target_pace=tuple(target) if target else None,
                judged_pace=None,
                verdict=verdict,
                on_target=None if verdict is None else verdict is Verdict.ON_TARGET,
                hr_avg=rep.get("hr_avg"),
                hr_max=rep.get("hr_max"),
                recovery_hr_drop=rep.get("recovery_hr_drop"),
                skipped=bool(rep.get("skipped")),
                main_set=not is_warmup_or_cooldown(rep.get("block")),
            )
        )
    fatigue = _fatigue(data.get("fatigue"))
    main = [rep for rep in reps if rep.main_set]
    judged = [rep.verdict for rep in main if rep.verdict is not None]
    return SessionSummary(
        reps=tuple(reps),
        completed_steps=int(data.get("completed_steps") or 0),
        skipped_steps=sum(1 for rep in reps if rep.skipped),
        total_steps=int(data.get("total_steps") or 0),
        compliance=data.get("compliance"),
        fatigue=fatigue,
        controlled=is_controlled(main, fatigue),
        takeaway=takeaway_for(main, judged, fatigue),
        units=settings.units,
        venue=settings.venue,
    )
