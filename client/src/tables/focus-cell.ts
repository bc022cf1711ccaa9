/** Focuses a table cell's input by id and selects its text, as a spreadsheet does. */
export function focusCell(id: string): boolean {
  const input = document.querySelector<HTMLInputElement>(`input[data-cell="${CSS.escape(id)}"]`);
  if (!input) return false;
  input.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  input.focus({ preventScroll: true });
  input.select();
  return true;
}
