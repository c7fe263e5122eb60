/**
 * Secure document downloads. Staff release a host document to its client:
 * the client gets an e-mail with a link `<public url>/d/<token>`; the page
 * asks for an access code that travels on another channel (SMS or Threema):
 * sent at once ("standard"), or on the client's request from the page
 * ("self-service": SMS are only spent when the document is really opened,
 * and only to the number or Threema ID on record).
 *
 * Never stored in clear: the token (SHA-256) and the code (scrypt). Never in
 * an API response, e-mail, log line or the send log: the code (its message
 * keeps the text sealed until sent, the log a redacted copy).
 */
import { IDEMPOTENCY } from '../../keys';
import { releasesRepository, type ReleaseRow } from '../repositories/releases';
import { transaction } from '../../kernel/repositories/db';
import { getService } from '../../kernel/get-service';
import { messagingLog } from '../../kernel/log';
import type { Core } from '@strapi/strapi';
import { maskRecipient } from '../../../../shared/mask';
import { EVENTS, type Channel } from '../../constants';
import {
  accessCodeMatches,
  hashAccessCode,
  hashToken,
  newAccessCode,
  newDownloadToken,
  redactCode,
  seal,
  sealingKey,
  TOKEN_PATTERN,
  unseal,
} from '../domain/access-code';
import { chooseBulkChannel } from '../../bulk';
import { hostRepository, type HostClient, type HostDocument } from '../../host';
import { DateTime } from 'luxon';
import { messagesRepository, type MessageDraft, type MessageRow } from '../../outbox';
import { ConflictError, NotFoundError } from '../../kernel/errors';
import { pluginConfig } from '../../kernel/plugin-config';
import { refuseAny } from '../../kernel/validation/schema';
import { PROBLEMS } from '../../kernel/validation/problems';
import { contactOf, practiceSwitches } from '../../notices';
import { privateDocuments, type OpenedDocument } from './private-documents';
import type { PracticeSettings } from '../../../../shared/contracts/settings';

export type { ReleaseRow } from '../repositories/releases';

export type VerifyOutcome =
  | { result: 'file'; file: OpenedDocument & { name: string; mime: string } }
  | { result: 'wrong'; attemptsLeft: number }
  | { result: 'locked' }
  | { result: 'no-code' }
  | { result: 'gone' };

export type CodeRequestOutcome =
  | { result: 'sent'; channel: Channel; to: string }
  | { result: 'rate-limited'; retryAfterMinutes: number }
  /** a cost cap is reached: this release's codes over its life, or the practice's for the day */
  | { result: 'capped'; scope: 'release' | 'practice' }
  | { result: 'locked' }
  | { result: 'gone' }
  | { result: 'unreachable' };

const HOUR = 3_600_000;
const DAY = 86_400_000;

const NO_FILE = PROBLEMS.other(
  'no-file',
  'has no file to download',
  'Dieses Dokument hat keine Datei zum Herunterladen.',
  'This document has no file to download.'
);
const NO_CLIENT = PROBLEMS.other(
  'no-client',
  'belongs to no client',
  'Dieses Dokument gehört zu keiner Akte.',
  'This document belongs to no client.'
);

