// Types of custom-elements.mjs for TypeScript callers (.storybook/main.ts).
import type { Package } from 'custom-elements-manifest/schema';
import type { Plugin } from 'rollup';

export function analyze(): Promise<Package>;
export function writeManifest(): Promise<string>;
export function elementTags(manifest: Package): string[];
export function customElementsManifest(options?: { mainEntry?: string; reactWrappers?: string }): Plugin;
