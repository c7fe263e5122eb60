/**
 * A recipient shown to staff after a code went out: "••• 725" for a phone
 * number, "KL••••••" for a Threema ID, enough to recognise, not to copy. One
 * rule for the server's answer and the admin's side panel.
 */
export const maskRecipient = (to: string): string =>
  to.startsWith('+') ? `••• ${to.slice(-3)}` : `${to.slice(0, 2)}••••••`;
