/** A bare uuid (a row's own id), as opposed to a derived id such as "<uuid>-score". */
export const isUuidLike = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
