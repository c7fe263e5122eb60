/**
 * The public download page `/d/<token>` (server-rendered, German/English,
 * mobile friendly): the document's title, a field for the access code and,
 * in self-service delivery, "send me the code". Shows nothing else of the
 * client. Pure: the route decides what to show.
 */
import { escapeHtml } from '../domain/html';

export type DownloadPageState =
  | { kind: 'form'; error?: 'wrong'; attemptsLeft?: number; notice?: string }
  | { kind: 'locked' }
  | { kind: 'gone' };

export interface DownloadPageInput {
  locale: 'de' | 'en';
  practiceName: string | null;
  practiceContact: string | null;
  title: string;
  selfService: boolean;
  codeLength: number;
  state: DownloadPageState;
  action: string;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f6f6f9;color:#32324d}main{max-width:28rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.4rem}.card{background:#fff;padding:1rem;border-radius:8px}label{display:block;font-weight:600;margin-bottom:.5rem}
input{font-size:1.4rem;letter-spacing:.2em;padding:.6rem;width:100%;box-sizing:border-box;border:1px solid #c0c0cf;border-radius:6px;text-transform:uppercase}
button{margin-top:1rem;padding:.75rem 1rem;background:#4945ff;color:#fff;border:0;border-radius:6px;font-size:1rem;width:100%}
button.secondary{background:#fff;color:#4945ff;border:1px solid #4945ff}.error{background:#fcecea;color:#b72b1a;padding:.75rem;border-radius:8px;font-weight:600}
.notice{background:#eafbe7;color:#2f6846;padding:.75rem;border-radius:8px}`;

export function downloadPage(input: DownloadPageInput): string {
  const t = (de: string, en: string) => (input.locale === 'de' ? de : en);
  const heading = t('Sicherer Dokumentendownload', 'Secure document download');
  let content: string;
  if (input.state.kind === 'gone') {
    content = `<p class="error" data-state="gone">${t('Nicht gefunden oder abgelaufen.', 'Not found or expired.')}</p>`;
  } else if (input.state.kind === 'locked') {
    content = `<p class="error" data-state="locked">${t(
      'Zu viele falsche Eingaben: der Download ist gesperrt. Bitte wenden Sie sich an die Praxis, sie kann Ihnen einen neuen Code geben.',
      'Too many wrong entries: the download is locked. Please contact the practice; it can give you a new code.'
    )}</p>`;
  } else {
    const { error, attemptsLeft, notice } = input.state;
    content = `<div class="card">
<p><strong>${escapeHtml(input.title)}</strong></p>
${notice ? `<p class="notice" data-state="notice">${escapeHtml(notice)}</p>` : ''}
${error === 'wrong' ? `<p class="error" data-state="wrong">${t(`Der Code stimmt nicht. Noch ${attemptsLeft} ${attemptsLeft === 1 ? 'Versuch' : 'Versuche'}.`, `The code is not right. ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left.`)}</p>` : ''}
<form method="post" action="${escapeHtml(input.action)}">
<label for="code">${t('Zugangscode', 'Access code')}</label>
<input id="code" name="code" autocomplete="one-time-code" inputmode="text" maxlength="${input.codeLength + 4}" required>
<button type="submit">${t('Dokument herunterladen', 'Download the document')}</button>
</form>
${
  input.selfService
    ? `<form method="post" action="${escapeHtml(input.action)}/code"><button class="secondary" type="submit">${t(
        'Code an meine hinterlegte Handynummer senden',
        'Send the code to my phone on record'
      )}</button></form>`
    : `<p>${t('Den Code haben Sie getrennt von der E-Mail per SMS oder Threema bekommen.', 'You got the code separately from the e-mail, by SMS or Threema.')}</p>`
}
</div>`;
  }
  return `<!doctype html>
<html lang="${input.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(heading)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(heading)}${input.practiceName ? ` · ${escapeHtml(input.practiceName)}` : ''}</h1>
${content}
${input.practiceContact ? `<p>${t('Fragen?', 'Questions?')} ${escapeHtml(input.practiceContact)}</p>` : ''}
</main></body></html>`;
}
