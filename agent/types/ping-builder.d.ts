/** The `ping` package's per-platform argument builders (lib/builder), which @types/ping does not describe. */
declare module 'ping/lib/builder/factory.js' {
  import type { PingConfig } from 'ping';
  interface ArgumentBuilder {
    getCommandArguments(target: string, config: PingConfig): string[];
  }
  const factory: {
    createBuilder(platform: string): ArgumentBuilder;
    getExecutablePath(platform: string, v6: boolean): string;
  };
  export default factory;
}
