/**
 * Reads rule packs from YAML files: the only I/O in rules/. Every problem becomes one
 * sentence naming the file, the rule and the field, e.g.
 * `rules/packs/x.yaml: rule "lan-gateway": field "check.all.0.op" Invalid option: ...`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { RulePack } from '../schema/index.js';
import { compileRuleSet, packFieldError, PackError } from './compile.js';
import type { LoadedPack, RuleSet } from './compile.js';
import { parseYamlText, readYamlText } from '../util/yaml-file.js';

const packError = (message: string) => new PackError(message);

const here = dirname(fileURLToPath(import.meta.url));

/** The built-in default pack, found both from the sources and from the compiled dist/ tree. */
export const DEFAULT_PACK_FILE = [join(here, 'packs', 'default.yaml'), join(here, '..', '..', 'rules', 'packs', 'default.yaml')].find((p) =>
  existsSync(p),
) ?? join(here, 'packs', 'default.yaml');

/** Validates pack text; `file` is named in every error. */
export function parsePack(text: string, file: string): LoadedPack {
  const raw = parseYamlText(text, file, packError);
  const parsed = RulePack.safeParse(raw);
  if (!parsed.success) throw describePackIssues(file, raw, parsed.error);
  return { file, pack: parsed.data };
}

function describePackIssues(file: string, raw: unknown, error: z.ZodError): PackError {
  const rules = (raw as { rules?: unknown } | null)?.rules;
  const policy = (raw as { softwarePolicy?: Record<string, unknown> } | null)?.softwarePolicy;
  const lines = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String);
    if (path[0] === 'rules' && path.length > 1 && Array.isArray(rules)) {
      const index = Number(path[1]);
      const id = (rules[index] as { id?: unknown } | undefined)?.id;
      const rule = typeof id === 'string' ? id : `#${index + 1}`;
      return packFieldError(file, rule, path.slice(2).join('.') || '(the rule)', issue.message).message;
    }
    // A software-policy entry is named by its id, as a rule is, so the author finds it at once.
    const list = path[0] === 'softwarePolicy' && path.length > 2 ? policy?.[path[1]!] : undefined;
    if (Array.isArray(list)) {
      const id = (list[Number(path[2])] as { id?: unknown } | undefined)?.id;
      const entry = `${path[1]} entry ${typeof id === 'string' ? `"${id}"` : `#${Number(path[2]) + 1}`}`;
      return new PackError(`${file}: software policy ${entry}: field "${path.slice(3).join('.') || '(the entry)'}" ${issue.message}`).message;
    }
    return packFieldError(file, null, path.join('.') || '(root)', issue.message).message;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return new PackError(lines.join('; ') + more);
}

export async function loadPack(file: string): Promise<LoadedPack> {
  return parsePack(await readYamlText(file, 'rule pack', packError), file);
}

/** Loads and compiles the packs in order; the first pack's heartbeat window applies to hosts. */
export async function loadRuleSet(files: readonly string[]): Promise<RuleSet> {
  const packs: LoadedPack[] = [];
  for (const file of files) packs.push(await loadPack(file));
  return compileRuleSet(packs);
}
