import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, splitSql } from './migrate';

describe('MIGRATIONS', () => {
  it('lists every migration file, numbered 1..n without gaps', () => {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
    const files = fs
      .readdirSync(dir)
      .filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
    expect(MIGRATIONS.map((m) => m.id)).toEqual(files.map((_, i) => i + 1));
    expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(MIGRATIONS.map((m) => m.id));
  });
});

describe('splitSql', () => {
  it('splits at semicolons that end a line and drops comment lines', () => {
    expect(splitSql('-- a comment\nCREATE TABLE a (x int);\n\nALTER TABLE a ADD y int;\n')).toEqual(
      ['CREATE TABLE a (x int)', 'ALTER TABLE a ADD y int'],
    );
  });
});
