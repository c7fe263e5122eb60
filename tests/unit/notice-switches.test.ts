import {
  checkNoticeSwitches,
  completeSwitches,
  DEFAULT_NOTICE_SWITCHES,
  parseOffsets,
} from '../../shared/notice-switches';

describe('a client’s notice switches', () => {
  it('accepts null (the record type’s defaults), a complete value and a partial one', () => {
    expect(checkNoticeSwitches(null)).toEqual([]);
    expect(checkNoticeSwitches(DEFAULT_NOTICE_SWITCHES)).toEqual([]);
    expect(checkNoticeSwitches({ reminder: { sms: false, offsetsHours: [48, 24] } })).toEqual([]);
  });

  it('names every wrong part by its path', () => {
    const problems = checkNoticeSwitches({
      confirmation: { sms: 'yes' },
      birthday: { sms: true },
      reminder: { offsetsHours: [0, 24, 24, 400, 2.5] },
      cancellation: true,
    });
    const paths = problems.map((p) => p.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'birthday',
        'confirmation.sms',
        'reminder.offsetsHours.0',
        'reminder.offsetsHours.3',
        'reminder.offsetsHours.4',
        'reminder.offsetsHours',
        'cancellation',
      ])
    );
    expect(problems.find((p) => p.path.join('.') === 'reminder.offsetsHours.0')!.message).toBe(
      'must be a whole number of hours from 1 to 336'
    );
    expect(checkNoticeSwitches([1, 2])).toEqual([
      {
        path: [],
        message: expect.stringContaining('must be an object'),
        de: 'Die Einstellungen sind unlesbar.',
        en: 'The settings cannot be read.',
      },
    ]);
    // the editor speaks to people: every problem has German and English words without the rule's jargon
    for (const problem of checkNoticeSwitches({
      reminder: { sms: 'ja', offsetsHours: [0, 0, 500, 1] },
      nope: {},
    })) {
      expect(problem.de).toMatch(/^[A-ZÄÖÜ„].*\.$/);
      expect(`${problem.de} ${problem.en}`).not.toMatch(/must be|offsetsHours/);
    }
    expect(
      checkNoticeSwitches({ reminder: { offsetsHours: [72, 48, 24, 12] } }).map((p) => p.message)
    ).toEqual(['at most 3 reminders']);
  });

  it('reads reminder times as staff type them', () => {
    expect(parseOffsets('48, 24')).toEqual([48, 24]);
    expect(parseOffsets('48h;24h 2')).toEqual([48, 24, 2]);
    expect(parseOffsets('')).toEqual([]);
    expect(parseOffsets('24, zwei')).toEqual([24, Number.NaN]);
  });

  it('completes a partial value from the defaults without changing them', () => {
    const complete = completeSwitches({ confirmation: { sms: true } });
    expect(complete.confirmation).toEqual({ email: true, sms: true, threema: true });
    expect(complete.reminder.offsetsHours).toEqual([24]);
    complete.reminder.offsetsHours.push(2);
    expect(DEFAULT_NOTICE_SWITCHES.reminder.offsetsHours).toEqual([24]);
  });
});
