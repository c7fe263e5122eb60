import { errors } from '@strapi/utils';

/**
 * 409: the request is well-formed but the practice's state forbids it
 * (channel switched off, job already running). Strapi's ApplicationError
 * family has no 409, and its error middleware answers any other
 * ApplicationError with 400; an Error carrying `status` and `expose` goes
 * through http-errors and keeps its status, name and message.
 */
export class ConflictError extends Error {
  readonly status = 409;
  readonly expose = true;
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ConflictError';
    this.details = details;
  }
}

export const { NotFoundError } = errors;
