// A story (scenes and choices, from Ink) becomes a scenario draft: one phase per scene, its
// text told by the narrator on entering it, its choices actions that lead on, scenes where
// the story ends terminal. The shortest path to an ending is the draft's walkthrough. Which
// choices are ideal or harmful only a facilitator can say: those are TODOs. Pure.
import type { ScenarioDraft } from './draft.ts';
import type { Story, StoryScene } from './record.ts';
import { oneLine, slugger } from './words.ts';

const ROLE = 'on-call';

export function draftFromStory(story: Story): ScenarioDraft {
  const sceneSlug = slugger();
  const phaseId = new Map(story.scenes.map((s) => [s.id, sceneSlug(s.id, 'scene')]));
  const actionSlug = slugger();
  const actionOf = new Map<string, string>();
  const key = (scene: StoryScene, index: number) => `${scene.id}\n${index}`;
  for (const scene of story.scenes)
    scene.choices.forEach((c, i) =>
      actionOf.set(key(scene, i), actionSlug(`${phaseId.get(scene.id)} ${c.text}`, 'choice')),
    );

  const path = shortestEnding(story);
  const phases = story.scenes.map((scene) => {
    const id = phaseId.get(scene.id)!;
    return {
      id,
      title: oneLine(humanise(scene.id), 80),
      description: `Scene "${scene.id}" of the story.`,
      onEnter: scene.text ? [{ message: scene.text, from: 'Narrator' }] : [],
      transitions: scene.choices.map((c, i) => ({
        to: phaseId.get(c.to)!,
        action: actionOf.get(key(scene, i))!,
      })),
      terminal: scene.choices.length === 0,
    };
  });
  phases[0]!.description +=
    ' TODO: add the wrong turns worth a penalty to scoring.harmful (choices that made things worse).';
  const actions = story.scenes.flatMap((scene) =>
    scene.choices.map((c, i) => ({
      id: actionOf.get(key(scene, i))!,
      label: oneLine(c.text, 80),
      roles: [ROLE],
      repeatable: true,
      if: { phase: phaseId.get(scene.id)! },
      visibleIf: { phase: phaseId.get(scene.id)! },
      unavailable: 'That choice belongs to another moment of the story.',
    })),
  );
  const id = slugger()(story.title, 'story');
  const steps = path.map((step, i) => ({
    at: 1 + 2 * i,
    as: ROLE,
    do: actionOf.get(key(step.scene, step.choice))!,
  }));
  const ending = phaseId.get(path.at(-1)?.to ?? story.scenes[0]!.id)!;
  return {
    scenario: {
      id,
      title: oneLine(story.title, 80),
      summary: `TODO: summarise the story for the facilitator (imported from ${story.from}).`,
      difficulty: 'beginner',
      duration: Math.max(10, 2 * path.length + 5),
      tags: ['imported', 'story'],
      objectives: ['TODO: what should the team practise with this story?'],
      source: {
        title: `${oneLine(story.title, 60)}, imported from ${story.from}`,
        kind: 'original',
      },
      roles: [
        {
          id: ROLE,
          name: 'On-call',
          brief: 'You are on call. TODO: write what this role knows when the story begins.',
          required: true,
        },
      ],
      phases,
      actions,
      scoring: {
        expected: steps.map((s, i) => ({
          id: `walkthrough-${i + 1}`,
          action: s.do,
          points: 10,
          why: `TODO: is "${actions.find((a) => a.id === s.do)!.label}" an ideal step? It is on the shortest way to an ending.`,
        })),
      },
      debrief: {
        whatHappened: 'TODO: tell what the story is about and what a good team does.',
        rootCause: 'TODO: name the root cause.',
        lessons: ['TODO: what should the team take away?'],
      },
    },
    playthrough: {
      name: 'walkthrough',
      scenario: id,
      description: `The shortest way through the story to an ending, from ${story.from}.`,
      expect: { phase: ending },
      until: steps.length * 2 + 3,
      steps:
        steps.length > 0 ? steps : [{ at: 1, as: ROLE, say: 'The story ends where it starts.' }],
    },
  };
}

/** Breadth first from the first scene: the fewest choices to a scene without any. */
function shortestEnding(story: Story): { scene: StoryScene; choice: number; to: string }[] {
  const byId = new Map(story.scenes.map((s) => [s.id, s]));
  const start = story.scenes[0]!;
  const via = new Map<string, { from: StoryScene; choice: number } | null>([[start.id, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const scene = queue.shift()!;
    if (scene.choices.length === 0) {
      const path: { scene: StoryScene; choice: number; to: string }[] = [];
      for (let at = scene.id, step = via.get(at); step; step = via.get(at)) {
        path.unshift({ scene: step.from, choice: step.choice, to: at });
        at = step.from.id;
      }
      return path;
    }
    scene.choices.forEach((c, i) => {
      if (via.has(c.to)) return;
      via.set(c.to, { from: scene, choice: i });
      queue.push(byId.get(c.to)!);
    });
  }
  return [];
}

function humanise(id: string): string {
  const words = id.replace(/[-_.+]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Scene';
}
