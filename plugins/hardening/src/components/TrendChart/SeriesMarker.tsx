/** Dash patterns of the series of a chart with several, the first solid. */
export const SERIES_DASHES = ['', '6 3', '2 2', '8 3 2 3'];

/** Marker shapes, so that lines differ by more than colour. */
const SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;

/** The look of series `index`: its colour, dash pattern and marker. */
export type SeriesLook = { colour: string; dash: string; shape: number };

export function seriesLook(index: number, colours: string[]): SeriesLook {
  return {
    colour: colours[index % colours.length],
    dash: SERIES_DASHES[index % SERIES_DASHES.length],
    // a different cycle from the dashes: series 0 and 4 share a dash, not a marker
    shape: Math.floor(index / SERIES_DASHES.length + index) % SHAPES.length,
  };
}

/** A marker of `look`'s shape centred on (cx, cy), about 8 px across. */
export const SeriesMarker = (props: {
  look: SeriesLook;
  cx: number;
  cy: number;
}) => {
  const { look, cx, cy } = props;
  const paint = { fill: look.colour, stroke: look.colour };
  switch (SHAPES[look.shape]) {
    case 'square':
      return <rect x={cx - 3.5} y={cy - 3.5} width={7} height={7} {...paint} />;
    case 'triangle':
      return (
        <polygon
          points={`${cx},${cy - 4.5} ${cx + 4.5},${cy + 3.5} ${cx - 4.5},${
            cy + 3.5
          }`}
          {...paint}
        />
      );
    case 'diamond':
      return (
        <polygon
          points={`${cx},${cy - 5} ${cx + 5},${cy} ${cx},${cy + 5} ${
            cx - 5
          },${cy}`}
          {...paint}
        />
      );
    default:
      return <circle cx={cx} cy={cy} r={3.5} {...paint} />;
  }
};

/** The legend's sample of a series: a short line in its dash with its marker. */
export const SeriesSwatch = (props: { look: SeriesLook }) => (
  <svg width={32} height={12} aria-hidden focusable="false">
    <line
      x1={1}
      x2={31}
      y1={6}
      y2={6}
      stroke={props.look.colour}
      strokeWidth={2}
      strokeDasharray={props.look.dash}
    />
    <SeriesMarker look={props.look} cx={16} cy={6} />
  </svg>
);
