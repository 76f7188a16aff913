"""RFC 9457 problem+json for every error: domain errors, validation, HTTP errors and crashes."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.shared import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidTransition,
    NotFound,
    StaleVersion,
    Unauthenticated,
    ValidationFailed,
)

log = logging.getLogger("kumppani.errors")
PROBLEM = "application/problem+json"
TYPE_BASE = "https://kumppani.dev/problems/"

_STATUS: dict[type[DomainError], tuple[int, str]] = {
    NotFound: (404, "Not found"),
    Forbidden: (403, "Forbidden"),
    Conflict: (409, "Conflict"),
    StaleVersion: (412, "Precondition failed"),
    InvalidTransition: (409, "Invalid state transition"),
    ValidationFailed: (422, "Validation failed"),
    Unauthenticated: (401, "Unauthenticated"),
}

_HTTP_TITLES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthenticated", "Unauthenticated"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    412: ("precondition-failed", "Precondition failed"),
    413: ("payload-too-large", "Payload too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("validation-failed", "Validation failed"),
    428: ("precondition-required", "Precondition required"),
    429: ("rate-limited", "Too many requests"),
}


class ProblemException(Exception):
    """An HTTP-level problem raised by the API layer itself (e.g. missing If-Match)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code or _HTTP_TITLES.get(status, ("error", "Error"))[0]
        self.headers = headers or {}
        self.extra = extra


def problem(
    request: Request,
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **{k: v for k, v in extra.items() if v is not None},
    }
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _loc(loc: Any) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in loc]


def _located(loc: Any) -> list[str | int]:
    """Domain field paths are body fields unless the API layer placed them elsewhere."""
    parts = _loc(loc)
    return parts if parts and parts[0] in ("query", "path", "header") else ["body", *parts]


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)  # noqa: S101 - registered for DomainError only
    status, title = next(
        (v for cls, v in _STATUS.items() if isinstance(exc, cls)), (400, "Bad request")
    )
    extra: dict[str, Any] = {}
    headers = None
    if isinstance(exc, ValidationFailed):
        extra["errors"] = [
            {"loc": _located(e.loc), "msg": e.msg, "type": e.type} for e in exc.errors
        ]
    if isinstance(exc, Conflict) and exc.existing_id is not None:
        extra["existing_id"] = str(exc.existing_id)
    if isinstance(exc, Conflict):
        # Plain figures a client can show (e.g. a_cap / a_accounts of a full A cap).
        extra.update(
            {k: v for k, v in exc.extra.items() if isinstance(v, int | str) and k not in extra}
        )
    if isinstance(exc, InvalidTransition):
        extra["allowed"] = exc.allowed
    if isinstance(exc, StaleVersion):
        extra["current_version"] = exc.actual
    if isinstance(exc, Unauthenticated):
        headers = {"WWW-Authenticate": "Bearer"}
    return problem(request, status, exc.code, title, exc.detail, headers, **extra)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101
    errors = [
        {
            "loc": _loc(e.get("loc", ())),
            "msg": str(e.get("msg", "")).removeprefix("Value error, "),
            "type": e.get("type"),
        }
        for e in exc.errors()
    ]
    summary = (
        "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors[:5])
        or "The request is not valid."
    )
    return problem(request, 422, "validation-failed", "Validation failed", summary, errors=errors)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101
    code, title = _HTTP_TITLES.get(exc.status_code, ("error", "Error"))
    detail = exc.detail if isinstance(exc.detail, str) else title
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"There is nothing at {request.url.path}."
    if exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
    return problem(
        request, exc.status_code, code, title, detail, dict(exc.headers) if exc.headers else None
    )


async def _problem_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemException)  # noqa: S101
    title = _HTTP_TITLES.get(exc.status, (exc.code, "Error"))[1]
    return problem(request, exc.status, exc.code, title, exc.detail, exc.headers, **exc.extra)


async def _crash(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"path": request.url.path})
    return problem(
        request,
        500,
        "internal-error",
        "Internal server error",
        "Something went wrong on our side. The request id helps us find out what.",
    )


_PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; validation problems list the fields in `errors`.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string", "title": "Type"},
        "title": {"type": "string", "title": "Title"},
        "status": {"type": "integer", "title": "Status"},
        "detail": {"type": "string", "title": "Detail"},
        "instance": {"type": "string", "title": "Instance"},
        "request_id": {"type": "string", "title": "Request Id"},
        "errors": {
            "type": "array",
            "title": "Errors",
            "items": {"$ref": "#/components/schemas/ProblemFieldError"},
        },
        "existing_id": {"type": "string", "format": "uuid", "title": "Existing Id"},
        "current_version": {"type": "integer", "title": "Current Version"},
        "allowed": {
            "type": "array",
            "title": "Allowed",
            "items": {"type": "string"},
            "description": "On an invalid transition: the states allowed from the current one.",
        },
    },
}
_FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "title": "ProblemFieldError",
    "type": "object",
    "required": ["loc", "msg", "type"],
    "properties": {
        "loc": {
            "type": "array",
            "title": "Location",
            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        },
        "msg": {"type": "string", "title": "Message"},
        "type": {"type": "string", "title": "Error Type"},
    },
}


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Make the OpenAPI document say what the handlers above send: every 4xx/5xx response is
    application/problem+json (FastAPI would document 422 as its own JSON shape)."""
    problem_ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            if operation.get("security"):
                # Every signed-in operation can refuse the caller.
                responses.setdefault("401", {"description": "Not signed in, or the token expired"})
                responses.setdefault("403", {"description": "Lacks the privilege"})
            for status, response in responses.items():
                if str(status)[0] in "45":
                    response["content"] = {PROBLEM: problem_ref}
                    if str(status) == "422":
                        response["description"] = "Validation failed"
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = _PROBLEM_SCHEMA
    components["ProblemFieldError"] = _FIELD_ERROR_SCHEMA
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ProblemException, _problem_exception)
    app.add_exception_handler(Exception, _crash)
