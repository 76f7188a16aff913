"""POST /public/lead-forms/{token}: the organisation's website posts leads here, without
signing in.

What keeps it safe to leave open:

- the token names an active form (else 404); browsers may post only from the form's allowed
  origins (403 otherwise; a server-to-server post sends no Origin), and the CORS headers echo
  that one origin — never a wildcard;
- a body larger than `KUMPPANI_LEAD_FORM_MAX_BYTES` is refused before it is read (413);
- submissions are rate-limited per form and client address, and per form (429 with
  Retry-After), in the same storage as the sign-in limits;
- validation is strict (unknown fields, lengths, e-mail, phone, business ID: 422);
- a filled honeypot field (`website`) is answered like a real submission and stored nowhere;
- the answer is always the same 202 `{"status": "received"}`: it never tells whether the
  company, the e-mail or a duplicate lead already exists.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter

from api.deps import Container, ContainerDep, UowDep
from api.errors import ProblemException
from api.v1.leads import policy
from api.v1.schemas.lead_setup import WebLeadIn, WebLeadReceived
from domain import leads
from domain.leads import TOKEN_PATTERN

ALLOW_HEADERS = "Content-Type"
PREFLIGHT_MAX_AGE = "600"
Token = Annotated[
    str, Path(pattern=TOKEN_PATTERN, description="The form's token (GET /lead-forms shows it)")
]


class FormLimiter:
    """Moving-window limits on web-form submissions, sharing the sign-in limiter's storage
    (Redis when several processes run)."""

    def __init__(self, c: Container) -> None:
        self.limiter = MovingWindowRateLimiter(c.limiter.storage)
        self.per_address: RateLimitItem = parse(c.settings.lead_form_rate_per_address)
        self.per_form: RateLimitItem = parse(c.settings.lead_form_rate_per_form)

    async def hit(self, form_id: str, address: str) -> int | None:
        """Count one submission; seconds to wait when over a limit, else None."""
        checks = ((self.per_address, "address", address), (self.per_form, "form", ""))
        for item, kind, key in checks:
            if not await self.limiter.hit(item, "lead-form", kind, form_id, key):
                stats = await self.limiter.get_window_stats(item, "lead-form", kind, form_id, key)
                return max(1, int(stats.reset_time - datetime.now().timestamp()) + 1)
        return None


def _limiter(request: Request, c: Container) -> FormLimiter:
    """One limiter per app (its storage is the container's)."""
    found: FormLimiter | None = getattr(request.app.state, "lead_form_limiter", None)
    if found is None:
        found = FormLimiter(c)
        request.app.state.lead_form_limiter = found
    return found


def _cors(response: Response, origin: str | None) -> Response:
    if origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


class PublicFormRoute(APIRoute):
    """Refuses an oversized body before anything reads it, and gives every answer — errors
    included, so the website can show them — the CORS header of the form's origin."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handler(request: Request) -> Response:
            origin = None
            try:
                await _read_limited(request)
                response = await handle(request)
                origin = getattr(request.state, "cors_origin", None)
            except Exception as exc:  # answered by the app's problem+json handlers
                origin = getattr(request.state, "cors_origin", None)
                response = await _problem(request, exc)
            return _cors(response, origin)

        return handler


async def _read_limited(request: Request) -> None:
    if request.method != "POST":
        return
    limit = request.app.state.container.settings.lead_form_max_bytes
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ProblemException(400, "The Content-Length header is not a number.")
        if int(declared) > limit:
            raise ProblemException(413, f"The form's body is limited to {limit} bytes.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ProblemException(413, f"The form's body is limited to {limit} bytes.")
    request._body = bytes(body)  # Starlette's cache: the route reads it from here


async def _problem(request: Request, exc: Exception) -> Response:
    handlers: dict[Any, Any] = request.app.exception_handlers
    for cls in type(exc).__mro__:
        if cls in handlers:
            response: Response = await handlers[cls](request, exc)
            return response
    raise exc


async def form_for(token: Token, request: Request, c: ContainerDep, uow: UowDep) -> leads.LeadForm:
    """The active form, the origin check and the rate limit, before the body is validated."""
    form = await leads.active_form(uow, token)
    origin = request.headers.get("origin")
    if not form.allows_origin(origin):
        raise ProblemException(
            403, "This form does not accept submissions from this site.", code="forbidden"
        )
    request.state.cors_origin = origin
    address = request.client.host if request.client else "unknown"
    wait = await _limiter(request, c).hit(str(form.id), address)
    if wait is not None:
        raise ProblemException(
            429,
            f"Too many submissions. Try again in {wait} seconds.",
            code="rate-limited",
            headers={"Retry-After": str(wait)},
        )
    return form


router = APIRouter(prefix="/public/lead-forms", tags=["public"], route_class=PublicFormRoute)


@router.post(
    "/{token}",
    status_code=202,
    response_model=WebLeadReceived,
    summary="Submit a lead from the website's form (no sign-in)",
    responses={
        403: {"description": "Posted from an origin the form does not allow"},
        404: {"description": "No active form with this token"},
        413: {"description": "The body is too large"},
        422: {"description": "Invalid fields"},
        429: {"description": "Too many submissions from this address or to this form"},
    },
)
async def submit(
    body: WebLeadIn,
    form: Annotated[leads.LeadForm, Depends(form_for)],
    c: ContainerDep,
    uow: UowDep,
) -> JSONResponse:
    """Routed and given its SLA like any lead, entered as the form's user. The answer is the
    same whatever is already known about the company or the person."""
    if not (body.website or "").strip():
        await leads.submit_web_form(
            uow,
            c,
            policy(c),
            form,
            leads.WebLeadInput(
                company_name=body.company_name,
                contact_name=body.contact_name,
                phone=body.phone,
                email=str(body.email) if body.email else None,
                business_id=body.business_id,
                product_id=body.product_id,
                product_code=body.product_code,
                municipality=body.municipality,
                description=body.description,
            ),
        )
    return JSONResponse({"status": "received"}, status_code=202)


@router.options("/{token}", include_in_schema=False, status_code=204)
async def preflight(token: Token, request: Request, uow: UowDep) -> Response:
    """The browser's CORS preflight: only the form's allowed origins get the go-ahead."""
    form = await leads.active_form(uow, token)
    origin = request.headers.get("origin")
    response = Response(status_code=204)
    if origin is not None and form.allows_origin(origin):
        request.state.cors_origin = origin
        response.headers["Access-Control-Allow-Methods"] = "POST"
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response
