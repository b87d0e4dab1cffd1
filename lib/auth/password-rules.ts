/** Password length rules, shared by the server and the forms (no Node imports here). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
