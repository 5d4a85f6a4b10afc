import type { LabProfile } from '../lab/lab-profile.ts';
import { InputFileError, readJsonFile } from '../text/bounded-file.ts';

/** A lab-profile.json as an entry point reads it: size-checked before parsing, an object; else InputFileError naming the file. */
export function readLabProfileFile(file: string): LabProfile {
  const profile = readJsonFile(file, 'a lab profile written by npm run survey');
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile))
    throw new InputFileError(`${file}: not a lab profile (expected a JSON object)`);
  return profile as LabProfile;
}
