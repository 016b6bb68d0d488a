/** A user-facing CLI failure: printed as `leadforge: <message>` and exits with `exitCode` (default 1). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
