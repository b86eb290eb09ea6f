/**
 * Text compared or written without diacritics, case or punctuation: how the asset register's
 * headers and conditions are matched, and how file names are made. Vietnamese "đ" becomes
 * "d" (it is a letter of its own, not a mark NFD would strip).
 */

/** Lower-case ASCII words separated by single spaces: "Hư hỏng (màn hình)" → "hu hong man hinh". */
export const plainWords = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
