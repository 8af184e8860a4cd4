// The display name this browser used last, so people do not retype it every drill.
const KEY = 'firedrill:name';

export function loadName(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveName(name: string): void {
  try {
    localStorage.setItem(KEY, name.trim());
  } catch {
    // storage disabled: nothing to remember
  }
}
