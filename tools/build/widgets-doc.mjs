// `npm run docs:widgets`: writes the element reference of docs/widgets.md from the custom elements manifest (the
// analyzer step of tools/build/custom-elements.mjs, no rollup build), between the two markers below; the
// hand-written text around them stays. `--check` only compares, and exits 1 when the file is out of date.
// tools/build/widgets-doc.test.ts fails the same way, so the reference cannot drift from the elements' JSDoc.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from './custom-elements.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

/** The generated reference, relative to the repository root. */
export const DOC_PATH = 'docs/widgets.md';
/** The React wrappers, read for each element's component name and event props. */
const REACT_PATH = 'packages/widgets/src/react.ts';

export const START_MARKER =
  '<!-- widgets-doc:start: generated from the custom elements manifest by `npm run docs:widgets`; edit the JSDoc, not this part -->';
export const END_MARKER = '<!-- widgets-doc:end -->';

/** Text for one table cell: one line, pipes escaped. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** `value` as inline code (empty when there is none). */
function code(value) {
  return value === undefined || value === '' ? '' : `\`${cell(value)}\``;
}

/** A type as a reader wants it: `string | undefined` → `string` (an unset attribute is undefined anyway). */
function typeText(type) {
  return type?.text?.replace(/\s*\|\s*undefined$/, '') ?? '';
}

/** Multi-line JSDoc text with each line's trailing spaces removed. */
function block(text) {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/** A markdown table and the blank line after it. */
function table(header, rows) {
  const head = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  return [...head, ...rows.map((row) => `| ${row.join(' | ')} |`), ''];
}

/** A markdown section `### title` with a table, or nothing when there are no rows. */
function tableSection(title, header, rows) {
  return rows.length === 0 ? [] : [`### ${title}`, '', ...table(header, rows)];
}

/** A markdown section `### title` with a list, or nothing when there are no items. */
function listSection(title, items, intro) {
  if (items.length === 0) return [];
  return [`### ${title}`, '', ...(intro ? [intro, ''] : []), ...items.map((item) => `- ${item}`), ''];
}

/** The custom elements of a manifest with their module, `<tally-provider>` first, then by tag. */
export function elements(manifest) {
  const found = manifest.modules.flatMap((mod) =>
    (mod.declarations ?? []).filter((d) => d.customElement && d.tagName).map((declaration) => ({ declaration, module: mod.path })),
  );
  const rank = (tag) => (tag === 'tally-provider' ? 0 : 1);
  return found.sort((a, b) => {
    const [x, y] = [a.declaration.tagName, b.declaration.tagName];
    return rank(x) - rank(y) || x.localeCompare(y);
  });
}

/**
 * The React wrappers in react.ts by tag: `{ 'metric-chart': { name: 'MetricChart', events: ['onTallyError'] } }`.
 * @param {string} source
 */
export function reactWrappers(source) {
  const wrappers = {};
  for (const [, name, body] of source.matchAll(/export const (\w+) = createComponent\(\{([\s\S]*?)\n\}\);/g)) {
    const tag = /tagName: '([^']+)'/.exec(body)?.[1];
    const events = /events: \{([\s\S]*?)\}/.exec(body)?.[1] ?? '';
    if (tag !== undefined) wrappers[tag] = { name, events: [...events.matchAll(/\b(on[A-Z]\w*)\s*:/g)].map((m) => m[1]) };
  }
  return wrappers;
}

/** Public, non-static members of one kind (`field`, `method`): what a host may set or call. */
function publicMembers(declaration, kind) {
  const isPublic = (m) => (m.privacy === undefined || m.privacy === 'public') && !m.static && !m.name.startsWith('#');
  return (declaration.members ?? []).filter((m) => m.kind === kind && isPublic(m));
}

/** The line under an element's summary: its class, module and React wrapper. */
function origin({ declaration: d, module }, react) {
  const parts = [`Class \`${d.name}\` in \`${module}\``];
  if (react !== undefined) {
    const events = react.events.length > 0 ? ` (${react.events.map((e) => `\`${e}\``).join(', ')})` : '';
    parts.push(`React: \`<${react.name}>\` from \`@tally/widgets/react\`${events}`);
  }
  return `${parts.join('. ')}.`;
}

