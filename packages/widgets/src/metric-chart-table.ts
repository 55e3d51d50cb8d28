import { html, nothing, type TemplateResult } from 'lit';

/** Rows of the data table shown at once; more are paged, so 10,000 buckets never become 10,000 rows. */
export const TABLE_PAGE_ROWS = 200;

/** What the data table shows: formatted cells, one row per bucket. */
export interface ChartTableData {
  caption: string;
  /** Column headers after the date column. */
  columns: readonly string[];
  /** `[date label, ...cells]` per bucket, already formatted. */
  rows: (index: number) => readonly string[];
  rowCount: number;
}

/**
 * The data-table alternative of a chart: a real `<table>` with a caption, a header row and one row per
 * bucket, {@link TABLE_PAGE_ROWS} at a time with previous/next buttons. Visually hidden unless `shown`,
 * so screen readers always have it.
 */
export function chartTable(data: ChartTableData, options: { shown: boolean; page: number; onPage: (page: number) => void }): TemplateResult {
  const pages = Math.max(1, Math.ceil(data.rowCount / TABLE_PAGE_ROWS));
  const page = Math.min(Math.max(0, options.page), pages - 1);
  const first = page * TABLE_PAGE_ROWS;
  const last = Math.min(data.rowCount, first + TABLE_PAGE_ROWS);
  const range = pages > 1 ? ` (rows ${first + 1}–${last} of ${data.rowCount})` : '';
  const indexes = Array.from({ length: last - first }, (_, i) => first + i);
  return html`<div part="table" class="table-wrap ${options.shown ? '' : 'visually-hidden'}">
    <table>
      <caption>
        ${data.caption}${range}
      </caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          ${data.columns.map((c) => html`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${indexes.map((i) => {
          const [date, ...cells] = data.rows(i);
          return html`<tr>
            <th scope="row">${date}</th>
            ${cells.map((c) => html`<td>${c}</td>`)}
          </tr>`;
        })}
      </tbody>
    </table>
    ${pages > 1
      ? html`<div class="pager">
          <button type="button" class="button" ?disabled=${page === 0} @click=${() => options.onPage(page - 1)}>Previous rows</button>
          <button type="button" class="button" ?disabled=${page === pages - 1} @click=${() => options.onPage(page + 1)}>Next rows</button>
        </div>`
      : nothing}
  </div>`;
}
