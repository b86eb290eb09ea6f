import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePowerShell, syntaxErrors } from '../helpers/powershell.js';
import { decodeCommand, encodeCommand, postureScript } from '../../agent/windows/run-posture.js';

const windowsDir = new URL('../../agent/windows/', import.meta.url);

describe('the Windows posture script', () => {
  const script = postureScript();

  // This machine cannot run PowerShell: a PowerShell grammar at least catches syntax slips.
  it('parses as PowerShell without a syntax error (tree-sitter-powershell)', async () => {
    expect(syntaxErrors(await parsePowerShell(script))).toEqual([]);
    // The check itself finds errors: a broken copy of the script fails it.
    const broken = await parsePowerShell(script.replace('function Invoke-Part([scriptblock]$Block, [switch]$List) {', 'function Invoke-Part([scriptblock]$Block, {'));
    expect(broken.rootNode.hasError).toBe(true);
  });

  it('is plain ASCII, since it reaches PowerShell through stdin in the machine\'s code page', () => {
    expect([...script].filter((c) => c.charCodeAt(0) > 127)).toEqual([]);
  });

  it('produces every part the TypeScript parsers read', async () => {
    const files = (await readdir(windowsDir)).filter((f) => f.endsWith('.ts'));
    const read = new Set<string>();
    for (const f of files) {
      const text = await readFile(join(windowsDir.pathname, f), 'utf8');
      for (const m of text.matchAll(/readPart\(doc, '(\w+)'/g)) read.add(m[1]!);
    }
    expect(read.size).toBeGreaterThan(10);
    for (const part of read) expect(script).toContain(`$parts.${part} = Invoke-Part`);
  });

  it('prints one JSON document and wraps every part in its own try/catch', () => {
    expect(script.match(/\[Console\]::Out\.Write/g)).toHaveLength(1);
    const parts = script.match(/^\$parts\.\w+ = /gm) ?? [];
    const wrapped = script.match(/^\$parts\.\w+ = Invoke-Part/gm) ?? [];
    expect(wrapped.length).toBe(parts.length);
  });

  it('is started by a bootstrap that -EncodedCommand carries as UTF-16LE base64', () => {
    const bootstrap = '& ([scriptblock]::Create([Console]::In.ReadToEnd()))';
    expect(decodeCommand(encodeCommand(bootstrap))).toBe(bootstrap);
    expect(Buffer.from(encodeCommand('ab'), 'base64')).toEqual(Buffer.from([0x61, 0, 0x62, 0]));
  });
});
