/** An error the user caused and can fix (bad flag, missing file, unreachable server): printed as one line, exit code 2. */
export class UserError extends Error {
  override name = "UserError";
}
