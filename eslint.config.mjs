// ESLint 9 flat config. typescript-eslint for all TypeScript; the Power Apps checker rules
// (the same rules the Power Apps solution checker runs) for code that runs inside Dynamics:
// web resources and PCF controls.
import tseslint from 'typescript-eslint';
import globals from 'globals';
import powerApps from '@microsoft/eslint-plugin-power-apps';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '**/out/**',
      '**/generated/**',
      'coverage/**',
      'test-results/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['webresources/**/*.ts', 'pcf-controls/**/*.ts', 'pcf-controls/**/*.tsx'],
    plugins: { '@microsoft/power-apps': powerApps },
    languageOptions: { globals: { ...globals.browser, Xrm: 'readonly', ComponentFramework: 'readonly' } },
    rules: { ...powerApps.configs.paCheckerHosted.rules },
  },
  {
    // The controls are React function components (virtual PCF controls): the rules of hooks hold.
    files: ['pcf-controls/**/*.tsx', 'pcf-controls/shared/react/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['tests/**/*.ts', '**/__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
