#!/usr/bin/env node
// Makes sure the system tools the tests use are present: Chromium (browser and e2e tests),
// xmllint (GPX schema validation), osmium (OSM extract cross-checks) and routino (reference router). When one is missing and
// we are root on a Debian-like system, installs it with apt-get; otherwise explains what to do.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { cmd: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', pkg: 'chromium', why: 'browser and e2e tests' },
  { cmd: 'xmllint', pkg: 'libxml2-utils', why: 'GPX schema validation' },
  { cmd: 'osmium', pkg: 'osmium-tool', why: 'OSM extract cross-checks and benchmarks' },
  { cmd: 'routino-router', pkg: 'routino', why: 'independent router the local router is compared with' },
];

const has = (cmd) => (cmd.startsWith('/') ? existsSync(cmd) : spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0);
const missing = needs.filter((n) => !has(n.cmd));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((m) => m.pkg);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = has('apt-get');
if (!isRoot || !hasApt) {
  console.error(`Missing system packages: ${missing.map((m) => `${m.pkg} (${m.why})`).join(', ')}.`);
  console.error(`Install them with: sudo apt-get install -y ${pkgs.join(' ')}  (or set CHROMIUM_PATH to an installed Chrome/Chromium).`);
  process.exit(1);
}
console.log(`Installing ${pkgs.join(', ')} with apt-get…`);
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
const still = missing.filter((n) => !has(n.cmd));
if (still.length) {
  console.error(`Still missing after apt-get: ${still.map((m) => m.pkg).join(', ')}`);
  process.exit(1);
}
