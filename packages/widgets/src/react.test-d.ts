// Type tests of the React wrappers, checked by `tsc` and never run: props are the elements' own properties with
// their types, and each event prop receives the event with its typed `detail`.
import type { ComponentProps } from 'react';
import type { KpiTile as KpiTileElement } from './kpi-tile.ts';
import type { KpiTile, MetricChart, TallyProvider, TopCustomers } from './react.ts';

type KpiTileProps = ComponentProps<typeof KpiTile>;
type TopCustomersProps = ComponentProps<typeof TopCustomers>;

export const tile: KpiTileProps = {
  label: 'MRR',
  value: 123_456,
  series: [1, 2, 3],
  onTallyError: (e) => e.detail.attribute.toUpperCase(),
  ref: (element: KpiTileElement | null) => element?.requestUpdate(),
};
// @ts-expect-error `value` is a number, not a string
export const textValue: KpiTileProps = { value: '123' };
// @ts-expect-error no such property
export const unknownProp: KpiTileProps = { colour: 'red' };

export const top: TopCustomersProps = { limit: '5', onTallySelectCustomer: (e) => e.detail.id.trim() };
// @ts-expect-error `tally-select-customer` carries `{ id }`, not an error detail
export const wrongDetail: TopCustomersProps = { onTallySelectCustomer: (e) => e.detail.message };

export const chart: ComponentProps<typeof MetricChart> = { onTallyError: (e) => e.detail.code === 'invalid_attribute' };
export const provider: ComponentProps<typeof TallyProvider> = { server: '/tally', getToken: async () => 'token' };
