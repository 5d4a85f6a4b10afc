import path from 'node:path';
import { allureCategories } from './src/reports/allure-categories.ts';

/** `npm run report`: one self-contained Allure 3 report (no Java) from the results of the last run. */
const reports = process.env.OUTPUT_DIR ?? 'reports';

export default {
  name: 'Finesse SSO harness',
  output: path.join(reports, 'allure-report'),
  // One line per generated report: the trend and each test's history across nights (CI keeps the file in its cache).
  historyPath: path.join(reports, 'allure-history.jsonl'),
  categories: allureCategories(),
  plugins: {
    awesome: { options: { singleFile: true, reportName: 'Finesse SSO harness' } },
  },
};
