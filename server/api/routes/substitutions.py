"""Bad-weather substitution: the session of the same effort for the road or a treadmill, and
today's plan entry swapped to it in one step, so the session made from it runs on that venue.
"""

from __future__ import annotations

from fastapi import APIRouter

from server.api.deps import CurrentAthlete, DbSession
from server.api.problems import InvalidField, ProblemError, problem_responses
from server.api.schemas.plans import (
    SubstituteIn,
    SubstitutionIn,
    SubstitutionReply,
    SwappedEntryReply,
)
from server.coach.substitution import RoadStyle, Substitution, substitute
from server.engine.settings import Venue
from server.store.athletes import get_athlete, profile_of
from server.store.ids import utcnow
from server.store.plans import get_plan_entry
from server.store.sessions import get_session
from server.store.training import new_workout_row, swap_plan_entry
from server.store.workouts import get_workout
from server.workouts import (
    AthleteProfile,
    ResolutionError,
    ResolvedWorkout,
    Workout,
    get_template,
    parse,
)

__all__ = ["router"]

router = APIRouter(prefix="/v1")


def _substitute(
    workout: Workout | ResolvedWorkout,
    venue: str,
    style: str,
    incline: bool,
    profile: AthleteProfile,
) -> Substitution:
    try:
        return substitute(workout, Venue(venue), profile, style=RoadStyle(style), incline=incline)
    except ResolutionError:
        raise  # the problem handlers say which number the profile lacks
    except ValueError as error:
        field = InvalidField(where="body > style", what=str(error))
        raise ProblemError(422, f"no substitute: {error}", errors=[field]) from None


def _reply(found: Substitution) -> SubstitutionReply:
    return SubstitutionReply(
        venue=found.venue.value,
        style=found.style.value if found.style is not None else None,
        workout=found.workout_text,
        rationale=found.rationale,
        load_comparison=found.load_comparison,
    )


@router.post("/substitutions", tags=["training"], responses=problem_responses(401, 403, 404, 422))
async def new_substitution(
    body: SubstitutionIn, athlete: CurrentAthlete, db: DbSession
) -> SubstitutionReply:
    """The workout (the athlete's, a built-in, or a session's) at the same effort on the road
    (reps by time or on a measured stretch with a heart-rate guard, or a tempo of about the
    same load) or on a treadmill (belt speeds at 1 % incline), with the rationale."""
    owner = athlete.athlete_id
    profile = profile_of(await get_athlete(db, owner)).athlete()
    workout: Workout | ResolvedWorkout
    if body.workout_id is not None:
        workout = Workout.model_validate((await get_workout(db, owner, body.workout_id)).definition)
    elif body.session_id is not None:
        session = await get_session(db, owner, body.session_id)
        workout = ResolvedWorkout.model_validate(session.snapshot)
    else:
        assert body.template is not None
        try:
            workout = get_template(body.template).workout
        except KeyError:
            field = InvalidField(where="body > template", what="unknown built-in workout")
            raise ProblemError(
                422, f"no built-in workout {body.template!r}", errors=[field]
            ) from None
    return _reply(_substitute(workout, body.venue, body.style, body.incline, profile))


@router.post(
    "/plan/{entry_id}/substitute",
    tags=["plan"],
    responses=problem_responses(401, 403, 404, 422),
)
async def swap_entry(
    entry_id: str, body: SubstituteIn, athlete: CurrentAthlete, db: DbSession
) -> SwappedEntryReply:
    """Swap a plan entry to its version for the road or a treadmill in one step: the version
    is saved as one of the athlete's workouts, the entry points at it and keeps the venue, and
    a session created from it on that day runs on that venue."""
    owner = athlete.athlete_id
    entry = await get_plan_entry(db, owner, entry_id)
    profile = profile_of(await get_athlete(db, owner)).athlete()
    if entry.workout_id is not None:
        workout = Workout.model_validate(
            (await get_workout(db, owner, entry.workout_id)).definition
        )
    else:
        assert entry.template is not None
        workout = get_template(entry.template).workout
    found = _substitute(workout, body.venue, body.style, body.incline, profile)
    changed = parse(found.workout_text).workout
    row = new_workout_row(
        owner,
        changed.name or f"{body.venue} version",
        changed.model_dump(mode="json"),
        entry.season_id,
        utcnow(),
    )
    swapped = await swap_plan_entry(db, owner, entry.id, row, found.venue.value)
    return SwappedEntryReply.model_validate(swapped)
