/** A PostgreSQL URL as it may be shown: the password replaced, everything else kept. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable PostgreSQL URL)';
  }
}
