// The documents every scenario runs on: the generated seed document, its
// number-dense telemetry profile (telemetry.mjs), and the corpus in bench/corpus/ (twitter, citm_catalog, canada; $ARENAJSON_TESTDATA/corpus
// when that is set).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSeed, parseSize, seedDefaults } from '../data/seed.mjs';
import { root } from './api.mjs';
import { pickFields } from './paths.mjs';

export const corpusDir = process.env.ARENAJSON_TESTDATA ? join(process.env.ARENAJSON_TESTDATA, 'corpus') : join(root, 'bench', 'corpus');
export const documentNames = ['seed', 'twitter', 'citm_catalog', 'canada', 'telemetry'];
/** Run only when named: `telemetry-spaced` is telemetry written as Python's json.dumps writes (", " and ": "). */
export const optionalDocumentNames = ['telemetry-spaced'];

// JSON text with a space after every `,` and `:` outside strings.
function spacedText(value) {
  if (Array.isArray(value)) return `[${value.map(spacedText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${spacedText(item)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

function describe(name, text, fieldSeed) {
  const buffer = Buffer.from(text, 'utf8');
  const fields = new Map();
  return {
    name,
    text,
    buffer,
    bytes: buffer.length,
    /**
     * A fresh JSON.parse(text). Not cached: a scenario keeps the value while it
     * runs, so no document's JS data outlives its scenarios and the heap each
     * scenario runs with is its own (see --live-heap for more).
     */
    get value() {
      return JSON.parse(text);
    },
    /** `count` fields to read, the same on every run (see paths.mjs). */
    fields(count) {
      if (!fields.has(count)) fields.set(count, pickFields(this.value, count, { name, seed: fieldSeed }));
      return fields.get(count);
    },
  };
}

/** Loads the named documents; a missing corpus file is an error with its path. */
export function loadDocuments(names, seedOptions = {}) {
  const options = { ...seedDefaults, ...seedOptions };
  if (typeof options.size === 'string') options.size = parseSize(options.size);
  return names.map((name) => {
    if (name === 'seed') return describe('seed', generateSeed(options), options.seed);
    if (name === 'telemetry' || name === 'telemetry-spaced') {
      // Its own size and shape; only --seed= applies to it.
      const text = generateSeed({ profile: 'telemetry', seed: options.seed });
      return describe(name, name === 'telemetry' ? text : spacedText(JSON.parse(text)), options.seed);
    }
    const file = join(corpusDir, `${name}.json`);
    if (!existsSync(file)) throw new Error(`document ${name}: ${file} not found`);
    return describe(name, readFileSync(file, 'utf8'), options.seed);
  });
}
