import type { Preview } from '@storybook/web-components-vite';

/** Shared story settings: padded canvas, controls for every attribute. */
const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
