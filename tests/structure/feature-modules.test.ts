import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../../apps/server/src/app.module';
import { DEFAULT_LIMITS } from '../../apps/server/src/config/request-limits';
import { DatasetDirs } from '../../apps/server/src/datasets/dataset-dirs';

/**
 * The server is one Nest module per feature folder: each `<feature>.module.ts` lists the controllers and
 * services of its own folder, and AppModule only composes the modules (apps/server/src/app.module.ts).
 */
const SRC = resolve(__dirname, '../../apps/server/src');

type ModuleRef = Type | DynamicModule;
const classOf = (m: ModuleRef): Type => ('module' in m ? m.module : m);
/** What a module lists under `key` (imports, providers, ...): in its @Module metadata, plus what forRoot added. */
function listed<T>(m: ModuleRef, key: string): T[] {
  const declared = (Reflect.getMetadata(key, classOf(m)) as T[] | undefined) ?? [];
  const added = 'module' in m ? ((m as unknown as Record<string, T[] | undefined>)[key] ?? []) : [];
  return [...declared, ...added];
}
const providedClasses = (m: ModuleRef): Type[] => listed<Provider>(m, MODULE_METADATA.PROVIDERS).filter((p): p is Type => typeof p === 'function');

function filesEndingWith(suffix: string, dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesEndingWith(suffix, join(dir, e.name)) : e.name.endsWith(suffix) ? [join(dir, e.name)] : []));
}

/** The application as the server builds it, and every module reachable from it (dynamic ones as forRoot gives them). */
function composedApplication(): { app: DynamicModule; modules: ModuleRef[]; close(): void } {
  const app = AppModule.forRoot({} as never, {} as never, { dataDir: 'memory://', uploadLimitBytes: 1, limits: DEFAULT_LIMITS });
  const modules: ModuleRef[] = [];
  const visit = (m: ModuleRef) => {
    if (modules.some((seen) => classOf(seen) === classOf(m))) return;
    modules.push(m);
    listed<ModuleRef>(m, MODULE_METADATA.IMPORTS).forEach(visit);
  };
  app.imports!.forEach((m) => visit(m as ModuleRef));
  const dirs = modules.flatMap((m) => listed<Provider>(m, MODULE_METADATA.PROVIDERS)).find((p) => typeof p === 'object' && 'provide' in p && p.provide === DatasetDirs);
  return { app, modules, close: () => (dirs as { useFactory(): DatasetDirs }).useFactory().close() };
}

/** The classes a file exports whose names end with `suffix`. */
async function exportedClasses(file: string, suffix: string): Promise<Type[]> {
  const exports = (await import(file)) as Record<string, unknown>;
  return Object.entries(exports).filter(([name, v]) => typeof v === 'function' && name.endsWith(suffix)).map(([, v]) => v as Type);
}

describe('feature modules', () => {
  const { app, modules, close } = composedApplication();
  afterAll(close);
  /** The folder of each module class's file. */
  const folderOf = new Map<Type, string>();
  beforeAll(async () => {
    for (const file of filesEndingWith('.module.ts')) for (const cls of await exportedClasses(file, 'Module')) folderOf.set(cls, relative(SRC, dirname(file)));
  });
  const ownFolder = (m: ModuleRef) => folderOf.get(classOf(m)) ?? '?';

  it('AppModule only composes modules, and composes every module of the server', () => {
    expect(app.controllers ?? []).toEqual([]);
    expect(app.providers ?? []).toEqual([]);
    const all = filesEndingWith('.module.ts').filter((f) => !f.endsWith('app.module.ts'));
    expect(modules.filter((m) => folderOf.has(classOf(m))).map(ownFolder).sort()).toEqual(all.map((f) => relative(SRC, dirname(f))).sort());
  });

  it.each([
    ['controller', '.controller.ts', 'Controller', MODULE_METADATA.CONTROLLERS],
    ['service', '.service.ts', 'Service', MODULE_METADATA.PROVIDERS],
  ])('every %s is declared once, by the module of its own folder', async (_kind, suffix, classSuffix, key) => {
    const wrong: string[] = [];
    for (const file of filesEndingWith(suffix)) {
      for (const cls of await exportedClasses(file, classSuffix)) {
        const owners = modules.filter((m) => (key === MODULE_METADATA.PROVIDERS ? providedClasses(m) : listed<Type>(m, key)).includes(cls));
        const folder = relative(SRC, dirname(file));
        if (owners.length !== 1 || ownFolder(owners[0]) !== folder) wrong.push(`${cls.name} (${folder}): declared by ${owners.map(ownFolder).join(', ') || 'no module'}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
