"""/accounts/by-external-id/{system}/{external_id}: integrations read and upsert accounts by
their id in another system (the billing system's customer number, an ERP's customer id).

The upsert is the accounts context's own use case (its rules, history and changes feed).
In the same transaction the leads process completes the account-creation requests waiting
for that billing customer number (`domain.leads.account_arrived`): the accounts context
knows nothing of requests; this router composes the two."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Path, Response
from pydantic import Field

from api.deps import ContainerDep, PrincipalDep, UowDep, etag, expected_version
from api.v1.schemas.accounts import AccountOut, AccountUpdate
from domain import leads
from domain.accounts import ExternalId
from domain.accounts import services as accounts
from domain.shared import NotFound
from domain.shared.transactions import deferred_commit

router = APIRouter(prefix="/accounts/by-external-id", tags=["accounts"])

System = Annotated[
    str,
    Path(
        min_length=1,
        max_length=50,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
        description="The other system, e.g. billing",
    ),
]
ExternalKey = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
        description="The account's id in that system",
    ),
]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No account has this id, or it is not visible to you"}
}


class AccountUpsertOut(AccountOut):
    completed_request_ids: list[UUID] = Field(
        description="Account-creation requests this account completed (billing system only)."
    )


@router.get(
    "/{system}/{external_id}",
    response_model=AccountOut,
    responses=NOT_FOUND,
    summary="The account with this id in another system",
)
async def get_by_external_id(
    system: System,
    external_id: ExternalKey,
    response: Response,
    uow: UowDep,
    principal: PrincipalDep,
) -> AccountOut:
    found = await uow.accounts.by_external_id(ExternalId(system, external_id))
    if found is None:
        raise NotFound("account", f"{system}/{external_id}")
    account = await accounts.get_account(uow, principal, found.id)
    response.headers["ETag"] = etag(account.version)
    return AccountOut.model_validate(account)


@router.put(
    "/{system}/{external_id}",
    response_model=AccountUpsertOut,
    responses={
        **NOT_FOUND,
        201: {"description": "Created", "model": AccountUpsertOut},
        409: {"description": "Another account has this business ID"},
        412: {"description": "If-Match given and stale"},
    },
    summary="Create or update the account with this id in another system",
)
async def upsert_by_external_id(
    system: System,
    external_id: ExternalKey,
    body: AccountUpdate,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description="Optional: the ETag you last read; without it the last write wins.",
        ),
    ] = None,
) -> AccountUpsertOut:
    """Idempotent: the same body twice leaves one account with one version. Creating needs a
    `name`; updating changes only the fields you send. With system `billing` it completes
    the account-creation requests that wait for this customer number, in the same
    transaction."""
    version = expected_version(if_match) if if_match else None
    changes = body.domain_changes()
    account, was_created = await accounts.upsert_by_external_id(
        deferred_commit(uow), c, principal, ExternalId(system, external_id), changes, version
    )
    completed = await leads.account_arrived(uow, c, principal, account)
    await uow.commit()
    if "account_manager_id" in changes:
        c.principals.clear()  # the account manager reads the account and its records
    response.status_code = 201 if was_created else 200
    response.headers["ETag"] = etag(account.version)
    if was_created:
        response.headers["Location"] = f"/api/v1/accounts/{account.id}"
    return AccountUpsertOut(
        **AccountOut.model_validate(account).model_dump(), completed_request_ids=completed
    )
