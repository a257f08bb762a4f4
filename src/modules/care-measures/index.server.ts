import "server-only";

/** The clinic's measures (issue 12, part 6): the public server surface of this module. */
export {
  clearMeasuresCache,
  clinicMeasureSeries,
  exportMeasuresCsv,
  factsFingerprint,
  getMeasuresDashboard,
  MEASURE_MONTHS,
  measuresCacheStats,
  type ClinicMeasureSeries,
  type MeasuresDashboard,
} from "./measures.server";
