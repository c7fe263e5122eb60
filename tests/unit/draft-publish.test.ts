import { appointmentEventOf } from '../../server/src/host/domain/draft-publish';

describe('what a Document Service action means for an appointment (the draft & publish policy)', () => {
  it('counts every save of a type without draft & publish', () => {
    expect(appointmentEventOf('create', {}, false)).toBe('created');
    expect(appointmentEventOf('clone', {}, false)).toBe('created');
    expect(appointmentEventOf('update', {}, false)).toBe('changed');
    expect(appointmentEventOf('delete', {}, false)).toBe('gone');
  });

  it('never lets a draft notify anyone: only publishing creates, moves or cancels', () => {
    expect(appointmentEventOf('create', {}, true)).toBeNull();
    expect(appointmentEventOf('update', {}, true)).toBeNull();
    expect(appointmentEventOf('clone', {}, true)).toBeNull();
    expect(appointmentEventOf('discardDraft', {}, true)).toBeNull();
    expect(appointmentEventOf('publish', {}, true)).toBe('changed');
    // saved and published in one call
    expect(appointmentEventOf('create', { status: 'published' }, true)).toBe('created');
    expect(appointmentEventOf('update', { status: 'published' }, true)).toBe('changed');
  });

  it('cancels a published appointment that is unpublished or deleted', () => {
    expect(appointmentEventOf('unpublish', {}, true)).toBe('gone');
    expect(appointmentEventOf('delete', {}, true)).toBe('gone');
  });

  it('ignores reads', () => {
    for (const action of ['findOne', 'findMany', 'findFirst', 'count'])
      expect(appointmentEventOf(action, {}, true)).toBeNull();
  });
});
