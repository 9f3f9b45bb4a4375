import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_VERSIONS } from './action-versions.js';
import { renderWorkflow } from './workflow-template.js';

// SchemaStore's workflow schema, vendored with its source commit and license in testdata/README.md.
const schema = JSON.parse(
  readFileSync(new URL('./testdata/github-workflow.json', import.meta.url), 'utf8'),
) as object;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { steps: Step[] }>;
}

const text = renderWorkflow({ cron: '17 * * * *' });
const workflow = parse(text) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

describe('the scaffolded workflow', () => {
  it('is a valid GitHub Actions workflow by SchemaStore’s schema', () => {
    expect(validate(workflow), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('fails that schema when broken (a step with both uses and run), so the check can fail', () => {
    const broken = parse(text) as Workflow;
    const step = broken.jobs.update?.steps[0];
    if (step) step.run = 'echo both';
    expect(validate(broken)).toBe(false);
  });

  it('names every action at the major version the table records, and every action in the table', () => {
    const used = steps.flatMap((step) => (step.uses ? [step.uses] : []));
    const expected = Object.entries(ACTION_VERSIONS).map(([action, major]) => `${action}@${major}`);
    expect([...used].sort()).toEqual([...expected].sort());
  });

  it('runs Node 22 and the project’s installed newsmill, never a registry download', () => {
    const setup = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe('22');
    const commands = steps.flatMap((step) => (step.run ? [step.run] : []));
    const newsmill = commands.filter((run) => /\bnewsmill\b/.test(run));
    expect(newsmill.length).toBeGreaterThanOrEqual(3);
    for (const run of newsmill) expect(run).toMatch(/^npx --no-install newsmill /);
  });

  it('never caches a lock, checkpoints the store before saving it, and saves it after a failure', () => {
    const restore = steps.find((step) => step.uses?.startsWith('actions/cache/restore@'));
    const saveIndex = steps.findIndex((step) => step.uses?.startsWith('actions/cache/save@'));
    const save = steps[saveIndex];
    const paths = restore?.with?.path?.trim().split('\n') ?? [];
    // Files by name: a folder is archived whole, lock files and all, whatever `!` patterns follow.
    expect(paths).toEqual(['.newsmill/newsmill.db', '.newsmill/newsmill.db-wal']);
    // The cache's version is a hash of the paths: restore and save must name the same ones.
    expect(save?.with?.path).toBe(restore?.with?.path);
    const checkpoint = steps[saveIndex - 1];
    expect(checkpoint?.run).toBe('npx --no-install newsmill checkpoint --config newsmill.yaml');
    expect(checkpoint?.if).toBe('always()');
    expect(save?.if).toMatch(/^always\(\)/);
  });
});
