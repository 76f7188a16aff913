"""/imports/sales-projects: bulk import of running sales projects from the previous system
(CSV or XLSX), with a dry run, and the file template."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message

from api import tabular
from api.deps import ContainerDep, IdempotencyKey, PrincipalDep, UowDep, idempotent
from api.errors import ProblemException
from api.v1.schemas.imports import ImportProblemOut, ImportReportOut
from domain.sales import imports
from domain.shared import Action

router = APIRouter(prefix="/imports/sales-projects", tags=["imports"])

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Room for the multipart envelope around a file of the maximum size.
MULTIPART_OVERHEAD = 64 * 1024
FILE_FIELD = "file"

IMPORT_DESCRIPTION = f"""Upload a CSV or XLSX file (multipart/form-data, field `{FILE_FIELD}`,
at most 5 MB and {imports.MAX_ROWS:,} project rows) with a header row and one row per running
project from the previous system.

**Columns** (header names are case-insensitive; spaces and hyphens count as underscores;
`*` required):
{chr(10).join(f"- `{c.name}`{'*' if c.required else ''}: {c.description}" for c in imports.COLUMNS)}

**Completed stages** are one column, `completed_stages`: `key=date` pairs separated by
semicolons, e.g. `offer=2024-03-01;survey=10.5.2024` (a stage's key or name; dates as
`2024-03-01` or `1.3.2024`). They must be stages before `current_stage` in the type's current
template, with dates not in the future, not before `opened_on`, and not decreasing in
template order. Stages before the current one that are not listed are skipped with the reason
"{imports.SKIP_REASON}".

**CSV**: UTF-8 (with or without BOM), `;` or `,` separated (detected from the header line).
**XLSX**: the first worksheet; formulas are not evaluated (their saved values are read).
Blank rows are ignored; row numbers in the report are the spreadsheet's (the header is row 1).

`dry_run=true` (the default) reports **every** problem of every row and stores nothing (it
only reads, so even a full file is checked in seconds).
`dry_run=false` stores nothing when any row has a problem (422 with the same report) and
otherwise creates every project in one transaction (201; the call returns when it is done,
which for thousands of projects takes a minute or more). Each project gets its stages from
the type's current template: the listed ones done on their dates (with `stage_completed`
history), earlier unlisted ones skipped, the current one in progress with its default
responsible for the region and a due date counted from the last completion (or the opening
day); its history starts with an `opened` event on `opened_on` (data `{{"imported": true}}`),
so the monthly report counts it as new in the month it opened. No notifications are sent.

Needs the create privilege on sales projects, and for rows whose `owner_email` is someone
else the assign privilege and a create privilege that reach that user. An account you
cannot read is reported as "No such account". A project of the same type and name the
account already has is refused, so importing a file twice does not duplicate it."""

UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [FILE_FIELD],
                    "properties": {
                        FILE_FIELD: {
                            "type": "string",
                            "format": "binary",
                            "description": "The .csv or .xlsx file",
                        }
                    },
                }
            }
        },
    }
}


def _report_out(report: imports.ImportReport) -> ImportReportOut:
    return ImportReportOut(
        dry_run=report.dry_run,
        rows=report.rows,
        valid=report.valid,
        problems=[ImportProblemOut.model_validate(asdict(p)) for p in report.problems],
        created=report.created,
    )


async def _read_body(request: Request) -> bytes:
    """The request body, refused (413) as soon as it grows past the limit."""
    limit = MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise ProblemException(413, "The file is larger than 5 MB.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ProblemException(413, "The file is larger than 5 MB.")
    return bytes(body)


def _replaying(request: Request, body: bytes) -> Request:
    """A request like `request` whose body is `body`."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)


