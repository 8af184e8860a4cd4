// The one rule for text people type, at every schema that takes it: the wire protocol, the
// commands, the event log and the scenario language.
import { describe, expect, it } from 'vitest';
import { Command } from './engine/commands.ts';
import { DrillEvent } from './engine/events.ts';
import { CreateDrillBody, JoinBody, PractiseBody } from './protocol.ts';
import { Role } from './scenario/schema.ts';
import { SafeName, safeText, unsafeText } from './text.ts';

const NUL = 'a\u0000b';
const HIGH = 'a\ud83db';
const LOW = '\ude00b';
const REVERSED = 'x\ude00\ud83d';

describe('unsafeText', () => {
  it('accepts ordinary text, accents and paired surrogates (emoji)', () => {
    for (const ok of ['Ann', 'Zoë Ødegaard', 'on fire 🔥🧯', '<b>#1</b> | [x](y)'])
      expect(unsafeText(ok, false)).toBeNull();
  });

  it('refuses NUL, other controls and DEL everywhere', () => {
    for (const bad of [NUL, 'a\u0007', 'a\u001b[31m', 'a\u007f', 'a\u0085']) {
      expect(unsafeText(bad, false)).toMatch(/control character/);
      expect(unsafeText(bad, true)).toMatch(/control character/);
    }
    expect(unsafeText(NUL, true)).toBe('must not contain a control character (U+0000)');
  });

  it('refuses unpaired surrogates, high, low or in the wrong order', () => {
    for (const bad of [HIGH, LOW, REVERSED, 'end\ud800']) {
      expect(unsafeText(bad, true)).toBe('must not contain an unpaired surrogate');
    }
  });

  it('lets a message keep tabs and line breaks, and keeps a name on one line', () => {
    for (const text of ['a\nb', 'a\r\nb', 'a\tb', 'a\u2028b'])
      expect(unsafeText(text, true)).toBeNull();
    for (const text of ['a\nb', 'a\r\nb', 'a\u2028b'])
      expect(unsafeText(text, false)).toBe('must be a single line');
    expect(unsafeText('a\tb', false)).toMatch(/control character \(U\+0009\)/);
  });
});

describe('safeText', () => {
  it('trims, then checks length and content', () => {
    expect(SafeName.parse('  Ann  ')).toBe('Ann');
    expect(SafeName.safeParse('   ').success).toBe(false);
    expect(SafeName.safeParse('x'.repeat(41)).success).toBe(false);
    expect(SafeName.safeParse('x'.repeat(40)).success).toBe(true);
    expect(SafeName.safeParse('Ann\nBob').error?.issues[0]?.message).toBe(
      'Text must be a single line.',
    );
    expect(safeText({ max: 5, trim: false }).parse(' a ')).toBe(' a ');
  });
});

describe('every schema that takes a name refuses unsafe names', () => {
  const names = [NUL, HIGH, LOW, 'Ann\n## Lessons'];
  it.each(names)('%j', (name) => {
    expect(JoinBody.safeParse({ code: 'ABCD', name }).success).toBe(false);
    expect(CreateDrillBody.safeParse({ scenarioId: 'mini', facilitatorName: name }).success).toBe(
      false,
    );
    expect(PractiseBody.safeParse({ scenarioId: 'mini', name, role: 'ops' }).success).toBe(false);
    expect(
      DrillEvent.safeParse({ type: 'joined', at: 0, participantId: 'p1', name, kind: 'player' })
        .success,
    ).toBe(false);
    expect(Role.safeParse({ id: 'ops', name, brief: 'b' }).success).toBe(false);
  });

  it('and accepts a good one', () => {
    expect(JoinBody.parse({ code: 'abcd', name: ' Zoë ' })).toMatchObject({ name: 'Zoë' });
    expect(Role.parse({ id: 'ops', name: 'Operations', brief: 'b' }).name).toBe('Operations');
  });

  it('holds a role name to the 40 characters a player name may have', () => {
    expect(Role.safeParse({ id: 'ops', name: 'x'.repeat(41), brief: 'b' }).success).toBe(false);
  });
});

describe('every schema that takes a message refuses unsafe text', () => {
  it.each([NUL, HIGH, LOW, 'esc \u001b[2J'])('%j', (text) => {
    for (const type of ['postMessage', 'postStatusUpdate'] as const) {
      expect(Command.safeParse({ type, text }).success).toBe(false);
    }
    expect(Command.safeParse({ type: 'end', reason: text }).success).toBe(false);
    for (const type of ['messagePosted', 'statusUpdatePosted'] as const) {
      expect(DrillEvent.safeParse({ type, at: 0, participantId: 'p1', text }).success).toBe(false);
    }
    expect(DrillEvent.safeParse({ type: 'ended', at: 0, reason: text }).success).toBe(false);
  });

  it('keeps line breaks and tabs in messages', () => {
    expect(Command.parse({ type: 'postMessage', text: 'one\n\ttwo' })).toEqual({
      type: 'postMessage',
      text: 'one\n\ttwo',
    });
  });
});
