/**
 * Released documents are readable only through the access code. A file of
 * the local upload provider lives in public/uploads, where anybody who
 * knows or guesses its URL can fetch it; releasing it moves the file (and
 * the image sizes Strapi made of it) into a private folder outside public/
 * (`accessCodes.privateDir`), so its former URL answers 404. A remote
 * provider must be private (Strapi's `isPrivate()`, e.g. a private S3
 * bucket): the download page then redirects to a short-lived signed URL.
 * A remote provider that serves files publicly is refused at release.
 */
import type { Core } from '@strapi/strapi';
import fs from 'fs';
import path from 'path';
import type { HostFile } from '../../host';
import { pluginConfig } from '../../kernel/plugin-config';
import { ConflictError } from '../../kernel/errors';

export type OpenedDocument = { kind: 'file'; path: string } | { kind: 'redirect'; url: string };

const LOCAL = 'local';

interface UploadProvider {
  isPrivate?: () => boolean | Promise<boolean>;
  getSignedUrl?: (file: Record<string, unknown>) => Promise<{ url: string }> | { url: string };
}

export const privateDocuments = (strapi: Core.Strapi) => {
  const privateRoot = () =>
    path.resolve(strapi.dirs.app.root, pluginConfig(strapi).accessCodes.privateDir);
  const publicRoot = () => path.resolve(strapi.dirs.static.public);
  const provider = () =>
    (strapi.plugin('upload') as unknown as { provider?: UploadProvider } | undefined)?.provider;
  const providerName = () =>
    String(
      (strapi.config.get('plugin::upload') as { provider?: string } | undefined)?.provider ?? LOCAL
    );

  /** public/uploads/x.pdf for /uploads/x.pdf; null for a URL outside the public folder */
  function publicPath(url: string): string | null {
    if (!url.startsWith('/')) return null;
    const root = publicRoot();
    const file = path.resolve(root, `.${decodeURIComponent(url.split('?')[0])}`);
    return file.startsWith(root + path.sep) ? file : null;
  }

  const privatePath = (url: string) =>
    path.join(privateRoot(), path.basename(decodeURIComponent(url.split('?')[0])));

  function move(from: string, to: string) {
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
    try {
      fs.renameSync(from, to);
    } catch (error) {
      // another file system (a mounted volume): copy, then remove the public copy
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      fs.copyFileSync(from, to);
      fs.unlinkSync(from);
    }
  }

  async function remoteIsPrivate(file: HostFile): Promise<boolean> {
    if (file.provider !== providerName()) return false;
    return Boolean(await provider()?.isPrivate?.());
  }

  return {
    /**
     * Takes the file out of public reach, at release. Refuses (409, naming
     * the provider) what cannot be made private; idempotent.
     */
    async secure(file: HostFile): Promise<void> {
      if (file.provider !== LOCAL) {
        if (await remoteIsPrivate(file)) return;
        throw new ConflictError(
          `the upload provider "${file.provider}" serves files publicly; released documents need a private one (isPrivate, e.g. a private bucket with signed URLs)`,
          {
            de: `Die Datei liegt beim Upload-Anbieter „${file.provider}“ öffentlich abrufbar. Für sichere Downloads muss er privat sein (z. B. ein privater Bucket mit signierten Links).`,
            en: `The file is publicly reachable at the upload provider "${file.provider}". Secure downloads need a private one (e.g. a private bucket with signed links).`,
          },
          { path: ['documentId'] }
        );
      }
      const target = privatePath(file.url);
      for (const url of [file.url, ...file.formatUrls]) {
        const from = publicPath(url);
        if (from && fs.existsSync(from)) move(from, privatePath(url));
      }
      if (!fs.existsSync(target)) {
        throw new ConflictError(
          `the file of this document (${file.url}) is missing on this server`,
          {
            de: 'Die Datei dieses Dokuments fehlt auf dem Server.',
            en: 'The file of this document is missing on the server.',
          },
          { path: ['documentId'] }
        );
      }
    },

    /** Where the download page gets the bytes, once the code was right (securing a file replaced since release). */
    async open(file: HostFile): Promise<OpenedDocument> {
      await this.secure(file);
      if (file.provider !== LOCAL) {
        const signed = await provider()!.getSignedUrl!(file.raw);
        return { kind: 'redirect', url: signed.url };
      }
      return { kind: 'file', path: privatePath(file.url) };
    },
  };
};
