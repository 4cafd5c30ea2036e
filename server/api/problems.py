"""Errors as RFC 9457 problem details: every 4xx says what is wrong and where.

The handlers turn each error root (request validation, workout errors, store errors, HTTP
errors) into one JSON shape, `application/problem+json`, so a client has one thing to parse.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.store.errors import Conflict, NotFound
from server.workouts import (
    ResolutionError,
    WorkoutParseError,
    WorkoutValidationError,
)

__all__ = [
    "ERRORS",
    "Problem",
    "ProblemError",
    "install_problem_handlers",
    "problem_responses",
    "problems_as_problem_json",
]

MEDIA_TYPE = "application/problem+json"

_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Server error",
}


class InvalidField(BaseModel):
    """One invalid part of a request: where it is and what is wrong with it."""

    where: str = Field(examples=["body > workout > items > 0 > duration"])
    what: str = Field(examples=["Field required"])
    line: int | None = Field(default=None, description="for workout text: 1-based line")
    column: int | None = Field(default=None, description="for workout text: 1-based column")


class Problem(BaseModel):
    """RFC 9457 problem details, with the invalid fields listed when there are any."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[InvalidField] = Field(default_factory=list)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Invalid input",
                    "status": 422,
                    "detail": "the workout text does not read",
                    "errors": [
                        {
                            "where": "body > text",
                            "what": "pace range is inverted (1:35/400m is slower than 1:32/400m)",
                            "line": 5,
                            "column": 10,
                        }
                    ],
                }
            ]
        }
    }


class ProblemError(Exception):
    """Raise from a route to answer with a problem."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: list[InvalidField] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.headers = headers
        super().__init__(detail)


def problem(
    status: int,
    detail: str,
    request: Request | None = None,
    errors: list[InvalidField] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A problem-details response."""
    body = Problem(
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        instance=request.url.path if request is not None else None,
        errors=errors or [],
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


def _where(location: tuple[Any, ...] | list[Any]) -> str:
    return " > ".join(str(part) for part in location)


def _validation_errors(error: RequestValidationError) -> list[InvalidField]:
    fields = []
    for detail in error.errors():
        message = str(detail.get("msg", "invalid"))
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        fields.append(InvalidField(where=_where(detail.get("loc", ())), what=message))
    return fields


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error with problem details."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        if any(detail.get("type") == "json_invalid" for detail in error.errors()):
            return problem(
                400, "the body is not well-formed JSON", request, _validation_errors(error)
            )
        return problem(422, "the request is not valid", request, _validation_errors(error))

    @app.exception_handler(ProblemError)
    async def raised_problem(request: Request, error: ProblemError) -> JSONResponse:
        return problem(error.status, error.detail, request, error.errors, error.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        detail = (
            error.detail if isinstance(error.detail, str) else _TITLES.get(error.status_code, "")
        )
        return problem(error.status_code, detail, request, headers=getattr(error, "headers", None))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> JSONResponse:
        return problem(404, str(error), request)

    @app.exception_handler(Conflict)
    async def conflict(request: Request, error: Conflict) -> JSONResponse:
        return problem(409, str(error), request)

    @app.exception_handler(WorkoutParseError)
    async def unreadable_workout(request: Request, error: WorkoutParseError) -> JSONResponse:
        field = InvalidField(
            where="body > text", what=error.message, line=error.line, column=error.column
        )
        return problem(422, "the workout text does not read", request, [field])

    @app.exception_handler(WorkoutValidationError)
    async def invalid_workout(request: Request, error: WorkoutValidationError) -> JSONResponse:
        fields = [
            InvalidField(
                where=f"body > workout > {issue.path}" if issue.path else "body > workout",
                what=issue.message,
            )
            for issue in error.issues
        ]
        return problem(422, "the workout breaks a rule", request, fields)

    @app.exception_handler(ResolutionError)
    async def unresolvable(request: Request, error: ResolutionError) -> JSONResponse:
        field = InvalidField(where=error.path or "workout", what=error.message)
        return problem(
            422, "the workout needs numbers the athlete's profile does not have", request, [field]
        )


ERRORS: dict[int, str] = {
    400: "The body is not well-formed JSON.",
    401: "No token, or a token that is unknown or revoked.",
    403: "The token may not do this (a device token on an athlete endpoint).",
    404: "No such object for this athlete (another athlete's object is not found either).",
    409: "The request clashes with what is stored.",
    413: "The body is larger than the server accepts.",
    422: "The input is not valid; `errors` lists each invalid part and where it is.",
    429: "Too many attempts; `Retry-After` says when to try again.",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the problem responses a route can give."""
    return {status: {"model": Problem, "description": ERRORS[status]} for status in statuses}


def problems_as_problem_json(schema: dict[str, Any]) -> dict[str, Any]:
    """Document error bodies under `application/problem+json`, the type they are sent as.

    Every operation that takes a body can also answer 400 (not JSON at all) and 413 (too
    large, refused before routing), so those are documented on each of them here.
    """
    problem_ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
    for operation in (op for path in schema.get("paths", {}).values() for op in path.values()):
        responses = operation.setdefault("responses", {})
        if "requestBody" in operation:
            for status in (400, 413):
                responses.setdefault(
                    str(status),
                    {"description": ERRORS[status], "content": {MEDIA_TYPE: dict(problem_ref)}},
                )
        for status, response in responses.items():
            content = response.get("content", {})
            if status.isdigit() and int(status) >= 400 and "application/json" in content:
                content[MEDIA_TYPE] = content.pop("application/json")
    return schema
