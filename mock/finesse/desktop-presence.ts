import type { IncomingMessage } from 'node:http';
import type { MockClock } from '../clock.ts';
import type { LabEvents } from '../events.ts';

/** Finesse waits this long after a desktop's presence goes before signing the agent out (DevNet: Desktop Presence and Forced Logout). */
export const PRESENCE_WAIT_MS = 60_000;
/** The reason code of what presence loss does to the agent: NOT_READY in Unified CCE without LOAD, else LOGOUT (DevNet). */
export const PRESENCE_LOGOUT_REASON_CODE = 255;

/** What presence loss does to an agent (DevNet: Desktop Presence and Forced Logout; Cisco community answer 2779823). */
export function presenceLossOutcome(deploymentType: 'UCCE' | 'UCCX', logoutOnAgentDisconnect: boolean): 'NOT_READY' | 'LOGOUT' {
  return deploymentType === 'UCCE' && !logoutOnAgentDisconnect ? 'NOT_READY' : 'LOGOUT';
}

/**
 * Which agents have a desktop connected, and since when an agent has none: the sign-out comes
 * `PRESENCE_WAIT_MS` of lab time after the last connection closed, unless a desktop connects again
 * (a reload does). Detection is immediate here; the product may take up to 120 s more.
 */
export class DesktopPresence {
  private readonly open = new Map<string, number>();
  private readonly lostAt = new Map<string, number>();
  /** A connection of an earlier test (before a reset) closing late must not touch this one's agents. */
  private epoch = 0;

  constructor(
    private readonly clock: MockClock,
    private readonly signOut: (userId: string) => void,
    private readonly events: LabEvents,
  ) {
    clock.onAdvance((now) => {
      for (const [userId, since] of this.lostAt) {
        if (now - since < PRESENCE_WAIT_MS) continue;
        this.lostAt.delete(userId);
        this.signOut(userId);
      }
    });
  }

  connected(userId: string, connection: IncomingMessage): void {
    const epoch = this.epoch;
    this.open.set(userId, (this.open.get(userId) ?? 0) + 1);
    this.lostAt.delete(userId);
    this.events.record(this.clock.now(), 'presence', userId, { state: 'available' });
    connection.on('close', () => {
      if (epoch !== this.epoch) return;
      const left = (this.open.get(userId) ?? 1) - 1;
      if (left > 0) {
        this.open.set(userId, left);
        return;
      }
      this.open.delete(userId);
      this.lostAt.set(userId, this.clock.now());
      this.events.record(this.clock.now(), 'presence', userId, { state: 'unavailable' });
    });
  }

  reset(): void {
    this.epoch += 1;
    this.open.clear();
    this.lostAt.clear();
  }
}
