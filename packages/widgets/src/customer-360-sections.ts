import type { CustomerDetail, CustomerHealth, CustomerTicket, CustomerTimelineEvent } from '@tally/client-sdk';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleProps } from './directives/style-props.ts';
import { dateTime, eventKind, healthBand, humanize, percent, relativeTime, shortDay } from './customer-360-format.ts';
import { formatMoney } from './revenue/money.ts';
import { sparkline } from './sparkline.ts';

/** What the sections need besides the customer: how to format, and the panel's open/closed toggles. */
export interface SectionContext {
  locale: string | undefined;
  timezone: string | undefined;
  /** The clock relative times are measured from (epoch ms). */
  now: number;
  /** How many timeline events to show; the rest behind "Show all". */
  timelineShown: number;
  onShowAllTimeline: () => void;
}

/** The features listed under "Feature adoption". */
export const TOP_FEATURES = 5;
/** Recent (not open) tickets listed. */
export const RECENT_TICKETS = 5;

const dash = '—';

/** Name, id, and the facts row: plan, MRR, billing status, owner, stage. */
export function headerSection(c: CustomerDetail, ctx: SectionContext): TemplateResult {
  const sub = [c.name ? c.id : undefined, c.email ?? undefined].filter(Boolean).join(' · ');
  return html`<header part="header" class="header">
    <h2 part="name" class="name">${c.name ?? c.id}</h2>
    ${sub ? html`<div class="sub">${sub}</div>` : nothing}
    <dl part="facts" class="facts">
      <div><dt>Plan</dt> <dd>${c.plan ?? dash}</dd></div>
      <div>
        <dt>MRR</dt>
        <dd part="mrr" class="mrr" title=${formatMoney(c.mrr, ctx.locale, 'full')}>${formatMoney(c.mrr, ctx.locale)}</dd>
      </div>
      <div>
        <dt>Billing</dt>
        <dd><span part="badge" class="badge billing-${c.billingStatus}">${humanize(c.billingStatus)}</span></dd>
      </div>
      <div><dt>Owner</dt> <dd>${c.owner ?? dash}</dd></div>
      <div><dt>Stage</dt> <dd>${c.stage ? humanize(c.stage) : dash}</dd></div>
    </dl>
  </header>`;
}

/** One labelled bar of a health part: the score as text and band word, the bar as a `meter`. */
function healthPart(label: string, score: number | null, detail: string): TemplateResult {
  if (score === null) {
    return html`<li class="part">
      <span class="part-label">${label}</span><span class="part-value">No data</span>
      <span class="part-detail">${detail}</span>
    </li>`;
  }
  const { band, label: word } = healthBand(score);
  const value = Math.max(0, Math.min(100, Math.round(score)));
  return html`<li class="part">
    <span class="part-label" id="part-${label.toLowerCase()}">${label}</span>
    <span class="part-value">${value} · ${word}</span>
    <div
      class="bar band-${band}"
      role="meter"
      aria-labelledby="part-${label.toLowerCase()}"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${value}
      aria-valuetext="${value} of 100, ${word.toLowerCase()}"
    >
      <div class="fill" ${styleProps({ width: `${value}%` })}></div>
    </div>
    <span class="part-detail">${detail}</span>
  </li>`;
}

/** The health score with its band, and its four parts. */
export function healthSection(health: CustomerHealth | null, ctx: SectionContext): TemplateResult {
  if (health === null) {
    return html`<section part="section health" class="section" aria-labelledby="h-health">
      <h3 id="h-health">Health</h3>
      <p class="message">Not scored yet.</p>
    </section>`;
  }
  const { band, label } = healthBand(health.score);
  const { usage, billing, support, crm } = health.parts;
  const users = new Intl.NumberFormat(ctx.locale);
  return html`<section part="section health" class="section" aria-labelledby="h-health">
    <h3 id="h-health">Health</h3>
    <p part="health-score" class="score band-${band}" title="Updated ${dateTime(health.updatedAt, ctx.locale, ctx.timezone)}">
      <span class="score-value">${Math.round(health.score)}</span><span class="score-max">/100</span>
      <span class="score-band">${label}</span>
    </p>
    <ul class="parts">
      ${healthPart('Usage', usage.score, `${users.format(usage.activeUsers14d)} active users in 14 days, ${users.format(usage.previous14d)} before`)}
      ${healthPart('Billing', billing.score, humanize(billing.status))}
      ${healthPart('Support', support.score, `${users.format(support.openTickets)} open ${support.openTickets === 1 ? 'ticket' : 'tickets'}`)}
      ${healthPart('CRM', crm.score, crm.score === null ? 'No CRM score' : 'From the CRM')}
    </ul>
  </section>`;
}

