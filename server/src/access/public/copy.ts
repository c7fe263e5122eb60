/** What the public pages say to clients, in German and English (one place for the words). */
export const PUBLIC_COPY = {
  de: {
    codeSent: (via: string, to: string) => `Der Code ist unterwegs (${via} an ${to}).`,
    waitForCode: (minutes: number) =>
      `Bitte warten Sie ${minutes} Minuten, bevor Sie einen neuen Code anfordern.`,
    noMoreCodes:
      'Für diesen Download können keine weiteren Codes angefordert werden. Bitte wenden Sie sich an die Praxis.',
    noPhone: 'Für Sie ist keine Handynummer hinterlegt. Bitte wenden Sie sich an die Praxis.',
    askFirst: 'Bitte fordern Sie zuerst einen Code an.',
  },
  en: {
    codeSent: (via: string, to: string) => `The code is on its way (${via} to ${to}).`,
    waitForCode: (minutes: number) =>
      `Please wait ${minutes} minutes before asking for a new code.`,
    noMoreCodes: 'No more codes can be requested for this download. Please contact the practice.',
    noPhone: 'No phone is on record for you. Please contact the practice.',
    askFirst: 'Please ask for a code first.',
  },
} as const;

/** A slip that does not exist, has expired or was never well-formed: one answer for all. */
export const PUBLIC_NOT_FOUND = 'Nicht gefunden oder abgelaufen / Not found or expired';
