/**
 * Strings of the alert drill-down's context: the indicator's chart, the area map, escalation,
 * reminders and incidents. Spread into the dictionary's two tables; same keys in both.
 */
export const ALERT_CONTEXT_MESSAGES_VI = {
  'alertContext.chart': 'Diễn biến số đo quanh cảnh báo',
  'alertContext.chartLoading': 'Đang tải số đo…',
  'alertContext.chartFailed': 'Không tải được số đo: {message}',
  'alertContext.chartEmpty': 'Không có số đo trong khoảng này',
  'alertContext.chartSummary':
    '{count} số đo từ {from} đến {to}; thấp nhất {min}, cao nhất {max} {unit}',
  'alertContext.threshold': 'Ngưỡng {value}',
  'alertContext.firing': 'Thời gian cảnh báo',
  'alertContext.map': 'Vị trí cảnh báo',
  'alertContext.mapNoPlace': 'Cảnh báo không gắn với địa điểm',
  'alertContext.escalated': 'Đã nâng mức (chưa được xác nhận kịp thời)',
  'alertContext.reminders': 'Đã nhắc {count} lần',
  'alertContext.incident': 'Thuộc sự cố cùng khu vực ({count} cảnh báo)',
  'alertContext.incidentTitle': 'Các cảnh báo cùng sự cố',
} as const;

export const ALERT_CONTEXT_MESSAGES_EN: Record<keyof typeof ALERT_CONTEXT_MESSAGES_VI, string> = {
  'alertContext.chart': 'Readings around the alert',
  'alertContext.chartLoading': 'Loading readings…',
  'alertContext.chartFailed': 'Readings could not be loaded: {message}',
  'alertContext.chartEmpty': 'No readings in this span',
  'alertContext.chartSummary':
    '{count} readings from {from} to {to}; lowest {min}, highest {max} {unit}',
  'alertContext.threshold': 'Threshold {value}',
  'alertContext.firing': 'Alert period',
  'alertContext.map': 'Where the alert is',
  'alertContext.mapNoPlace': 'The alert has no place',
  'alertContext.escalated': 'Escalated (not acknowledged in time)',
  'alertContext.reminders': 'Reminded {count} times',
  'alertContext.incident': 'Part of an incident in the same area ({count} alerts)',
  'alertContext.incidentTitle': 'Alerts of the same incident',
};
