// Writes action.yml and the README's inputs/outputs tables from src/config/inputs.ts, so the three
// never disagree (a test checks action.yml against the table too). Run: npm run docs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { INPUTS, OUTPUTS } from '../src/config/inputs.js';

const root = path.resolve(import.meta.dirname, '..');

const action = {
  name: 'ticket-to-pr',
  description:
    'Takes one Azure Boards ticket, fixes it with local Ollama models on a self-hosted GPU runner, proves the change with your own tests, and opens a draft pull request.',
  author: 'ticket-to-pr',
  branding: { icon: 'git-pull-request', color: 'blue' },
  inputs: Object.fromEntries(
    INPUTS.map((i) => [
      i.name,
      {
        description: i.description,
        required: i.required,
        ...(i.default !== '' ? { default: i.default } : {}),
      },
    ]),
  ),
  outputs: Object.fromEntries(OUTPUTS.map((o) => [o.name, { description: o.description }])),
  runs: { using: 'node24', main: 'dist/index.js' },
};

const header = '# Generated from src/config/inputs.ts by `npm run docs`; edit the table there.\n';
fs.writeFileSync(path.join(root, 'action.yml'), header + stringify(action, { lineWidth: 0 }));

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
const inputsTable = [
  '| Input | Required | Default | Description |',
  '| --- | --- | --- | --- |',
  ...INPUTS.map(
    (i) =>
      `| \`${i.name}\` | ${i.required ? 'yes' : 'no'} | ${i.default ? `\`${cell(i.default)}\`` : ''} | ${cell(i.description)}${i.secret ? ' (secret)' : ''} |`,
  ),
].join('\n');
const outputsTable = [
  '| Output | Azure Pipelines variable | Description |',
  '| --- | --- | --- |',
  ...OUTPUTS.map(
    (o) => `| \`${o.name}\` | \`${o.name.replace(/-/g, '_')}\` | ${cell(o.description)} |`,
  ),
].join('\n');

const readmePath = path.join(root, 'README.md');
if (fs.existsSync(readmePath)) {
  let readme = fs.readFileSync(readmePath, 'utf8');
  const replace = (name: string, table: string) => {
    const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(readme)) throw new Error(`README.md lacks the ${name} markers`);
    readme = readme.replace(re, `$1\n${table}\n$2`);
  };
  replace('inputs', inputsTable);
  replace('outputs', outputsTable);
  fs.writeFileSync(readmePath, readme);
}
// Format as the project's format check expects.
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/prettier/bin/prettier.cjs'), '--write', 'action.yml', 'README.md'],
  {
    cwd: root,
    stdio: 'ignore',
  },
);
console.log('docs: action.yml and README tables written');
