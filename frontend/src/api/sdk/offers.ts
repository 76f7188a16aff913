/** Stable names for the offers area's generated SDK functions and types (see ../sdk.ts). */
export {};
