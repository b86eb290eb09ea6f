/**
 * deploy/windows/collect-report.ps1 runs the agent's own posture script. The built copy carries
 * that script inside it (a here-string between two marker lines), so one file goes on the USB
 * stick; the copy in the repository reads agent/windows/posture.ps1 instead.
 */
export const EMBED_BEGIN = '# BEGIN EMBEDDED POSTURE SCRIPT';
export const EMBED_END = '# END EMBEDDED POSTURE SCRIPT';

export function embedPostureScript(collectReport: string, posture: string, file: string): string {
  const begin = collectReport.indexOf(EMBED_BEGIN);
  const end = collectReport.indexOf(EMBED_END);
  if (begin < 0 || end < begin) throw new Error(`${file} lacks the "${EMBED_BEGIN}" / "${EMBED_END}" lines the build writes the posture script between`);
  // A line starting with '@ would end the here-string early.
  if (/^'@/m.test(posture)) throw new Error('agent/windows/posture.ps1 has a line starting with \'@, which cannot go inside a PowerShell here-string');
  const text = posture.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  const block = `${EMBED_BEGIN}\n$EmbeddedPostureScript = @'\n${text}\n'@\n`;
  return collectReport.slice(0, begin) + block + collectReport.slice(end);
}
