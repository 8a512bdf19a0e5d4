// The ESLint side of the benchmark: only the two rules closest to what twelve-factor
// checks, on JavaScript and TypeScript files.
import n from 'eslint-plugin-n';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules/**', '**/*.d.ts', '**/*.min.js'] },
  {
    files: ['**/*.{js,mjs,cjs,jsx}'],
    plugins: { n },
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: { 'no-console': 'error', 'n/no-process-env': 'error' },
  },
  {
    files: ['**/*.{ts,mts,cts,tsx}'],
    plugins: { n },
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: { 'no-console': 'error', 'n/no-process-env': 'error' },
  },
];
