/** Escapes text for HTML and SVG element content and quoted attributes. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (text: string): string => text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
