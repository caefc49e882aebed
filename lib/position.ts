// Where JSON.parse stops reading a text it rejects. V8 names the position in
// most of its messages but not in "Unexpected token 'x', ... is not valid
// JSON"; this scanner walks the text with V8's grammar and order of checks
// (over UTF-16 units, as V8 does) to find it. It runs only on the error path.

const enum State {
  value,
  firstElement,
  firstMember,
  member,
  afterValue,
}

const isDigit = (unit: number): boolean => unit >= 0x30 && unit <= 0x39;
const isHex = (unit: number): boolean => isDigit(unit) || (unit >= 0x41 && unit <= 0x46) || (unit >= 0x61 && unit <= 0x66);
const isSpace = (unit: number): boolean => unit === 0x20 || unit === 0x09 || unit === 0x0a || unit === 0x0d;

/** The index of the first unit of `text` that is not JSON, `text.length` when it ends early, or -1 when it is valid. */
export function syntaxErrorIndex(text: string): number {
  const length = text.length;
  const inObject: boolean[] = [];
  let state = State.value;
  let at = 0;

  // Each scanner returns the index of an error, or -1 after moving `at` past its token.
  const scanString = (): number => {
    let i = at + 1;
    for (;;) {
      if (i >= length) return length;
      const unit = text.charCodeAt(i);
      if (unit === 0x22) break;
      if (unit < 0x20) return i;
      if (unit !== 0x5c) {
        i++;
        continue;
      }
      if (i + 1 >= length) return length;
      const escape = text.charCodeAt(i + 1);
      if (escape === 0x75) {
        for (let k = 2; k < 6; k++) {
          if (i + k >= length) return length;
          if (!isHex(text.charCodeAt(i + k))) return i + k;
        }
        i += 6;
      } else if ('"\\/bfnrt'.includes(text[i + 1])) {
        i += 2;
      } else {
        return i + 1;
      }
    }
    at = i + 1;
    return -1;
  };

  const scanDigits = (i: number): number => {
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    return i;
  };

  const scanNumber = (): number => {
    let i = at;
    if (text.charCodeAt(i) === 0x2d) i++;
    if (i >= length || !isDigit(text.charCodeAt(i))) return i;
    if (text.charCodeAt(i) === 0x30) {
      i++;
      if (i < length && isDigit(text.charCodeAt(i))) return i;
    } else {
      i = scanDigits(i);
    }
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      if (i >= length || !isDigit(text.charCodeAt(i))) return i;
      i = scanDigits(i);
    }
    if (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45) {
      i++;
      if (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d) i++;
      if (i >= length || !isDigit(text.charCodeAt(i))) return i;
      i = scanDigits(i);
    }
    at = i;
    return -1;
  };

  const scanLiteral = (word: string): number => {
    for (let k = 0; k < word.length; k++) {
      if (at + k >= length) return length;
      if (text.charCodeAt(at + k) !== word.charCodeAt(k)) return at + k;
    }
    at += word.length;
    return -1;
  };

  for (;;) {
    while (at < length && isSpace(text.charCodeAt(at))) at++;
    if (at >= length) return state === State.afterValue && inObject.length === 0 ? -1 : length;
    const unit = text.charCodeAt(at);
    let error = -1;
    switch (state) {
      case State.firstElement:
      case State.firstMember:
        if (unit === (state === State.firstElement ? 0x5d : 0x7d)) {
          inObject.pop();
          at++;
          state = State.afterValue;
          continue;
        }
        state = state === State.firstElement ? State.value : State.member;
        continue;
      case State.member:
        if (unit !== 0x22) return at;
        error = scanString();
        if (error >= 0) return error;
        while (at < length && isSpace(text.charCodeAt(at))) at++;
        if (at >= length) return length;
        if (text.charCodeAt(at) !== 0x3a) return at;
        at++;
        state = State.value;
        continue;
      case State.afterValue: {
        if (inObject.length === 0) return at;
        const object = inObject[inObject.length - 1];
        if (unit === 0x2c) {
          at++;
          state = object ? State.member : State.value;
        } else if (unit === (object ? 0x7d : 0x5d)) {
          inObject.pop();
          at++;
        } else {
          return at;
        }
        continue;
      }
      case State.value:
        if (unit === 0x7b || unit === 0x5b) {
          inObject.push(unit === 0x7b);
          at++;
          state = unit === 0x7b ? State.firstMember : State.firstElement;
          continue;
        }
        if (unit === 0x22) error = scanString();
        else if (unit === 0x2d || isDigit(unit)) error = scanNumber();
        else if (unit === 0x74) error = scanLiteral('true');
        else if (unit === 0x66) error = scanLiteral('false');
        else if (unit === 0x6e) error = scanLiteral('null');
        else return at;
        if (error >= 0) return error;
        state = State.afterValue;
        continue;
    }
  }
}
