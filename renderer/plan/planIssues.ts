/**
 * What a draft as typed saves, and what it still lacks. A draft is saved as it is typed (the draft
 * schema): an objective half-written is stored, so a lock or a closed window never loses it. What the
 * whole plan still needs is said beside each field (keyed by item and field: "<objective id>.description",
 * "safetyPlan.meansSafety", "reviewDate") and checked again when the agreement is recorded. Only what
 * even a draft cannot hold (a text over its limit, a session length that is no number of minutes) keeps
 * a new item aside, or, for a stored one, holds the save: the bar then says so, never "Saved".
 */
import { planContentSchema, planDraftContentSchema, type PlanContent } from '../../shared/plan';

export type Issues = ReadonlyMap<string, string>;

export type Prepared = {
  /** What to save now; null while a saved item has a problem. */
  content: PlanContent | null;
  issues: Issues;
  /** Items left out of this save because they are new and not complete yet. */
  omitted: ReadonlySet<string>;
  /** The first problem that holds the save back, in words. */
  holding: string | null;
};

type Path = readonly PropertyKey[];

const INTERVENTION_KINDS = ['psychotherapy', 'medications', 'referrals'] as const;

/** The item (goal, objective, intervention) a path points into, and the field's key for the screen. */
function locate(content: PlanContent, path: Path): { owner: string | null; key: string } {
  const [head, a, b, c, d] = path;
  if (head === 'goals' && typeof a === 'number') {
    const goal = content.goals[a];
    if (!goal) return { owner: null, key: 'goals' };
    if (b === 'objectives' && typeof c === 'number') {
      const objective = goal.objectives[c];
      if (objective) return { owner: objective.id, key: `${objective.id}.${String(d ?? '')}` };
      return { owner: null, key: `${goal.id}.objectives` };
    }
    return { owner: goal.id, key: `${goal.id}.${String(b ?? '')}` };
  }
  if (head === 'interventions' && typeof a === 'string' && typeof b === 'number') {
    const kind = INTERVENTION_KINDS.find((k) => k === a);
    const item = kind ? content.interventions[kind][b] : undefined;
    if (item) return { owner: item.id, key: `${item.id}.${String(c ?? '')}` };
  }
  return { owner: null, key: path.map(String).join('.') };
}

/** The ids of every goal, objective and intervention, with the goal each objective belongs to. */
export function itemIds(content: PlanContent): Set<string> {
  const ids = new Set<string>();
  for (const goal of content.goals) {
    ids.add(goal.id);
    for (const objective of goal.objectives) ids.add(objective.id);
  }
  for (const kind of INTERVENTION_KINDS) for (const item of content.interventions[kind]) ids.add(item.id);
  return ids;
}

function without(content: PlanContent, omitted: ReadonlySet<string>): PlanContent {
  if (omitted.size === 0) return content;
  return {
    ...content,
    goals: content.goals
      .filter((goal) => !omitted.has(goal.id))
      .map((goal) => ({ ...goal, objectives: goal.objectives.filter((o) => !omitted.has(o.id)) })),
    interventions: {
      psychotherapy: content.interventions.psychotherapy.filter((item) => !omitted.has(item.id)),
      medications: content.interventions.medications.filter((item) => !omitted.has(item.id)),
      referrals: content.interventions.referrals.filter((item) => !omitted.has(item.id)),
    },
  };
}

function keyed(content: PlanContent, issues: readonly { path: Path; message: string }[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const issue of issues) {
    const { key } = locate(content, issue.path);
    if (!found.has(key)) found.set(key, issue.message);
  }
  return found;
}

/** The items stored complete: their problems show at once, a new or half-written one's once its field is left. */
export function completeItemIds(content: PlanContent): Set<string> {
  const ids = itemIds(content);
  for (const issue of planContentSchema.safeParse(content).error?.issues ?? []) {
    const { owner } = locate(content, issue.path);
    if (owner !== null) ids.delete(owner);
  }
  return ids;
}

/** The draft as it can be saved now: `saved` holds the ids of the items already stored. */
export function prepareDraft(content: PlanContent, saved: ReadonlySet<string>): Prepared {
  const whole = planContentSchema.safeParse(content);
  const issues = whole.success ? new Map<string, string>() : keyed(content, whole.error.issues);
  const first = planDraftContentSchema.safeParse(content);
  if (first.success) return { content: first.data, issues, omitted: new Set(), holding: null };
  const omitted = new Set<string>();
  for (const issue of first.error.issues) {
    const { owner } = locate(content, issue.path);
    if (owner !== null && !saved.has(owner)) omitted.add(owner);
  }
  for (const [key, message] of keyed(content, first.error.issues)) issues.set(key, message);
  const second = planDraftContentSchema.safeParse(without(content, omitted));
  if (second.success) return { content: second.data, issues, omitted, holding: null };
  return { content: null, issues, omitted, holding: second.error.issues[0]?.message ?? 'Some of what is written is not valid.' };
}
