/**
 * The bench server's data (see bench-server.ts): sites `site:b0` … and the fixtures' threshold
 * rule on water level (above 160 cm raises at once, 150 or below resolves).
 */
export const RAISE_VALUE = 200;
export const subjectId = (i: number) => `site:b${i}`;
/** The first administrator's password on bench servers and products. */
export const ADMIN_PASSWORD = 'bench-admin-password-1';
