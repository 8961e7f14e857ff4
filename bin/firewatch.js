#!/usr/bin/env node
// The firewatch command: runs the TypeScript sources directly (through tsx), so no build is needed.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
const main = await import('../src/main.ts');
const argv = process.argv.slice(2);
if (argv.length === 0) await main.main();
else process.exitCode = await runCli(argv, { stdout: process.stdout, stderr: process.stderr });
