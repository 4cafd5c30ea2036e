"""Uploads of watch files (`POST /v1/uploads`) and of workout files (`/v1/workouts/import`).

The route reads the multipart file and hands it to `server.sync.uploads`, which decides the
rest: the HTTP layer only turns an upload into its answer. A refused file answers problem
details that carry the refusal's `code`, `message` and `offset`; a retried request with the
same `Idempotency-Key` gets the first answer again, status and body.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Header, Request, UploadFile, status
from fastapi.responses import JSONResponse

from server.api.deps import AnyPrincipal, CurrentAthlete, DbSession, SettingsDep
from server.api.problems import MEDIA_TYPE, ProblemError, problem_responses
from server.api.schemas.files import FileError, FileProblem, UploadReply
from server.api.schemas.workouts import WorkoutReply
from server.files.errors import FileRefused, RefusalCode
from server.files.workout_files import read_workout_file
from server.store.athletes import Principal
from server.store.tables import UploadRow
from server.store.uploads import get_upload
from server.store.workouts import create_workout
from server.sync.uploads import Received, UploadWorker, refusal_status

__all__ = ["router"]

router = APIRouter(prefix="/v1")

_TITLES = {413: "File too large", 422: "File refused"}


async def _uploader(principal: AnyPrincipal) -> Principal:
    """An athlete, or a device paired to one (the bridge uploads the watch's files)."""
    if principal.kind not in ("athlete", "device"):
        raise ProblemError(403, f"a {principal.kind} token cannot upload files")
    return principal


Uploader = Annotated[Principal, Depends(_uploader)]
FilePart = Annotated[
    UploadFile, File(description="a FIT, TCX or GPX file, gzip-compressed or not (.fit.gz...)")
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="retries with this key get the first answer; another file with it, a 409",
    ),
]


def _refusal(
    path: str, status_code: int, error: dict[str, Any], upload_id: str | None
) -> JSONResponse:
    refusal = FileError.model_validate(error)
    body = FileProblem(
        title=_TITLES.get(status_code, "File refused"),
        status=status_code,
        detail=f"the file was not imported: {refusal.message}",
        instance=path,
        code=refusal.code,
        message=refusal.message,
        offset=refusal.offset,
        line=refusal.line,
        upload_id=upload_id,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status_code,
        media_type=MEDIA_TYPE,
    )


def _answer(request: Request, row: UploadRow) -> JSONResponse:
    """The answer an upload got (and gets again on a retry with its key)."""
    if row.answer_status in (413, 422) and row.error is not None:
        return _refusal(request.url.path, row.answer_status, row.error, row.id)
    reply = UploadReply.of(row).model_dump(mode="json")
    return JSONResponse(reply, status_code=row.answer_status)


async def _read_part(file: UploadFile, limit: int) -> bytes | dict[str, Any]:
    """The part's bytes, or a too-large refusal once `limit` is passed (read no further)."""
    data = await file.read(limit + 1)
    if len(data) > limit:
        return {
            "code": RefusalCode.TOO_LARGE.value,
            "message": f"the file is larger than {limit} bytes",
            "offset": limit,
            "line": None,
        }
    return data


@router.post(
    "/uploads",
    status_code=status.HTTP_201_CREATED,
    tags=["activities"],
    response_model=UploadReply,
    responses={
        202: {"model": UploadReply, "description": "A large file: being imported; GET tells."},
        413: {"model": FileProblem, "description": "The file is larger than the server takes."},
        422: {"model": FileProblem, "description": "The file was refused; `code` says why."},
        **problem_responses(401, 403, 409),
    },
)
async def upload(
    request: Request,
    file: FilePart,
    uploader: Uploader,
    settings: SettingsDep,
    key: IdempotencyKey = None,
) -> JSONResponse:
    """Import a run from a watch's file (FIT, TCX or GPX, gzipped or not).

    201 with the upload: a new activity, or a duplicate of a run already here (the same bytes,
    the same FIT file id, or the same sport starting within 60 s with a distance within 3 %),
    which the file enriches with what it has and the run lacks. Files from
    `upload_background_bytes` up answer 202 and are imported in the background. Refused files
    answer 422 (413 when too large) with `code`, `message` and `offset`; nothing is kept.
    """
    part = await _read_part(file, settings.max_upload_bytes)
    data = part if isinstance(part, bytes) else b""
    received = Received(uploader.athlete_id, data, file.filename or None, key)
    worker: UploadWorker = request.app.state.uploads
    earlier = await worker.existing(received)
    if earlier is not None:
        if earlier.sha256 != received.sha256:
            raise ProblemError(
                409,
                f"the Idempotency-Key {key!r} was used for another file (upload {earlier.id});"
                " send a new file with a new key",
            )
        return _answer(request, earlier)
    if isinstance(part, dict):
        row = await worker.import_now(received, refused=part)
    elif worker.in_background(received):
        row = await worker.accept(received)
    else:
        row = await worker.import_now(received)
    if row.sha256 != received.sha256:  # a concurrent request with the same key won the race
        raise ProblemError(409, f"the Idempotency-Key {key!r} was used for another file")
    return _answer(request, row)


@router.get(
    "/uploads/{upload_id}",
    tags=["activities"],
    responses=problem_responses(401, 403, 404),
)
async def read_upload(
    upload_id: str, request: Request, uploader: Uploader, db: DbSession
) -> UploadReply:
    """An upload: still processing, or how it ended (a 202's file is followed here)."""
    row = await get_upload(db, uploader.athlete_id, upload_id)
    worker: UploadWorker = request.app.state.uploads
    if row.status == "processing" and not worker.in_flight(row.id):
        # Accepted by a process that stopped before finishing: say so instead of "processing"
        # for ever.
        await worker.interrupted(row.id, uploader.athlete_id, "the server restarted")
        await db.refresh(row)
    return UploadReply.of(row)


@router.post(
    "/workouts/import",
    status_code=status.HTTP_201_CREATED,
    tags=["workouts"],
    response_model=WorkoutReply,
    responses={
        422: {"model": FileProblem, "description": "Not a workout file, or one that is broken."},
        **problem_responses(401, 403),
    },
)
async def import_workout(
    request: Request, file: FilePart, athlete: CurrentAthlete, db: DbSession
) -> WorkoutReply | JSONResponse:
    """Add a structured workout from a FIT workout file or a TCX workout to the athlete's
    workouts, written in trackcue's workout text (the reply's `text`)."""
    data = await file.read()
    try:
        imported = await asyncio.to_thread(read_workout_file, data)
    except FileRefused as refused:
        error = {"code": refused.code.value, "message": refused.message, "offset": refused.offset}
        return _refusal(request.url.path, refusal_status(refused.code.value), error, None)
    workout = imported.workout
    name = workout.name or imported.name or file.filename or "imported workout"
    if workout.name is None:
        workout = workout.model_copy(update={"name": name[:200]})
    warnings = [warning.message for warning in imported.warnings]
    definition = workout.model_dump(mode="json")
    row = await create_workout(db, athlete.athlete_id, name[:200], definition, warnings)
    return WorkoutReply.of(row)
