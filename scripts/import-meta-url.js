/* global require, __filename */
// Injected into the CommonJS bundles (build-electron.mjs): import.meta.url is the bundle's own file URL.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
