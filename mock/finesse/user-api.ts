import { escapeHtml as escapeXml } from '../http/html.ts';
import { HttpError } from '../http/exchange.ts';
import type { MockAgent } from '../agents.ts';

export type AgentState = 'LOGOUT' | 'NOT_READY' | 'READY';

export interface AgentPresence {
  state: AgentState;
  extension?: string;
  /** The reason code of a NOT_READY the system set (255: presence loss in Unified CCE); -1 when none. */
  reasonCodeId?: number;
  changedAt: number;
}

/** Finesse's REST error body; `<ErrorData>` names the offending field, e.g. `state` (DevNet: User—Change Agent State), empty when none. */
export function apiError(status: number, type: string, message: string, field = ''): HttpError {
  return new HttpError(status, message, {
    contentType: 'application/xml;charset=UTF-8',
    text: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ApiErrors><ApiError><ErrorType>${escapeXml(type)}</ErrorType><ErrorData>${escapeXml(field)}</ErrorData><ErrorMessage>${escapeXml(message)}</ErrorMessage></ApiError></ApiErrors>`,
  });
}

export function userXml(agent: MockAgent, presence: AgentPresence): string {
  return (
    `<User><uri>/finesse/api/User/${agent.id}</uri><loginId>${agent.id}</loginId><loginName>${agent.id}</loginName>` +
    `<firstName>${escapeXml(agent.firstName)}</firstName><lastName>${escapeXml(agent.lastName)}</lastName>` +
    `<extension>${presence.extension ?? ''}</extension><state>${presence.state}</state><pendingState></pendingState><reasonCodeId>${presence.reasonCodeId ?? -1}</reasonCodeId>` +
    `<stateChangeTime>${new Date(presence.changedAt).toISOString()}</stateChangeTime><roles><role>${agent.role}</role></roles>` +
    `<teamId>1</teamId><teamName>Default</teamName><dialogs>/finesse/api/User/${agent.id}/Dialogs</dialogs><mediaType>1</mediaType></User>`
  );
}

export interface StateChange {
  state: 'LOGIN' | 'READY' | 'NOT_READY' | 'LOGOUT';
  extension?: string;
}

/** Reads `<User><state>…</state>[<extension>…</extension>]</User>`, the documented PUT body. */
export function parseStateChange(body: string): StateChange {
  const state = /<state>\s*([A-Z_]+)\s*<\/state>/.exec(body)?.[1];
  if (!body.trimStart().startsWith('<User>') || !state) throw apiError(400, 'Invalid Input', 'Expected <User><state>...</state></User>', 'state');
  if (!['LOGIN', 'READY', 'NOT_READY', 'LOGOUT'].includes(state)) throw apiError(400, 'Invalid State', `Unknown state ${state}`, 'state');
  const extension = /<extension>\s*([^<]*?)\s*<\/extension>/.exec(body)?.[1];
  return { state: state as StateChange['state'], ...(extension !== undefined ? { extension } : {}) };
}

/** Applies a state change the way Finesse does: LOGIN needs the agent's own extension and lands in NOT_READY. */
export function applyStateChange(agent: MockAgent, current: AgentPresence, change: StateChange, now: number): AgentPresence {
  if (change.state === 'LOGIN') {
    if (!change.extension || !/^\d+$/.test(change.extension)) throw apiError(400, 'Invalid Input', 'An extension is required to sign in', 'extension');
    if (change.extension !== agent.extension)
      throw apiError(400, 'Invalid Device', `Extension ${change.extension} is not a device of ${agent.id}`, 'extension');
    return { state: 'NOT_READY', extension: change.extension, changedAt: now };
  }
  if (change.state === 'LOGOUT') return { state: 'LOGOUT', changedAt: now };
  if (current.state === 'LOGOUT') throw apiError(400, 'Invalid State', `${agent.id} is not signed in`, 'state');
  return { state: change.state, ...(current.extension ? { extension: current.extension } : {}), changedAt: now };
}
