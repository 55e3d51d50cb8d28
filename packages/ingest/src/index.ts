/**
 * @tally/ingest: source connectors, the ingest HTTP routes, stream processors and the demo data generator.
 * The connectors arrive with the ingestion work; this surface grows with them.
 */
export {};
