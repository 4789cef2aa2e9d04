import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** One source file: its path relative to the repository root (with '/') and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

export interface BoundaryViolation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

/** Packages an engine library must never load: HTTP, SQL, the queue and the embedded store belong to apps. */
const APP_ONLY_PACKAGES = [/^@nestjs\//, /^typeorm$/, /^pg$/, /^pg-boss$/, /^express$/, /^multer$/, /^@electric-sql\//];

/**
 * Every way a TypeScript file names another module: static imports and re-exports
 * (`import type` too: a type import is still a dependency of the design), `import()`
 * and `require()`. A require or import() whose argument is not a plain string is
 * reported with the specifier `<dynamic>`: neither the compiler nor grep can follow it.
 */
const SPECIFIER = /(?:^|[\s;}])(?:import|export)\s[^'"`;]*?\sfrom\s+['"]([^'"]+)['"]|(?:^|[\s;}])import\s+['"]([^'"]+)['"]|\b(?:require|import)\s*\(\s*(?:['"]([^'"]+)['"]\s*\)|([^)'"\s][^)]*|`[^`]*`))/g;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Strips comments so an example import in a doc comment is not read as a dependency. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/[^\n]*/g, (m, p: string) => p + ' '.repeat(m.length - p.length));
}

/** The area a repository path belongs to: `libs/<name>`, `apps/<name>`, or null for tests, scripts, migrations. */
function areaOf(path: string): string | null {
  const m = /^(libs|apps)\/([^/]+)\//.exec(path);
  return m ? `${m[1]}/${m[2]}` : null;
}

/** Where a relative specifier or a `@radsweep/<lib>` alias points, as an area; null for a package or node builtin. */
function targetArea(fromPath: string, specifier: string): string | null {
  const alias = /^@radsweep\/([^/]+)/.exec(specifier);
  if (alias) return `libs/${alias[1]}`;
  if (!specifier.startsWith('.')) return null;
  const target = join(dirname(fromPath), specifier).split(sep).join('/');
  return areaOf(target + '/') ?? areaOf(target);
}

/**
 * The module boundaries of the repository:
 * - a library (libs/*) never imports an app, nor NestJS, TypeORM, pg, pg-boss, express or PGlite;
 * - the dashboard imports no other app (it talks to the server through `@radsweep/api-contract` types);
 * - the CLI reaches server code only through its typed command map (apps/cli/src/server-commands.ts);
 * - the server imports no other app;
 * - no module is loaded through a computed require()/import().
 */
export function findBoundaryViolations(files: SourceFile[]): BoundaryViolation[] {
  const out: BoundaryViolation[] = [];
  for (const file of files) {
    const area = areaOf(file.path);
    if (!area) continue;
    const text = withoutComments(file.text);
    SPECIFIER.lastIndex = 0;
    for (let m = SPECIFIER.exec(text); m; m = SPECIFIER.exec(text)) {
      const dynamic = m[4] !== undefined;
      const specifier = dynamic ? '<dynamic>' : (m[1] ?? m[2] ?? m[3]);
      const at = m.index + m[0].search(/[A-Za-z]/);
      const report = (rule: string) => out.push({ file: file.path, line: lineOf(text, at), specifier, rule });
      if (dynamic) {
        report('a module loaded by a computed require()/import() is invisible to the compiler: name it with a string literal');
        continue;
      }
      const target = targetArea(file.path, specifier);
      if (area.startsWith('libs/')) {
        if (target?.startsWith('apps/')) report('a library never imports an app');
        if (APP_ONLY_PACKAGES.some((p) => p.test(specifier))) report('an engine library never loads HTTP, SQL, queue or store packages');
      } else if (area === 'apps/dashboard') {
        if (target?.startsWith('apps/') && target !== area) report('the dashboard imports no other app; share types through @radsweep/api-contract');
        if (APP_ONLY_PACKAGES.some((p) => p.test(specifier))) report('the dashboard runs in the browser: no server packages');
      } else if (area === 'apps/cli') {
        if (target?.startsWith('apps/') && target !== area && file.path !== 'apps/cli/src/server-commands.ts') {
          report('the CLI reaches server code only through apps/cli/src/server-commands.ts');
        }
      } else if (area === 'apps/server') {
        if (target?.startsWith('apps/') && target !== area) report('the server imports no other app');
      }
    }
  }
  return out;
}

/** Every .ts file under libs/ and apps/ of the repository at `root`. */
export function repositorySources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) files.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  for (const top of ['libs', 'apps']) walk(resolve(root, top));
  return files;
}
