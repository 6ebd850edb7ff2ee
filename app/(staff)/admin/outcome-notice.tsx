type Query = Record<string, string | string[] | undefined>;

/**
 * What an administration action that redirects back (`?revoked=1`, `?error=conflict`) says on
 * the page: each success flag set to "1" shows its sentence; a known error code its message.
 */
export function OutcomeNotice({ query, successes, errors }: { query: Query; successes: Record<string, string>; errors: Record<string, string> }) {
  const error = typeof query.error === "string" && Object.hasOwn(errors, query.error) ? errors[query.error] : undefined;
  return (
    <>
      {Object.entries(successes)
        .filter(([flag]) => query[flag] === "1")
        .map(([flag, text]) => (
          <p key={flag} className="success" role="status">
            {text}
          </p>
        ))}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
