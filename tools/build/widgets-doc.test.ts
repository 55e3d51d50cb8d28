/**
 * docs/widgets.md against the code: the element reference in it must be what tools/build/widgets-doc.mjs makes of
 * the custom elements manifest today (the analyzer alone, a few seconds; no rollup build). Editing an element's
 * JSDoc without `npm run docs:widgets` fails here.
 */
import type { Package } from 'custom-elements-manifest/schema';
import { describe, expect, it } from 'vitest';
import { END_MARKER, START_MARKER, renderReference, replaceGenerated, widgetsDoc } from './widgets-doc.mjs';

describe('docs/widgets.md', () => {
  it('has the element reference the custom elements manifest gives today', async () => {
    const { current, expected } = await widgetsDoc();
    expect(current, 'docs/widgets.md is out of date: run `npm run docs:widgets`').toBe(expected);
  });
});

/**
 * A manifest of two elements, in the analyzer's shape (custom-elements-manifest's types leave out the
 * `customElement` and member `attribute` fields it writes, hence the cast).
 */
const manifest = {
  schemaVersion: '1.0.0',
  modules: [
    {
      kind: 'javascript-module',
      path: 'fancy-chart.js',
      declarations: [
        {
          kind: 'class',
          name: 'FancyChart',
          customElement: true,
          tagName: 'fancy-chart',
          summary: 'A chart.',
          description: 'Draws a chart\nof one metric.',
          attributes: [
            { name: 'group-by', fieldName: 'groupBy', type: { text: 'string | undefined' }, description: 'Split by a\ndimension.' },
            { name: 'filters', fieldName: 'filters', type: { text: 'string | Record<string, string[]> | undefined' }, default: 'undefined' },
            { name: 'live', fieldName: 'live', type: { text: 'boolean' }, default: 'false', description: 'Keep it current.' },
          ],
          members: [
            { kind: 'field', name: 'groupBy', attribute: 'group-by' },
            { kind: 'field', name: 'client', type: { text: 'WidgetClient | undefined' }, description: 'A client of its own.' },
            { kind: 'field', name: 'secret', privacy: 'protected' },
            { kind: 'method', name: 'retry', description: 'Loads again.' },
          ],
          events: [{ name: 'tally-error', description: 'An invalid attribute.' }],
          cssProperties: [{ name: '--tally-color-accent', description: 'The line.' }],
          cssParts: [{ name: 'base', description: 'The box.' }],
        },
      ],
    },
    {
      kind: 'javascript-module',
      path: 'tally-provider.js',
      declarations: [
        {
          kind: 'class',
          name: 'TallyProvider',
          customElement: true,
          tagName: 'tally-provider',
          summary: 'Connects.',
          slots: [{ name: '', description: 'The widgets.' }],
        },
      ],
    },
  ],
} as unknown as Package;

const REACT = `export const FancyChart = createComponent({
  react: React,
  tagName: 'fancy-chart',
  elementClass: FancyChartElement,
  events: { onTallyError: tallyError },
  displayName: 'FancyChart',
});`;

describe('renderReference', () => {
  const doc = renderReference(manifest, { reactSource: REACT });

  it('lists the provider first, then the elements by tag', () => {
    expect(doc.indexOf('## `<tally-provider>`')).toBeLessThan(doc.indexOf('## `<fancy-chart>`'));
    expect(doc).toContain('| [`<fancy-chart>`](#fancy-chart) | A chart. |');
  });

  it('tables the attributes with types readable, pipes escaped and text on one line', () => {
    expect(doc).toContain('| `group-by` | `groupBy` | `string` | — | Split by a dimension. |');
    expect(doc).toContain('| `filters` | `filters` | `string \\| Record<string, string[]>` | — |  |');
    expect(doc).toContain('| `live` | `live` | `boolean` | `false` | Keep it current. |');
  });

  it('lists public properties without an attribute, methods, events, slots, custom properties and parts', () => {
    expect(doc).toContain('- `client` (`WidgetClient`): A client of its own.');
    expect(doc).not.toContain('secret');
    expect(doc).toContain('- `retry()`: Loads again.');
    expect(doc).toContain('| `tally-error` | An invalid attribute. |');
    expect(doc).toContain('| (default) | The widgets. |');
    expect(doc).toContain('| `--tally-color-accent` | The line. |');
    expect(doc).toContain('| `base` | The box. |');
    expect(doc).toContain('React: `<FancyChart>` from `@tally/widgets/react` (`onTallyError`).');
  });
});

describe('replaceGenerated', () => {
  it('replaces only what is between the markers', () => {
    const doc = `# Title\n\nBy hand.\n\n${START_MARKER}\nold\n${END_MARKER}\n\nAfter.\n`;
    expect(replaceGenerated(doc, 'new\n')).toBe(`# Title\n\nBy hand.\n\n${START_MARKER}\n\nnew\n\n${END_MARKER}\n\nAfter.\n`);
  });

  it('refuses a file without the markers', () => {
    expect(() => replaceGenerated('# Title\n', 'new')).toThrow(/markers/);
  });
});
