/** Stable names for the marketing area's generated SDK functions and types (see ../sdk.ts):
 * campaigns, their invitations and results, marketing lists, members and exports. */
export {
  listCampaignsApiV1CampaignsGet as listCampaigns,
  createCampaignApiV1CampaignsPost as createCampaign,
  getCampaignApiV1CampaignsCampaignIdGet as getCampaign,
  updateCampaignApiV1CampaignsCampaignIdPatch as updateCampaign,
  listInvitationsApiV1CampaignsCampaignIdInvitationsGet as listInvitations,
  inviteApiV1CampaignsCampaignIdInvitationsPost as inviteToCampaign,
  updateInvitationApiV1CampaignsCampaignIdInvitationsInvitationIdPatch as updateInvitation,
  campaignResultsApiV1CampaignsCampaignIdResultsGet as getCampaignResults,
  listListsApiV1MarketingListsGet as listMarketingLists,
  createListApiV1MarketingListsPost as createMarketingList,
  getListApiV1MarketingListsListIdGet as getMarketingList,
  updateListApiV1MarketingListsListIdPatch as updateMarketingList,
  deleteListApiV1MarketingListsListIdDelete as deleteMarketingList,
  listMembersApiV1MarketingListsListIdMembersGet as listMarketingListMembers,
  addMembersApiV1MarketingListsListIdMembersPost as addMarketingListMembers,
  removeMemberApiV1MarketingListsListIdMembersContactIdDelete as removeMarketingListMember,
  exportCsvApiV1MarketingListsListIdExportCsvGet as exportMarketingListCsv,
  exportXlsxApiV1MarketingListsListIdExportXlsxGet as exportMarketingListXlsx,
  listExportsApiV1MarketingListsListIdExportsGet as listMarketingListExports,
} from '../../client/sdk.gen';

export type {
  CampaignOut as Campaign,
  CampaignCreate,
  CampaignType,
  CampaignStatus,
  CampaignResults,
  InvitationOut as Invitation,
  InvitationStatus,
  ListOut as MarketingList,
  ListKind as MarketingListKind,
  MemberOut as MarketingListMember,
  ExportOut as MarketingListExport,
} from '../../client/types.gen';
