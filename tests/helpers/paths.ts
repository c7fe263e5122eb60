import path from 'path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const appDir = path.join(repoRoot, 'playground');
export const distDir = path.join(appDir, 'dist');
