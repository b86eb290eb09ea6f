/** Operating system facts. */
import { defineFacts } from './types.js';

export const osFacts = defineFacts([
  {
    name: 'os.platform',
    type: 'string',
    label: { vi: 'nền tảng hệ điều hành', en: 'OS platform' },
    values: {
      windows: { vi: 'Windows', en: 'Windows' },
      linux: { vi: 'Linux', en: 'Linux' },
      darwin: { vi: 'macOS', en: 'macOS' },
      freebsd: { vi: 'FreeBSD', en: 'FreeBSD' },
      other: { vi: 'khác', en: 'other' },
    },
    section: 'os',
    description: '`windows`, `linux`, `darwin`, `freebsd` or `other`.',
    resolve: (ctx) => ctx.report?.os?.platform,
  },
  {
    name: 'os.name',
    type: 'string',
    label: { vi: 'hệ điều hành', en: 'OS' },
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
    label: { vi: 'bản dành cho máy chủ', en: 'server edition' },
    section: 'os',
    description: 'Whether the OS is a server edition (missing when the agent could not tell).',
    resolve: (ctx) => ctx.report?.os?.isServer ?? undefined,
  },
]);
