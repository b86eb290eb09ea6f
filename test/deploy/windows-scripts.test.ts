/**
 * deploy/windows/install-agent.ps1 and collect-report.ps1, and what collect-report needs from
 * the posture script to run it on PowerShell 2.0. This machine cannot run PowerShell: the
 * scripts are parsed with the PowerShell grammar and read for the commands, parameters and
 * agent options they use.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Node, Tree } from 'web-tree-sitter';
import { AGENT_VERSION } from '../../agent/version.js';
import { embedPostureScript } from '../../scripts/agent-build/collect-report.js';
import { nodes, parsePowerShell, syntaxErrors } from '../helpers/powershell.js';
import { agentOptionsCheck } from '../helpers/agent-options.js';

const read = (path: string) => readFile(path, 'utf8');
const INSTALL = 'deploy/windows/install-agent.ps1';
const COLLECT = 'deploy/windows/collect-report.ps1';
const POSTURE = 'agent/windows/posture.ps1';

/**
 * The cmdlets of Windows PowerShell 2.0 these scripts may call (Microsoft's PowerShell 2.0
 * cmdlet reference, core modules). Anything newer must be shimmed or guarded.
 */
const PS2_CMDLETS = new Set(
  [
    'Add-Content', 'Add-Member', 'Add-Type', 'Compare-Object', 'ConvertTo-Csv', 'ConvertTo-Html', 'ConvertTo-Xml', 'Copy-Item',
    'Export-Csv', 'ForEach-Object', 'Format-List', 'Format-Table', 'Get-Acl', 'Get-ChildItem', 'Get-Command', 'Get-Content',
    'Get-Date', 'Get-HotFix', 'Get-Item', 'Get-ItemProperty', 'Get-Location', 'Get-Member', 'Get-Process', 'Get-Service',
    'Get-Variable', 'Get-WmiObject', 'Group-Object', 'Import-Csv', 'Join-Path', 'Measure-Object', 'Move-Item', 'New-Item',
    'New-Object', 'Out-File', 'Out-Null', 'Out-String', 'Remove-Item', 'Rename-Item', 'Resolve-Path', 'Select-Object',
    'Select-String', 'Set-Acl', 'Set-Content', 'Set-Variable', 'Sort-Object', 'Split-Path', 'Start-Process', 'Start-Sleep',
    'Test-Path', 'Where-Object', 'Write-Error', 'Write-Host', 'Write-Output', 'Write-Verbose', 'Write-Warning',
  ].map((c) => c.toLowerCase()),
);

/** Commands collect-report.ps1 defines for PowerShell 2.0, by the function that stands in for each. */
const SHIMS: Record<string, string> = {
  'get-ciminstance': 'Get-ReadinessCimShim',
  'get-childitem': 'Get-ReadinessChildItemShim',
  'convertto-json': 'ConvertTo-ReadinessJson',
};

/** Newer commands the posture script may call only where failing costs nothing but that fact. */
const GUARDED: Record<string, string> = {
  'get-netfirewallprofile': 'falls back to the registry on Windows 7',
  'get-localgroupmember': 'falls back to ADSI',
  'get-mpcomputerstatus': 'Defender\'s cmdlets do not exist on Windows 7: the part is an error, as it is where Defender is absent',
  'get-netadapter': 'falls back to Win32_NetworkAdapter on Windows 7',
  'get-netroute': 'falls back to Win32_IP4RouteTable on Windows 7',
  'get-netconnectionprofile': 'Windows 7 has no NCSI cmdlet: the part is an error and "Internet detected" is unknown',
};

/** Parts that call .NET 4's OpenBaseKey without a PowerShell 2.0 path, and what 2.0 loses. */
const WITHOUT_PS2_REGISTRY_PATH: Record<string, string> = {
  certPersonal: 'the personal (token) certificates are unknown on PowerShell 2.0',
};

interface Call {
  name: string;
  parameters: string[];
  line: number;
}

function calls(tree: Tree): Call[] {
  return [...nodes(tree.rootNode)]
    .filter((n) => n.type === 'command' && n.childForFieldName('command_name')?.type === 'command_name')
    .map((n) => ({
      name: n.childForFieldName('command_name')!.text,
      parameters: [...nodes(n.childForFieldName('command_elements') ?? n)].filter((e) => e.type === 'command_parameter').map((e) => e.text.split(':')[0]!.toLowerCase()),
      line: n.startPosition.row + 1,
    }));
}

const functionsOf = (tree: Tree) => new Set([...nodes(tree.rootNode)].filter((n) => n.type === 'function_name').map((n) => n.text.toLowerCase()));

/** The parameter names a function declares (`param(...)` in its body). */
function parametersOf(tree: Tree, fn: string): string[] {
  const def = [...nodes(tree.rootNode)].find((n) => n.type === 'function_statement' && n.children.some((c) => c?.type === 'function_name' && c.text === fn));
  if (!def) throw new Error(`no function ${fn}`);
  return [...nodes(def)].filter((n: Node) => n.type === 'script_parameter').map((n) => `-${n.text.replace(/^.*\$/s, '').split(/[\s=)]/)[0]!.toLowerCase()}`);
}

