import { memo, useId, useMemo } from "react";
import type { Diagram, DiagramNodeId } from "@/lib/ui/diagram";
import type { TypedValues } from "./use-live-plan";
import { useTypedValues } from "./use-typed-file";

/**
 * What the plan deploys, drawn in SVG and said in words (`<title>`, `<desc>`). Two layouts, one wide and
 * one tall, share the same boxes and words; a container query shows the one that fits the column, so a
 * phone gets readable text rather than a shrunken picture. The boxes and words come from the plan's
 * features (lib/ui/diagram.ts); this file only places them.
 */

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Layout {
  width: number;
  height: number;
  nodes: Partial<Record<DiagramNodeId, Box>>;
  /** Dashed areas; the label sits at the top left, or the top right with `labelEnd`. */
  groups: Array<{ id: string; box: Box; label: string; labelEnd?: boolean }>;
  edges: Array<{ id: string; points: Array<[number, number]>; label?: string; labelAt?: [number, number]; dashed?: boolean }>;
}

const NODE_H = 48;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The first of the wordings that fits, else the shortest, cut. */
function fit(max: number, ...wordings: string[]): string {
  return wordings.find((text) => text.length <= max) ?? truncate(wordings[wordings.length - 1]!, max);
}

function subnetLabel({ count, vpc }: { count: number; vpc: string }, withVpc: boolean): string {
  const subnets = count === 0 ? "Lambda subnets" : `${count} Lambda subnet${count === 1 ? "" : "s"}`;
  return vpc === "" || !withVpc ? subnets : `${subnets} · ${vpc}`;
}

const midY = (box: Box) => box.y + box.h / 2;
const midX = (box: Box) => box.x + box.w / 2;
const right = (box: Box) => box.x + box.w;
const bottom = (box: Box) => box.y + box.h;

/** Three columns: Secrets Manager, the function in its subnets, the database and alerts. */
function wideLayout(diagram: Diagram, present: ReadonlySet<DiagramNodeId>): Layout {
  const columns = [16, 252, 488];
  const rows = [40, 106, 172];
  const width = 176;
  const cell = (column: number, row: number): Box => ({ x: columns[column]!, y: rows[row]!, w: width, h: NODE_H });
  const nodes: Layout["nodes"] = { secret: cell(0, 0), rotation: cell(1, 0), database: cell(2, 0) };
  let row = 1;
  if (present.has("kms")) nodes.kms = cell(0, row++);
  if (present.has("master")) nodes.master = cell(0, row++);
  if (present.has("network")) nodes.network = cell(1, 1);
  if (present.has("alarm")) nodes.alarm = cell(2, 1);
  const leftRows = row;
  const usedRows = Math.max(leftRows, present.has("network") || present.has("alarm") ? 2 : 1);
  const groupBottom = (lastRow: number) => rows[lastRow]! + NODE_H + 10;

  const groups: Layout["groups"] = [{ id: "secrets-manager", box: { x: 6, y: 14, w: 196, h: groupBottom(leftRows - 1) - 14 }, label: "AWS Secrets Manager" }];
  if (diagram.subnets) {
    groups.push({ id: "subnets", box: { x: 242, y: 14, w: 196, h: groupBottom(1) - 14 }, label: truncate(subnetLabel(diagram.subnets, true), 32) });
  }

  const secret = nodes.secret!;
  const rotation = nodes.rotation!;
  const database = nodes.database!;
  const edges: Layout["edges"] = [
    { id: "secret-rotation", points: [[right(secret), midY(secret) - 4], [rotation.x, midY(rotation) - 4]], label: "rotates", labelAt: [(right(secret) + rotation.x) / 2, midY(secret) - 10] },
    { id: "rotation-database", points: [[right(rotation), midY(rotation) - 4], [database.x, midY(database) - 4]], label: "password", labelAt: [(right(rotation) + database.x) / 2, midY(rotation) - 10] },
  ];
  if (nodes.network) {
    edges.push({ id: "rotation-network", points: [[midX(rotation), bottom(rotation)], [midX(rotation), nodes.network.y]], label: "HTTPS", labelAt: [midX(rotation) + 24, (bottom(rotation) + nodes.network.y) / 2 + 4] });
  }
  if (nodes.kms) {
    edges.push({ id: "kms-secret", points: [[midX(secret), nodes.kms.y], [midX(secret), bottom(secret)]], label: "encrypts", labelAt: [midX(secret) + 30, (bottom(secret) + nodes.kms.y) / 2 + 4], dashed: true });
  }
  if (nodes.master) {
    const gap = (right(secret) + rotation.x) / 2;
    edges.push({ id: "master-rotation", points: [[right(nodes.master), midY(nodes.master)], [gap, midY(nodes.master)], [gap, midY(rotation) + 12], [rotation.x, midY(rotation) + 12]], dashed: true });
  }
  if (nodes.alarm) {
    const gap = (right(rotation) + database.x) / 2;
    edges.push({ id: "rotation-alarm", points: [[right(rotation), midY(rotation) + 12], [gap, midY(rotation) + 12], [gap, midY(nodes.alarm)], [nodes.alarm.x, midY(nodes.alarm)]], dashed: true });
  }
  return { width: 680, height: groupBottom(usedRows - 1) + 6, nodes, groups, edges };
}

