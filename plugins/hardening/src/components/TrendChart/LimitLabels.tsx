import { usePlotArea, useYAxisScale } from 'recharts';
import { LABEL_SWATCH, LimitLine, staggerLabels } from './limitLines';

/** Label height in pixels: labels closer than this are moved apart. */
const LABEL_GAP = 16;

/**
 * The labels of the limit lines, in the chart's right margin: each joined to the end of
 * its line by a short leader and led by a swatch of the line's dash pattern, moved apart
 * when limits are close. Rendered inside a recharts chart, after its reference lines.
 */
export const LimitLabels = (props: {
  lines: LimitLine[];
  lineColour: string;
  textColour: string;
}) => {
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  if (!yScale || !plot) return null;
  const ys = props.lines.map(line => Number(yScale(line.value)));
  const placed = staggerLabels(ys, {
    gap: LABEL_GAP,
    min: plot.y + LABEL_GAP / 2,
    max: plot.y + plot.height - LABEL_GAP / 2,
  });
  const right = plot.x + plot.width;
  const swatchStart = right + LABEL_SWATCH.leader;
  const swatchEnd = swatchStart + LABEL_SWATCH.width;
  return (
    <g aria-hidden>
      {props.lines.map((line, i) => (
        <g key={line.value}>
          <polyline
            points={`${right},${ys[i]} ${swatchStart},${placed[i]}`}
            fill="none"
            stroke={props.lineColour}
          />
          <line
            x1={swatchStart}
            x2={swatchEnd}
            y1={placed[i]}
            y2={placed[i]}
            stroke={props.lineColour}
            strokeWidth={2}
            strokeDasharray={line.dash}
          />
          <text
            x={swatchEnd + LABEL_SWATCH.gap}
            y={placed[i]}
            dominantBaseline="central"
            fill={props.textColour}
            fontSize={12}
          >
            {line.label}
          </text>
        </g>
      ))}
    </g>
  );
};
