// ESLint flat config: type-checked rules plus the layer boundaries of DESIGN.md as lint errors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frameworks = [
  'grammy',
  'grammy/*',
  '@grammyjs/*',
  'telegraf',
  'telegraf/*',
  'bullmq',
  'ioredis',
  '@prisma/*',
  'pg',
  'pino',
  'node:http',
];
const adapterFolders = [
  '**/channels/telegram/**',
  '**/persistence/**',
  '**/queue/**',
  '**/http/**',
  '**/simulator/**',
  '**/container.ts',
  '**/main.ts',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'src/persistence/generated/',
      'data/',
      'coverage/',
      'bin/',
      'dist/',
      'scripts/',
      // Plain scripts for browsers (the web chat), not part of the TypeScript project.
      'src/http/public/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a union of string literals.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/persistence/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/persistence/generated/**'],
              message: 'Prisma types never leave persistence/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure layers import no framework and no adapter.
    files: ['src/core/**/*.ts', 'src/flow/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...frameworks, ...adapterFolders, '**/app/**'],
              message: 'core/ and flow/ are pure: no frameworks, no adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // Use cases speak to ports: no Telegram, queue or database library, and no adapter code
    // (types of the repositories' plain records may be named; their implementations may not).
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: frameworks.filter((f) => f !== 'pino'),
              message: 'app/ uses ports; adapters are wired in container.ts.',
            },
            {
              group: ['**/persistence/generated/**'],
              message: 'Prisma types never leave persistence/.',
            },
            {
              group: [
                '**/persistence/**',
                '**/queue/**',
                '**/channels/telegram/**',
                '**/http/**',
                '**/simulator/**',
              ],
              allowTypeImports: true,
              message: 'app/ imports adapters as types only; container.ts wires them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads process.env.' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-properties': 'off',
    },
  },
);
