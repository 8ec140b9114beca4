/**
 * The name of the root element of an XML document that starts with `head`, past a BOM,
 * the XML declaration, processing instructions, comments and a DOCTYPE; undefined when
 * `head` ends before it or is not XML.
 */
export function xmlRootName(head: string): string | undefined {
  const prolog =
    /^\uFEFF?(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>)*<([A-Za-z_][\w.:-]*)/;
  const name = prolog.exec(head)?.[1];
  return name?.replace(/^[^:]*:/, '');
}
