/** Operating system facts. */
import { defineFacts } from './types.js';

export const osFacts = defineFacts([
  {
    name: 'os.platform',
    type: 'string',
    label: 'OS platform',
    section: 'os',
    description: '`windows`, `linux`, `darwin`, `freebsd` or `other`.',
    resolve: (ctx) => ctx.report?.os?.platform,
  },
  {
    name: 'os.name',
    type: 'string',
    label: 'OS',
    section: 'os',
    description: 'Distribution or edition and release, e.g. `Microsoft Windows 10 Pro 10.0.19045`.',
    resolve: (ctx) => {
      const os = ctx.report?.os;
      return os ? `${os.distro} ${os.release}`.trim() || undefined : undefined;
    },
  },
  {
    name: 'os.is_server',
    type: 'boolean',
    label: 'server edition',
    section: 'os',
    description: 'Whether the OS is a server edition (missing when the agent could not tell).',
    resolve: (ctx) => ctx.report?.os?.isServer ?? undefined,
  },
]);
