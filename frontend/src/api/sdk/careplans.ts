/** Stable names for the careplans area's generated SDK functions and types (see ../sdk.ts). */
export {};
