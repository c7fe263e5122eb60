import { errors } from '@strapi/utils';
import { ConflictError } from '../../server/src/kernel/errors';

describe('ConflictError', () => {
  it("is an HttpError that Strapi's error middleware answers as 409 with its reason", () => {
    const error = new ConflictError(
      'the job is already running',
      { de: 'Der Auftrag läuft schon.', en: 'The job is already running.' },
      { batchId: 7 }
    );
    expect(error).toBeInstanceOf(errors.HttpError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      status: 409,
      name: 'ConflictError',
      message: 'the job is already running',
      expose: true,
      details: {
        batchId: 7,
        reason: { de: 'Der Auftrag läuft schon.', en: 'The job is already running.' },
      },
    });
  });
});
