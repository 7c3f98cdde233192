const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 120;
const HEIGHT = 28;

/**
 * A small line chart of recent values (oldest first), scaled to `max` (or
 * to the largest value). Decorative: the figure beside it says the value.
 */
export function sparkline(className: string): {
  element: SVGSVGElement;
  draw(values: readonly number[], max?: number): void;
} {
  const element = document.createElementNS(SVG, "svg");
  element.setAttribute("class", `sparkline ${className}`);
  element.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  element.setAttribute("preserveAspectRatio", "none");
  element.setAttribute("aria-hidden", "true");
  const area = document.createElementNS(SVG, "polygon");
  area.setAttribute("class", "sparkline-area");
  const line = document.createElementNS(SVG, "polyline");
  line.setAttribute("class", "sparkline-line");
  element.append(area, line);
  return {
    element,
    draw(values, max) {
      const top = Math.max(max ?? 0, ...values, Number.MIN_VALUE);
      const step = values.length > 1 ? WIDTH / (values.length - 1) : WIDTH;
      const points = values.map((v, i) => {
        const x = values.length > 1 ? i * step : WIDTH;
        const y = HEIGHT - 1 - (Math.min(v, top) / top) * (HEIGHT - 2);
        return `${x.toFixed(1)},${y.toFixed(1)}`;
      });
      line.setAttribute("points", points.join(" "));
      area.setAttribute(
        "points",
        points.length > 0 ? `0,${HEIGHT} ${points.join(" ")} ${WIDTH},${HEIGHT}` : "",
      );
    },
  };
}
