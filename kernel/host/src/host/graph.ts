import { ErrorCodes, PlateauError } from '../contract/errors';

/** A node of the start-order graph: a module instance and the instances it needs first. */
export interface GraphNode {
  id: string;
  needs: string[];
}

/**
 * startOrder: topological order of `nodes` (dependencies first), stable in declaration order.
 * A cycle is an error naming every member in order: `a → b → a`.
 */
export function startOrder(nodes: GraphNode[]): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const path: string[] = [];
  const visit = (id: string) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      throw new PlateauError(ErrorCodes.moduleCycle, `module dependency cycle: ${cycle.join(' → ')}`);
    }
    state.set(id, 'visiting');
    path.push(id);
    for (const dep of byId.get(id)?.needs ?? []) if (byId.has(dep)) visit(dep);
    path.pop();
    state.set(id, 'done');
    order.push(id);
  };
  for (const n of nodes) visit(n.id);
  return order;
}
