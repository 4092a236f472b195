/** One line of what was said on the wire during a check, as the report shows it. */
export interface TranscriptLine {
  t: number;
  dir: 'in' | 'out' | 'note';
  conn: string;
  text: string;
}
