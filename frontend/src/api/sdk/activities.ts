/** Stable names for the activities area's generated SDK functions and types (see ../sdk.ts). */
export {};
