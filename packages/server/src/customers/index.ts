/** Customer 360 and customer search: `GET /v1/customers/:id` and `GET /v1/customers?q=`. */
export { customerRoutes } from './customer-routes.ts';
export type { CustomerRoutesOptions } from './customer-routes.ts';
export { readCustomerDetail, TREND_DAYS } from './customer-detail.ts';
export { parseCustomerSearch, searchCustomers, DEFAULT_SEARCH_LIMIT } from './customer-search.ts';
export type { CustomerSearch } from './customer-search.ts';
