import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addSourcesToYaml, editConfigFile, removeSourceFromYaml } from './config-editor.js';
import { parseConfigText } from './load-config.js';

// The loader reads configs with js-yaml and the editor with `yaml`; these inputs are read differently by
// the two, so only a check with the loader's own parser tells whether an edited file will load.
const feed = { url: 'https://b.example/feed.xml', categories: ['a', 'b', 'c'] as [string, string, string] };
const entry = (categories: string): string =>
  `  - url: https://a.example/feed.xml\n    categories: ${categories}\n`;
// A tab after a comma in a flow list: `yaml` takes it as a space, js-yaml refuses it.
const tabbed = `sources:\n${entry('[a,\tb, c]')}`;
// A local tag: `yaml` warns and keeps the string, js-yaml refuses the unknown tag.
const tagged = `site:\n  title: !env SITE_TITLE\nsources:\n${entry('[a, b, c]')}`;
// A YAML 1.1 directive: `yaml` reads `on` as true (not a title), js-yaml as the string "on".
const yaml11 = `%YAML 1.1\n---\nsite:\n  title: on\nsources:\n${entry('[a, b, c]')}`;

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function loads(text: string): boolean {
  try {
    parseConfigText(text, path.join(tmpdir(), 'newsmill.yaml'), {});
    return true;
  } catch {
    return false;
  }
}

describe('config edits are checked by the parser that loads the config', () => {
  it('refuses an edit the loader would reject, though the yaml library reads it', () => {
    for (const text of [tabbed, tagged]) {
      expect(loads(text)).toBe(false);
      expect(() => addSourcesToYaml(text, [feed])).toThrow(/the edited config would be invalid YAML: /);
    }
    // Removing the entry with the tab would cure the file; removing another one leaves the tab in.
    const other = `${tabbed}  - url: https://c.example/feed.xml\n    categories: [a, b, c]\n`;
    expect(() => removeSourceFromYaml(other, 'https://c.example/feed.xml')).toThrow(/invalid YAML/);
    expect(() => removeSourceFromYaml(tagged, 'https://a.example/feed.xml')).toThrow(/invalid YAML/);
  });

  it('leaves the file as it was when the edit is refused', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-edit-parser-'));
    const file = path.join(dir, 'newsmill.yaml');
    writeFileSync(file, tabbed);
    expect(() => editConfigFile(file, (text) => addSourcesToYaml(text, [feed]))).toThrow(
      /newsmill\.yaml: the edited config would be invalid YAML: /,
    );
    expect(readFileSync(file, 'utf8')).toBe(tabbed);
  });

  it('edits a config the loader accepts, though the yaml library reads it differently', () => {
    expect(loads(yaml11)).toBe(true);
    const edit = addSourcesToYaml(yaml11, [feed]);
    expect(edit.added).toEqual([feed]);
    expect(loads(edit.text)).toBe(true);
    expect(edit.text).toContain('  title: on\n');
  });
});
