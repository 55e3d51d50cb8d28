import type { StorybookConfig } from '@storybook/web-components-vite';
import { writeManifest } from '../tools/build/custom-elements.mjs';

/**
 * Storybook for the Tally widgets: stories on deterministic data, no telemetry (builds offline). Docs pages
 * (addon-docs), controls, their descriptions and defaults come from the custom elements manifest (preview.ts), written
 * fresh from packages/widgets/src before every build or dev start.
 */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Storybook's own manager/preview runtime is one ~900 kB chunk; that warning is about Storybook, not our code.
  viteFinal: async (vite) => {
    await writeManifest();
    return { ...vite, build: { ...vite.build, chunkSizeWarningLimit: 1200 } };
  },
};

export default config;
