/** Lines of the administrative form that HTML and the XLSX cover sheet print the same way. */
import type { DocumentForm } from '../schema/index.js';
import type { Labels } from './i18n.js';

/** "Số: 12/BC-VKS-VP", or with no number given a blank to fill in. */
export const numberLine = (form: DocumentForm, L: Labels): string => `${L.form.number}: ${form.number ?? L.form.blankNumber}/${form.symbol}`;

/** The place and date line ("Hải Phòng, ngày 01 tháng 12 năm 2026"), a blank for an unknown place. */
export const placeDateLine = (form: DocumentForm, L: Labels): string => L.form.placeDate(form.place ?? L.form.blankPlace, form.date);
