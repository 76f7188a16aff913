/** Stable names for the segments area's generated SDK functions and types (see ../sdk.ts). */
export {};
