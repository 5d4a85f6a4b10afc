// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
      // Playwright fixtures that need no other fixture take an empty pattern.
      'no-empty-pattern': 'off',
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    // Plain JavaScript the mock serves to the browser.
    files: ['mock/**/assets/*.js', 'fixtures/assets/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'script',
      parserOptions: { projectService: false },
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'location',
          'fetch',
          'crypto',
          'DOMParser',
          'URLSearchParams',
          'Response',
          'MessageChannel',
          'EventSource',
          'setTimeout',
          'setInterval',
          'clearTimeout',
          'clearInterval',
          'console',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
);
