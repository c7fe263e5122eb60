/** "••• 725" for a phone number, "KL••••••" for a Threema ID: enough to recognise, not to copy. Server and admin show recipients this way. */
export const maskRecipient = (to: string | null | undefined): string =>
  !to ? '–' : to.startsWith('+') ? `••• ${to.slice(-3)}` : `${to.slice(0, 2)}••••••`;
