/** Strings of the wall display (/wall). Spread into the dictionary's two tables. */
export const WALL_MESSAGES_VI = {
  'wall.title': 'Trung tâm điều hành đô thị thông minh',
  'wall.alerts': 'Cảnh báo đang hoạt động',
  'wall.noAlerts': 'Không có cảnh báo đang hoạt động',
  'wall.ticker': 'Dòng tin cảnh báo',
  'wall.unlockSound': 'Bấm để bật âm thanh cảnh báo',
  'wall.soundOn': 'Âm thanh: bật',
  'wall.soundOff': 'Âm thanh: tắt',
  'wall.soundLocked': 'Âm thanh: chờ bật',
  'wall.unacknowledged': 'Chưa xác nhận',
  'wall.count': '{count} cảnh báo',
  'displays.showing.overview': 'Đang hiển thị: bản đồ tổng quan',
  'displays.showing.programme': 'Đang hiển thị: chương trình chuyển đổi số',
} as const;

export const WALL_MESSAGES_EN: Record<keyof typeof WALL_MESSAGES_VI, string> = {
  'wall.title': 'Intelligent Operations Centre',
  'wall.alerts': 'Active alerts',
  'wall.noAlerts': 'No active alerts',
  'wall.ticker': 'Alert ticker',
  'wall.unlockSound': 'Click to turn alert sound on',
  'wall.soundOn': 'Sound: on',
  'wall.soundOff': 'Sound: off',
  'wall.soundLocked': 'Sound: waiting',
  'wall.unacknowledged': 'Not acknowledged',
  'wall.count': '{count} alerts',
  'displays.showing.overview': 'Showing: city overview map',
  'displays.showing.programme': 'Showing: digital transformation programme',
};