/** Active users per day over 30 days: a sparkline, the latest figure, and the same numbers as a table. */
export function usageSection(c: CustomerDetail, ctx: SectionContext): TemplateResult {
  const trend = c.usageTrend;
  const count = new Intl.NumberFormat(ctx.locale);
  const last = trend.at(-1);
  const peak = trend.reduce((max, d) => Math.max(max, d.activeUsers), 0);
  return html`<section part="section usage" class="section" aria-labelledby="h-usage">
    <h3 id="h-usage">Usage, 30 days</h3>
    ${trend.length === 0
      ? html`<p class="message">No activity yet.</p>`
      : html`<div part="usage-chart" class="usage-chart" aria-hidden="true">${sparkline(trend.map((d) => d.activeUsers), { width: 280, height: 40 })}</div>
          <p class="usage-figures">
            ${count.format(last?.activeUsers ?? 0)} active ${last?.activeUsers === 1 ? 'user' : 'users'} today · peak ${count.format(peak)}
          </p>
          <table part="table" class="visually-hidden">
            <caption>Active users per day</caption>
            <thead><tr><th scope="col">Day</th><th scope="col">Active users</th></tr></thead>
            <tbody>
              ${trend.map((d) => html`<tr><th scope="row">${shortDay(d.day, ctx.locale)}</th><td>${count.format(d.activeUsers)}</td></tr>`)}
            </tbody>
          </table>`}
  </section>`;
}

/** The most adopted features with their share of active users. */
export function adoptionSection(c: CustomerDetail, ctx: SectionContext): TemplateResult {
  const { activeUsers, features } = c.featureAdoption;
  const top = features.slice(0, TOP_FEATURES);
  return html`<section part="section adoption" class="section" aria-labelledby="h-adoption">
    <h3 id="h-adoption">Feature adoption</h3>
    ${top.length === 0
      ? html`<p class="message">No feature use in 30 days.</p>`
      : html`<ul class="features">
            ${top.map(
              (f) => html`<li class="feature">
                <span class="feature-name">${f.feature}</span>
                <span class="feature-value">${percent(f.adoption, ctx.locale)}</span>
                <div class="bar" aria-hidden="true"><div class="fill" ${styleProps({ width: `${Math.min(100, f.adoption * 100)}%` })}></div></div>
              </li>`,
            )}
          </ul>
          <p class="note">Share of ${new Intl.NumberFormat(ctx.locale).format(activeUsers)} active users</p>`}
  </section>`;
}

function ticketItem(t: CustomerTicket, ctx: SectionContext): TemplateResult {
  const meta = [t.priority ? humanize(t.priority) : undefined, t.source, humanize(t.status)].filter(Boolean).join(' · ');
  return html`<li class="ticket">
    <span class="ticket-subject">${t.subject ?? '(no subject)'}</span>
    <span class="meta">${meta} ·
      <time datetime=${t.openedAt} title=${dateTime(t.openedAt, ctx.locale, ctx.timezone)}>${relativeTime(t.openedAt, ctx.now, ctx.locale, ctx.timezone)}</time></span>
  </li>`;
}

/** Open tickets, then the most recent others. */
export function ticketsSection(c: CustomerDetail, ctx: SectionContext): TemplateResult {
  const open = c.tickets.open;
  const openIds = new Set(open.map((t) => t.id));
  const recent = c.tickets.recent.filter((t) => !openIds.has(t.id)).slice(0, RECENT_TICKETS);
  return html`<section part="section tickets" class="section" aria-labelledby="h-tickets">
    <h3 id="h-tickets">Open tickets <span class="count">(${open.length})</span></h3>
    ${open.length === 0
      ? html`<p class="message">No open tickets.</p>`
      : html`<ul class="tickets">${repeat(open, (t) => t.id, (t) => ticketItem(t, ctx))}</ul>`}
    ${recent.length === 0
      ? nothing
      : html`<h4>Recent</h4>
          <ul class="tickets">${repeat(recent, (t) => t.id, (t) => ticketItem(t, ctx))}</ul>`}
  </section>`;
}

function timelineItem(e: CustomerTimelineEvent, ctx: SectionContext): TemplateResult {
  const amount = e.revenue === undefined ? undefined : formatMoney(e.revenue, ctx.locale);
  return html`<li class="event kind-${eventKind(e.type)}">
    <span class="event-title">${humanize(e.type)}${amount === undefined ? nothing : html` <span class="amount">${amount}</span>`}</span>
    <span class="meta">${e.source} ·
      <time datetime=${e.occurredAt} title=${dateTime(e.occurredAt, ctx.locale, ctx.timezone)}>${relativeTime(e.occurredAt, ctx.now, ctx.locale, ctx.timezone)}</time></span>
  </li>`;
}

/** The newest notable events, newest first; the rest behind a "Show all" button. */
export function timelineSection(c: CustomerDetail, ctx: SectionContext): TemplateResult {
  const events = c.timeline;
  const shown = events.slice(0, ctx.timelineShown);
  return html`<section part="section timeline" class="section" aria-labelledby="h-timeline">
    <h3 id="h-timeline">Timeline</h3>
    ${events.length === 0
      ? html`<p class="message">No events yet.</p>`
      : html`<ol class="timeline">${repeat(shown, (e) => e.id, (e) => timelineItem(e, ctx))}</ol>
          ${shown.length < events.length
            ? html`<button part="show-all" class="button" type="button" @click=${ctx.onShowAllTimeline}>Show all ${events.length}</button>`
            : nothing}`}
  </section>`;
}
