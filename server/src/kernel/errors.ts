import { errors } from '@strapi/utils';

/**
 * 409: the request is well-formed but the practice's state forbids it
 * (channel switched off, job already running). Strapi's ApplicationError
 * family has no 409, but its error middleware answers any `HttpError` of
 * @strapi/utils in its own shape ({ status, name, message, details }), as
 * `ctx.conflict()` does, so this error is thrown from any layer and needs no
 * wrapper in the controllers.
 */
export class ConflictError extends Error {
  readonly status = 409;
  readonly statusCode = 409;
  readonly expose = true;
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
// Strapi checks `instanceof errors.HttpError`, the abstract class of its own
// copy of http-errors: it cannot be constructed and each package may carry
// another copy of http-errors, so the error joins the prototype chain of the
// very class Strapi checks (the host's @strapi/utils, our peer dependency).
Object.setPrototypeOf(ConflictError.prototype, errors.HttpError.prototype);

export const { NotFoundError } = errors;
