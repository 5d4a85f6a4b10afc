/** How `npm run diagnose` tells its test run where raw evidence and the result go (the raw folder holds live secrets; it lives outside reports/ and is deleted after the bundle is built). */
export const DIAGNOSE_ENV = {
  rawDir: 'HARNESS_DIAGNOSE_RAW_DIR',
  resultFile: 'HARNESS_DIAGNOSE_RESULT',
  canaryCookie: 'HARNESS_CANARY_COOKIE',
} as const;
