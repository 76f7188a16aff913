"""/marketing-lists: static lists (members added by hand or in bulk) and dynamic lists (a
filter over contacts, computed on every read), their members, and their export to CSV/XLSX
— only members with marketing consent, only contacts the caller may read, each export
audited (who, when, how many, how many left out for consent)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.deps import (
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    etag,
    idempotent,
    set_etag,
)
from api.exports import Cell, ExportTable, export, file_responses
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.offer_common import NOT_FOUND, TRANSITION_RESPONSES, WRITE_RESPONSES
from api.v1.schemas.marketing import (
    ExportOut,
    ListCreate,
    ListOut,
    ListUpdate,
    MemberOut,
    MembersAdd,
    MembersAdded,
)
from domain.marketing import ListKind, MarketingList
from domain.marketing import services as marketing
from domain.shared import Principal
from persistence.queries import marketing as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/marketing-lists", tags=["marketing"])

ListSort = Literal["name", "-name", "updated_at", "-updated_at"]
MemberSort = Literal["name", "-name", "email", "-email"]


async def _out(uow: SqlUnitOfWork, principal: Principal, mlist: MarketingList) -> ListOut:
    count = await queries.member_count(uow.session, principal, mlist)
    return ListOut.model_validate({**vars(mlist), "member_count": count})


@router.get("", response_model=ListResponse[ListOut], summary="List marketing lists")
async def list_lists(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: ListSort = "name",
    q: str | None = None,
    kind: ListKind | None = None,
    campaign_id: UUID | None = None,
) -> ListResponse[ListOut]:
    page = page_request(limit, cursor, sort, tuple(queries.LIST_SORTS))
    result = await queries.list_lists(
        uow.session,
        principal,
        queries.ListFilters(q=q, kind=kind.value if kind else None, campaign_id=campaign_id),
        page,
    )
    return ListResponse(
        items=[await _out(uow, principal, m) for m in result.items],
        next_cursor=result.next_cursor,
    )


@router.post("", status_code=201, response_model=ListOut, summary="Create a marketing list")
async def create_list(
    body: ListCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await marketing.create_list(
            uow, c, principal, marketing.ListInput(**body.model_dump())
        )
        out = await _out(uow, principal, record)
        return (
            201,
            out.model_dump(mode="json"),
            {"ETag": etag(record.version), "Location": f"{request.url.path}/{record.id}"},
        )

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{list_id}", response_model=ListOut, responses=NOT_FOUND)
async def get_list(
    list_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ListOut:
    record = await marketing.get_list(uow, principal, list_id)
    set_etag(response, record.version)
    return await _out(uow, principal, record)


@router.patch("/{list_id}", response_model=ListOut, responses=WRITE_RESPONSES)
async def update_list(
    list_id: UUID,
    body: ListUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ListOut:
    record = await marketing.update_list(uow, c, principal, list_id, body.changes(), version)
    set_etag(response, record.version)
    return await _out(uow, principal, record)


@router.delete("/{list_id}", status_code=204, response_class=Response, responses=WRITE_RESPONSES)
async def delete_list(
    list_id: UUID, version: IfMatch, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> Response:
    await marketing.delete_list(uow, c, principal, list_id, version)
    return Response(status_code=204)


# ------------------------------------------------------------------ members


@router.get(
    "/{list_id}/members",
    response_model=ListResponse[MemberOut],
    responses=NOT_FOUND,
    summary="The members you may read (a dynamic list's computed now)",
)
async def list_members(
    list_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: MemberSort = "name",
    marketing_consent: bool | None = None,
) -> ListResponse[MemberOut]:
    mlist = await marketing.get_list(uow, principal, list_id)
    page = page_request(limit, cursor, sort, tuple(queries.MEMBER_SORTS))
    result = await queries.list_members(
        uow.session, principal, mlist, page, consent=marketing_consent
    )
    return ListResponse(
        items=[MemberOut.model_validate(vars(m)) for m in result.items],
        next_cursor=result.next_cursor,
    )


@router.post(
    "/{list_id}/members",
    response_model=MembersAdded,
    responses=TRANSITION_RESPONSES,
    summary="Add contacts to a static list (bulk by ids; those already on it are skipped)",
)
async def add_members(
    list_id: UUID,
    body: MembersAdd,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        added = await marketing.add_members(uow, c, principal, list_id, body.contact_ids)
        mlist = await marketing.get_list(uow, principal, list_id)
        count = await queries.member_count(uow.session, principal, mlist)
        return 200, {"added": added, "member_count": count}, {"ETag": etag(mlist.version)}

    return await idempotent(request, c, principal, idempotency_key, create)


@router.delete(
    "/{list_id}/members/{contact_id}",
    status_code=204,
    response_class=Response,
    responses=TRANSITION_RESPONSES,
    summary="Remove a contact from a static list",
)
async def remove_member(
    list_id: UUID, contact_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> Response:
    await marketing.remove_member(uow, c, principal, list_id, contact_id)
    return Response(status_code=204)


# ------------------------------------------------------------------ export

HEADERS_FI = ("Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Titteli", "Kieli", "Asiakkaat")
EXPORT_DOC = (
    "The list's members with marketing consent, of the contacts you may read, as a file "
    "(Finnish headers). Contacts who have not consented or have opted out are never in it. "
    "Needs the export privilege; every export is recorded (who, when, how many, how many "
    "were left out for consent) and the counts are in the X-Exported-Count and "
    "X-Left-Out-Count headers."
)


async def _export(
    list_id: UUID, fmt: str, c: ContainerDep, uow: SqlUnitOfWork, principal: Principal
) -> Response:
    mlist = await marketing.get_list(uow, principal, list_id)
    marketing.require_export(principal, mlist)
    found = await queries.export_rows(uow.session, principal, mlist)
    rows: list[list[Cell]] = [
        [
            m.first_name,
            m.last_name,
            m.email,
            m.phone,
            m.title,
            m.preferred_language,
            ", ".join(m.account_names),
        ]
        for m in found.rows
    ]
    await marketing.record_export(uow, c, principal, mlist, fmt, len(rows), found.left_out)
    table = ExportTable(title=mlist.name, headers=HEADERS_FI, rows=rows)
    response = export(table, fmt, f"markkinointilista-{mlist.name}")
    response.headers["X-Exported-Count"] = str(len(rows))
    response.headers["X-Left-Out-Count"] = str(found.left_out)
    return response


@router.get(
    "/{list_id}/export.csv",
    responses={**file_responses("csv", "UTF-8 with a BOM, `;` between fields."), **NOT_FOUND},
    response_class=Response,
    description=EXPORT_DOC,
    summary="Export the list as CSV",
)
async def export_csv(
    list_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> Response:
    return await _export(list_id, "csv", c, uow, principal)


@router.get(
    "/{list_id}/export.xlsx",
    responses={**file_responses("xlsx", "An Excel workbook with one sheet."), **NOT_FOUND},
    response_class=Response,
    description=EXPORT_DOC,
    summary="Export the list as XLSX",
)
async def export_xlsx(
    list_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> Response:
    return await _export(list_id, "xlsx", c, uow, principal)


@router.get(
    "/{list_id}/exports",
    response_model=list[ExportOut],
    responses=NOT_FOUND,
    summary="The list's latest exports (who, when, how many, how many left out)",
)
async def list_exports(list_id: UUID, uow: UowDep, principal: PrincipalDep) -> list[ExportOut]:
    mlist = await marketing.get_list(uow, principal, list_id)
    return [ExportOut.model_validate(e) for e in await queries.list_exports(uow.session, mlist.id)]
