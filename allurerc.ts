import path from 'node:path';
import { NIGHTS_KEPT } from './src/nightly/history.ts';
import { allureCategories } from './src/reports/allure-categories.ts';

/** `npm run report`: one self-contained Allure 3 report (no Java) from the results of the last run. */
const reports = process.env.OUTPUT_DIR ?? 'reports';

export default {
  name: 'Finesse SSO harness',
  output: path.join(reports, 'allure-report'),
  // One line per generated report: the trend and each test's history across nights (CI keeps the file in its cache).
  historyPath: path.join(reports, 'allure-history.jsonl'),
  // As many reports as the nightly history keeps nights: each line holds every test (~0.7 MB), and the file is never pruned otherwise.
  historyLimit: NIGHTS_KEPT,
  categories: allureCategories(),
  plugins: {
    awesome: { options: { singleFile: true, reportName: 'Finesse SSO harness' } },
  },
};
