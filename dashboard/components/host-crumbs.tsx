/** The breadcrumbs of a page about one machine: the machines list, then the machine. */
import type { View } from '../view.js';

export const HostCrumbs = ({ host, view }: { host: { agentId: string; hostname: string }; view: View }) => (
  <ol class="breadcrumbs">
    <li>
      <a href="/hosts">{view.P.nav.hosts}</a>
    </li>
    <li>
      <a href={`/hosts/${encodeURIComponent(host.agentId)}`}>{host.hostname}</a>
    </li>
  </ol>
);
