import path from 'node:path';
import type { Command } from 'commander';

/** `newsmill init [dir]`: scaffold a project that updates itself on GitHub Actions. */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(
      'create a newsmill project: config, catalogue selection, GitHub Actions workflow, newsmill packed into vendor/',
    )
    .argument('[dir]', 'project folder (created when missing)', '.')
    .option('--title <title>', 'site title', 'My News')
    .option('--url <url>', 'public URL of the site', 'https://example.github.io/my-news/')
    .option(
      '--rsshub <url|folder>',
      'RSSHub instance (or a local folder of route files)',
      'https://rsshub.app',
    )
    .option('--from-registry', 'depend on newsmill from the npm registry instead of packing this one')
    .action(
      async (
        dir: string,
        options: { title: string; url: string; rsshub: string; fromRegistry?: boolean },
      ) => {
        const target = path.resolve(dir);
        // A local folder is written relative to the project, which resolves config paths against its
        // own folder: an absolute path would not exist on the machine that runs the workflow.
        const rsshub = /^https?:\/\//i.test(options.rsshub)
          ? options.rsshub
          : path.relative(target, path.resolve(options.rsshub)).split(path.sep).join('/') || '.';
        const { createProject } = await import('../scaffold/create-project.js');
        const project = await createProject(target, {
          name: path.basename(target),
          title: options.title,
          url: options.url,
          rsshub,
          fromRegistry: options.fromRegistry === true,
        });
        const { packed } = project;
        if (packed) {
          const size = `${(packed.bytes / 1024 / 1024).toFixed(1)} MB`;
          const verb = packed.kept ? 'kept   ' : 'created';
          process.stdout.write(
            `${verb} ${path.join(dir, packed.file)} (newsmill ${packed.version} packed, ${size})\n`,
          );
        }
        for (const file of project.files) process.stdout.write(`created ${path.join(dir, file)}\n`);
        for (const file of project.kept)
          process.stdout.write(`kept    ${path.join(dir, file)} (it exists)\n`);
        const cd = dir === '.' ? '' : `cd ${dir} && `;
        process.stdout.write(
          `\nnext: ${cd}npm install && npm run update   (then commit everything${packed ? ', vendor/ included,' : ''} push to GitHub and enable Pages: see README.md)\n`,
        );
      },
    );
}
