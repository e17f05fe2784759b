/**
 * The Bot API spec (PaulSonOfLars/telegram-bot-api-spec, MIT, copied beside this file) read at
 * runtime, and a validator of call parameters against it. The fake Bot API answers invalid calls
 * with Telegram-like Bad Requests and records them, so a test can assert that the bot never
 * sent anything Telegram would refuse, or silently ignore (unknown parameters, which Telegram
 * drops without a word, are warnings here).
 */
import { readFileSync } from 'node:fs';
import { UploadedFile } from './request-body.ts';

export interface SpecField {
  name: string;
  types: string[];
  required: boolean;
  description: string;
}

export interface SpecMethod {
  name: string;
  fields?: SpecField[];
  returns: string[];
}

export interface SpecType {
  name: string;
  fields?: SpecField[];
  subtypes?: string[];
}

export interface BotApiSpec {
  version: string;
  methods: Record<string, SpecMethod>;
  types: Record<string, SpecType>;
}

export interface ValidationIssue {
  severity: 'error' | 'warning';
  /** unknownParam and deprecatedParam are warnings; everything else makes the call fail. */
  code: 'missingParam' | 'wrongType' | 'unknownParam' | 'deprecatedParam' | 'invalidValue';
  path: string;
  message: string;
}

let cached: { spec: BotApiSpec; byLowerName: Map<string, SpecMethod> } | undefined;

function load(): NonNullable<typeof cached> {
  if (!cached) {
    const url = new URL('./telegram-bot-api-spec/api.min.json', import.meta.url);
    const spec = JSON.parse(readFileSync(url, 'utf8')) as BotApiSpec;
    const byLowerName = new Map<string, SpecMethod>();
    for (const m of Object.values(spec.methods)) byLowerName.set(m.name.toLowerCase(), m);
    cached = { spec, byLowerName };
  }
  return cached;
}

export function botApiSpec(): BotApiSpec {
  return load().spec;
}

/** Telegram matches method names case-insensitively (`sendmessage` works). */
export function findMethod(name: string): SpecMethod | undefined {
  return load().byLowerName.get(name.toLowerCase());
}

/**
 * Parameters Telegram removed from the documentation but still honours. The fake honours them
 * too and records a warning, so code drifts toward reply_parameters and link_preview_options.
 */
const LEGACY_PARAMS: Readonly<Record<string, string>> = {
  reply_to_message_id: 'use reply_parameters.message_id',
  allow_sending_without_reply: 'use reply_parameters.allow_sending_without_reply',
  disable_web_page_preview: 'use link_preview_options.is_disabled',
};

/** Fields of InlineKeyboardButton that are not the button's single action. */
const INLINE_BUTTON_DECORATIONS = new Set(['text', 'icon_custom_emoji_id', 'style']);

interface Ctx {
  issues: ValidationIssue[];
}

/**
 * Coerces string-typed transports (query, form, multipart: everything is a string there; JSON
 * objects arrive JSON-serialized) into typed values, then validates. Returns the coerced
 * parameters and every issue found.
 */
export function validateParams(
  method: SpecMethod,
  input: Record<string, unknown>,
): { params: Record<string, unknown>; issues: ValidationIssue[] } {
  const ctx: Ctx = { issues: [] };
  const params: Record<string, unknown> = {};
  const fields = new Map((method.fields ?? []).map((f) => [f.name, f]));
  for (const [name, raw] of Object.entries(input)) {
    const field = fields.get(name);
    if (!field) {
      const legacy = LEGACY_PARAMS[name];
      if (legacy && fields.has('reply_markup')) {
        ctx.issues.push({
          severity: 'warning',
          code: 'deprecatedParam',
          path: name,
          message: `parameter "${name}" is deprecated in Bot API ${botApiSpec().version}: ${legacy}`,
        });
        params[name] = coerce(raw, ['Integer', 'Boolean']);
      } else {
        ctx.issues.push({
          severity: 'warning',
          code: 'unknownParam',
          path: name,
          message: `unknown parameter "${name}" for method ${method.name} (Telegram ignores it)`,
        });
      }
      continue;
    }
    const value = coerce(raw, field.types);
    params[name] = value;
    checkValue(value, field.types, name, ctx);
  }
  for (const field of method.fields ?? []) {
    if (field.required && !(field.name in params)) {
      ctx.issues.push({
        severity: 'error',
        code: 'missingParam',
        path: field.name,
        message: `parameter "${field.name}" is required`,
      });
    }
  }
  return { params, issues: ctx.issues };
}

