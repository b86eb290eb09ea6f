/** The tab icon: a tick in a square, in the header's colours. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#12355b"/><path d="M8 17l5 5 11-12" fill="none" stroke="#fff" stroke-width="4"/></svg>`;
