/** Stable names for the activities area's generated SDK functions and types (see ../sdk.ts):
 * activity types admin, participants and the calendar. */
export {
  listActivityTypesApiV1ActivityTypesGet as listActivityTypes,
  getActivityTypeApiV1ActivityTypesActivityTypeIdGet as getActivityType,
  createActivityTypeApiV1ActivityTypesPost as createActivityType,
  updateActivityTypeApiV1ActivityTypesActivityTypeIdPatch as updateActivityType,
  deactivateActivityTypeApiV1ActivityTypesActivityTypeIdDeactivatePost as deactivateActivityType,
  addParticipantApiV1ActivitiesActivityIdParticipantsUserIdPut as addActivityParticipant,
  removeParticipantApiV1ActivitiesActivityIdParticipantsUserIdDelete as removeActivityParticipant,
  getCalendarApiV1CalendarGet as getCalendar,
} from '../../client/sdk.gen';

export type {
  ActivityTypeOut as ActivityTypeRecord,
  ActivityTypeCreate,
  ActivityTypeUpdate,
  KeywordOut as ActivityKeyword,
  KeywordIn as ActivityKeywordIn,
  ParticipantOut as ActivityParticipant,
  CalendarOut as Calendar,
  CalendarEntryOut as CalendarEntry,
} from '../../client/types.gen';
