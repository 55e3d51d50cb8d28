const SVG_NS = 'http://www.w3.org/2000/svg';

/** One legend entry of an exported image. */
export interface ExportLegendItem {
  label: string;
  color: string;
  /** Drawn as a dashed swatch (a previous period). */
  dashed?: boolean;
}

/** What {@link exportSvg} puts around the chart; colors must be concrete (no CSS variables). */
export interface ExportOptions {
  title?: string;
  legend?: readonly ExportLegendItem[];
  background: string;
  text: string;
  fontFamily: string;
}

const LEGEND_ROW = 18;

/**
 * A standalone SVG for export: the title and legend (which live in HTML on the page) drawn above a copy of
 * the chart, on the theme's background. Pure: the chart SVG is cloned, not moved.
 */
export function exportSvg(chart: SVGSVGElement, options: ExportOptions): SVGSVGElement {
  const width = Number(chart.getAttribute('width')) || chart.width.baseVal.value;
  const chartHeight = Number(chart.getAttribute('height')) || chart.height.baseVal.value;
  const el = <K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] => {
    const node = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  };
  const root = el('svg', { xmlns: SVG_NS, width, 'font-family': options.fontFamily, fill: options.text });
  const body: SVGElement[] = [];
  let y = 8;
  if (options.title) {
    const title = el('text', { x: 8, y: y + 14, 'font-size': 14, 'font-weight': 600 });
    title.textContent = options.title;
    body.push(title);
    y += 22;
  }
  let x = 8;
  for (const item of options.legend ?? []) {
    const itemWidth = 22 + item.label.length * 6.6 + 14;
    if (x > 8 && x + itemWidth > width) (x = 8), (y += LEGEND_ROW);
    const swatch = el('line', { x1: x, x2: x + 16, y1: y + 9, y2: y + 9, stroke: item.color, 'stroke-width': 3 });
    if (item.dashed) swatch.setAttribute('stroke-dasharray', '4 3');
    const label = el('text', { x: x + 22, y: y + 13, 'font-size': 12 });
    label.textContent = item.label;
    body.push(swatch, label);
    x += itemWidth;
  }
  if ((options.legend?.length ?? 0) > 0) y += LEGEND_ROW;
  const copy = chart.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('x', '0');
  copy.setAttribute('y', String(y + 4));
  const height = y + 4 + chartHeight + 8;
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.append(el('rect', { width, height, fill: options.background }), ...body, copy);
  return root;
}

/**
 * Rasterises an SVG to a PNG blob: serialize, load as an image, draw on a canvas `scale` times larger
 * (crisp on high-density screens).
 *
 * @example
 * const blob = await svgToPng(exportSvg(chart, { title: 'MRR', background: '#fff', text: '#000', fontFamily: 'sans-serif' }));
 */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const markup = new XMLSerializer().serializeToString(svg);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('png export: no 2d canvas');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob === null ? reject(new Error('png export: the canvas gave no image')) : resolve(blob)), 'image/png'),
  );
}
