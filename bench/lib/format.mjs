// Plain-text formatting: durations, byte counts, ratios and aligned tables.

export function duration(ns) {
  if (ns === undefined || ns === null || Number.isNaN(ns)) return '-';
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

export function bytes(n) {
  if (n === undefined || n === null || Number.isNaN(n)) return '-';
  const sign = n < 0 ? '-' : '';
  const size = Math.abs(n);
  if (size < 1024) return `${sign}${size} B`;
  if (size < 1024 ** 2) return `${sign}${(size / 1024).toFixed(1)} KB`;
  if (size < 1024 ** 3) return `${sign}${(size / 1024 ** 2).toFixed(1)} MB`;
  return `${sign}${(size / 1024 ** 3).toFixed(2)} GB`;
}

export const ratio = (r) => (typeof r === 'number' && Number.isFinite(r) ? `${r.toFixed(2)}×` : '-');

/** Rows of cells → a table with a header rule; numeric-looking columns align right. */
export function table(header, rows) {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => String(row[i] ?? '').length)));
  const right = header.map((_, i) => rows.some((row) => /^[-\d.]/.test(String(row[i] ?? '')) && String(row[i]) !== '-'));
  const line = (cells) =>
    cells.map((cell, i) => (right[i] ? String(cell ?? '').padStart(widths[i]) : String(cell ?? '').padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
