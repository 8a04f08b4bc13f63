/** The Mesos label of master nodes: `json.info_<seq>` holds MasterInfo JSON. */
export const MASTER_LABEL = 'json.info';

/** A sequence-named child of the election znode. */
export interface Member {
  /** The child's name, e.g. `json.info_0000000003`. */
  name: string;
  /** Its label (`json.info`, `info`), undefined for a bare sequence number. */
  label: string | undefined;
  /** ZooKeeper's sequence number (a signed 32-bit counter). */
  seq: number;
}

/**
 * The members among `children`, lowest sequence first, parsed as Mesos does: split the name on
 * `_`; the last token must be an int32 (else the child is not a member: `registry`,
 * `log_replicas`); a first token, if any, is the label. The lowest sequence leads, whatever
 * its label.
 */
export function membersOf(children: string[]): Member[] {
  const out: Member[] = [];
  for (const name of children) {
    const parts = name.split('_');
    const last = parts[parts.length - 1]!;
    if (!/^-?\d+$/.test(last)) continue;
    const seq = Number(last);
    if (!Number.isInteger(seq) || seq > 2 ** 31 - 1 || seq < -(2 ** 31)) continue;
    out.push({ name, label: parts.length > 1 ? parts.slice(0, -1).join('_') : undefined, seq });
  }
  return out.sort((a, b) => a.seq - b.seq);
}
