/** Shapes for building device reports in tests (inputs of the schema, before defaults). */
import type { z } from 'zod';
import type { DeviceReport, FdbEntry as Fdb, SnmpNeighbour as Neighbour } from '../../schema/index.js';

export type DeviceReportInput = z.input<typeof DeviceReport>;
export type FdbEntry = Fdb;
export type SnmpNeighbour = Neighbour;
