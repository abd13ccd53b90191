import { TASKS } from '../../tasks/registry.js';
import { defineCommand } from '../command.js';

export const tasks = defineCommand({
  command: 'tasks',
  describe: 'list the tasks: what each scores, the command that runs it and the files it writes',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  async run(args) {
    if (args.json) {
      process.stdout.write(JSON.stringify(Object.entries(TASKS).map(([name, info]) => ({ name, ...info })), null, 2) + '\n');
      return;
    }
    const text = Object.entries(TASKS).map(([name, t]) => [
      `${name} — ${t.title}`,
      `  input:   ${t.input}`,
      `  command: clip-eval ${t.command}`,
      `  files:   ${Object.values(t.files).join(', ')}`,
      `  code:    src/tasks/${t.folder}/`,
    ].join('\n'));
    process.stdout.write(text.join('\n\n') + '\n');
  },
});
