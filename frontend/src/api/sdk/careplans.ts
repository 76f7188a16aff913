/** Stable names for the careplans area's generated SDK functions and types (see ../sdk.ts). */
export {
  listPlansApiV1CarePlansGet as listCarePlans,
  createPlanApiV1CarePlansPost as createCarePlan,
  getPlanApiV1CarePlansPlanIdGet as getCarePlan,
  updatePlanApiV1CarePlansPlanIdPatch as updateCarePlan,
  approvePlanApiV1CarePlansPlanIdApprovalPost as approveCarePlan,
  listVersionsApiV1CarePlansPlanIdVersionsGet as listCarePlanVersions,
  getComplianceApiV1CarePlansComplianceGet as getCareCompliance,
  complianceCsvApiV1CarePlansComplianceCsvGet as careComplianceCsv,
  complianceXlsxApiV1CarePlansComplianceXlsxGet as careComplianceXlsx,
  runGenerationApiV1CarePlanRunsPost as runCarePlanGeneration,
  accountCarePlanApiV1AccountsAccountIdCarePlanGet as getAccountCarePlan,
  // The customer groups a plan may target instead of a class (account classifications).
  listClassificationsApiV1ClassificationsGet as listCarePlanGroups,
} from '../../client/sdk.gen';
export type {
  PlanOut as CarePlan,
  CarePlanVersionOut as CarePlanVersion,
  TouchOut as CarePlanTouch,
  ComplianceOut as CareCompliance,
  AccountPlanOut as AccountCarePlan,
  PlanCreate as CarePlanCreate,
  PlanUpdate as CarePlanUpdate,
  TouchIn as CarePlanTouchIn,
  Channel as CarePlanChannel,
  Frequency as CarePlanFrequency,
  ResponsibleKind as CarePlanResponsible,
} from '../../client/types.gen';
