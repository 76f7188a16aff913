/** Stable names for the marketing area's generated SDK functions and types (see ../sdk.ts). */
export {};
