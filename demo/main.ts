// Placeholder portal: registers the widgets and gives two tiles a static sparkline. Live data comes later.
import { KpiTile } from '@tally/widgets';

const series: Record<string, number[]> = {
  mrr: [98_200, 101_400, 103_900, 107_300, 110_800, 114_100, 118_500, 123_456],
  active: [19_900, 19_700, 19_800, 19_350, 19_100, 18_800, 18_500, 18_230],
};

for (const [id, values] of Object.entries(series)) {
  const tile = document.getElementById(id);
  if (tile instanceof KpiTile) tile.series = values;
}
