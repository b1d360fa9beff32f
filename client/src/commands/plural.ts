/** "1 file", "2 files"; `plural` for the irregular ones ("2 fixes"). */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
