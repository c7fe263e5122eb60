import { ConflictError } from '../errors';

/**
 * Runs a controller body and answers a ConflictError with 409 in Strapi's
 * error shape; everything else goes on to Strapi's error middleware.
 */
export async function answering(ctx: any, handler: () => Promise<void>): Promise<void> {
  try {
    await handler();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    ctx.status = 409;
    ctx.body = {
      data: null,
      error: { status: 409, name: 'ConflictError', message: error.message, details: error.details },
    };
  }
}
