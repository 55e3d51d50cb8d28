import type { StorybookConfig } from '@storybook/web-components-vite';

/** Storybook for the Tally widgets: stories on deterministic data, no addons, no telemetry (builds offline). */
const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: [],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Storybook's own manager/preview runtime is one ~900 kB chunk; that warning is about Storybook, not our code.
  viteFinal: (vite) => ({ ...vite, build: { ...vite.build, chunkSizeWarningLimit: 1200 } }),
};

export default config;
