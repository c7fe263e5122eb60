import { errors } from '@strapi/utils';

/**
 * 409: the request is well-formed but the practice's state forbids it
 * (channel switched off, job already running). Strapi's ApplicationError
 * family has no 409 (any other ApplicationError becomes 400), so
 * controllers answer this one themselves (see controllers/respond.ts).
 */
export class ConflictError extends Error {
  readonly status = 409;
  readonly details: Record<string, unknown>;

  /** @param reason what is in the way, for the person who asked, in German and English (`details.reason`) */
  constructor(
    message: string,
    reason: { de: string; en: string },
    details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = 'ConflictError';
    this.details = { ...details, reason };
  }
}

export const { NotFoundError } = errors;
