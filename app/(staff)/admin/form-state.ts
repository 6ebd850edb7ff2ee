/** What an administration form shows after its action ran. */
export type AdminFormState = {
  ok?: string;
  error?: string;
  /** Row-level problems of an import, each with its line in the file. */
  rowErrors?: { line: number; text: string }[];
};
