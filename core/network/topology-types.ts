/** The shapes of a drawn network and of its analysis (see topology.ts for the method). */

export interface TopoNode {
  id: string;
  kind: 'server' | 'switch';
  ports: number;
  portGbps: number;
  /** Accelerators in a server (0 or absent for servers without, e.g. storage). */
  accelerators?: number;
  tier?: 'leaf' | 'spine' | 'core';
}

export interface TopoEnd {
  nodeId: string;
  /** Port index 0..ports-1 (optional). */
  port?: number;
}

export interface TopoLink {
  id: string;
  from: TopoEnd;
  to: TopoEnd;
  linkGbps: number;
}

export interface TopologyInput {
  nodes: TopoNode[];
  links: TopoLink[];
}

export interface TopologyWarning {
  severity: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  entityIds: string[];
}

export interface ServerBandwidth {
  id: string;
  accelerators: number;
  /** Sum of the server's link speeds to switches, Gb/s. */
  nicGbps: number;
  /** Bandwidth to the rest of the fabric under uniform load, Gb/s. */
  fabricGbps: number;
  /** fabricGbps / accelerators (0 without accelerators). */
  perAcceleratorGbps: number;
}

export interface SwitchLoad {
  id: string;
  level: number;
  downGbps: number;
  upGbps: number;
  /** downGbps / upGbps (0 for a top switch). */
  oversubscription: number;
}

export interface TopologyResult {
  servers: number;
  switches: number;
  accelerators: number;
  links: number;
  perServer: ServerBandwidth[];
  switchLoads: SwitchLoad[];
  /** Bottleneck bandwidth per accelerator to the rest of the fabric, Gb/s, over servers with accelerators. */
  perAccelerator: { minGbps: number; meanGbps: number; maxGbps: number };
  /** Groups of servers that cannot reach each other. */
  serverComponents: number;
  /** One-direction bandwidth across a balanced cut (estimate), TB/s. */
  bisectionTBps: number;
  singlePointsOfFailure: { switches: string[]; links: string[] };
  warnings: TopologyWarning[];
}
