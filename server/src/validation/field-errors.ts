import { errors } from '@strapi/utils';

/**
 * Collects problems per field and throws one Strapi ValidationError, which
 * Strapi answers with 400 and `error.details.errors[].path` naming each field.
 * The message names the fields too, for clients that only show `message`.
 */
export class FieldErrors {
  private readonly items: { path: string[]; message: string; name: string; reason?: { de: string; en: string } }[] = [];

  /** @param reason the problem worded for the person who wrote the input, in German and English (shown as is) */
  add(field: string, message: string, reason?: { de: string; en: string }) {
    this.items.push({ path: field.split('.'), message: `${field} ${message}`, name: 'ValidationError', ...(reason ? { reason } : {}) });
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