/** Two narrow columns for phones: the rotation path down the left, what it uses on the right. */
function tallLayout(diagram: Diagram, present: ReadonlySet<DiagramNodeId>): Layout {
  const columns = [6, 176];
  const width = 158;
  const rowY = (row: number) => 14 + row * 80;
  const cell = (column: number, row: number): Box => ({ x: columns[column]!, y: rowY(row), w: width, h: NODE_H });
  const nodes: Layout["nodes"] = { secret: cell(0, 0), rotation: cell(0, 1), database: cell(0, 2) };
  if (present.has("kms")) nodes.kms = cell(1, 0);
  if (present.has("network")) nodes.network = cell(1, 1);
  if (present.has("master")) nodes.master = cell(1, 2);
  if (present.has("alarm")) nodes.alarm = cell(1, present.has("master") ? 3 : 2);
  const rows = nodes.alarm && nodes.master ? 4 : 3;
  const height = rowY(rows - 1) + NODE_H + 12;

  const secret = nodes.secret!;
  const rotation = nodes.rotation!;
  const database = nodes.database!;
  const groups: Layout["groups"] = [];
  if (diagram.subnets) {
    groups.push({ id: "subnets", box: { x: 2, y: rotation.y - 22, w: 336, h: NODE_H + 30 }, label: subnetLabel(diagram.subnets, false), labelEnd: true });
  }
  const edges: Layout["edges"] = [
    { id: "secret-rotation", points: [[midX(secret), bottom(secret)], [midX(secret), rotation.y]], label: "rotates", labelAt: [midX(secret) + 28, bottom(secret) + 15] },
    { id: "rotation-database", points: [[midX(rotation), bottom(rotation)], [midX(rotation), database.y]], label: "password", labelAt: [midX(rotation) + 32, bottom(rotation) + 22] },
  ];
  if (nodes.kms) edges.push({ id: "kms-secret", points: [[nodes.kms.x, midY(secret)], [right(secret), midY(secret)]], dashed: true });
  if (nodes.network) edges.push({ id: "rotation-network", points: [[right(rotation), midY(rotation) - 8], [nodes.network.x, midY(rotation) - 8]] });
  if (nodes.master) {
    const gap = (right(rotation) + nodes.master.x) / 2;
    edges.push({ id: "master-rotation", points: [[nodes.master.x, midY(nodes.master)], [gap, midY(nodes.master)], [gap, midY(rotation) + 12], [right(rotation), midY(rotation) + 12]], dashed: true });
  }
  return { width: 340, height, nodes, groups, edges };
}

interface DeploymentDiagramProps {
  /** What the values the rest of the page shows deploy. */
  diagram: Diagram;
  /** Where the values are read as they are typed: the diagram follows them in the keystroke's frame. */
  typed?: TypedValues | null;
}

/** What the values deploy; as they are typed, when the wizard says where to read them (drawing costs little). */
export function DeploymentDiagram({ diagram, typed = null }: DeploymentDiagramProps) {
  return typed ? <TypedDiagram typed={typed} settled={diagram} /> : <DiagramView diagram={diagram} />;
}

function TypedDiagram({ typed, settled }: { typed: TypedValues; settled: Diagram }) {
  const values = useTypedValues(typed);
  const { runtime } = typed;
  const diagram = useMemo(() => (runtime && values ? runtime.diagramOf(values) : settled), [runtime, values, settled]);
  return <DiagramView diagram={diagram} />;
}

/**
 * Whether two diagrams draw and say the same. A keystroke derives the diagram again, and most leave it as it
 * was (it shows the name, the choices, the VPC and how many subnets, not each character of an id or of the
 * schedule): the drawing then need not render again.
 */
