/** An error meant for the person at the terminal: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    /** 2: the input cannot be read or parsed, or the command line is wrong. */
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
