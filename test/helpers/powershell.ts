/**
 * The PowerShell grammar (tree-sitter-powershell, in WebAssembly): this machine cannot run
 * PowerShell, so the project's scripts are at least parsed, and read for what they call.
 */
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';

let parser: Parser | null = null;

export async function parsePowerShell(script: string): Promise<Tree> {
  if (!parser) {
    await Parser.init();
    const grammar = createRequire(import.meta.url).resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
    const p = new Parser();
    p.setLanguage(await Language.load(grammar));
    parser = p;
  }
  return parser.parse(script)!;
}

/** Every node of the tree, depth first. */
export function* nodes(n: Node): Generator<Node> {
  yield n;
  for (const c of n.children) if (c) yield* nodes(c);
}

/** Where the grammar found an error or a missing token, with the text there. */
export const syntaxErrors = (tree: Tree): string[] =>
  [...nodes(tree.rootNode)].filter((n) => n.type === 'ERROR' || n.isMissing).map((n) => `line ${n.startPosition.row + 1}: ${n.text.slice(0, 60)}`);
