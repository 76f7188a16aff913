/** Stable names for the filters-and-classifications area's generated SDK functions and types
 * (see ../sdk.ts): filter catalogues, account and contact searches and counts. */
export {
  filterCatalogueApiV1FilterCataloguesEntityGet as getFilterCatalogue,
  searchAccountsApiV1AccountsSearchPost as searchAccountsByFilter,
  countAccountsApiV1AccountsSearchCountPost as countAccountsByFilter,
  searchContactsApiV1ContactsSearchPost as searchContactsByFilter,
  countContactsApiV1ContactsSearchCountPost as countContactsByFilter,
} from '../../client';
export type { FilterCatalogueOut, FilterFieldOut, FilterRelationOut } from '../../client';

// The classification tree (admin) and the classifications of an account or a contact.
export {
  listClassificationsApiV1ClassificationsGet as listClassifications,
  createClassificationApiV1ClassificationsPost as createClassification,
  getClassificationApiV1ClassificationsClassificationIdGet as getClassification,
  updateClassificationApiV1ClassificationsClassificationIdPatch as updateClassification,
  accountClassificationsApiV1AccountsAccountIdClassificationsGet as getAccountClassifications,
  assignAccountApiV1AccountsAccountIdClassificationsClassificationIdPut as assignAccountClassification,
  unassignAccountApiV1AccountsAccountIdClassificationsClassificationIdDelete as unassignAccountClassification,
  contactClassificationsApiV1ContactsContactIdClassificationsGet as getContactClassifications,
  assignContactApiV1ContactsContactIdClassificationsClassificationIdPut as assignContactClassification,
  unassignContactApiV1ContactsContactIdClassificationsClassificationIdDelete as unassignContactClassification,
} from '../../client';
export type {
  ClassificationOut as Classification,
  ClassificationCreate,
  ClassificationUpdate,
  AssignmentOut as ClassificationAssignment,
  ContactAccountOut as ContactAccountLink,
  AccountLinkIn,
} from '../../client';
