// The same edits done on plain JS data, following tidwall/sjson's rules, as
// the oracle for set()/delete() on arena values. JSON.stringify of the model
// is what stringify() of the arena value must give.

/** sjson's path components: '.'-separated, '\' escapes, a leading ':' forces an object key. */
export function splitPath(path) {
  const parts = [];
  let complex = false;  // an unescaped | # @ * ? (an escaped one is part of the key)
  let i = 0;
  for (;;) {
    let forced = false;
    if (path[i] === ':') {
      forced = true;
      i++;
    }
    let key = '';
    let ended = true;
    while (i < path.length) {
      const c = path[i];
      if (c === '\\') {
        if (i + 1 < path.length) key += path[i + 1];
        i += 2;
        continue;
      }
      if (c === '.') {
        i++;
        ended = false;
        break;
      }
      if ('|#@*?'.includes(c)) complex = true;
      key += c;
      i++;
    }
    parts.push({ key, forced });
    if (ended) break;
  }
  if (path === '' || complex) throw new TypeError('complex path');
  return parts;
}

const numeric = (p) => !p.forced && /^\d{1,12}$/.test(p.key);
const isAppend = (p) => !p.forced && p.key === '-1';
const isContainer = (v) => v !== null && typeof v === 'object';

function put(target, key, value) {
  if (Array.isArray(target)) target[key] = value;
  else Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function chain(parts, from, value) {
  let tail = value;
  for (let j = parts.length - 1; j >= from; j--) {
    const p = parts[j];
    if (numeric(p) || isAppend(p)) {
      const n = isAppend(p) ? 0 : Number(p.key);
      const array = new Array(n).fill(null);
      array.push(tail);
      tail = array;
    } else {
      const object = {};
      put(object, p.key, tail);
      tail = object;
    }
  }
  return tail;
}

/** Sets `value` at `path` in holder.root; throws a TypeError where sjson refuses. */
export function modelSet(holder, path, value) {
  const parts = splitPath(path);
  let parent = holder;
  let slot = 'root';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const last = i === parts.length - 1;
    let current = parent[slot];
    if (!isContainer(current)) {
      current = numeric(p) ? [] : {};
      put(parent, slot, current);
    }
    if (!Array.isArray(current)) {
      if (Object.hasOwn(current, p.key)) {
        if (last) {
          put(current, p.key, value);
          return;
        }
        parent = current;
        slot = p.key;
        continue;
      }
      put(current, p.key, chain(parts, i + 1, value));
      return;
    }
    if (isAppend(p)) {
      current.push(chain(parts, i + 1, value));
      return;
    }
    if (!/^\d{1,12}$/.test(p.key)) throw new TypeError('non-numeric key on an array');
    const n = Number(p.key);
    if (n < current.length) {
      if (last) {
        current[n] = value;
        return;
      }
      parent = current;
      slot = n;
      continue;
    }
    if (p.forced) throw new TypeError('forced key past the end of an array');
    while (current.length < n) current.push(null);
    current.push(chain(parts, i + 1, value));
    return;
  }
}

/** Deletes the value at `path` in holder.root; returns whether there was one. */
export function modelDelete(holder, path) {
  const parts = splitPath(path);
  let current = holder.root;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const last = i === parts.length - 1;
    if (!isContainer(current)) return false;
    if (!Array.isArray(current)) {
      if (!Object.hasOwn(current, p.key)) return false;
      if (last) {
        delete current[p.key];
        return true;
      }
      current = current[p.key];
      continue;
    }
    let n;
    if (isAppend(p)) {
      if (current.length === 0) return false;
      n = current.length - 1;
    } else if (/^\d{1,12}$/.test(p.key) && Number(p.key) < current.length) {
      n = Number(p.key);
    } else {
      return false;
    }
    if (last) {
      current.splice(n, 1);
      return true;
    }
    current = current[n];
  }
  return false;
}
