/**
 * Readable reasons for failure codes, in German and English, for the send
 * log. Codes are `<provider>:<code>` as set by the providers.
 */
export interface Reason {
  de: string;
  en: string;
}

/**
 * A transient failure's reason promises a retry while one follows; once
 * the dispatcher gives up (last attempt used), the log must not say "will
 * retry" any more, so such codes carry the wording of the end as well.
 */
type ReasonTexts = Reason & { final?: Reason };

const REASONS: Record<string, ReasonTexts> = {
  'twilio:20003': { de: 'Twilio-Zugangsdaten ungültig.', en: 'Twilio credentials were rejected.' },
  'twilio:20429': {
    de: 'Twilio ist überlastet, neuer Versuch folgt.',
    en: 'Twilio is rate limiting, will retry.',
    final: {
      de: 'Twilio war bei jedem Versuch überlastet; nicht gesendet.',
      en: 'Twilio was rate limiting on every attempt; gave up, not sent.',
    },
  },
  'twilio:21211': { de: 'Die Handynummer ist ungültig.', en: 'The mobile number is not valid.' },
  'twilio:21408': {
    de: 'SMS in dieses Land sind im Twilio-Konto nicht freigeschaltet.',
    en: 'SMS to this country is not enabled in the Twilio account.',
  },
  'twilio:21606': {
    de: 'Der Absender ist für dieses Ziel nicht zugelassen.',
    en: 'The sender may not send to this destination.',
  },
  'twilio:21608': {
    de: 'Testkonto: die Nummer ist nicht verifiziert.',
    en: 'Trial account: the number is not verified.',
  },
  'twilio:21610': {
    de: 'Das Klienty hat SMS abbestellt (STOP).',
    en: 'The client has opted out of SMS (STOP).',
  },
  'twilio:21611': {
    de: 'Die Twilio-Warteschlange des Absenders ist voll.',
    en: 'The sender’s Twilio queue is full.',
  },
  'twilio:21612': {
    de: 'Diese Absender-/Empfänger-Kombination kann nicht zugestellt werden.',
    en: 'This sender/recipient combination cannot be routed.',
  },
  'twilio:21614': {
    de: 'Die Nummer kann keine SMS empfangen.',
    en: 'The number cannot receive SMS.',
  },
  'twilio:21635': { de: 'Die Nummer ist ein Festnetzanschluss.', en: 'The number is a landline.' },
  'twilio:30001': {
    de: 'Zu lange in der Warteschlange, verworfen.',
    en: 'Waited too long in the queue and was dropped.',
  },
  'twilio:30003': { de: 'Das Handy ist nicht erreichbar.', en: 'The handset is unreachable.' },
  'twilio:30005': {
    de: 'Die Nummer ist unbekannt oder existiert nicht mehr.',
    en: 'The number is unknown or no longer exists.',
  },
  'twilio:30006': {
    de: 'Festnetz oder nicht erreichbarer Anbieter.',
    en: 'Landline or unreachable carrier.',
  },
  'twilio:30007': { de: 'Vom Mobilfunkanbieter gefiltert.', en: 'Filtered by the carrier.' },
  'twilio:30008': { de: 'Unbekannter Zustellfehler.', en: 'Unknown delivery error.' },
  'threema:400': {
    de: 'Die Threema-ID ist ungültig oder das Konto passt nicht zum Modus.',
    en: 'The Threema ID is invalid or the account does not fit this mode.',
  },
  'threema:401': {
    de: 'Threema-Gateway-ID oder Secret ist falsch.',
    en: 'Threema Gateway ID or secret is wrong.',
  },
  'threema:402': { de: 'Kein Threema-Guthaben mehr.', en: 'No Threema credits left.' },
  'threema:404': { de: 'Diese Threema-ID gibt es nicht.', en: 'This Threema ID does not exist.' },
  'threema:413': {
    de: 'Die Nachricht ist für Threema zu lang.',
    en: 'The message is too long for Threema.',
  },
  'threema:429': {
    de: 'Threema drosselt, neuer Versuch folgt.',
    en: 'Threema is rate limiting, will retry.',
    final: {
      de: 'Threema hat bei jedem Versuch gedrosselt; nicht gesendet.',
      en: 'Threema was rate limiting on every attempt; gave up, not sent.',
    },
  },
  'threema:500': { de: 'Vorübergehender Fehler bei Threema.', en: 'Temporary Threema error.' },
  'email:failed': {
    de: 'Die E-Mail konnte nicht verschickt werden.',
    en: 'The e-mail could not be sent.',
  },
  'lease-expired': {
    de: 'Versand wurde unterbrochen; ob die Nachricht beim Anbieter ankam, ist unklar. Bitte prüfen und ggf. erneut senden.',
    en: 'Sending was interrupted; it is unclear whether the provider got the message. Check it and resend if needed.',
  },
  'unclear-outcome': {
    de: 'Der Anbieter hat nicht geantwortet; ob die Nachricht ankam, ist unklar und lässt sich bei diesem Anbieter nicht nachsehen. Bitte prüfen und ggf. erneut senden.',
    en: 'The provider did not answer; whether it got the message is unclear and cannot be looked up with this provider. Check it and resend if needed.',
  },
  checking: {
    de: 'Der Anbieter hat nicht geantwortet; der Versand wird beim Anbieter nachgesehen, bevor erneut gesendet wird.',
    en: 'The provider did not answer; the plugin looks the message up with the provider before sending again.',
  },
  'lookup-failed': {
    de: 'Beim Anbieter ließ sich nicht nachsehen, ob die Nachricht ankam. Bitte prüfen und ggf. erneut senden.',
    en: 'The provider could not be asked whether it got the message. Check it and resend if needed.',
  },
  'channel-disabled': {
    de: 'Der Kanal ist in den Einstellungen ausgeschaltet.',
    en: 'The channel is switched off in the settings.',
  },
  'provider-not-configured': {
    de: 'Für diesen Kanal ist kein Anbieter eingerichtet.',
    en: 'No provider is configured for this channel.',
  },
};

/** The codes with a text of their own (network and 5xx codes are matched by pattern). */
export const KNOWN_REASON_CODES: readonly string[] = Object.keys(REASONS);

const NETWORK: ReasonTexts = {
  de: 'Netzwerkfehler beim Anbieter, neuer Versuch folgt.',
  en: 'Network error talking to the provider, will retry.',
  final: {
    de: 'Netzwerkfehler beim Anbieter bei jedem Versuch; nicht gesendet.',
    en: 'Network error talking to the provider on every attempt; gave up, not sent.',
  },
};

/**
 * @param options.final the failure is for good (no retry follows): the
 *   wording of the end instead of "will retry"
 */
export function reasonFor(
  code: string,
  fallback?: string,
  options: { final?: boolean } = {}
): Reason {
  const texts = REASONS[code] ?? (code.startsWith('network:') ? NETWORK : undefined);
  if (texts) {
    const chosen = options.final && texts.final ? texts.final : texts;
    return { de: chosen.de, en: chosen.en };
  }
  if (/^(twilio|threema):5\d\d$/.test(code))
    return { de: 'Vorübergehender Fehler beim Anbieter.', en: 'Temporary provider error.' };
  return { de: fallback ?? 'Unbekannter Fehler.', en: fallback ?? 'Unknown error.' };
}
