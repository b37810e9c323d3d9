import { describe, expect, it } from 'vitest';
import { parseCapAlert } from './parse';
import { capAlertToChange } from './to-change';

const capXml = (
  o: { status?: string; msgType?: string; references?: string; infos?: string } = {},
) => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>VN-KTTVNB-20261123-001</identifier>
  <sender>canhbao@kttv-nambo.gov.vn</sender>
  <sent>2026-11-23T10:00:00+07:00</sent>
  <status>${o.status ?? 'Actual'}</status>
  <msgType>${o.msgType ?? 'Alert'}</msgType>
  <scope>Public</scope>
  ${o.references ? `<references>${o.references}</references>` : ''}
  ${
    o.infos ??
    `<info>
    <language>en-US</language><category>Met</category><event>High tide</event>
    <urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty>
    <headline>High tide flooding warning</headline>
    <area><areaDesc>Nha Be</areaDesc><polygon>10.60,106.70 10.60,106.80 10.70,106.80 10.70,106.70 10.60,106.70</polygon></area>
  </info>
  <info>
    <language>vi-VN</language><category>Met</category><event>Triều cường</event>
    <urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>
    <expires>2026-11-23T20:00:00+07:00</expires>
    <headline>Cảnh báo triều cường gây ngập</headline>
    <area><areaDesc>Nhà Bè</areaDesc><polygon>10.60,106.70 10.60,106.80 10.70,106.80 10.70,106.70 10.60,106.70</polygon></area>
  </info>`
  }
</alert>`;

const change = (xml: string) => {
  const parsed = parseCapAlert(xml);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return capAlertToChange(parsed.alert);
};

describe('capAlertToChange', () => {
  it('raises a warning with the Vietnamese title, its severity and its area in [lng, lat]', () => {
    expect(change(capXml())).toEqual({
      kind: 'raise',
      identity: 'canhbao@kttv-nambo.gov.vn|VN-KTTVNB-20261123-001|2026-11-23T03:00:00.000Z',
      references: [],
      title: { vi: 'Cảnh báo triều cường gây ngập', en: 'High tide flooding warning' },
      severity: 'Severe',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [106.7, 10.6],
              [106.8, 10.6],
              [106.8, 10.7],
              [106.7, 10.7],
              [106.7, 10.6],
            ],
          ],
        ],
      },
      position: [expect.closeTo(106.75, 6), expect.closeTo(10.65, 6)],
      sent: '2026-11-23T03:00:00.000Z',
      expires: '2026-11-23T13:00:00.000Z',
    });
  });

  it.each(['Test', 'Draft', 'System', 'Exercise'])('never shows a %s message as live', (status) => {
    expect(change(capXml({ status }))).toMatchObject({ kind: 'ignore' });
  });

  it('turns an Update into a raise that supersedes the referenced messages', () => {
    const result = change(
      capXml({
        msgType: 'Update',
        references: 'canhbao@kttv-nambo.gov.vn,VN-KTTVNB-20261122-009,2026-11-22T10:00:00+07:00',
      }),
    );
    expect(result).toMatchObject({
      kind: 'raise',
      references: ['canhbao@kttv-nambo.gov.vn|VN-KTTVNB-20261122-009|2026-11-22T03:00:00.000Z'],
    });
  });

  it('turns a Cancel into the end of the referenced messages', () => {
    const result = change(
      capXml({
        msgType: 'Cancel',
        references: 'canhbao@kttv-nambo.gov.vn,VN-KTTVNB-20261122-009,2026-11-22T10:00:00+07:00',
      }),
    );
    expect(result).toMatchObject({
      kind: 'cancel',
      references: [expect.stringContaining('VN-KTTVNB-20261122-009')],
    });
  });

  it('shows Unknown severity as Minor and falls back to the event when there is no headline', () => {
    const infos = `<info><language>vi-VN</language><category>Env</category><event>Nắng nóng</event>
      <urgency>Future</urgency><severity>Unknown</severity><certainty>Possible</certainty></info>`;
    expect(change(capXml({ infos }))).toMatchObject({
      kind: 'raise',
      severity: 'Minor',
      title: { vi: 'Nắng nóng', en: 'Nắng nóng' },
      geometry: null,
      position: null,
    });
  });
});
