"""/accounts/{id}/team, /passivation, /reactivation, /merge and /merges: the account team (an
access team), passive accounts and merging duplicates."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import (
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    expected_version,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.accounts import account_out
from api.v1.schemas.account_management import (
    AccountTeamOut,
    MergeIn,
    MergeLogOut,
    MergeOut,
    PassivationIn,
    ReactivationIn,
    ReferenceMoveOut,
    TeamMemberOut,
    TeamMemberPut,
    TeamPersonOut,
    TeamRoleRef,
)
from api.v1.schemas.accounts import AccountOut
from domain.accounts import merge, passivation, team
from domain.accounts import services as accounts
from domain.shared.audit import snapshot_value
from persistence.queries import account_management as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/accounts", tags=["accounts"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such account, or not visible to you"}
}
WRITE: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}


async def team_out(uow: SqlUnitOfWork, found: team.Team) -> AccountTeamOut:
    account = found.account
    manager = account.account_manager_id
    names = await queries.people(
        uow.session,
        [manager, *(m.user_id for m in found.members), *(m.added_by for m in found.members)],
    )
    roles = await queries.team_roles_by_id(uow.session, (m.role_id for m in found.members))

    def person(user_id: UUID) -> dict[str, Any]:
        known = names.get(user_id)
        return {
            "user_id": user_id,
            "name": known.name if known else None,
            "is_active": known.is_active if known else False,
        }

    members = [
        TeamMemberOut(
            **person(m.user_id),
            role=TeamRoleRef.model_validate(roles[m.role_id]) if m.role_id in roles else None,
            access=m.access,
            added_at=m.added_at,
            added_by=m.added_by,
            added_by_name=names[m.added_by].name if m.added_by in names else None,
        )
        for m in found.members
    ]
    return AccountTeamOut(
        account_id=account.id,
        version=account.version,
        account_manager=TeamPersonOut(**person(manager)) if manager else None,
        members=members,
        may_manage=found.may_manage,
    )


@router.get(
    "/{account_id}/team",
    response_model=AccountTeamOut,
    responses=NOT_FOUND,
    summary="The account manager and the account team",
    description="The team is a bounded part of the account (at most 50 members), answered "
    "whole. The ETag is the account's: send it in If-Match to change the team.",
)
async def get_team(
    account_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> AccountTeamOut:
    found = await team.get_team(uow, principal, account_id)
    set_etag(response, found.account.version)
    return await team_out(uow, found)


@router.put(
    "/{account_id}/team/{user_id}",
    response_model=AccountTeamOut,
    responses={**WRITE, 422: {"description": "Not an active user, or not an active role"}},
    summary="Add a colleague to the account team, or change their role or access",
    description="For those who may edit the account. Membership lets the user read the "
    "account and all its records across business units; access `edit` also lets them edit "
    "the account and its team. Answers the team with the account's new ETag.",
)
async def put_team_member(
    account_id: UUID,
    user_id: UUID,
    body: TeamMemberPut,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> AccountTeamOut:
    found = await team.put_member(
        uow,
        c,
        principal,
        account_id,
        user_id,
        access=body.access,
        role_id=body.role_id,
        expected_version=version,
    )
    c.principals.clear()  # the member's access to the account changed
    set_etag(response, found.account.version)
    return await team_out(uow, found)


@router.delete(
    "/{account_id}/team/{user_id}",
    response_model=AccountTeamOut,
    responses=WRITE,
    summary="Take a user off the account team",
    description="They lose what the team let them read and edit. Answers the team with the "
    "account's new ETag.",
)
async def remove_team_member(
    account_id: UUID,
    user_id: UUID,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> AccountTeamOut:
    found = await team.remove_member(
        uow, c, principal, account_id, user_id, expected_version=version
    )
    c.principals.clear()
    set_etag(response, found.account.version)
    return await team_out(uow, found)


@router.post(
    "/{account_id}/passivation",
    response_model=AccountOut,
    responses={**WRITE, 409: {"description": "Already passive"}},
    summary="Make the account passive (it ceased trading)",
    description="The account keeps its history and records, leaves the default lists and "
    "pickers (`GET /accounts?passive=true` or `include_passive=true` finds it) and takes no "
    "new sales projects, service requests, activities or offers (422 naming the reason).",
)
async def passivate(
    account_id: UUID,
    body: PassivationIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> AccountOut:
    account = await passivation.passivate_account(
        uow, c, principal, account_id, body.reason, version
    )
    set_etag(response, account.version)
    return account_out(account)


@router.post(
    "/{account_id}/reactivation",
    response_model=AccountOut,
    responses={**WRITE, 409: {"description": "Not passive"}},
    summary="Make a passive account active again",
)
async def reactivate(
    account_id: UUID,
    body: ReactivationIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> AccountOut:
    account = await passivation.reactivate_account(uow, c, principal, account_id, version)
    set_etag(response, account.version)
    return account_out(account)


def merge_out(report: merge.MergeReport, joining: str | None) -> MergeOut:
    return MergeOut(
        dry_run=report.dry_run,
        merge_id=report.merge_id,
        survivor=account_out(report.survivor),
        duplicate=account_out(report.duplicate),
        moves=[ReferenceMoveOut.model_validate(m) for m in report.moves],
        filled={name: snapshot_value(value) for name, value in report.filled.items()},
        joins_team=TeamPersonOut(user_id=report.joins_team, name=joining, is_active=True)
        if report.joins_team
        else None,
    )


@router.post(
    "/{account_id}/merge",
    response_model=MergeOut,
    responses={
        **NOT_FOUND,
        403: {"description": "Only administrators merge accounts"},
        412: {"description": "Stale ETag (this account) or duplicate_version"},
        428: {"description": "No If-Match on a real run"},
    },
    summary="Merge a duplicate into this account (administrators)",
    description="Every record that refers to the duplicate moves to this account — contact "
    "links, activities, service requests, sales projects, external ids, team members and any "
    "other table with a foreign key to accounts; rows this account already has under a "
    "unique key are combined (this account's wins). This account keeps its values and takes "
    "the duplicate's where its own are empty; the duplicate's account manager joins the "
    "team; the duplicate is deleted and the merge is logged (`GET /accounts/{id}/merges`). "
    "Run `dry_run=true` first: it answers the same report and changes nothing (no If-Match "
    "needed). The real run needs this account's ETag in If-Match.",
)
async def merge_duplicate(
    account_id: UUID,
    body: MergeIn,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    dry_run: Annotated[bool, Query(description="Only report what would happen")] = False,
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description="This account's ETag (real runs only)."),
    ] = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def run() -> tuple[int, dict[str, object], dict[str, str]]:
        report = await merge.merge_accounts(
            uow,
            c,
            principal,
            account_id,
            body.duplicate_id,
            dry_run=dry_run,
            expected_version=None if dry_run else expected_version(if_match),
            duplicate_version=body.duplicate_version,
        )
        joining = await uow.directory.name_of(report.joins_team) if report.joins_team else None
        if not dry_run:
            c.principals.clear()  # managers and teams of both accounts changed
        headers = {"ETag": f'"{report.survivor.version}"'} if not dry_run else {}
        return 200, merge_out(report, joining).model_dump(mode="json"), headers

    if dry_run:  # changes nothing, so nothing to make idempotent
        status, payload, _ = await run()
        return JSONResponse(payload, status_code=status)
    return await idempotent(request, c, principal, idempotency_key, run)


@router.get(
    "/{account_id}/merges",
    response_model=ListResponse[MergeLogOut],
    responses=NOT_FOUND,
    summary="The duplicates merged into this account, newest first",
)
async def list_merges(
    account_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[MergeLogOut]:
    await accounts.get_account(uow, principal, account_id)
    page = await queries.list_merges(
        uow.session,
        account_id,
        page_request(limit, cursor, "-merged_at", tuple(queries.MERGE_SORTS)),
    )
    return ListResponse(
        items=[MergeLogOut.model_validate(m) for m in page.items], next_cursor=page.next_cursor
    )
