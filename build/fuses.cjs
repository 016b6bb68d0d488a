/**
 * electron-builder `afterPack` hook (electron-builder.yml): flips the Electron fuses of the packaged binary, after
 * packing and before signing, with @electron/fuses 1.8. Fuses are bits compiled into the Electron binary that
 * switch features off for good (https://www.electronjs.org/docs/latest/tutorial/fuses):
 *
 * - RunAsNode off: `ELECTRON_RUN_AS_NODE` cannot turn the app into a plain Node.js interpreter.
 * - EnableCookieEncryption on: the cookie store is encrypted at rest with an OS-keychain key.
 * - EnableNodeOptionsEnvironmentVariable off: `NODE_OPTIONS` (e.g. `--require evil.js`) is ignored.
 * - EnableNodeCliInspectArguments off: `--inspect`/`--inspect-brk` cannot attach a debugger to main.
 * - EnableEmbeddedAsarIntegrityValidation on: app.asar is checked against the hash embedded at build time
 *   (macOS and Windows; Electron has no asar integrity on Linux yet).
 * - OnlyLoadAppFromAsar on: Electron loads the app only from app.asar, never from a loose `app/` folder.
 * - LoadBrowserProcessSpecificV8Snapshot off: the default (one V8 snapshot), set explicitly for the strict check.
 * - GrantFileProtocolExtraPrivileges kept ON: the renderer is loaded from file:// (out/renderer/index.html) and
 *   its `<script type="module">` needs file:// to keep Electron's extra privileges; turning it off requires
 *   serving the renderer from a custom protocol first.
 *
 * `strictlyRequireAllFuses: true`: an Electron upgrade that adds a fuse fails the build until it is decided here.
 * Checked by test/security/packaging.test.ts (config values, and the hook run on a fake binary).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file on purpose: electron-builder loads the
   afterPack hook with require(), and the package is "type": "module". */
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuse settings (FuseV1Options index → enabled). */
const FUSES = Object.freeze({
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
});

/** electron-builder's Arch enum value of arm64 (`require('electron-builder').Arch.arm64`). */
const ARCH_ARM64 = 3;

/**
 * Path of the packaged Electron executable (or .app bundle) of an afterPack context.
 * @param {{ electronPlatformName: string, appOutDir: string, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 * @returns {string} absolute path: `<appOutDir>/LeadForge.app` (macOS), `<appOutDir>/LeadForge.exe` (Windows),
 *   `<appOutDir>/<executableName>` (Linux)
 */
function electronBinaryPath(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  const product = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${product}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${product}.exe`);
  return path.join(appOutDir, packager.executableName || product);
}

/**
 * The hook: flips {@link FUSES} in the packaged binary. On Apple Silicon the ad-hoc signature is reset (the
 * binary changed; electron-builder signs it afterwards when an identity is configured).
 * @param {object} context electron-builder's AfterPackContext (https://www.electron.build/configuration#afterpack)
 * @returns {Promise<void>}
 * @throws when the binary has no fuse wire or a fuse is not configured (strict mode)
 */
async function afterPack(context) {
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === ARCH_ARM64;
  await flipFuses(electronBinaryPath(context), { ...FUSES, resetAdHocDarwinSignature });
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.afterPack = afterPack;
module.exports.FUSES = FUSES;
module.exports.electronBinaryPath = electronBinaryPath;
