/**
 * Counts shown to people (docs/ux-principles.md: counts in banners and badges count people, not
 * records). Two PHQ-9 answers of one patient are two alerts but one patient: a count of people is
 * the number of distinct people among the records, never the number of records. Pure.
 */

/** How many distinct keys the records have (e.g. distinct patients among alerts or form requests). */
export function countDistinct<T>(records: readonly T[], key: (record: T) => string): number {
  return new Set(records.map(key)).size;
}

/** "1 patient", "2 patients", "0 patients"; an irregular plural is given ("1 person", "3 people"). */
export function countLabel(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "2 patients" for records of people, counted by their person key. */
export function countPeople<T>(
  records: readonly T[],
  key: (record: T) => string,
  singular = "patient",
  plural?: string,
): string {
  return countLabel(countDistinct(records, key), singular, plural);
}