/** A row of the attributes table. */
function attributeRow(a) {
  const fallback = a.default === undefined || a.default === 'undefined' ? '—' : code(a.default);
  return [code(a.name), code(a.fieldName), code(typeText(a.type)), fallback, cell(a.description)];
}

/** A property set from script only: `` `client` (`WidgetClient`): … ``. */
function propertyItem(p) {
  const type = typeText(p.type);
  return `\`${p.name}\`${type ? ` (\`${cell(type)}\`)` : ''}${p.readonly ? ', read-only' : ''}: ${cell(p.description)}`;
}

/** One element's section. */
function elementSection(element, react) {
  const d = element.declaration;
  const attributes = d.attributes ?? [];
  const attributeFields = new Set(attributes.map((a) => a.fieldName));
  const properties = publicMembers(d, 'field').filter((m) => m.attribute === undefined && !attributeFields.has(m.name));
  const described = (rows) => rows.map((x) => [code(x.name), cell(x.description)]);
  return [
    `## \`<${d.tagName}>\``,
    '',
    ...(d.summary ? [`**${block(d.summary)}**`, ''] : []),
    origin(element, react),
    '',
    ...(d.description ? [block(d.description), ''] : []),
    ...(attributes.length === 0 ? ['### Attributes', '', 'None.', ''] : []),
    ...tableSection('Attributes', ['attribute', 'property', 'type', 'default', 'description'], attributes.map(attributeRow)),
    ...listSection('Properties only', properties.map(propertyItem), 'Set from script (or as React props); no attribute.'),
    ...listSection('Methods', publicMembers(d, 'method').map((m) => `\`${m.name}()\`: ${cell(m.description)}`)),
    ...tableSection('Events', ['event', 'description'], described(d.events ?? [])),
    ...tableSection('Slots', ['slot', 'description'], (d.slots ?? []).map((x) => [x.name ? code(x.name) : '(default)', cell(x.description)])),
    ...tableSection('CSS custom properties', ['property', 'description'], described(d.cssProperties ?? [])),
    ...tableSection('CSS parts', ['part', 'description'], described(d.cssParts ?? [])),
  ];
}

/**
 * The generated reference: an index of the elements, then one section per element.
 * @param {import('custom-elements-manifest/schema').Package} manifest
 * @param {{ reactSource?: string }} [options]
 */
export function renderReference(manifest, { reactSource = '' } = {}) {
  const found = elements(manifest);
  const react = reactWrappers(reactSource);
  const index = found.map(({ declaration: d }) => [`[\`<${d.tagName}>\`](#${d.tagName})`, cell(d.summary)]);
  const lines = [
    ...table(['element', 'what it is'], index),
    ...found.flatMap((element) => elementSection(element, react[element.declaration.tagName])),
  ];
  return `## Element reference\n\n${lines.join('\n').trim()}\n`;
}

/**
 * `doc` with the text between the markers replaced by `generated`; the rest is kept as written.
 * @param {string} doc
 * @param {string} generated
 */
export function replaceGenerated(doc, generated) {
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`${DOC_PATH} needs the markers ${START_MARKER} and ${END_MARKER} (in that order) around the generated part`);
  }
  return `${doc.slice(0, start + START_MARKER.length)}\n\n${generated.trim()}\n\n${doc.slice(end)}`;
}

/** Runs the analyzer and reads docs/widgets.md: resolves with the file as it is and as it should be. */
export async function widgetsDoc() {
  const [manifest, current, reactSource] = await Promise.all([
    analyze(),
    readFile(join(ROOT, DOC_PATH), 'utf8'),
    readFile(join(ROOT, REACT_PATH), 'utf8'),
  ]);
  return { current, expected: replaceGenerated(current, renderReference(manifest, { reactSource })) };
}

async function main(argv) {
  const { current, expected } = await widgetsDoc();
  if (argv.includes('--check')) {
    if (current === expected) return;
    console.error(`${DOC_PATH} is out of date: run \`npm run docs:widgets\``);
    process.exitCode = 1;
  } else if (current !== expected) {
    await writeFile(join(ROOT, DOC_PATH), expected);
    console.log(`wrote ${DOC_PATH}`);
  } else {
    console.log(`${DOC_PATH} is up to date`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
