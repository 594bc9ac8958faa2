// Downloads the pivot page's chart as a file that stands on its own: the chart's SVG with every element's computed
// style written inline (MudBlazor styles it through CSS classes and variables that a saved file would not have), its
// HTML legend drawn into the drawing, on a white background. PNG draws that SVG onto a canvas.

const styleProperties = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap',
  'stroke-linejoin', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor',
  'dominant-baseline', 'alignment-baseline', 'visibility', 'display',
];
const svgNamespace = 'http://www.w3.org/2000/svg';
const legendRowHeight = 22;

function inlineStyles(source, target) {
  const computed = getComputedStyle(source);
  target.setAttribute('style', styleProperties.map(p => `${p}:${computed.getPropertyValue(p)}`).join(';'));
  for (let i = 0; i < source.children.length && i < target.children.length; i++) {
    inlineStyles(source.children[i], target.children[i]);
  }
}

// The drawing is the container's largest SVG (legend markers and icons may be small SVGs of their own).
function chartSvg(container) {
  let best = null;
  let bestArea = 0;
  for (const svg of container.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width * box.height > bestArea) {
      best = svg;
      bestArea = box.width * box.height;
    }
  }
  if (!best) {
    throw new Error('The chart has no drawing to download.');
  }
  return best;
}

function legendItems(container) {
  return [...container.querySelectorAll('.mud-chart-legend-item')].map(item => {
    const marker = item.querySelector('.mud-chart-legend-marker') ?? item.firstElementChild;
    const style = marker ? getComputedStyle(marker) : null;
    const color = style && style.backgroundColor !== 'rgba(0, 0, 0, 0)' ? style.backgroundColor : (style?.color ?? '#666');
    return { text: item.textContent.trim(), color };
  }).filter(item => item.text.length > 0);
}

function element(name, attributes, text) {
  const node = document.createElementNS(svgNamespace, name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function standaloneSvg(container) {
  const source = chartSvg(container);
  const box = source.getBoundingClientRect();
  const width = Math.ceil(box.width);
  const chartHeight = Math.ceil(box.height);
  const chart = source.cloneNode(true);
  inlineStyles(source, chart);
  chart.setAttribute('x', '0');
  chart.setAttribute('y', '0');
  chart.setAttribute('width', width);
  chart.setAttribute('height', chartHeight);

  // The legend, laid out in rows under the chart.
  const legend = element('g', { class: 'legend' });
  let x = 12;
  let row = 0;
  for (const item of legendItems(container)) {
    const itemWidth = 26 + item.text.length * 7;
    if (x + itemWidth > width && x > 12) {
      x = 12;
      row++;
    }
    const y = chartHeight + 8 + row * legendRowHeight;
    legend.appendChild(element('rect', { x, y, width: 12, height: 12, rx: 2, style: `fill:${item.color}` }));
    legend.appendChild(element('text', {
      x: x + 18, y: y + 10, style: 'font-family:Roboto,Helvetica,Arial,sans-serif;font-size:12px;fill:#424242',
    }, item.text));
    x += itemWidth;
  }
  const legendHeight = legend.childNodes.length > 0 ? (row + 1) * legendRowHeight + 12 : 0;
  const height = chartHeight + legendHeight;

  const root = element('svg', { xmlns: svgNamespace, width, height, viewBox: `0 0 ${width} ${height}` });
  root.appendChild(element('rect', { x: 0, y: 0, width, height, style: 'fill:#ffffff' }));
  root.appendChild(chart);
  root.appendChild(legend);
  return { text: new XMLSerializer().serializeToString(root), width, height };
}

function save(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function toPng(svg) {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    await new Promise((resolve, reject) => {
      image.onload = resolve;
      image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
      image.src = url;
    });
    // Twice the screen's pixels, so the image stays sharp in a document or a slide.
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = svg.width * scale;
    canvas.height = svg.height * scale;
    const context = canvas.getContext('2d');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, svg.width, svg.height);
    return await new Promise(resolve => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves the chart in `container` as `fileName`.svg or .png. */
export async function download(container, fileName, format) {
  const svg = standaloneSvg(container);
  if (format === 'png') {
    save(await toPng(svg), `${fileName}.png`);
  } else {
    save(new Blob([svg.text], { type: 'image/svg+xml;charset=utf-8' }), `${fileName}.svg`);
  }
}
