// Custom elements manifest for @tally/widgets, packages/widgets/dist/custom-elements.json, from this one config:
// `npm run build` writes it into the npm build (tools/build/custom-elements.mjs), Storybook writes it before each
// build or dev start (.storybook/main.ts) and reads it for its controls (.storybook/preview.ts), and
// `npm run manifest` runs the analyzer's CLI. Tags, attributes, events, CSS properties and parts
// come from each element's JSDoc (@tagname, @fires, @cssprop, @csspart, @slot); see packages/widgets/src/kpi-tile.ts.

/** Where the manifest goes, relative to the repository root. */
export const MANIFEST_DIR = 'packages/widgets/dist';

const SOURCE = 'packages/widgets/src/';

/**
 * Our elements register through `defineElement('tag', Class)` instead of `customElements.define`, which the
 * analyzer does not know: record each call as the module's `custom-element-definition` export (and as the
 * class's tag if its JSDoc has no @tagname).
 */
function defineElementCalls() {
  return {
    name: 'tally-define-element',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tag, ctor] = node.arguments;
      if (tag === undefined || !ts.isStringLiteralLike(tag) || ctor === undefined || !ts.isIdentifier(ctor)) return;
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({
        kind: 'custom-element-definition',
        name: tag.text,
        declaration: { name: ctor.text, module: moduleDoc.path },
      });
      const declaration = moduleDoc.declarations?.find((d) => d.name === ctor.text);
      if (declaration !== undefined) {
        declaration.customElement = true;
        declaration.tagName ??= tag.text;
      }
    },
  };
}

/**
 * Keeps the manifest to the public surface: `#private` and `private` members are not API, and Storybook would
 * otherwise offer them as controls. Also drops the definition the analyzer reads from `customElements.define(tag,
 * ctor)` inside defineElement itself, which names no element.
 */
function publicSurfaceOnly() {
  return {
    name: 'tally-public-surface',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.members === undefined) continue;
          declaration.members = declaration.members.filter((m) => m.privacy !== 'private' && !m.name.startsWith('#'));
        }
        const elements = new Set((mod.declarations ?? []).filter((d) => d.customElement).map((d) => d.name));
        mod.exports = mod.exports?.filter((e) => e.kind !== 'custom-element-definition' || elements.has(e.declaration.name));
      }
    },
  };
}

/**
 * Paths as the npm build lays them out: `packages/widgets/src/kpi-tile.ts` becomes `kpi-tile.js`, next to the
 * manifest in packages/widgets/dist/ (rollup keeps one file per module, rooted at src/).
 */
function publishedPaths() {
  const rewrite = (path) => (path?.startsWith(SOURCE) ? path.slice(SOURCE.length).replace(/\.ts$/, '.js') : path);
  return {
    name: 'tally-published-paths',
    packageLinkPhase({ customElementsManifest }) {
      const visit = (value) => {
        if (Array.isArray(value)) value.forEach(visit);
        else if (value !== null && typeof value === 'object') {
          for (const [key, inner] of Object.entries(value)) {
            if ((key === 'path' || key === 'module') && typeof inner === 'string') value[key] = rewrite(inner);
            else visit(inner);
          }
        }
      };
      visit(customElementsManifest.modules);
    },
  };
}

/** @type {import('@custom-elements-manifest/analyzer').Config} */
/**
 * Documented defaults: the analyzer takes a field's default from its constructor assignment (`this.range =
 * undefined` while the real default is applied later), so a `@default` tag on the field wins.
 */
function jsdocDefaults() {
  const found = new Map();
  return {
    name: 'tally-jsdoc-defaults',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isPropertyDeclaration(node) || !ts.isClassDeclaration(node.parent) || node.parent.name === undefined) return;
      const tag = ts.getJSDocTags(node).find((t) => t.tagName.text === 'default');
      const text = typeof tag?.comment === 'string' ? tag.comment.trim() : undefined;
      if (text) found.set(`${moduleDoc.path}#${node.parent.name.text}.${node.name.getText()}`, text);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) {
          const get = (name) => found.get(`${mod.path}#${d.name}.${name}`);
          for (const m of d.members ?? []) m.default = get(m.name) ?? m.default;
          for (const a of d.attributes ?? []) a.default = get(a.fieldName) ?? a.default;
        }
      }
    },
  };
}

export default {
  globs: [`${SOURCE}**/*.ts`],
  exclude: [`${SOURCE}**/*.test.ts`, `${SOURCE}**/*.test-d.ts`, `${SOURCE}test-helpers.ts`, `${SOURCE}react.ts`, `${SOURCE}script-tag/**`],
  outdir: MANIFEST_DIR,
  litelement: true,
  // The analyzer would otherwise add a `customElements` field to the root package.json on every run.
  packagejson: false,
  quiet: true,
  plugins: [jsdocDefaults(), defineElementCalls(), publicSurfaceOnly(), publishedPaths()],
};
