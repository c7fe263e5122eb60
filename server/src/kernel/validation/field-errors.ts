import { errors } from '@strapi/utils';
import type { Problem } from './problems';

/**
 * Collects problems per field and throws one Strapi ValidationError, which
 * Strapi answers with 400 and `error.details.errors[]` naming each field
 * (`path`), the problem's `code`, and its `reason` in German and English
 * for the person who typed it (validation/problems.ts words every one).
 * The message names the fields too, for clients that only show `message`.
 */
export class FieldErrors {
  private readonly items: {
    path: string[];
    message: string;
    name: string;
    code: string;
    reason: { de: string; en: string };
  }[] = [];

  add(field: string, problem: Problem) {
    this.items.push({
      path: field.split('.'),
      message: `${field} ${problem.message}`,
      name: 'ValidationError',
      code: problem.code,
      reason: { de: problem.de, en: problem.en },
    });
  }

  get count() {
    return this.items.length;
  }

  throwIfAny(): void {
    if (this.items.length === 0) return;
    const message = this.items.map((item) => item.message).join('; ');
    throw new errors.ValidationError(message, { errors: this.items });
  }
}
