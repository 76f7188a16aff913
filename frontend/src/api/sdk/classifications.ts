/** Stable names for the filters-and-classifications area's generated SDK functions and types
 * (see ../sdk.ts): filter catalogues, account and contact searches and counts. */
export {
  filterCatalogueApiV1FilterCataloguesEntityGet as getFilterCatalogue,
  searchAccountsApiV1AccountsSearchPost as searchAccountsByFilter,
  countAccountsApiV1AccountsSearchCountPost as countAccountsByFilter,
  searchContactsApiV1ContactsSearchPost as searchContactsByFilter,
  countContactsApiV1ContactsSearchCountPost as countContactsByFilter,
  listClassificationsApiV1ClassificationsGet as listClassificationsForFilter,
} from '../../client';
export type { ClassificationOut, FilterCatalogueOut, FilterFieldOut, FilterRelationOut } from '../../client';
