/**
 * The operators a rule condition may use. Their own file because both the rule-pack schema
 * (conditions) and the evaluation schema (structured evidence names the operator) need them.
 */
import { z } from 'zod';

export const OPERATORS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'not_in', 'contains', 'not_contains', 'empty', 'not_empty'] as const;
export const Operator = z.enum(OPERATORS);
export type Operator = z.infer<typeof Operator>;
