import { maskRecipient } from '../../shared/mask';

describe('a recipient shown to people (server answers and the admin alike)', () => {
  it('keeps the last three digits of a number, the first two characters of a Threema ID, and nothing of a missing one', () => {
    expect(maskRecipient('+491711234725')).toBe('••• 725');
    expect(maskRecipient('KLMN1234')).toBe('KL••••••');
    expect(maskRecipient(null)).toBe('–');
    expect(maskRecipient('+491711234725')).not.toContain('1234');
  });
});
