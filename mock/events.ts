/**
 * The lab's own record of what happened, in lab time: the ground truth that tests assert
 * against ("the refresh happened at 75 % of the lifetime") and that evidence timelines draw.
 * Tokens appear by id (the 40-hex `token` claim), never by value.
 */
export type LabEventType =
  | 'idp-sign-in'
  | 'idp-sign-in-failed'
  | 'idp-silent-sign-in'
  | 'saml-refused'
  | 'sign-in-restarted'
  | 'reauthenticate'
  | 'tokens-issued'
  | 'token-response'
  | 'refresh-ok'
  | 'refresh-refused'
  | 'agent-state'
  | 'sign-out'
  | 'client-log'
  | 'fault'
  | 'presence';

export interface LabEvent {
  at: number;
  type: LabEventType;
  userId?: string;
  /** Event details: ids, reasons, states; never secret values. */
  detail: Record<string, string | number | boolean>;
}

export class LabEvents {
  private readonly events: LabEvent[] = [];

  record(at: number, type: LabEventType, userId: string | undefined, detail: LabEvent['detail'] = {}): void {
    this.events.push({ at, type, ...(userId ? { userId } : {}), detail });
  }

  list(filter?: { type?: LabEventType; userId?: string }): LabEvent[] {
    return this.events.filter((event) => (!filter?.type || event.type === filter.type) && (!filter?.userId || event.userId === filter.userId));
  }

  clear(): void {
    this.events.length = 0;
  }
}