const SCALARS = new Set(['Integer', 'Float', 'String', 'Boolean', 'True', 'InputFile']);

/** Turns transport strings into what the spec asks for, where that is unambiguous. */
function coerce(value: unknown, types: readonly string[]): unknown {
  if (typeof value !== 'string') return value;
  if ((types.includes('Integer') || types.includes('Float')) && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  if (types.includes('Boolean') || types.includes('True')) {
    if (value === 'true') return true;
    if (value === 'false') return false;
  }
  const wantsStructured = types.some((t) => !SCALARS.has(t));
  if (wantsStructured && !types.includes('String') && /^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof UploadedFile) return 'an uploaded file';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function errorCount(issues: readonly ValidationIssue[]): number {
  return issues.filter((i) => i.severity === 'error').length;
}

/** How badly a union candidate fits: its errors, plus fields it does not know (a wrong guess). */
function misfit(issues: readonly ValidationIssue[]): number {
  return issues.filter((i) => i.severity === 'error' || i.code === 'unknownParam').length;
}

/** Validates against a union of type expressions: the first candidate without errors wins. */
function checkValue(value: unknown, types: readonly string[], path: string, ctx: Ctx): void {
  let best: ValidationIssue[] | undefined;
  for (const t of types) {
    const sub: Ctx = { issues: [] };
    checkType(value, t, path, sub);
    if (errorCount(sub.issues) === 0) {
      ctx.issues.push(...sub.issues);
      return;
    }
    if (!best || misfit(sub.issues) < misfit(best)) best = sub.issues;
  }
  if (types.length > 1 && best && best.some((i) => i.path === path && i.code === 'wrongType')) {
    ctx.issues.push({
      severity: 'error',
      code: 'wrongType',
      path,
      message: `${path} must be ${types.join(' or ')}, got ${describe(value)}`,
    });
    return;
  }
  ctx.issues.push(...(best ?? []));
}

function wrong(path: string, type: string, value: unknown, ctx: Ctx): void {
  ctx.issues.push({
    severity: 'error',
    code: 'wrongType',
    path,
    message: `${path} must be ${type}, got ${describe(value)}`,
  });
}

function checkType(value: unknown, type: string, path: string, ctx: Ctx): void {
  if (type.startsWith('Array of ')) {
    if (!Array.isArray(value)) return wrong(path, type, value, ctx);
    const inner = type.slice('Array of '.length);
    value.forEach((v, i) => checkValue(v, [inner], `${path}[${i}]`, ctx));
    return;
  }
  switch (type) {
    case 'Integer':
      if (!Number.isSafeInteger(value)) wrong(path, type, value, ctx);
      return;
    case 'Float':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrong(path, type, value, ctx);
      return;
    case 'String':
      // Telegram turns numbers into strings without complaint.
      if (typeof value !== 'string' && typeof value !== 'number') wrong(path, type, value, ctx);
      return;
    case 'Boolean':
      if (typeof value !== 'boolean') wrong(path, type, value, ctx);
      return;
    case 'True':
      if (value !== true) wrong(path, type, value, ctx);
      return;
    case 'InputFile':
      if (!(value instanceof UploadedFile)) wrong(path, type, value, ctx);
      return;
  }
  const spec = botApiSpec().types[type];
  if (!spec) return; // a type the spec does not describe: nothing to check against
  if (spec.subtypes?.length) {
    const discriminated = spec.subtypes.filter((s) => typeMatchesDiscriminator(value, s));
    checkValue(value, discriminated.length ? discriminated : spec.subtypes, path, ctx);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return wrong(path, type, value, ctx);
  }
  if (value instanceof UploadedFile) return wrong(path, type, value, ctx);
  checkObject(value as Record<string, unknown>, spec, path, ctx);
}

/** `"type": "photo"` picks InputMediaPhoto out of InputMedia's subtypes, and so on. */
function typeMatchesDiscriminator(value: unknown, subtype: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const given = (value as Record<string, unknown>).type;
  const field = botApiSpec().types[subtype]?.fields?.find((f) => f.name === 'type');
  if (typeof given !== 'string' || !field) return false;
  const expected = /(?:must be|always) ["“]?([a-z_]+)/.exec(field.description)?.[1];
  return expected === given;
}

function checkObject(value: Record<string, unknown>, spec: SpecType, path: string, ctx: Ctx): void {
  const fields = new Map((spec.fields ?? []).map((f) => [f.name, f]));
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const field = fields.get(name);
    if (!field) {
      ctx.issues.push({
        severity: 'warning',
        code: 'unknownParam',
        path: `${path}.${name}`,
        message: `unknown field "${name}" in ${spec.name} at ${path} (Telegram ignores it)`,
      });
      continue;
    }
    checkValue(v, field.types, `${path}.${name}`, ctx);
  }
  for (const field of spec.fields ?? []) {
    if (field.required && (value[field.name] === undefined || value[field.name] === null)) {
      ctx.issues.push({
        severity: 'error',
        code: 'missingParam',
        path: `${path}.${field.name}`,
        message: `field "${field.name}" of ${spec.name} is required at ${path}`,
      });
    }
  }
  if (spec.name === 'InlineKeyboardButton') checkInlineButton(value, path, ctx);
  if (spec.name === 'KeyboardButton') {
    const requests = Object.keys(value).filter((k) => k.startsWith('request_') || k === 'web_app');
    if (requests.length > 1) {
      ctx.issues.push({
        severity: 'error',
        code: 'invalidValue',
        path,
        message: `a keyboard button can have only one of ${requests.join(', ')} (${path})`,
      });
    }
  }
}

function checkInlineButton(button: Record<string, unknown>, path: string, ctx: Ctx): void {
  const actions = Object.keys(button).filter(
    (k) => !INLINE_BUTTON_DECORATIONS.has(k) && button[k] !== undefined && button[k] !== null,
  );
  if (actions.length !== 1) {
    ctx.issues.push({
      severity: 'error',
      code: 'invalidValue',
      path,
      message:
        actions.length === 0
          ? `Text buttons are unallowed in the inline keyboard (${path} has no action)`
          : `an inline keyboard button must have exactly one action, ${path} has ${actions.join(', ')}`,
    });
  }
  const data = button.callback_data;
  if (typeof data === 'string') {
    const bytes = Buffer.byteLength(data, 'utf8');
    if (bytes < 1 || bytes > 64) {
      ctx.issues.push({
        severity: 'error',
        code: 'invalidValue',
        path: `${path}.callback_data`,
        message: `BUTTON_DATA_INVALID: ${path}.callback_data must be 1-64 bytes, got ${bytes}`,
      });
    }
  }
  const url = button.url;
  if (typeof url === 'string' && !/^(https?|tg):\/\/\S+$/i.test(url)) {
    ctx.issues.push({
      severity: 'error',
      code: 'invalidValue',
      path: `${path}.url`,
      message: `BUTTON_URL_INVALID: ${path}.url must be an http(s):// or tg:// URL`,
    });
  }
  if (typeof button.text === 'string' && button.text.trim() === '') {
    ctx.issues.push({
      severity: 'error',
      code: 'invalidValue',
      path: `${path}.text`,
      message: `${path}.text must not be empty`,
    });
  }
}