export const releasesService = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const host = hostRepository(strapi);
  const rows = releasesRepository(strapi);
  const key = () =>
    sealingKey(
      [].concat(strapi.config.get('server.app.keys', []) as never).join(',') ||
        'messaging-development-key'
    );
  const link = (token: string) => `${config.publicUrl.replace(/\/$/, '')}/d/${token}`;
  const isLive = (release: ReleaseRow | null, now: Date) =>
    release !== null &&
    !release.revokedAt &&
    release.codeExpiresAt !== null &&
    new Date(release.codeExpiresAt).getTime() > now.getTime();

  const noCodeChannel = () =>
    new ConflictError(
      'the client cannot get an access code: no mobile number or Threema ID with consent on a channel that is switched on',
      {
        de: 'Die Person kann keinen Zugangscode bekommen: keine Handynummer oder Threema-ID mit Einwilligung auf einem eingeschalteten Kanal.',
        en: 'The client cannot get an access code: no mobile number or Threema ID with consent on a channel that is switched on.',
      },
      { path: ['client'] }
    );

  /** SMS or Threema, never e-mail: the code must not travel with the link. */
  function codeChannel(client: HostClient, settings: PracticeSettings) {
    const choice = chooseBulkChannel(
      { ...contactOf(client), email: null },
      practiceSwitches(settings, config.notices.consentRequired),
      'best'
    );
    return 'unreachable' in choice ? null : (choice as { channel: Channel; to: string });
  }

  async function render(
    practice: string,
    kind: 'access-code' | 'download-link',
    channel: Channel,
    client: HostClient,
    settings: PracticeSettings,
    values: { code?: string; downloadLink?: string }
  ) {
    const rendered = await getService(strapi, 'rendering').render(
      practice,
      kind,
      channel,
      client,
      settings,
      values
    );
    if (!rendered.ok) {
      throw new ConflictError(
        rendered.problem === 'no-template'
          ? `${rendered.message}; add one on the Templates page`
          : `the ${kind} template does not render (${rendered.message}); fix it on the Templates page`,
        rendered.problem === 'no-template'
          ? {
              de: 'Für diese Nachricht fehlt eine Vorlage; bitte auf der Seite Vorlagen anlegen.',
              en: 'A template for this message is missing; please add one on the Templates page.',
            }
          : {
              de: 'Die Vorlage für diese Nachricht lässt sich nicht ausfüllen; bitte auf der Seite Vorlagen korrigieren.',
              en: 'The template for this message cannot be filled in; please correct it on the Templates page.',
            }
      );
    }
    return rendered;
  }

  /** The outbox row of a code message: the log body redacted, the real text sealed until it is sent. */
  async function codeDraft(
    release: ReleaseRow,
    client: HostClient,
    settings: PracticeSettings,
    code: string,
    target: { channel: Channel; to: string }
  ): Promise<MessageDraft> {
    const { body, segments, costTenthCents } = await render(
      release.practice,
      'access-code',
      target.channel,
      client,
      settings,
      { code }
    );
    return {
      practice: release.practice,
      kind: 'access-code',
      channel: target.channel,
      idempotencyKey: IDEMPOTENCY.accessCode(release.id),
      recipient: target.to,
      body: redactCode(body, code),
      clientDocumentId: client.documentId,
      segments,
      costTenthCents,
      meta: { sealed: seal(body, key()), releaseId: release.id },
    };
  }

  async function issueCode(release: ReleaseRow, now: Date) {
    const code = newAccessCode(config.accessCodes.length);
    const { hash, salt } = hashAccessCode(code);
    await rows.update(release.id, {
      codeHash: hash,
      codeSalt: salt,
      codeIssuedAt: now,
      failedAttempts: 0,
      lockedAt: null,
    });
    return code;
  }

  async function loadForStaff(practice: string, documentId: string) {
    const document = await host.findDocument(documentId, practice);
    if (!document) throw new NotFoundError(`no document with documentId ${documentId}`);
    refuseAny([
      ...(document.file ? [] : [['documentId', NO_FILE] as const]),
      ...(document.clientDocumentId ? [] : [['documentId', NO_CLIENT] as const]),
    ]);
    const client = await host.findClient(document.clientDocumentId!, practice);
    if (!client)
      throw new NotFoundError(`the document's client ${document.clientDocumentId} does not exist`);
    const settings = await getService(strapi, 'settings').get(practice);
    return { document, client, settings };
  }

  async function latest(practice: string, documentId: string): Promise<ReleaseRow | null> {
    return rows.latestFor(practice, documentId);
  }

  const summary = async (release: ReleaseRow | null, now = new Date()) => {
    if (!release) return { released: false };
    const messages = release
      ? (
          await messagesRepository(strapi).list(
            { practice: release.practice, clientDocumentId: release.clientDocumentId },
            1,
            50
          )
        ).rows.filter((row) => row.meta?.releaseId === release.id)
      : [];
    return {
      released: true,
      id: release.id,
      delivery: release.delivery,
      createdAt: new Date(release.createdAt).toISOString(),
      expiresAt: release.codeExpiresAt ? new Date(release.codeExpiresAt).toISOString() : null,
      expired: !isLive(release, now),
      revoked: Boolean(release.revokedAt),
      codeIssuedAt: release.codeIssuedAt ? new Date(release.codeIssuedAt).toISOString() : null,
      failedAttempts: release.failedAttempts ?? 0,
      locked: Boolean(release.lockedAt),
      codeRequests: (release.codeRequests ?? []).length,
      /** self-service: how many more the client may ask for; at 0 only staff can give a new code */
      codeRequestsLeft:
        release.delivery === 'self-service'
          ? Math.max(0, config.accessCodes.requestsPerRelease - (release.codeRequests ?? []).length)
          : null,
      codeRequestsCapped:
        release.delivery === 'self-service' &&
        (release.codeRequests ?? []).length >= config.accessCodes.requestsPerRelease,
      downloads: release.downloads ?? [],
      messages: messages.map((row) => ({
        id: row.id,
        kind: row.kind,
        channel: row.channel,
        status: row.status,
        recipient: row.recipient,
        createdAt: row.createdAt,
      })),
    };
  };

  return {
    /** Releases the document: link by e-mail, and in "standard" delivery the code by SMS/Threema at once. Answers without code or token. */
    async release(practice: string, documentId: string, adminId: number | null, now = new Date()) {
      const { document, client, settings } = await loadForStaff(practice, documentId);
      if (!client.email) {
        throw new ConflictError(
          'the client has no e-mail address for the download link; add one to the client record',
          {
            de: 'In der Akte fehlt eine E-Mail-Adresse für den Download-Link.',
            en: 'The client record has no e-mail address for the download link.',
          },
          { path: ['email'] }
        );
      }
      const target = codeChannel(client, settings);
      if (!target) {
        throw noCodeChannel();
      }
      // before any link exists: the file leaves public reach, or the release is refused
      await privateDocuments(strapi).secure(document.file!);
      const token = newDownloadToken();
      const release = await transaction(strapi, async () => {
        // A new release replaces the previous one of the same document: its link stops working.
        await rows.revokeLive(practice, documentId, now);
        const created = (await rows.create({
          data: {
            practice,
            documentDocumentId: document.documentId,
            clientDocumentId: client.documentId,
            tokenHash: hashToken(token),
            delivery: settings.accessCodeDelivery,
            codeExpiresAt: new Date(now.getTime() + config.accessCodes.expiryDays * DAY),
            failedAttempts: 0,
            codeRequests: [],
            downloads: [],
            createdByAdminId: adminId,
          },
        })) as ReleaseRow;
        const mail = await render(practice, 'download-link', 'email', client, settings, {
          downloadLink: link(token),
        });
        const drafts: MessageDraft[] = [
          {
            practice,
            kind: 'download-link',
            channel: 'email',
            idempotencyKey: IDEMPOTENCY.downloadLink(created.id),
            recipient: client.email!,
            subject: mail.subject,
            // Like the code: the log keeps the link redacted, the real text is sealed until it is sent.
            body: redactCode(mail.body, token),
            clientDocumentId: client.documentId,
            costTenthCents: 0,
            meta: { releaseId: created.id, sealed: seal(mail.body, key()) },
          },
        ];
        if (created.delivery === 'standard')
          drafts.push(
            await codeDraft(created, client, settings, await issueCode(created, now), target)
          );
        await getService(strapi, 'outbox').enqueue(drafts);
        return created;
      });
      return summary((await rows.findById(release.id))!, now);
    },

    /** Staff: a new code (and the lock lifted). Standard delivery sends it; self-service lets the client ask again. */
    async newCode(practice: string, documentId: string, now = new Date()) {
      const release = await latest(practice, documentId);
      if (!release || release.revokedAt)
        throw new NotFoundError(`document ${documentId} has not been released`);
      const { client, settings } = await loadForStaff(practice, documentId);
      const expiresAt = new Date(now.getTime() + config.accessCodes.expiryDays * DAY);
      if (release.delivery === 'self-service') {
        await rows.update(release.id, {
          codeHash: null,
          codeSalt: null,
          failedAttempts: 0,
          lockedAt: null,
          codeRequests: [],
          codeExpiresAt: expiresAt,
        });
      } else {
        const target = codeChannel(client, settings);
        if (!target) throw noCodeChannel();
        await transaction(strapi, async () => {
          const code = await issueCode(release, now);
          await rows.update(release.id, { codeExpiresAt: expiresAt });
          await getService(strapi, 'outbox').enqueue([
            await codeDraft(release, client, settings, code, target),
          ]);
        });
      }
      return summary((await rows.findById(release.id))!, now);
    },

    /** Staff: the link stops working at once; the file stays in private storage, unreachable. */
    async revoke(practice: string, documentId: string, now = new Date()) {
      const release = await latest(practice, documentId);
      if (!release || release.revokedAt)
        throw new NotFoundError(`document ${documentId} has not been released`);
      await rows.update(release.id, { revokedAt: now });
      return summary((await rows.findById(release.id))!, now);
    },

    async status(practice: string, documentId: string) {
      if (!(await host.findDocument(documentId, practice)))
        throw new NotFoundError(`no document with documentId ${documentId}`);
      const release = await latest(practice, documentId);
      // not released yet: the practice's delivery, so the panel can say what releasing will send
      if (!release)
        return {
          released: false,
          delivery: (await getService(strapi, 'settings').get(practice)).accessCodeDelivery,
        };
      return summary(release);
    },

    /** The real text of a code message, for the dispatcher only. */
    unsealBody(row: MessageRow): string {
      return unseal(String(row.meta?.sealed), key());
    },

    // ---- the public page ----

    async find(
      token: string,
      now = new Date()
    ): Promise<{
      release: ReleaseRow;
      document: HostDocument;
      settings: PracticeSettings;
      client: HostClient | null;
    } | null> {
      if (!TOKEN_PATTERN.test(token)) return null;
      const release = await rows.findByTokenHash(hashToken(token));
      if (!isLive(release, now)) return null;
      const document = await host.findDocument(release!.documentDocumentId);
      if (!document?.file) return null;
      return {
        release: release!,
        document,
        settings: await getService(strapi, 'settings').get(release!.practice),
        client: await host.findClient(release!.clientDocumentId),
      };
    },

    /** Checks an entered code: the file on success; five wrong entries lock the release. */
    async verify(token: string, entered: string, now = new Date()): Promise<VerifyOutcome> {
      const found = await this.find(token, now);
      if (!found) return { result: 'gone' };
      const { release, document } = found;
      if (release.lockedAt) return { result: 'locked' };
      if (!release.codeHash || !release.codeSalt) return { result: 'no-code' };
      if (accessCodeMatches(entered, { hash: release.codeHash, salt: release.codeSalt })) {
        const opened = await privateDocuments(strapi).open(document.file!);
        await rows.update(release.id, {
          downloads: [...(release.downloads ?? []), { at: now.toISOString() }],
          failedAttempts: 0,
        });
        return {
          result: 'file',
          file: { ...opened, name: document.file!.name, mime: document.file!.mime },
        };
      }
      const attempts = await rows.countFailedAttempt(release.id);
      if (attempts >= config.accessCodes.maxAttempts) {
        await rows.update(release.id, { lockedAt: now });
        strapi.eventHub.emit(EVENTS.releaseLocked, {
          releaseId: release.id,
          documentId: release.documentDocumentId,
        });
        return { result: 'locked' };
      }
      return { result: 'wrong', attemptsLeft: config.accessCodes.maxAttempts - attempts };
    },

    /** Self-service: a new code to the phone or Threema ID on record, a few times an hour at most. */
    async requestCode(token: string, now = new Date()): Promise<CodeRequestOutcome> {
      const found = await this.find(token, now);
      if (!found || found.release.delivery !== 'self-service') return { result: 'gone' };
      const { release, settings, client } = found;
      if (release.lockedAt) return { result: 'locked' };
      // Every request is an SMS the practice pays: capped per link over its life and per practice per day.
      const all = release.codeRequests ?? [];
      if (all.length >= config.accessCodes.requestsPerRelease)
        return { result: 'capped', scope: 'release' };
      const recent = all.filter((at) => now.getTime() - new Date(at).getTime() < HOUR);
      if (recent.length >= config.accessCodes.requestsPerHour) {
        const oldest = Math.min(...recent.map((at) => new Date(at).getTime()));
        return {
          result: 'rate-limited',
          retryAfterMinutes: Math.max(1, Math.ceil((oldest + HOUR - now.getTime()) / 60_000)),
        };
      }
      const target = client ? codeChannel(client, settings) : null;
      if (!client || !target) return { result: 'unreachable' };
      const dayStart = DateTime.fromJSDate(now, { zone: settings.timeZone })
        .startOf('day')
        .toJSDate();
      const today = (
        await messagesRepository(strapi).list(
          { practice: release.practice, kind: 'access-code', from: dayStart },
          1,
          config.accessCodes.requestsPerPracticePerDay + 50
        )
      ).rows;
      if (
        today.filter((row) => (row.meta as { selfService?: boolean } | null)?.selfService).length >=
        config.accessCodes.requestsPerPracticePerDay
      ) {
        messagingLog(strapi).warn(
          `[messaging] practice ${release.practice}: ${config.accessCodes.requestsPerPracticePerDay} self-service code requests today, the daily cap (accessCodes.requestsPerPracticePerDay); further requests are refused until tomorrow`
        );
        return { result: 'capped', scope: 'practice' };
      }
      await transaction(strapi, async () => {
        const code = await issueCode(release, now);
        await rows.update(release.id, { codeRequests: [...all, now.toISOString()] });
        const draft = await codeDraft(release, client, settings, code, target);
        await getService(strapi, 'outbox').enqueue([
          { ...draft, meta: { ...draft.meta, selfService: true } },
        ]);
      });
      return { result: 'sent', channel: target.channel, to: maskRecipient(target.to) };
    },
  };
};
