import { rfc822ToIso, rfc3339ToIso } from './date-time';
import {
  CAP_11_NAMESPACE,
  CAP_12_NAMESPACE,
  type CapAlert,
  type CapParseResult,
  parseCapAlert,
  parseCapAlertElement,
} from './parse';
import { childrenNamed, readSafeXml, type XmlElement } from './read-safe-xml';

/** Atom 1.0 (RFC 4287). */
export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
/** Largest feed accepted, in UTF-8 bytes: fat feeds carry whole alerts, so more than one alert's 1 MB. */
export const CAP_FEED_MAX_BYTES = 10 * 1024 * 1024;

/** One entry of a feed: a pointer to a CAP message (`link`), the message itself (`alert`), or both. */
export interface CapFeedEntry {
  id: string;
  title: string;
  /** ISO-8601 UTC. */
  updated?: string;
  /** Where the full CAP message can be fetched. */
  link?: string;
  /** The embedded CAP message of a "fat" feed. */
  alert?: CapAlert;
}

/** 'collection' is the non-standard `<alerts>` wrapper some agencies publish (SMHI). */
export type CapFeedFormat = 'atom' | 'rss' | 'collection';

/** The entries of a feed with the non-fatal remarks, or every reason it was refused. */
export type CapFeedResult =
  | { ok: true; format: CapFeedFormat; entries: CapFeedEntry[]; warnings: string[] }
  | { ok: false; errors: string[] };

const CAP_NAMESPACES: ReadonlySet<string> = new Set([CAP_12_NAMESPACE, CAP_11_NAMESPACE]);

/** RFC 4287 children of atom:feed and atom:entry; other Atom-namespace elements are invalid. */
const ATOM_FEED_CHILDREN = new Set([
  'author',
  'category',
  'contributor',
  'generator',
  'icon',
  'id',
  'link',
  'logo',
  'rights',
  'subtitle',
  'title',
  'updated',
  'entry',
]);
const ATOM_ENTRY_CHILDREN = new Set([
  'author',
  'category',
  'content',
  'contributor',
  'id',
  'link',
  'published',
  'rights',
  'source',
  'summary',
  'title',
  'updated',
]);

const CAP_MIME = 'application/cap+xml';

interface Issues {
  errors: string[];
  warnings: string[];
}

/** Text of an element and all its descendants (Atom xhtml text constructs nest a `<div>`). */
const deepText = (element: XmlElement): string =>
  [element.text, ...element.children.map(deepText)]
    .filter((part) => part !== '')
    .join(' ')
    .trim();

const firstText = (parent: XmlElement, ns: string, local: string): string | undefined => {
  const element = childrenNamed(parent, ns, local)[0];
  const text = element ? deepText(element) : '';
  return text === '' ? undefined : text;
};

const isCapAlertElement = (element: XmlElement): boolean =>
  element.local === 'alert' && CAP_NAMESPACES.has(element.ns);

/** Merges a CAP result into the feed's issues under the entry's path. */
const takeAlert = (result: CapParseResult, path: string, issues: Issues): CapAlert | undefined => {
  if (!result.ok) {
    issues.errors.push(...result.errors.map((error) => `${path}: embedded CAP ${error}`));
    return undefined;
  }
  issues.warnings.push(...result.warnings.map((warning) => `${path}: embedded CAP ${warning}`));
  return result.alert;
};

/**
 * The link to follow for the CAP message: a CAP-typed link first (rel "related" preferred),
 * then the entry's alternate (rel "alternate" or no rel), then any link with an href.
 */
const pickAtomLink = (entry: XmlElement): string | undefined => {
  const links = childrenNamed(entry, ATOM_NAMESPACE, 'link')
    .map((link) => ({
      href: (link.attributes.get('href') ?? '').trim(),
      rel: link.attributes.get('rel') ?? 'alternate',
      type: link.attributes.get('type') ?? '',
    }))
    .filter((link) => link.href !== '');
  const capLinks = links.filter((link) => link.type === CAP_MIME);
  return (
    capLinks.find((link) => link.rel === 'related')?.href ??
    capLinks[0]?.href ??
    links.find((link) => link.rel === 'alternate')?.href ??
    links[0]?.href
  );
};

