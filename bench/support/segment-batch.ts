/**
 * A Segment-spec batch body for the ingest benches, built by string concatenation so the load generator
 * spends little of the CPU it shares with the server. `run` makes the message ids unique.
 */
export function segmentBatch(run: string, size: number): string {
  const at = new Date().toISOString();
  const parts: string[] = [];
  for (let i = 0; i < size; i++) {
    parts.push(
      `{"type":"track","messageId":"b${run}-${i}","event":"${i % 5 === 0 ? 'Feature Used' : 'Report Viewed'}","userId":"u${i % 997}",` +
        `"timestamp":"${at}","context":{"groupId":"acct_${i % 499}"},"properties":{"feature":"f${i % 23}","plan":"pro","durationMs":${i * 7}}}`,
    );
  }
  return `{"batch":[${parts.join(',')}]}`;
}
