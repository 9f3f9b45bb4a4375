import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NewsmillError } from '../core/errors.js';
import { writeFileAtomic } from '../posts/atomic-write.js';
import {
  renderPackageJson,
  renderProjectConfig,
  renderProjectReadme,
  PROJECT_GITIGNORE,
  type ProjectOptions,
} from './project-template.js';
import { renderWorkflow } from './workflow-template.js';

/** The catalogue newsmill ships, copied into new projects so their selection works offline. */
const BUNDLED_CATALOGUE = fileURLToPath(new URL('../../catalogue/rsshub-namespace.json', import.meta.url));

/** Where `createProject` wrote what. */
export interface CreatedProject {
  dir: string;
  files: string[];
}

/**
 * Scaffolds a working project in `dir`: config, catalogue, workflow, .gitignore, package.json and
 * README. An existing newsmill.yaml is never overwritten.
 */
export async function createProject(dir: string, options: ProjectOptions): Promise<CreatedProject> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.includes('newsmill.yaml')) {
    throw new NewsmillError(`${path.join(dir, 'newsmill.yaml')} already exists; choose another folder`);
  }
  const files: Array<[string, string]> = [
    ['newsmill.yaml', renderProjectConfig(options)],
    ['.gitignore', PROJECT_GITIGNORE],
    ['package.json', renderPackageJson(options)],
    ['README.md', renderProjectReadme(options)],
    ['.github/workflows/newsmill.yml', renderWorkflow({ cron: '17 * * * *', nodeVersion: '20' })],
  ];
  for (const [name, content] of files) {
    // package.json and README of an existing folder are the user's: keep them.
    if (entries.includes(name) && (name === 'package.json' || name === 'README.md')) continue;
    await writeFileAtomic(path.join(dir, name), content);
  }
  await mkdir(path.join(dir, 'catalogue'), { recursive: true });
  await copyFile(BUNDLED_CATALOGUE, path.join(dir, 'catalogue', 'rsshub-namespace.json'));
  return { dir, files: [...files.map(([name]) => name), 'catalogue/rsshub-namespace.json'] };
}