const readAtomContentAlert = (
  content: XmlElement | undefined,
  path: string,
  issues: Issues,
): CapAlert | undefined => {
  if (!content) return undefined;
  const element = content.children.find((child) => child.local === 'alert');
  if (element) return takeAlert(parseCapAlertElement(element), path, issues);
  // Some publishers escape the alert as text (type="text" or "html") instead of inlining XML.
  if (
    content.children.length === 0 &&
    content.text.startsWith('<') &&
    content.text.includes('alert')
  ) {
    return takeAlert(parseCapAlert(content.text), path, issues);
  }
  return undefined;
};

const parseAtom = (feed: XmlElement, issues: Issues): CapFeedEntry[] => {
  for (const child of feed.children) {
    if (child.ns === ATOM_NAMESPACE && !ATOM_FEED_CHILDREN.has(child.local)) {
      issues.errors.push(`feed: unknown Atom element <${child.qname}>`);
    } else if (isCapAlertElement(child)) {
      // Foreign markup at feed level is legal Atom; an alert there belongs to no entry.
      issues.warnings.push('feed: a CAP <alert> outside any <entry> was ignored');
    }
  }
  if (firstText(feed, ATOM_NAMESPACE, 'id') === undefined) {
    issues.errors.push('feed: required <id> is missing or empty');
  }
  if (firstText(feed, ATOM_NAMESPACE, 'title') === undefined) {
    issues.warnings.push('feed: <title> is missing or empty');
  }
  if (firstText(feed, ATOM_NAMESPACE, 'updated') === undefined) {
    issues.warnings.push('feed: <updated> is missing or empty');
  }

  const entries: CapFeedEntry[] = [];
  childrenNamed(feed, ATOM_NAMESPACE, 'entry').forEach((entry, index) => {
    const path = `entry[${index}]`;
    for (const child of entry.children) {
      if (child.ns === ATOM_NAMESPACE && !ATOM_ENTRY_CHILDREN.has(child.local)) {
        issues.errors.push(`${path}: unknown Atom element <${child.qname}>`);
      }
    }
    const id = firstText(entry, ATOM_NAMESPACE, 'id');
    const title = firstText(entry, ATOM_NAMESPACE, 'title');
    if (id === undefined) issues.errors.push(`${path}: required <id> is missing or empty`);
    if (title === undefined) issues.errors.push(`${path}: required <title> is missing or empty`);

    const content = childrenNamed(entry, ATOM_NAMESPACE, 'content')[0];
    const alertErrorsBefore = issues.errors.length;
    const alert = readAtomContentAlert(content, path, issues);
    const hasInvalidAlert = issues.errors.length > alertErrorsBefore;
    const link = pickAtomLink(entry) ?? content?.attributes.get('src')?.trim();
    if (!link && !alert && !hasInvalidAlert) {
      issues.errors.push(`${path}: has neither a <link> nor an embedded CAP <alert> in <content>`);
    }

    const updatedRaw = firstText(entry, ATOM_NAMESPACE, 'updated');
    const updated = updatedRaw === undefined ? undefined : rfc3339ToIso(updatedRaw);
    if (updatedRaw !== undefined && updated === null) {
      issues.warnings.push(`${path}: <updated> "${updatedRaw}" is not an RFC 3339 date; ignored`);
    }
    if (id === undefined || title === undefined) return;
    const result: CapFeedEntry = { id, title };
    if (updated) result.updated = updated;
    if (link) result.link = link;
    if (alert) result.alert = alert;
    entries.push(result);
  });
  return entries;
};

