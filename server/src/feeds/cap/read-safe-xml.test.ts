import { describe, expect, it } from 'vitest';
import { readSafeXml, type SafeXmlResult, type XmlElement } from './read-safe-xml';

const read = (xml: string, maxBytes = 10_000): SafeXmlResult => readSafeXml(xml, { maxBytes });

const rootOf = (xml: string): XmlElement => {
  const result = read(xml);
  if (!result.ok) throw new Error(result.errors.join(' | '));
  return result.root;
};

describe('readSafeXml', () => {
  it('resolves default and prefixed namespaces for each element', () => {
    const root = rootOf(
      '<a:feed xmlns:a="urn:atom" xmlns="urn:default"><a:entry/><alert xmlns="urn:cap"><id/></alert><plain/></a:feed>',
    );
    expect(root).toMatchObject({ ns: 'urn:atom', local: 'feed', qname: 'a:feed' });
    expect(root.children.map((child) => [child.ns, child.local])).toEqual([
      ['urn:atom', 'entry'],
      ['urn:cap', 'alert'],
      ['urn:default', 'plain'],
    ]);
    expect(root.children[1]?.children[0]?.ns).toBe('urn:cap');
  });

  it('keeps attributes but not namespace declarations', () => {
    const root = rootOf('<link xmlns="urn:x" href="https://a/?b=1&amp;c=2" rel="related"/>');
    expect([...root.attributes]).toEqual([
      ['href', 'https://a/?b=1&c=2'],
      ['rel', 'related'],
    ]);
  });

  it('joins text and CDATA and trims the ends only', () => {
    expect(rootOf('<a>  one <![CDATA[<two>]]> three  </a>').text).toBe('one <two> three');
  });

  it('keeps number-like text as written', () => {
    expect(rootOf('<a>0123</a>').text).toBe('0123');
  });

  it.each<[string, string, RegExp]>([
    ['a DOCTYPE, whatever its case', '<!doctype a><a/>', /DOCTYPE declaration: refused/],
    ['an ENTITY declaration', '<a><!ENTITY b "c"></a>', /ENTITY declaration: refused/],
    ['a declaration hidden in a comment', '<a><!-- <!DOCTYPE a> --></a>', /DOCTYPE declaration/],
    ['an undefined entity', '<a>&xxe;</a>', /undefined entity reference &xxe;/],
    ['an undefined entity in an attribute', '<a b="&xxe;"/>', /undefined entity reference &xxe;/],
    ['a surrogate character reference', '<a>&#xD800;</a>', /invalid character reference &#xD800;/],
    ['an undeclared prefix', '<x:a/>', /undeclared namespace prefix 'x'/],
    ['a document over the limit', `<a>${'é'.repeat(5001)}</a>`, /larger than 10000 bytes/],
    ['a bare ampersand', '<a>fish & chips</a>', /malformed XML/],
    ['text without an element', 'hello', /malformed XML/],
  ])('refuses %s', (_case, xml, reason) => {
    const result = read(xml);
    expect(result.ok ? '(accepted)' : result.errors.join('\n')).toMatch(reason);
  });
});
