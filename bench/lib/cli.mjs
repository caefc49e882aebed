// Command-line options shared by the bench entry points.
import { documentNames, optionalDocumentNames } from './documents.mjs';

const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

export const usage = `options:
  --quick                 short runs (about a minute for everything)
  --json                  print results as JSON (one object with a "scenarios" array)
  --out=FILE              also write the JSON results to FILE
  --scenario=a,b          scenarios by name or family (parse, query/few, ...)
  --document=a,b          documents: ${documentNames.join(', ')} (and, when named, ${optionalDocumentNames.join(', ')})
  --size= --fields= --seed=   the seed document (default 5mb, 12000 fields, seed 1)
  --gc=inner|none         force a GC before every timed call (mitata .gc('inner')) or not
  --clock=cpu|wall        time calls by process CPU time (default) or elapsed time
  --live-heap=MB          keep MB of other JS data alive during the run (default 0)
  --no-build              use dist/ as it is instead of building first`;

/** Parses argv into options; `extra` maps further --name=value options to parsers. */
export function parseOptions(argv, extra = {}) {
  const options = {
    quick: false,
    json: false,
    build: true,
    innerGc: false,
    clock: 'cpu',
    liveHeap: 0,
    scenarios: [],
    documents: documentNames,
    seedOptions: {},
  };
  for (const arg of argv) {
    const [, name, value] = /^--([a-z-]+)(?:=(.*))?$/.exec(arg) ?? [];
    if (name === 'quick' || name === 'json') options[name] = true;
    else if (name === 'no-build') options.build = false;
    else if (name === 'out' && value) options.out = value;
    else if (name === 'scenario' && value) options.scenarios = list(value);
    else if (name === 'document' && value) options.documents = list(value);
    else if (name === 'size' && value) options.seedOptions.size = value;
    else if ((name === 'fields' || name === 'seed') && value) options.seedOptions[name] = Number(value);
    else if (name === 'gc' && (value === 'inner' || value === 'none')) options.innerGc = value === 'inner';
    else if (name === 'clock' && (value === 'cpu' || value === 'wall')) options.clock = value;
    else if (name === 'live-heap' && Number(value) >= 0) options.liveHeap = Number(value);
    else if (name in extra) options[name] = extra[name](value);
    else if (name === 'help') {
      console.log(usage);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${usage}`);
  }
  const known = [...documentNames, ...optionalDocumentNames];
  const unknown = options.documents.filter((d) => !known.includes(d));
  if (unknown.length > 0) throw new Error(`unknown document ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return options;
}

/** A mistake on the command line (or a missing flag) prints one line, not a stack. */
export function plainErrors() {
  process.on('uncaughtException', (error) => {
    console.error(`error: ${error?.message ?? error}`);
    process.exit(2);
  });
}
