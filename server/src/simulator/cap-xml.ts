import type { SimCapArea, SimCapInfo, SimCapWarning } from './cap-warnings';
import { observedAtOf } from './models';

/**
 * CAP 1.2 and Atom 1.0 as the station writes them. Pure string building: no XML library, every
 * text and attribute escaped, elements in the order the CAP 1.2 schema requires.
 */

/** CAP 1.2 namespace. */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
/** Atom 1.0 namespace (RFC 4287). */
export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
/** The feed's permanent id (a tag URI, RFC 4151). */
export const CAP_FEED_ID = 'tag:kttv-nambo.gov.vn,2025:canh-bao/tp-ho-chi-minh';

/** Path of one message on the simulator: `/sim/cap/alerts/<identifier>.xml`. */
export const capAlertPath = (identifier: string): string =>
  `/sim/cap/alerts/${encodeURIComponent(identifier)}.xml`;

/** `path` made absolute against `base`; the path alone when `base` is not a URL. */
const resolve = (path: string, base: string): string => {
  try {
    return new URL(path, base).href;
  } catch {
    return path;
  }
};

/** Characters outside XML 1.0's `Char` production, dropped rather than written. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the ones to drop
const NON_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for element content and double- or single-quoted attribute values. */
export const xmlEscape = (text: string): string =>
  text
    .replace(NON_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const element = (pad: string, name: string, text: string | undefined): string[] =>
  text === undefined ? [] : [`${pad}<${name}>${xmlEscape(text)}</${name}>`];

/** A CAP list item: quoted when it contains a space. */
const listItem = (item: string): string => (/\s/.test(item) ? `"${item}"` : item);

/** "lat,lon" pairs, LATITUDE first (CAP order), from `[lng, lat]` positions. */
const capPoint = ([lng, lat]: readonly [number, number]): string => `${lat},${lng}`;

const areaXml = (area: SimCapArea, pad: string): string[] => {
  const inner = `${pad}  `;
  return [
    `${pad}<area>`,
    ...element(inner, 'areaDesc', area.areaDesc),
    ...area.polygons.flatMap((ring) => element(inner, 'polygon', ring.map(capPoint).join(' '))),
    ...area.circles.flatMap((c) => element(inner, 'circle', `${capPoint(c.center)} ${c.radiusKm}`)),
    ...area.geocodes.flatMap((g) => [
      `${inner}<geocode>`,
      ...element(`${inner}  `, 'valueName', g.valueName),
      ...element(`${inner}  `, 'value', g.value),
      `${inner}</geocode>`,
    ]),
    `${pad}</area>`,
  ];
};

const infoXml = (info: SimCapInfo, pad: string): string[] => {
  const inner = `${pad}  `;
  return [
    `${pad}<info>`,
    ...element(inner, 'language', info.language),
    ...info.categories.flatMap((c) => element(inner, 'category', c)),
    ...element(inner, 'event', info.event),
    ...info.responseTypes.flatMap((r) => element(inner, 'responseType', r)),
    ...element(inner, 'urgency', info.urgency),
    ...element(inner, 'severity', info.severity),
    ...element(inner, 'certainty', info.certainty),
    ...element(inner, 'effective', info.effective),
    ...element(inner, 'onset', info.onset),
    ...element(inner, 'expires', info.expires),
    ...element(inner, 'senderName', info.senderName),
    ...element(inner, 'headline', info.headline),
    ...element(inner, 'description', info.description),
    ...element(inner, 'instruction', info.instruction),
    ...element(inner, 'web', info.web),
    ...element(inner, 'contact', info.contact),
    ...info.parameters.flatMap((p) => [
      `${inner}<parameter>`,
      ...element(`${inner}  `, 'valueName', p.valueName),
      ...element(`${inner}  `, 'value', p.value),
      `${inner}</parameter>`,
    ]),
    ...info.areas.flatMap((area) => areaXml(area, inner)),
    `${pad}</info>`,
  ];
};

/** The `<alert>` element (with its namespace declaration), indented by `pad`. */
const alertLines = (w: SimCapWarning, pad: string): string[] => {
  const inner = `${pad}  `;
  return [
    `${pad}<alert xmlns="${CAP_NAMESPACE}">`,
    ...element(inner, 'identifier', w.identifier),
    ...element(inner, 'sender', w.sender),
    ...element(inner, 'sent', w.sent),
    ...element(inner, 'status', w.status),
    ...element(inner, 'msgType', w.msgType),
    ...element(inner, 'source', w.source),
    ...element(inner, 'scope', w.scope),
    ...element(inner, 'note', w.note),
    ...element(
      inner,
      'references',
      w.references.length === 0
        ? undefined
        : w.references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' '),
    ),
    ...element(
      inner,
      'incidents',
      w.incidents.length === 0 ? undefined : w.incidents.map(listItem).join(' '),
    ),
    ...w.infos.flatMap((info) => infoXml(info, inner)),
    `${pad}</alert>`,
  ];
};

/** One message as a standalone CAP 1.2 document (UTF-8, with an XML declaration). */
export const capAlertXml = (w: SimCapWarning): string =>
  ['<?xml version="1.0" encoding="UTF-8"?>', ...alertLines(w, ''), ''].join('\n');

/**
 * An Atom 1.0 "fat" feed of the given messages, newest first: each entry has the message's
 * id, headline, sent time, a `rel="alternate"` link to `/sim/cap/alerts/<identifier>.xml`
 * (resolved against `selfUrl`) and the CAP alert itself in `<content type="application/cap+xml">`.
 * The feed's `updated` is the newest message's sent time (`now` when there is none), so an
 * unchanged feed reads the same on every poll.
 */
export const capAtomFeedXml = (
  warnings: readonly SimCapWarning[],
  now: Date,
  selfUrl: string,
): string => {
  const newestFirst = [...warnings].sort((a, b) => b.sentAtMs - a.sentAtMs);
  const updated = newestFirst[0]?.sent ?? observedAtOf(now);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="${ATOM_NAMESPACE}" xml:lang="vi">`,
    ...element('  ', 'id', CAP_FEED_ID),
    ...element('  ', 'title', 'Tin cảnh báo – Đài Khí tượng Thủy văn khu vực Nam Bộ'),
    ...element(
      '  ',
      'subtitle',
      'Cảnh báo triều cường, mưa lớn, nắng nóng cho TP. Hồ Chí Minh (CAP 1.2)',
    ),
    ...element('  ', 'updated', updated),
    '  <author>',
    ...element('    ', 'name', 'Đài Khí tượng Thủy văn khu vực Nam Bộ'),
    ...element('    ', 'email', 'canhbao@kttv-nambo.gov.vn'),
    '  </author>',
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(selfUrl)}"/>`,
  ];
  for (const w of newestFirst) {
    const href = resolve(capAlertPath(w.identifier), selfUrl);
    const title = w.infos[0]?.headline ?? w.infos[0]?.event ?? w.identifier;
    lines.push(
      '  <entry>',
      ...element('    ', 'id', `${CAP_FEED_ID}/${w.identifier}`),
      ...element('    ', 'title', title),
      ...element('    ', 'published', w.sent),
      ...element('    ', 'updated', w.sent),
      `    <link rel="alternate" type="application/cap+xml" href="${xmlEscape(href)}"/>`,
      '    <content type="application/cap+xml">',
      ...alertLines(w, '      '),
      '    </content>',
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
};
