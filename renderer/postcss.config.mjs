// PostCSS for the renderer (vite's root is renderer/, so it finds this file): postcss-preset-mantine provides
// Mantine's rem()/light-dark() helpers and breakpoint mixins used by the CSS modules under src/.
import mantine from 'postcss-preset-mantine';

export default {
  plugins: [mantine()],
};