function sameDiagram(a: Diagram, b: Diagram): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Memoised: the diagram follows what the values deploy, not each render of the wizard or each keystroke. */
const DiagramView = memo(function DiagramView({ diagram }: { diagram: Diagram }) {
  const present = new Set(diagram.nodes.map((node) => node.id));
  return (
    <section className="diagram" aria-labelledby="diagram-title" data-testid="diagram">
      <h2 id="diagram-title" className="preview-title">
        What will be deployed
      </h2>
      <div className="diagram-canvas">
        <DiagramSvg layout={wideLayout(diagram, present)} diagram={diagram} variant="wide" />
        <DiagramSvg layout={tallLayout(diagram, present)} diagram={diagram} variant="tall" />
      </div>
    </section>
  );
}, (before, after) => sameDiagram(before.diagram, after.diagram));

function DiagramSvg({ layout, diagram, variant }: { layout: Layout; diagram: Diagram; variant: "wide" | "tall" }) {
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const arrowId = `${id}-arrow`;
  // Average widths of the system font at the sizes globals.css gives node titles and details.
  const titleChars = (box: Box) => Math.floor((box.w - 20) / 8);
  const detailChars = (box: Box) => Math.floor((box.w - 20) / 6.7);
  return (
    <svg
      className={`diagram-svg diagram-${variant}`}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
      data-testid={`diagram-${variant}`}
    >
      <title id={titleId}>What will be deployed</title>
      <desc id={descId}>{diagram.description}</desc>
      <defs>
        <marker id={arrowId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="diagram-arrowhead" />
        </marker>
      </defs>
      {layout.groups.map((group) => (
        <DiagramGroup
          key={group.id}
          id={group.id}
          {...group.box}
          label={group.label}
          labelX={group.labelEnd ? right(group.box) - 10 : group.box.x + 10}
          labelEnd={Boolean(group.labelEnd)}
        />
      ))}
      {layout.edges.map((edge) => (
        <DiagramEdge
          key={edge.id}
          id={edge.id}
          dashed={Boolean(edge.dashed)}
          points={edge.points.map(([x, y]) => `${x},${y}`).join(" ")}
          arrowId={arrowId}
          label={edge.label}
          labelX={edge.labelAt?.[0]}
          labelY={edge.labelAt?.[1]}
        />
      ))}
      {(Object.entries(layout.nodes) as Array<[DiagramNodeId, Box]>).map(([id, box]) => {
        const node = diagram.nodes.find((candidate) => candidate.id === id);
        if (!node) return null;
        return (
          <DiagramNode
            key={id}
            id={id}
            {...box}
            title={fit(titleChars(box), node.title, node.title.replace(/^Amazon /, ""))}
            detail={fit(detailChars(box), ...node.details)}
          />
        );
      })}
    </svg>
  );
}

/*
 * The drawing's shapes take only text and numbers, and are memoised on them: the one whose words a keystroke
 * changes renders again (the name in the database's node, say), not the whole drawing, twice (both layouts
 * are drawn; the container's width shows one).
 */

const DiagramGroup = memo(function DiagramGroup({ id, x, y, w, h, label, labelX, labelEnd }: Box & { id: string; label: string; labelX: number; labelEnd: boolean }) {
  return (
    <g className="diagram-group" data-group={id}>
      <rect x={x} y={y} width={w} height={h} rx={10} />
      <text x={labelX} y={y + 15} textAnchor={labelEnd ? "end" : undefined}>
        {label}
      </text>
    </g>
  );
});

interface DiagramEdgeProps {
  id: string;
  dashed: boolean;
  /** The polyline's points, "x,y x,y …". */
  points: string;
  arrowId: string;
  label?: string;
  labelX?: number;
  labelY?: number;
}

const DiagramEdge = memo(function DiagramEdge({ id, dashed, points, arrowId, label, labelX, labelY }: DiagramEdgeProps) {
  return (
    <g className={`diagram-edge${dashed ? " diagram-edge-dashed" : ""}`} data-edge={id}>
      <polyline points={points} markerEnd={`url(#${arrowId})`} />
      {label && labelX !== undefined && (
        <text x={labelX} y={labelY} textAnchor="middle">
          {label}
        </text>
      )}
    </g>
  );
});

const DiagramNode = memo(function DiagramNode({ id, x, y, w, h, title, detail }: Box & { id: DiagramNodeId; title: string; detail: string }) {
  return (
    <g className={`diagram-node diagram-node-${id}`} data-node={id}>
      <rect x={x} y={y} width={w} height={h} rx={7} />
      <text x={x + 10} y={y + 19} className="diagram-node-title">
        {title}
      </text>
      <text x={x + 10} y={y + 36} className="diagram-node-detail">
        {detail}
      </text>
    </g>
  );
});
