import { describe, expect, it } from 'vitest';
import { translate } from '../../../lib/i18n/dictionary';
import { makeAlert, makeSite } from '../../../testing/factories';
import { type TooltipContext, tooltipContent } from './tooltip';

const context = (language: 'vi' | 'en'): TooltipContext => ({
  language,
  t: (key, params) => translate(language, key, params),
  alertCountByArea: new Map([['w1', 2]]),
  latestBySite: new Map([
    [
      'site:1',
      [
        {
          indicatorId: 'aqi',
          subjectId: 'site:1',
          observedAt: '2025-11-23T05:00:00Z',
          receivedAt: '2025-11-23T05:00:00Z',
          value: 87.5,
          feedId: null,
        },
      ],
    ],
  ]),
  indicatorsById: new Map([
    [
      'aqi',
      {
        id: 'aqi',
        departmentId: 'd',
        name: { vi: 'Chỉ số AQI', en: 'AQI' },
        unit: '',
        target: null,
        targetDirection: 'lower_is_better' as const,
        cadenceSeconds: 60,
      },
    ],
  ]),
});

describe('tooltipContent', () => {
  const ward = {
    areaId: 'w1',
    name: 'Phường Sài Gòn',
    nameEn: 'Sai Gon Ward',
    kind: 'ward' as const,
    isApproximate: true,
  };

  it('names a ward in the current language with its alert count', () => {
    expect(tooltipContent({ kind: 'ward', ward }, context('vi'))).toEqual({
      title: 'Phường Sài Gòn',
      lines: ['Phường', '2 cảnh báo', 'Ranh giới gần đúng'],
    });
    expect(tooltipContent({ kind: 'ward', ward }, context('en')).title).toBe('Sai Gon Ward');
  });

  it('describes a training centre with its seats and latest values', () => {
    const site = makeSite({ id: 'site:1', kind: 'training_centre', capacity: 4300, name: 'ĐHQG' });
    expect(tooltipContent({ kind: 'site', site }, context('vi'))).toEqual({
      title: 'ĐHQG',
      lines: ['Cơ sở đào tạo', 'Quy mô: 4.300 chỗ', 'Chỉ số AQI: 87,5'],
    });
  });

  it('keeps markup-like names as plain text', () => {
    const site = makeSite({ name: '<img src=x onerror=alert(1)>' });
    expect(tooltipContent({ kind: 'site', site }, context('en')).title).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('gives an alert its title, severity and status', () => {
    expect(
      tooltipContent({ kind: 'alert', alert: makeAlert({ severity: 'Extreme' }) }, context('en')),
    ).toEqual({ title: 'AQI above threshold', lines: ['Extreme', 'New'] });
  });
});
