// Types of widgets-doc.mjs for TypeScript callers (tools/build/widgets-doc.test.ts).
import type { CustomElementDeclaration, Package } from 'custom-elements-manifest/schema';

export const DOC_PATH: string;
export const START_MARKER: string;
export const END_MARKER: string;
export function elements(manifest: Package): { declaration: CustomElementDeclaration; module: string }[];
export function reactWrappers(source: string): Record<string, { name: string; events: string[] }>;
export function renderReference(manifest: Package, options?: { reactSource?: string }): string;
export function replaceGenerated(doc: string, generated: string): string;
export function widgetsDoc(): Promise<{ current: string; expected: string }>;