async def _uploaded(request: Request) -> tuple[Request, bytes, str | None, str | None]:
    """The uploaded file's bytes, name and declared type; and a request whose body is the
    file's bytes, for the Idempotency-Key hash (a client's multipart boundary differs from
    one retry to the next; the file does not)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise ProblemException(
            415, f"Upload the file as multipart/form-data in a field named {FILE_FIELD!r}."
        )
    envelope = _replaying(request, await _read_body(request))
    try:
        form = await envelope.form(max_files=1, max_fields=10)
    except StarletteHTTPException as exc:
        raise ProblemException(400, f"The multipart body cannot be read: {exc.detail}") from exc
    try:
        upload = form.get(FILE_FIELD)
        if not isinstance(upload, UploadFile):
            raise ProblemException(
                422, f"Send the file in a multipart form field named {FILE_FIELD!r}."
            )
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise ProblemException(413, "The file is larger than 5 MB.")
        return _replaying(request, data), data, upload.filename, upload.content_type
    finally:
        await form.close()


async def _table(
    data: bytes, filename: str | None, content_type: str | None
) -> imports.ImportTable:
    try:
        table = await run_in_threadpool(
            tabular.read_table,
            data,
            filename=filename,
            content_type=content_type,
            max_rows=imports.MAX_ROWS,
        )
    except tabular.TabularError as exc:
        raise ProblemException(exc.status, exc.detail, code="unreadable-file") from exc
    return imports.ImportTable(
        header=table.header,
        rows=tuple(imports.ImportRow(r.number, r.cells) for r in table.rows),
        header_row=table.header_row,
    )


@router.post(
    "",
    response_model=ImportReportOut,
    status_code=201,
    summary="Import running sales projects from a CSV or XLSX file",
    description=IMPORT_DESCRIPTION,
    openapi_extra=UPLOAD_BODY,
    responses={
        200: {"description": "Dry run: the report", "model": ImportReportOut},
        201: {"description": "Imported: every project was created"},
        400: {"description": "The multipart body is broken"},
        413: {"description": "The file is larger than 5 MB"},
        415: {"description": "Not multipart, or not a CSV or XLSX file"},
        422: {
            "description": "Some row has a problem (nothing was stored; the body carries the "
            "report: dry_run, rows, valid, problems, created), or the file cannot be read"
        },
    },
)
async def import_sales_projects(
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
    dry_run: Annotated[
        bool, Query(description="true: only report the problems; false: import")
    ] = True,
) -> Response:
    principal.require(imports.SALES_PROJECT, Action.CREATE)
    replayable, data, filename, content_type = await _uploaded(request)

    async def run() -> tuple[int, dict[str, Any], dict[str, str]]:
        table = await _table(data, filename, content_type)
        report = await imports.import_projects(uow, c, principal, table, dry_run=dry_run)
        out = _report_out(report).model_dump(mode="json")
        if report.problems and not dry_run:
            rows = len({p.row for p in report.problems})
            raise ProblemException(
                422,
                f"{len(report.problems)} problem(s) in {rows} row(s): nothing was imported.",
                code="import-failed",
                **out,
            )
        return (200 if dry_run else 201), out, {}

    if dry_run:
        status, payload, headers = await run()
        return _json(status, payload, headers)
    return await idempotent(replayable, c, principal, idempotency_key, run)


def _json(status: int, payload: dict[str, Any], headers: dict[str, str]) -> Response:
    return JSONResponse(payload, status_code=status, headers=headers)


def _download(data: bytes, media_type: str, filename: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/template.xlsx",
    response_class=Response,
    summary="The import file template (XLSX)",
    responses={200: {"content": {tabular.XLSX_TYPE: {}}, "description": "The template"}},
)
async def template_xlsx(uow: UowDep, principal: PrincipalDep) -> Response:
    """A workbook whose first sheet has the header row to fill in; the other sheets describe
    the columns and list every project type's stages with their keys."""
    principal.require(imports.SALES_PROJECT, Action.CREATE)
    types = await uow.project_imports.project_types()
    data = await run_in_threadpool(tabular.xlsx_bytes, imports.template_sheets(types))
    return _download(data, tabular.XLSX_TYPE, "sales-projects-import.xlsx")


@router.get(
    "/template.csv",
    response_class=Response,
    summary="The import file template (CSV)",
    responses={200: {"content": {"text/csv": {}}, "description": "The template"}},
)
async def template_csv(principal: PrincipalDep) -> Response:
    """The header row, semicolon-separated UTF-8 with a BOM (Excel in Finland opens it as
    columns)."""
    principal.require(imports.SALES_PROJECT, Action.CREATE)
    return _download(
        tabular.csv_bytes(imports.COLUMN_NAMES),
        "text/csv; charset=utf-8",
        "sales-projects-import.csv",
    )
