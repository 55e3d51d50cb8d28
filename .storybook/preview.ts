import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
// Written by main.ts (and by `npm run build`) from the elements' JSDoc: @tagname, @fires, @cssprop, @csspart.
import manifest from '@tally/widgets/custom-elements.json';

type ArgTypesEnhancer = NonNullable<Preview['argTypesEnhancers']>[number];
type ArgType = ReturnType<ArgTypesEnhancer>[string];

interface Named {
  name: string;
  description?: string;
}
interface Declaration {
  attributes?: (Named & { fieldName?: string })[];
  members?: (Named & { kind: string; attribute?: string })[];
  cssParts?: Named[];
  slots?: Named[];
}

/**
 * Fits the manifest to Storybook, which keys every row by name in one table:
 * - one control per input: a property and its attribute (`errorMessage`, `error-message`) are one row, under the
 *   property name that stories' args use, with the attribute named in the description;
 * - parts and slots are named `::part(label)` and `slot: label`, so they do not replace a property `label`.
 */
function forStorybook(cem: typeof manifest): typeof manifest {
  const copy = structuredClone(cem) as { modules: { declarations?: Declaration[] }[] };
  for (const declaration of copy.modules.flatMap((m) => m.declarations ?? [])) {
    const fields = new Set(declaration.members?.filter((m) => m.kind === 'field').map((m) => m.name));
    for (const member of declaration.members ?? []) {
      if (member.attribute !== undefined && member.attribute !== member.name) {
        member.description = `${member.description ?? ''} (attribute \`${member.attribute}\`)`.trim();
      }
    }
    declaration.attributes = declaration.attributes?.filter((a) => a.fieldName === undefined || !fields.has(a.fieldName));
    for (const part of declaration.cssParts ?? []) part.name = `::part(${part.name})`;
    for (const slot of declaration.slots ?? []) if (slot.name !== '') slot.name = `slot: ${slot.name}`;
  }
  return copy as typeof manifest;
}

const DOCUMENTATION_ONLY = new Set(['css custom properties', 'css shadow parts', 'events', 'slots']);

/** A control for a documented TypeScript type: text, number, boolean, or a select over string literals. */
function controlFor(type: string): Partial<ArgType> | undefined {
  const options = type.split('|').map((t) => t.trim()).filter((t) => t !== 'undefined' && t !== 'null');
  if (options.length > 0 && options.every((t) => /^'[^']*'$/.test(t))) return { control: 'select', options: options.map((t) => t.slice(1, -1)) };
  if (options.length !== 1) return undefined;
  return ({ string: { control: 'text' }, number: { control: 'number' }, boolean: { control: 'boolean' } } as const)[options[0] as 'string'];
}

/**
 * Controls from the manifest's types where a story sets none; rows that only document (CSS custom properties,
 * parts, events, slots) get no control, since setting them would change nothing in the story.
 */
const manifestControls: ArgTypesEnhancer = ({ argTypes }) =>
  Object.fromEntries(
    Object.entries(argTypes).map(([name, argType]) => {
      if (argType.control !== undefined) return [name, argType];
      if (DOCUMENTATION_ONLY.has(String(argType.table?.category))) return [name, { ...argType, control: false }];
      const control = typeof argType.type === 'object' && 'name' in argType.type ? controlFor(String(argType.type.name)) : undefined;
      return [name, control === undefined ? argType : { ...argType, ...control }];
    }),
  );

// Stories that name their element (`component: 'kpi-tile'`) get its properties, events, CSS custom properties
// and parts as documented rows in the Controls panel.
setCustomElementsManifest(forStorybook(manifest));

/** Shared story settings: padded canvas, controls for every attribute, a Docs page per widget from the manifest. */
const preview: Preview = {
  tags: ['autodocs'],
  argTypesEnhancers: [manifestControls],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