describe('the Windows deployment scripts', () => {
  it.each([INSTALL, COLLECT])('%s parses as PowerShell and is plain ASCII', async (file) => {
    const text = await read(file);
    expect(syntaxErrors(await parsePowerShell(text))).toEqual([]);
    // Windows PowerShell reads a script without a BOM in the machine's code page.
    expect([...text].filter((c) => c.charCodeAt(0) > 127)).toEqual([]);
  });

  it('the check finds a broken script', async () => {
    const broken = (await read(INSTALL)).replace('function Test-Elevated {', 'function Test-Elevated {{');
    expect(syntaxErrors(await parsePowerShell(broken)).length).toBeGreaterThan(0);
  });

  it('collect-report.ps1 with the posture script written into it (what build:agent ships) still parses', async () => {
    const source = await read(COLLECT);
    const built = embedPostureScript(source, await read(POSTURE), COLLECT);
    expect(built).toContain("$parts.software = Invoke-Part");
    expect(syntaxErrors(await parsePowerShell(built))).toEqual([]);
    expect(() => embedPostureScript('no markers', 'x', COLLECT)).toThrow('lacks the "# BEGIN EMBEDDED POSTURE SCRIPT"');
    expect(() => embedPostureScript(source, "x\n'@\n", COLLECT)).toThrow("has a line starting with '@");
  });

  it('collect-report.ps1 calls only PowerShell 2.0 cmdlets and its own functions, and says its release', async () => {
    const text = await read(COLLECT);
    const tree = await parsePowerShell(text);
    const own = functionsOf(tree);
    const foreign = calls(tree).filter((c) => !PS2_CMDLETS.has(c.name.toLowerCase()) && !own.has(c.name.toLowerCase()) && !/\\/.test(c.name));
    expect(foreign).toEqual([]);
    expect(text).toContain(`$ScriptVersion = '${AGENT_VERSION}'`);
    expect(text).not.toMatch(/\[ordered\]|\[pscustomobject\]|-notin\b|\s-in\s|\$PSScriptRoot|ConvertFrom-Json/i);
  });

  it('the posture script needs nothing from PowerShell 3.0 or later that collect-report.ps1 does not provide', async () => {
    const posture = await parsePowerShell(await read(POSTURE));
    const collect = await parsePowerShell(await read(COLLECT));
    const own = functionsOf(posture);
    const problems: string[] = [];
    for (const call of calls(posture)) {
      const name = call.name.toLowerCase();
      if (own.has(name) || /\.(exe|vbs)$/i.test(name) || GUARDED[name]) continue;
      if (SHIMS[name]) {
        const declared = parametersOf(collect, SHIMS[name]!);
        for (const p of call.parameters) if (!declared.includes(p)) problems.push(`line ${call.line}: ${call.name} ${p} is not taken by ${SHIMS[name]}`);
      } else if (!PS2_CMDLETS.has(name)) problems.push(`line ${call.line}: ${call.name} does not exist in PowerShell 2.0`);
    }
    expect(problems).toEqual([]);
    // Every shim is handed to the posture script, and the one .NET 4 call is guarded.
    const preamble = await read(COLLECT);
    for (const [cmd, fn] of Object.entries(SHIMS)) expect(preamble.toLowerCase()).toContain(`'function ${cmd} {' + \${function:${fn.toLowerCase()}}`);
    const postureText = await read(POSTURE);
    // Each part that opens a registry view through OpenBaseKey (.NET 4) has a 2.0 path, or is listed.
    const chunks = postureText.split(/^(?=\$parts\.\w+ = |function )/m);
    const unguarded = chunks
      .filter((c) => c.includes('::OpenBaseKey(') && !c.includes("GetMethod('OpenBaseKey')"))
      .map((c) => /^\$parts\.(\w+)/.exec(c)?.[1] ?? c.slice(0, 40));
    expect(unguarded.filter((p) => !WITHOUT_PS2_REGISTRY_PATH[p])).toEqual([]);
    expect(postureText).not.toMatch(/\[pscustomobject\]|-notin\b|\s-in\s/i);
  });

  it('gives the agent only options it has', async () => {
    const text = await read(INSTALL);
    const enroll = [...text.matchAll(/'(--[a-z-]+)'/g)].map((m) => m[1]!);
    expect(enroll).toEqual(expect.arrayContaining(['--service', '--collector', '--secret', '--unit', '--room', '--ca', '--log-file', '--once']));
    agentOptionsCheck(enroll);
    // The check can fail: an option the agent lacks is named.
    expect(() => agentOptionsCheck(['--service', '--no-such-option'])).toThrow('--no-such-option');
  });
});
