/** Stable names for the leads area's generated SDK functions and types (see ../sdk.ts). */
export {};
