import { fileStamp } from '../logs/format.ts';
import { apiError } from './user-api.ts';
import { unescapeXml } from '../../src/kernel/escape-xml.ts';

/**
 * The ClientLog API, how client logs reach `desktop/logs/clientlogs/`: the desktop's Send Error Report posts
 * `<ClientLog><logData>…</logData></ClientLog>` to `/finesse/api/User/<id>/ClientLog` and Finesse stores logData as a
 * log file named with the user id (DevNet: ClientLog, ClientLog API parameters and errors; DocWiki "Workflows:
 * Analyzing client logs": Send Error Report uploads to clientlogs, file names carry the agent id and a timestamp).
 */
export const CLIENT_LOG_PATH = /^\/finesse\/api\/User\/([^/]+)\/ClientLog$/;

/** "Must not exceed 1,048,576 characters" (ClientLog API parameters). */
export const MAX_LOG_DATA_CHARS = 1_048_576;

/** Room for the largest documented ClientLog: its logData XML-escaped (up to 6 bytes a character, `&quot;`) in the envelope. */
export const MAX_CLIENT_LOG_BODY_BYTES = 8 * 1024 * 1024;

/** The logData of a ClientLog body, unescaped; the documented 400s when it is missing or too long. */
export function logDataOf(body: string): string {
  const logData = /^\s*<ClientLog>\s*<logData>([\s\S]*)<\/logData>\s*<\/ClientLog>\s*$/.exec(body)?.[1];
  if (logData === undefined) throw apiError(400, 'Parameter Missing', 'The logData parameter is not present.', 'logData');
  const text = unescapeXml(logData);
  if (text.length > MAX_LOG_DATA_CHARS) throw apiError(400, 'Invalid Input', `The size of the logData exceeds ${MAX_LOG_DATA_CHARS} characters.`, 'logData');
  return text;
}

/** `agent001_2026-11-26T16-20-00.log`: the user id and the time of the upload (the shape beyond "id and a timestamp" is INFERRED). */
export function clientLogFileName(userId: string, at: Date): string {
  return `${userId}_${fileStamp(at)}.log`;
}

/** `2017-03-25T05:18:27.610 -05:00: …: Header : message`: each line's own time (UTC ms) and message, for the lab's events. */
export function loggedMessages(logData: string): { at: number; text: string }[] {
  return logData.split('\n').flatMap((line) => {
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}) ([+-]\d{2}:\d{2}): [^:]+: [^:]+: .+? \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{4}: (.*)$/.exec(line);
    if (!match) return [];
    const at = Date.parse(`${match[1]}${match[2]}`);
    return Number.isNaN(at) ? [] : [{ at, text: match[3]! }];
  });
}