const parseRss = (rss: XmlElement, issues: Issues): CapFeedEntry[] => {
  const version = rss.attributes.get('version');
  if (version !== '2.0') issues.warnings.push(`rss: version "${version ?? ''}" is not 2.0`);
  const channels = childrenNamed(rss, '', 'channel');
  const channel = channels[0];
  if (channels.length !== 1 || !channel) {
    issues.errors.push(`rss: exactly one <channel> is required, found ${channels.length}`);
    return [];
  }
  if (firstText(channel, '', 'title') === undefined) {
    issues.errors.push('channel: required <title> is missing or empty');
  }

  const entries: CapFeedEntry[] = [];
  childrenNamed(channel, '', 'item').forEach((item, index) => {
    const path = `item[${index}]`;
    const title = firstText(item, '', 'title');
    const enclosure = childrenNamed(item, '', 'enclosure').find(
      (element) => element.attributes.get('type') === CAP_MIME,
    );
    const link = firstText(item, '', 'link') ?? enclosure?.attributes.get('url')?.trim();
    const guid = firstText(item, '', 'guid');
    if (title === undefined && !link) {
      issues.errors.push(`${path}: an item needs a <title> or a <link>`);
      return;
    }
    const alertElement = item.children.find(isCapAlertElement);
    const alert = alertElement
      ? takeAlert(parseCapAlertElement(alertElement), path, issues)
      : undefined;

    const pubDate = firstText(item, '', 'pubDate');
    const updated =
      pubDate === undefined ? undefined : (rfc822ToIso(pubDate) ?? rfc3339ToIso(pubDate));
    if (pubDate !== undefined && updated === null) {
      issues.warnings.push(`${path}: <pubDate> "${pubDate}" is not an RFC 822 date; ignored`);
    }
    const result: CapFeedEntry = {
      id: guid ?? link ?? title ?? '',
      title: title ?? link ?? '',
    };
    if (updated) result.updated = updated;
    if (link) result.link = link;
    if (alert) result.alert = alert;
    entries.push(result);
  });
  return entries;
};

const parseCollection = (wrapper: XmlElement, issues: Issues): CapFeedEntry[] => {
  issues.warnings.push('alerts: non-standard <alerts> wrapper read as a collection of CAP alerts');
  const entries: CapFeedEntry[] = [];
  wrapper.children.forEach((child, index) => {
    const path = `alert[${index}]`;
    if (child.local !== 'alert') {
      issues.warnings.push(`${path}: <${child.qname}> is not a CAP <alert>; ignored`);
      return;
    }
    const alert = takeAlert(parseCapAlertElement(child), path, issues);
    if (!alert) return;
    const info = alert.infos[0];
    entries.push({
      id: alert.identifier,
      title: info?.headline ?? info?.event ?? alert.identifier,
      updated: alert.sent,
      alert,
    });
  });
  return entries;
};

/**
 * Parses a CAP index or "fat" feed: Atom 1.0 (prefixed `atom:` elements too), RSS 2.0, or
 * the non-standard `<alerts>` collection. Pure and total. Refuses DOCTYPE/ENTITY declarations
 * like `parseCapAlert`, an Atom feed without `<id>`, entries without `<id>`/`<title>` or
 * without either a link or an embedded alert, unknown Atom elements, an RSS channel without
 * `<title>`, items with neither title nor link, and any embedded alert that fails
 * `parseCapAlert`'s checks (each listed under its entry). A CAP alert outside any entry is
 * foreign markup: ignored with a warning.
 */
export const parseCapFeed = (xml: string): CapFeedResult => {
  const document = readSafeXml(xml, { maxBytes: CAP_FEED_MAX_BYTES });
  if (!document.ok) return document;
  const { root } = document;
  const issues: Issues = { errors: [], warnings: [] };
  let format: CapFeedFormat;
  let entries: CapFeedEntry[];
  if (root.local === 'feed' && root.ns === ATOM_NAMESPACE) {
    format = 'atom';
    entries = parseAtom(root, issues);
  } else if (root.local === 'rss' && root.ns === '') {
    format = 'rss';
    entries = parseRss(root, issues);
  } else if (root.local === 'alerts') {
    format = 'collection';
    entries = parseCollection(root, issues);
  } else if (root.local === 'alert') {
    return {
      ok: false,
      errors: ['document is a single CAP <alert>, not a feed: read it with parseCapAlert'],
    };
  } else {
    return {
      ok: false,
      errors: [
        `unsupported feed: root element <${root.qname}>${root.ns ? ` in namespace "${root.ns}"` : ''} is not an Atom <feed>, RSS 2.0 <rss> or <alerts> collection`,
      ],
    };
  }
  if (issues.errors.length > 0) return { ok: false, errors: issues.errors };
  return { ok: true, format, entries, warnings: issues.warnings };
};
