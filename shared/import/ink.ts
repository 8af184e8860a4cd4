// A compiled Ink story (the JSON that inky and inklecate write), as far as it maps onto a
// drill: every place the story stops to offer choices becomes a scene (a phase), its text
// what players read on entering it, its choices actions that lead to the next scene; a place
// where the story ends is a terminal scene. The story is explored by playing it with the ink
// runtime (inkjs), every choice of every scene once, so variables and conditions in the
// story work as the writer meant on the first path to each scene.
import { Story as InkStory } from 'inkjs';
import { ImportError, type Story, type StoryScene } from './record.ts';
import { clean } from './words.ts';

/** Enough for any wheel-of-misfortune story; a larger one is refused. */
const MAX_SCENES = 60;
/**
 * Runtime steps for the whole exploration. The fixture takes a few hundred; a story that
 * diverts in a loop without ever stopping would otherwise never return (the runtime has no
 * limit of its own), and the server previews uploads from anyone.
 */
const MAX_STEPS = 200_000;

export function looksLikeInk(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'inkVersion' in value && 'root' in value;
}

export function importInk(json: string): Story {
  let story: InkStory;
  try {
    story = new InkStory(json);
  } catch (error) {
    throw new ImportError({
      message: `not a compiled Ink story the runtime can load: ${(error as Error).message}`,
    });
  }
  // The runtime seeds its shuffles from the wall clock; a fixed seed keeps the import pure.
  story.state.storySeed = 0;
  let steps = 0;
  const step = story.Step.bind(story);
  story.Step = () => {
    if (++steps > MAX_STEPS)
      throw new ImportError({
        message: 'the story runs on without stopping for a choice or an end (a loop of diverts?)',
      });
    step();
  };
  const title =
    story.globalTags
      ?.map((t) => /^title:\s*(.+)$/i.exec(t)?.[1])
      .find((t): t is string => Boolean(t)) ?? 'Imported story';

  const scenes = new Map<string, StoryScene>();
  const pending: { key: string; state: string }[] = [];
  let ends = 0;

  /** Runs the story to its next stop and files the scene found there. */
  const stop = (): string => {
    let text: string;
    try {
      text = clean(story.ContinueMaximally()).replace(/\s+/g, ' ').trim();
    } catch (error) {
      if (error instanceof ImportError) throw error;
      throw new ImportError({
        message: `the story fails while playing: ${(error as Error).message}`,
      });
    }
    const choices = story.currentChoices;
    const key =
      choices.length === 0
        ? (findEnd(scenes, text) ?? `end-${++ends}`)
        : sceneKey(choices.map((c) => c.sourcePath));
    if (!scenes.has(key)) {
      if (scenes.size >= MAX_SCENES)
        throw new ImportError({
          message: `the story has more than ${MAX_SCENES} scenes; split it into smaller stories`,
        });
      scenes.set(key, { id: key, text, choices: [] });
      if (choices.length > 0) pending.push({ key, state: story.state.ToJson() });
    }
    return key;
  };

  stop();
  while (pending.length > 0) {
    const { key, state } = pending.shift()!;
    story.state.LoadJson(state);
    const offered = story.currentChoices.map((c) => clean(c.text).trim());
    offered.forEach((text, index) => {
      story.state.LoadJson(state);
      story.ChooseChoiceIndex(index);
      const to = stop();
      scenes.get(key)!.choices.push({ text: text || `Choice ${index + 1}`, to });
    });
  }
  const list = [...scenes.values()];
  if (!list.some((s) => s.choices.length === 0))
    throw new ImportError({ message: 'the story never ends: no path reaches an END' });
  return { title, scenes: list, from: 'a compiled Ink story' };
}

/** A scene is named after the knot (and stitch) its choices are written in. */
function sceneKey(paths: string[]): string {
  const knots = [
    ...new Set(
      paths.map((p) =>
        p
          .split('.')
          .filter((part) => !/^\d+$/.test(part) && !/^[cg]-\d+$/.test(part))
          .join('.'),
      ),
    ),
  ];
  return knots.join('+') || 'start';
}

function findEnd(scenes: Map<string, StoryScene>, text: string): string | undefined {
  for (const s of scenes.values()) if (s.id.startsWith('end-') && s.text === text) return s.id;
  return undefined;
}
