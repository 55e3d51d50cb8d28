/**
 * Test helper process: publishes numbered messages to topic "killed" in the embedded bus at argv[2] and
 * prints `ACK n` after each acknowledged batch, until the test kills it with SIGKILL.
 */
import { openEmbeddedBus } from '../embedded-bus.ts';

const bus = await openEmbeddedBus({ dataDir: process.argv[2]! });
let n = 0;
for (;;) {
  const batch = Array.from({ length: 100 }, (_, i) => ({ key: `k${(n + i) % 7}`, value: { n: n + i } }));
  await bus.publish('killed', batch);
  n += batch.length;
  process.stdout.write(`ACK ${n}\n`);
}
