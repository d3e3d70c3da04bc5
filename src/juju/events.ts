/**
 * Hook events: what a unit's agent runs next. An event carries what the
 * hook needs to know (relation, remote unit and application, departing unit)
 * and the version of the state it answers to, so that the uniter can record
 * what the unit has seen when the hook succeeds.
 */

export type HookKind =
  | "install"
  | "leader-elected"
  | "leader-settings-changed"
  | "config-changed"
  | "start"
  | "upgrade-charm"
  | "update-status"
  | "stop"
  | "remove"
  | "secret-changed"
  | "relation-created"
  | "relation-joined"
  | "relation-changed"
  | "relation-departed"
  | "relation-broken"
  /** Not a hook: an action (`juju run`), run between hooks (see actions.ts). */
  | "action";

export interface HookEvent {
  readonly kind: HookKind;
  /** Relation hooks: the relation id. */
  readonly relationId?: number;
  /** Relation hooks: the local endpoint name (the hook name's prefix). */
  readonly endpoint?: string;
  /** joined/changed/departed: the remote unit; "" for an application-bag change, created and broken. */
  readonly remoteUnit?: string;
  /** Relation hooks: the application at the other end (the own one for a peer relation). */
  readonly remoteApp?: string;
  /** departed: the unit going away (the remote, or the local unit when it or its application is the one removed). */
  readonly departingUnit?: string;
  /** The version of the bag or settings this hook answers to (recorded as seen when it succeeds). */
  readonly version?: number;
  /** Part of the unit's fixed start-up sequence. */
  readonly setup?: boolean;
  /** secret-changed: the secret's id, and the label this unit knows it by ("" when none). */
  readonly secretId?: string;
  readonly secretLabel?: string;
  /** action: its name and id (`JUJU_ACTION_NAME`, `JUJU_ACTION_UUID`). */
  readonly action?: { readonly name: string; readonly id: string };
}

export function isRelationKind(kind: HookKind): boolean {
  return kind.startsWith("relation-");
}

/** The hook name Juju uses, e.g. `cluster-relation-joined`. */
export function hookName(ev: HookEvent): string {
  return isRelationKind(ev.kind) ? `${ev.endpoint}-${ev.kind}` : ev.kind;
}

/** A short label for tables and messages: `cluster-relation-changed(mysql/1)`. */
export function eventLabel(ev: HookEvent): string {
  const name = hookName(ev);
  if (ev.remoteUnit) return `${name}(${ev.remoteUnit})`;
  if (ev.kind === "relation-changed" && ev.remoteApp) return `${name}(app ${ev.remoteApp})`;
  return name;
}

/** Identity of an event, ignoring the version it answers to. */
export function eventKey(ev: HookEvent): string {
  return [ev.kind, ev.relationId ?? "", ev.remoteUnit ?? "", ev.remoteApp ?? "", ev.departingUnit ?? "", ev.secretId ?? ""].join("|");
}

export function sameEvent(a: HookEvent, b: HookEvent): boolean {
  return eventKey(a) === eventKey(b);
}

const RELATION_HOOK = /^(.+)-(relation-(?:created|joined|changed|departed|broken))$/;

/** Splits a hook name into its kind and, for relation hooks, the endpoint. */
export function parseHookName(hook: string): { kind: HookKind; endpoint?: string } {
  const m = RELATION_HOOK.exec(hook);
  if (m) return { kind: m[2] as HookKind, endpoint: m[1]! };
  return { kind: hook as HookKind };
}
