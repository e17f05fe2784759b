/**
 * Every update shape the Bot API spec describes, as sample JSON: one update per optional field of
 * Update, and for each field that carries a Message, one update per optional field of Message
 * (a text, a sticker, a service message…). Values are built from the spec's types: required
 * fields always, the one optional field under test, objects to a bounded depth. Chats are private
 * chats of `userId`, so each update reaches the citizen's conversation.
 */
import { botApiSpec, type SpecField } from '../../src/simulator/bot-api-spec.ts';

const MAX_DEPTH = 4;

function sampleOf(types: string[], name: string, userId: number, depth: number): unknown {
  const type = types[0] ?? 'String';
  if (type.startsWith('Array of ')) {
    return [sampleOf([type.slice('Array of '.length)], name, userId, depth + 1)];
  }
  switch (type) {
    case 'Integer':
      if (name === 'id' || name === 'user_id' || name === 'chat_id') return userId;
      if (name === 'date' || name.endsWith('_date')) return Math.floor(Date.now() / 1000);
      return 1;
    case 'Float':
      return 1.5;
    case 'String':
      if (name === 'type') return 'private';
      if (name === 'status') return 'member';
      return 'x';
    case 'Boolean':
      return false;
    case 'True':
      return true;
    default:
      return depth > MAX_DEPTH ? {} : objectOf(type, userId, depth + 1, undefined);
  }
}

/** An object of `typeName` with its required fields, plus `extra` when given. */
function objectOf(
  typeName: string,
  userId: number,
  depth: number,
  extra: SpecField | undefined,
): Record<string, unknown> {
  const spec = botApiSpec().types[typeName];
  if (!spec) return {};
  if (spec.subtypes?.length) return objectOf(spec.subtypes[0]!, userId, depth, extra);
  const out: Record<string, unknown> = {};
  for (const field of spec.fields ?? []) {
    if (!field.required && field !== extra) continue;
    out[field.name] = sampleOf(field.types, field.name, userId, depth);
  }
  // A message from a person (the spec leaves `from` optional for channel posts).
  if (typeName === 'Message' && out.from === undefined)
    out.from = sampleOf(['User'], 'from', userId, depth);
  return out;
}

/** The sample updates, each with a label naming its shape. */
export function specUpdates(
  userId: number,
): Array<{ label: string; update: Record<string, unknown> }> {
  const updateType = botApiSpec().types.Update!;
  const messageFields = botApiSpec().types.Message!.fields ?? [];
  const out: Array<{ label: string; update: Record<string, unknown> }> = [];
  for (const field of updateType.fields ?? []) {
    if (field.name === 'update_id') continue;
    const type = field.types[0] ?? '';
    out.push({
      label: field.name,
      update: { [field.name]: sampleOf([type], field.name, userId, 0) },
    });
    if (type !== 'Message') continue;
    for (const extra of messageFields.filter((f) => !f.required)) {
      out.push({
        label: `${field.name}.${extra.name}`,
        update: { [field.name]: objectOf('Message', userId, 1, extra) },
      });
    }
  }
  return out;
}
