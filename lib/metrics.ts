// Process-wide counters: metrics() as an object, metrics.prometheus() as the
// Prometheus text exposition format. The counters are plain native atomics,
// bumped as the work happens; reading them costs one native call.
import { binding } from './binding';

export interface Metrics {
  /** Arenas made in this process (main thread and workers). */
  arenasCreated: number;
  /** Arenas whose memory was released: by free(), a finalizer, or their thread exiting. */
  arenasFreed: number;
  /** arenasCreated - arenasFreed (an arena handed to another thread stays live). */
  arenasLive: number;
  /** Chunk bytes held by live arenas. */
  bytesReserved: number;
  /** Bytes handed out by live arenas, as of each arena's last operation. */
  bytesUsed: number;
  /** Documents parsed natively (arena.parse, arena.parseLines, parseLazy, get, getRaw). */
  documentsParsed: number;
  /** Input bytes of those documents (UTF-8). */
  bytesParsed: number;
  /** Native parses that rejected their input as not JSON. */
  parseErrors: number;
  /** arena.reset() calls. */
  resets: number;
  /** arena.transfer() calls. */
  transfers: number;
}

interface Series {
  name: keyof Metrics;
  metric: string;
  type: 'counter' | 'gauge';
  help: string;
}

// The order of the native counters, then the derived ones.
const nativeOrder: (keyof Metrics)[] = [
  'arenasCreated',
  'arenasFreed',
  'bytesReserved',
  'bytesUsed',
  'documentsParsed',
  'bytesParsed',
  'parseErrors',
  'resets',
  'transfers',
];

const series: Series[] = [
  { name: 'arenasCreated', metric: 'arenajson_arenas_created_total', type: 'counter', help: 'Arenas created.' },
  { name: 'arenasFreed', metric: 'arenajson_arenas_freed_total', type: 'counter', help: 'Arenas whose memory was released (free, finalizer or thread exit).' },
  { name: 'arenasLive', metric: 'arenajson_arenas_live', type: 'gauge', help: 'Arenas created and not yet released.' },
  { name: 'bytesReserved', metric: 'arenajson_bytes_reserved', type: 'gauge', help: 'Bytes of native memory reserved by live arenas.' },
  { name: 'bytesUsed', metric: 'arenajson_bytes_used', type: 'gauge', help: 'Bytes of arena memory in use by documents and values.' },
  { name: 'documentsParsed', metric: 'arenajson_documents_parsed_total', type: 'counter', help: 'JSON documents parsed natively.' },
  { name: 'bytesParsed', metric: 'arenajson_parsed_bytes_total', type: 'counter', help: 'Bytes of JSON text parsed natively.' },
  { name: 'parseErrors', metric: 'arenajson_parse_errors_total', type: 'counter', help: 'Native parses that rejected their input as invalid JSON.' },
  { name: 'resets', metric: 'arenajson_arena_resets_total', type: 'counter', help: 'Arena resets.' },
  { name: 'transfers', metric: 'arenajson_arena_transfers_total', type: 'counter', help: 'Arenas handed over to another thread.' },
];

function snapshot(): Metrics {
  const values = binding.metrics();
  const out = {} as Metrics;
  for (let i = 0; i < nativeOrder.length; i++) out[nativeOrder[i]] = values[i];
  out.arenasLive = out.arenasCreated - out.arenasFreed;
  return out;
}

/** The process's counters in the Prometheus text exposition format (version 0.0.4). */
function prometheus(): string {
  const values = snapshot();
  let text = '';
  for (const s of series) {
    text += `# HELP ${s.metric} ${s.help}\n# TYPE ${s.metric} ${s.type}\n${s.metric} ${values[s.name]}\n`;
  }
  return text;
}

/** The process-wide counters (all threads). `metrics.prometheus()` gives them as Prometheus text. */
export const metrics: (() => Metrics) & { prometheus: () => string } = Object.assign(snapshot, { prometheus });
