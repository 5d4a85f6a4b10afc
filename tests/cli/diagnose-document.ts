/** What `npm run diagnose -- --json` prints (the fields the CLI tests read). */
export interface DiagnoseDocument {
  target: string;
  profile: string;
  versions: { finesse: string; ids: string; browser: string };
  checks: { id: string; status: string; labTime?: string; detail: string }[];
  reproduced: boolean;
  recovered: boolean;
  meaning: string;
  evidence: string;
}
