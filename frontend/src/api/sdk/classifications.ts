/** Stable names for the classifications area's generated SDK functions and types (see ../sdk.ts). */
export {};
