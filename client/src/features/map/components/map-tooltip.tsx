import type { TooltipContent } from '../model/tooltip';

/** Hover tooltip; names come from data and are rendered as text only. */
export const MapTooltip = ({
  content,
  x,
  y,
}: {
  content: TooltipContent;
  x: number;
  y: number;
}) => (
  <div
    className="map-tooltip"
    role="tooltip"
    style={{ transform: `translate(${x + 12}px, ${y + 12}px)` }}
  >
    <strong className="map-tooltip__title">{content.title}</strong>
    {content.lines.map((line, index) => (
      // Lines have no identity of their own; their order is fixed by tooltipContent.
      // biome-ignore lint/suspicious/noArrayIndexKey: static list rebuilt on every hover
      <span key={index} className="map-tooltip__line">
        {line}
      </span>
    ))}
  </div>
);
