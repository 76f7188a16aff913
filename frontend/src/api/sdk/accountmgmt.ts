/** Stable names for the account-management area's generated SDK functions and types (see ../sdk.ts). */
export {
  getTeamApiV1AccountsAccountIdTeamGet as getAccountTeam,
  putTeamMemberApiV1AccountsAccountIdTeamUserIdPut as putAccountTeamMember,
  removeTeamMemberApiV1AccountsAccountIdTeamUserIdDelete as removeAccountTeamMember,
  passivateApiV1AccountsAccountIdPassivationPost as passivateAccount,
  reactivateApiV1AccountsAccountIdReactivationPost as reactivateAccount,
  mergeDuplicateApiV1AccountsAccountIdMergePost as mergeAccount,
  listMergesApiV1AccountsAccountIdMergesGet as listAccountMerges,
  listTeamRolesApiV1AccountTeamRolesGet as listAccountTeamRoles,
  createTeamRoleApiV1AccountTeamRolesPost as createAccountTeamRole,
  getTeamRoleApiV1AccountTeamRolesTeamRoleIdGet as getAccountTeamRole,
  updateTeamRoleApiV1AccountTeamRolesTeamRoleIdPatch as updateAccountTeamRole,
} from '../../client/sdk.gen';

export type {
  AccountTeamOut as AccountTeam,
  TeamMemberOut as AccountTeamMember,
  TeamPersonOut as AccountTeamPerson,
  TeamAccess,
  TeamRoleOut as AccountTeamRole,
  TeamRoleRef as AccountTeamRoleRef,
  TeamRoleCreate as AccountTeamRoleCreate,
  TeamRoleUpdate as AccountTeamRoleUpdate,
  MergeOut as MergeReport,
  MergeLogOut as MergeLogEntry,
  ReferenceMoveOut as ReferenceMove,
} from '../../client/types.gen';
