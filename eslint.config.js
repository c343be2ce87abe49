// Lint: typescript-eslint's type-checked rules, React's rules of hooks with exhaustive dependencies,
// and the boundaries between the layers and between the renderer's features. Every rule is an error;
// `npm test` runs lint first, with no warnings allowed.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

/** What every renderer feature may import besides its own folder. */
const RENDERER_COMMON = ['components', 'bridge', 'format', 'theme', 'errors', 'styles'];
const rendererFeatures = readdirSync(path.join(root, 'renderer')).filter(
  (name) => statSync(path.join(root, 'renderer', name)).isDirectory() && !RENDERER_COMMON.includes(name),
);

const NODE_MODULES = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'electron'];

/** What writes a date or time for a person, bypassing renderer/format. */
const DATE_DISPLAY_SYNTAX = [
  "NewExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']",
  // Intl.DateTimeFormat() with no arguments only reads the computer's time zone.
  "CallExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat'][arguments.length>0]",
  'CallExpression[callee.property.name=/^toLocale(Date|Time)String$/]',
  'ImportDeclaration[source.value=/^date-fns/] > ImportSpecifier[imported.name=/^(format|formatDate|lightFormat|intlFormat|formatISO9075)$/]',
  'Literal[value=/(yyyy|MMMM|EEEE|cccc|HH:mm|h:mm ?a|dd[./]MM)/]',
];

function restricted(patterns) {
  return ['error', { patterns }];
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-electron/',
      'release/',
      'test-results/',
      'playwright-report/',
      '**/*.d.ts',
      'tests/e2e/screenshots/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // One program for every file, the root tsconfig's, rather than the project service's one per
      // tsconfig (shared/, renderer/, electron/ and the root, which holds them all again): the same
      // findings at about three quarters of the time. Each layer's own environment (no Node in the
      // renderer, no DOM in electron/) is the business of its own tsc run in `npm test`.
      parserOptions: { project: ['./tsconfig.eslint.json'], tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An async function that needs no await still answers a Promise where an interface asks for one.
      '@typescript-eslint/require-await': 'off',
      // React calls an event handler and ignores what it returns; a floating promise inside one is still caught.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Matchers such as expect.any() and expect.objectContaining() are typed `any` by the test runners.
    files: ['tests/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Playwright reads a fixture's dependencies from its first parameter, which must be a pattern, even `{}`.
    files: ['tests/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // The layers: shared/ runs on both sides and imports neither; the renderer never reaches the main
  // process's code, nor the main process the renderer's.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted([
        {
          group: ['**/electron/**', '**/renderer/**', ...NODE_MODULES],
          message: 'shared/ runs on both sides: no Node, Electron, DOM or either side’s code.',
        },
      ]),
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted([{ group: ['**/renderer/**'], message: 'The main process never imports the renderer.' }]),
    },
  },
  // Each renderer feature reaches another only through its public entry (renderer/<feature>/index.ts).
  ...rendererFeatures.map((feature) => ({
    files: [`renderer/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': restricted([
        { group: ['**/electron/**', ...NODE_MODULES], message: 'The renderer is a web page: it never imports the main process or Node.' },
        {
          regex: `^(\\.\\./)+(${rendererFeatures.filter((other) => other !== feature).join('|')})/`,
          message: 'Import another feature through its public entry (../<feature>), or move what is shared to components/.',
        },
      ]),
    },
  })),
  {
    files: RENDERER_COMMON.map((folder) => `renderer/${folder}/**/*.{ts,tsx}`).concat('renderer/*.{ts,tsx}'),
    rules: {
      'no-restricted-imports': restricted([
        { group: ['**/electron/**', ...NODE_MODULES], message: 'The renderer is a web page: it never imports the main process or Node.' },
        ...(rendererFeatures.length > 0
          ? [
              {
                regex: `^(\\.\\./)+(${rendererFeatures.join('|')})/`,
                message: 'Shared parts of the renderer use features only through their public entry.',
              },
            ]
          : []),
      ]),
    },
  },
  // Dates and times are written in one place, renderer/format, in the app's locale: elsewhere in the
  // renderer no Intl date formatter, no toLocale…String and no date-fns display pattern.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/format/**', 'renderer/calendar/localizer.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...DATE_DISPLAY_SYNTAX.map((selector) => ({
          selector,
          message: 'Write dates and times with renderer/format (appFormats, formatTime, formatCalendarDate…), in the app’s locale.',
        })),
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
