import { access, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/atomic-write.js';
import { EDGE_WORKER, renderWranglerToml } from './edge-worker-template.js';
import { packNewsmill, readNewsmillVersion, type PackedNewsmill } from './pack-newsmill.js';
import { renderProjectReadme } from './project-readme.js';
import {
  renderPackageJson,
  renderProjectConfig,
  PROJECT_GITIGNORE,
  type NewsmillDependency,
  type ProjectOptions,
} from './project-template.js';
import { ProjectExistsError } from './scaffold-errors.js';
import { renderWorkflow } from './workflow-template.js';

/** The catalogue newsmill ships, copied into new projects so their selection works offline. */
const BUNDLED_CATALOGUE = fileURLToPath(new URL('../../catalogue/rsshub-namespace.json', import.meta.url));

/** How `createProject` scaffolds, beyond the project's own settings. */
export interface CreateProjectOptions extends ProjectOptions {
  /** Depend on `^<version>` from the npm registry instead of packing this newsmill into vendor/. */
  fromRegistry?: boolean;
}

/** Where `createProject` wrote what. */
export interface CreatedProject {
  dir: string;
  /** The files written, relative to `dir`. */
  files: string[];
  /** The files that already existed and were kept as they are. */
  kept: string[];
  /** The newsmill tarball in vendor/, unless the project depends on the registry. */
  packed: PackedNewsmill | null;
}

/**
 * Scaffolds a working project in `dir`: config, catalogue, workflow, .gitignore, package.json,
 * README, the image proxy Worker, and newsmill itself packed into vendor/ (first, as the step that can
 * fail). A folder that already holds a newsmill.yaml is refused; any other file that exists is the
 * user's and is kept.
 */
export async function createProject(dir: string, options: CreateProjectOptions): Promise<CreatedProject> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.includes('newsmill.yaml')) {
    throw new ProjectExistsError(`${path.join(dir, 'newsmill.yaml')} already exists; choose another folder`);
  }
  const packed = options.fromRegistry ? null : await packNewsmill(dir);
  const version = packed?.version ?? (await readNewsmillVersion());
  const newsmill: NewsmillDependency = packed
    ? { spec: `file:${packed.file}`, version, tarball: packed.file }
    : { spec: `^${version}`, version };
  // Line breaks in a title would end the comment lines the templates put it in.
  const safe = { ...options, title: options.title.replace(/\s+/g, ' ').trim() };
  const files: Array<[string, () => Promise<string>]> = [
    ['newsmill.yaml', async () => renderProjectConfig(safe)],
    ['.gitignore', async () => PROJECT_GITIGNORE],
    ['package.json', async () => renderPackageJson(safe, newsmill)],
    ['README.md', async () => renderProjectReadme(safe, newsmill)],
    ['.github/workflows/newsmill.yml', async () => renderWorkflow({ cron: '17 * * * *' })],
    ['catalogue/rsshub-namespace.json', () => readFile(BUNDLED_CATALOGUE, 'utf8')],
    ['proxy-worker/worker.js', async () => EDGE_WORKER],
    ['proxy-worker/wrangler.toml', async () => renderWranglerToml(safe)],
  ];
  const created: CreatedProject = { dir, files: [], kept: [], packed };
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    if (await exists(file)) {
      created.kept.push(name);
      continue;
    }
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, await content());
    created.files.push(name);
  }
  return created;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
