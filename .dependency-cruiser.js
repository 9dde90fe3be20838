/**
 * Module boundaries, checked by `npm run lint` (dependency-cruiser). A module is a top-level folder
 * of src/ other than shared/ and config/ (the kernel every module may use).
 * @type {import('dependency-cruiser').IConfiguration}
 */
const MODULE = '^src/(?!shared/|config/)([^/]+)/';

export default {
  forbidden: [
    {
      name: 'module-through-index',
      comment: "A module imports another module only through that module's index.ts, its public face.",
      severity: 'error',
      from: { path: MODULE },
      to: { path: '^src/(?!shared/|config/)[^/]+/(?!index\\.ts$)', pathNot: '^src/$1/' },
    },
    {
      name: 'kernel-imports-no-module',
      comment: 'src/shared/ and src/config/ hold no feature content: they import no module and not the app root.',
      severity: 'error',
      from: { path: '^src/(shared|config)/' },
      to: { path: '^src/(?!shared/|config/)' },
    },
    {
      name: 'domain-imports-no-framework',
      comment: 'domain/ folders are plain TypeScript: no TypeORM, no Nest (type imports of @nestjs/cqrs aside).',
      severity: 'error',
      from: { path: '/domain/' },
      to: { path: '^node_modules/(typeorm|@nestjs/(?!cqrs/))' },
    },
    {
      name: 'domain-uses-cqrs-types-only',
      comment: 'domain/ folders may name @nestjs/cqrs types (import type), never its runtime.',
      severity: 'error',
      from: { path: '/domain/' },
      to: { path: '^node_modules/@nestjs/cqrs/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only ones included: between modules they hide a two-way dependency.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment:
        'No cycles between folders either: organizations -> instances -> organizations is a cycle even when no file cycle exists.',
      severity: 'error',
      scope: 'folder',
      // Top-level folders: modules and the kernel (shared/ internals are one unit, like a module's).
      from: { path: '^src/[^/]+$' },
      to: { circular: true },
    },
    {
      name: 'no-circular-kernel-folders',
      comment:
        'Inside the kernel too: shared/auth -> shared/http -> shared/auth is a cycle even when no file cycle exists; one of them depends on the other.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/shared/[^/]+$' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a typo or a missing dependency fails here, not at run time).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle or a framework type in the domain is a dependency all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
