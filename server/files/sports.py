"""Every format's names for a sport, mapped onto trackcue's `Sport`.

A reader never relabels: a sport that is not a run stays what it is (cycling, rowing,
paddling as OTHER with its own name kept in `sub_sport`), so the caller can say clearly
that the file is not a run instead of importing a ride as one.
"""

from __future__ import annotations

from server.files.activity import Sport

# FIT `sport` enum names as fitdecode renders them.
_FIT_SPORTS: dict[str, Sport] = {
    "running": Sport.RUNNING,
    "walking": Sport.WALKING,
    "hiking": Sport.HIKING,
    "cycling": Sport.CYCLING,
    "e_biking": Sport.CYCLING,
    "swimming": Sport.SWIMMING,
    "rowing": Sport.ROWING,
    "multisport": Sport.MULTISPORT,
}
# Sub-sports that name the sport better than a vague `fitness_equipment` or `generic`.
_FIT_SUB_SPORTS: dict[str, Sport] = {
    "treadmill": Sport.RUNNING,
    "indoor_running": Sport.RUNNING,
    "trail": Sport.RUNNING,
    "track": Sport.RUNNING,
    "indoor_rowing": Sport.ROWING,
    "indoor_cycling": Sport.CYCLING,
    "indoor_walking": Sport.WALKING,
    "lap_swimming": Sport.SWIMMING,
    "open_water": Sport.SWIMMING,
}
_VAGUE_FIT_SPORTS = {"generic", "fitness_equipment", "all", "training"}

# Words used in TCX `Sport` attributes and GPX `<type>` elements.
_WORDS: dict[str, Sport] = {
    "running": Sport.RUNNING,
    "run": Sport.RUNNING,
    "trail_running": Sport.RUNNING,
    "trailrun": Sport.RUNNING,
    "virtualrun": Sport.RUNNING,
    "treadmill": Sport.RUNNING,
    "walking": Sport.WALKING,
    "walk": Sport.WALKING,
    "hiking": Sport.HIKING,
    "hike": Sport.HIKING,
    "biking": Sport.CYCLING,
    "cycling": Sport.CYCLING,
    "ride": Sport.CYCLING,
    "virtualride": Sport.CYCLING,
    "ebikeride": Sport.CYCLING,
    "swimming": Sport.SWIMMING,
    "swim": Sport.SWIMMING,
    "rowing": Sport.ROWING,
    "row": Sport.ROWING,
    "multisport": Sport.MULTISPORT,
}
# Strava's GPX export writes its own activity type number into `<type>`: 1 ride, 4 hike,
# 9 run, 10 walk, 16 swim, 23 rowing (the numbers of Strava's activity-type list).
STRAVA_TYPES: dict[int, Sport] = {
    1: Sport.CYCLING,
    4: Sport.HIKING,
    9: Sport.RUNNING,
    10: Sport.WALKING,
    16: Sport.SWIMMING,
    23: Sport.ROWING,
}


def fit_sport(sport: object, sub_sport: object) -> tuple[Sport, str | None]:
    """A FIT session's sport and sub-sport; the sub-sport keeps the file's own word."""
    name = sport if isinstance(sport, str) else None
    sub = sub_sport if isinstance(sub_sport, str) and sub_sport != "generic" else None
    if name in _FIT_SPORTS:
        return _FIT_SPORTS[name], sub
    if sub in _FIT_SUB_SPORTS:
        return _FIT_SUB_SPORTS[sub], sub
    if name is None or name in _VAGUE_FIT_SPORTS:
        return Sport.OTHER, sub if sub is not None else name
    return Sport.OTHER, name if sub is None else f"{name}/{sub}"


def word_sport(word: str | None) -> tuple[Sport, str | None]:
    """A TCX `Sport` attribute or a GPX `<type>`: a word, or one of Strava's numbers."""
    if word is None or not word.strip():
        return Sport.OTHER, None
    text = word.strip()
    key = text.lower().replace(" ", "").replace("-", "_")
    if key.isdigit():
        number = int(key)
        if number in STRAVA_TYPES:
            return STRAVA_TYPES[number], None
        return Sport.OTHER, f"strava_type_{number}"
    if key in _WORDS:
        return _WORDS[key], None
    return Sport.OTHER, None if key == "other" else text
