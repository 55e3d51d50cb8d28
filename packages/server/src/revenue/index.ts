/** Revenue movements: `GET /v1/revenue/movements`, MRR by kind of movement per period. */
export { revenueRoutes } from './revenue-routes.ts';
export type { RevenueRoutesOptions } from './revenue-routes.ts';
export type { MovementsRequest } from './revenue-movements.ts';
export { readRevenueMovements, parseMovementsRequest, MOVEMENT_KINDS } from './revenue-movements.ts';
