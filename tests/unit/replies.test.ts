import { readReply } from '../../server/src/outbox/domain/replies';

describe('what a client’s reply says', () => {
  it.each([
    ['ja ', 'confirmed'],
    ['Ja!', 'confirmed'],
    ['J', 'confirmed'],
    ['Jo', 'confirmed'],
    ['jaaa', 'confirmed'],
    ['Yes', 'confirmed'],
    ['OK', 'confirmed'],
    ['👍', 'confirmed'],
    ['👍🏼', 'confirmed'],
    ['Ja, ich komme', 'confirmed'],
    ['Ich komme gerne', 'confirmed'],
    ['Nein', 'declined'],
    ['N', 'declined'],
    ['nee', 'declined'],
    ['Nein, leider krank', 'declined'],
    ['Leider nein', 'declined'],
    ['Absage', 'declined'],
    ['absagen bitte', 'declined'],
    ['Absagne', 'declined'],
    ['Cancel', 'declined'],
    ['👎', 'declined'],
    ['Ich kann leider nicht', 'declined'],
    ['Ich kann nicht', 'declined'],
    ['Komme nicht', 'declined'],
    ['Kann ich auf Donnerstag?', 'unclear'],
    ['Ja?', 'unclear'],
    ['Ja, ich komme nicht', 'unclear'],
    ['Danke, bis Dienstag!', 'unclear'],
    ['Neue Adresse: Bahnhofstr. 3', 'unclear'],
  ])('%j → %s', (text, answer) => {
    expect(readReply(text).answer).toBe(answer);
  });

  it('takes Twilio’s opt-out and opt-in keywords (and the German ones) only as the whole reply', () => {
    for (const word of [
      'STOP',
      'stop',
      ' Stop. ',
      'REVOKE',
      'optout',
      'UNSUBSCRIBE',
      'STOPP',
      'Abmelden',
    ])
      expect(readReply(word).consent).toBe('withdrawn');
    for (const word of ['START', 'unstop', 'Yes', 'ANMELDEN'])
      expect(readReply(word).consent).toBe('given');
    for (const text of ['Stop sending on Sundays', 'Bitte STOP', 'Ja', 'Nein'])
      expect(readReply(text).consent).toBeNull();
    // CANCEL is Twilio's opt-out (it blocks the number) and, in reply to a reminder, a decline
    expect(readReply('CANCEL')).toMatchObject({ consent: 'withdrawn', answer: 'declined' });
    expect(readReply('yes')).toMatchObject({ consent: 'given', answer: 'confirmed' });
  });

  it('has no answer for an empty reply', () => {
    expect(readReply('  ').answer).toBeNull();
    expect(readReply('...').answer).toBeNull();
  });
});
