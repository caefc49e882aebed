// Reads the tables of docs/path-syntax.md into test cases: each `| `path` | `result` |` row, with
// the document of its section: the ```json block of its section, else the sample (the first block).
export function syntaxTables(markdown) {
  const rows = [];
  let doc = null;
  let sample = null;
  let section = '';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('#')) section = line.replace(/^#+\s*/, '');
    if (line.startsWith('## ')) doc = sample;
    if (line.startsWith('```json')) {
      const body = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
      const text = body.join('\n');
      // The @pretty output sample is a result, not a document.
      if (sample === null) sample = text;
      if (!section.startsWith('Modifiers')) doc = text;
      continue;
    }
    const match = /^\| `(.+?)` \| (?:`([^`]*)`|—) \|$/.exec(line);
    if (!match || doc === null) continue;
    const path = match[1].replaceAll('\\|', '|');
    const expected = match[2] === undefined ? undefined : match[2].replaceAll('\\|', '|').replaceAll('\\n', '\n');
    rows.push({ section, doc, path, expected, exact: expected !== undefined && expected.includes('\n') });
  }
  return rows;
}
