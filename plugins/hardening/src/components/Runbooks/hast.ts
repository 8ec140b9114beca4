/**
 * The few fields of a HTML syntax tree node (hast) that the runbook renderer reads and
 * sets; react-markdown hands its components and plugins nodes of this shape.
 */
export type HastNode = {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  value?: string;
};

/** The text of a node and everything below it. */
export function hastText(node: HastNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(hastText).join('');
}

/** The element children of a node with one of `tagNames`. */
export function hastChildren(
  node: HastNode,
  ...tagNames: string[]
): HastNode[] {
  return (node.children ?? []).filter(
    child => child.type === 'element' && tagNames.includes(child.tagName ?? ''),
  );
}

/** Calls `visit` on the node and every node below it, in document order. */
export function walkHast(node: HastNode, visit: (node: HastNode) => void) {
  visit(node);
  for (const child of node.children ?? []) walkHast(child, visit);
}
