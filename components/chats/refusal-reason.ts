/** The hub's refusal in words, with the field reasons (e.g. why the recipient was refused). */
export function refusalReason(result: {
  message: string;
  fieldErrors?: Record<string, string[]>;
}): string {
  const details = Object.entries(result.fieldErrors ?? {}).flatMap(([field, messages]) =>
    messages.map((message) => (field === "to" ? `Recipient: ${message}` : message)),
  );
  return details.length ? `${result.message} ${details.join(" ")}` : result.message;
}
