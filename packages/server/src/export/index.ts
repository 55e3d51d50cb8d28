/** Exports of query answers: `POST /v1/query.csv`, RFC 4180 and safe to open in a spreadsheet. */
export { QUERY_CSV_PATH, queryCsvRoutes } from './query-csv-routes.ts';
export { queryCsv } from './query-csv.ts';
export { csvField, toCsv } from './csv.ts';
