/**
 * The chat simulator's page script (src/simulator/page.html): a Telegram-like chat with the
 * fake Bot API, through the routes of src/http/routes/simulator.ts. Bundled by esbuild: at
 * build time into dist/simulator/page.js, in development when the page is first served.
 *
 * Everything shown here is built with createElement/textContent: bot text is rendered from
 * Telegram's text + entities, never through innerHTML, so no message can inject markup.
 */
import type { TgEntity } from '../telegram-html.ts';
import type {
  TgKeyboardButton,
  TgMessage,
  TgPhotoSize,
  TgReplyKeyboardMarkup,
} from '../bot-api/types.ts';

/** GET /sim/config. */
interface SimPerson {
  id: number;
  label: string;
  role: string;
  name: string;
}
interface SimConfig {
  bot: { id: number; firstName: string; username?: string };
  people: SimPerson[];
  group: { id: number; title: string; members: number[] };
}

/** One message of GET /sim/updates. */
interface ChatUpdateEntry {
  message: TgMessage;
  fromBot: boolean;
  deleted?: boolean;
}
/** GET /sim/updates: what changed in the open chat since `seq`. */
interface ChatUpdates {
  seq: number;
  messages: ChatUpdateEntry[];
  notices: Array<{ callbackQueryId: string; text?: string; showAlert?: boolean }>;
  keyboard: TgReplyKeyboardMarkup | null;
  action: string | null;
}

/** The chat on screen: its messages by id, and the bubble of each message or album. */
interface OpenChat {
  chatId: number;
  since: number;
  messages: Map<number, ChatUpdateEntry>;
  units: Map<string, HTMLElement>;
  initialized: boolean;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The element with this id, of the type the page's markup gives it. */
function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`simulator page: no #${id}`);
  return node as T;
}
const els = {
  person: $<HTMLSelectElement>('person'),
  chat: $<HTMLSelectElement>('chat'),
  log: $('log'),
  empty: $('empty'),
  status: $('status'),
  botName: $('botName'),
  botAvatar: $('botAvatar'),
  text: $<HTMLTextAreaElement>('text'),
  composer: $<HTMLFormElement>('composer'),
  photoInput: $<HTMLInputElement>('photoInput'),
  sendLocation: $('sendLocation'),
  sendVoice: $('sendVoice'),
  toggleKb: $('toggleKb'),
  replybar: $('replybar'),
  replyWhat: $('replyWhat'),
  cancelReply: $('cancelReply'),
  replyKb: $('replyKb'),
  error: $('error'),
  toast: $('toast'),
  banner: $('banner'),
  deeplink: $<HTMLInputElement>('deeplink'),
  openDeeplink: $('openDeeplink'),
  alert: $<HTMLDialogElement>('alert'),
  alertText: $('alertText'),
  alertOk: $('alertOk'),
};
const ACTIONS: Readonly<Record<string, string>> = {
  typing: 'đang nhập…',
  upload_photo: 'đang gửi ảnh…',
  upload_document: 'đang gửi tệp…',
  find_location: 'đang tìm vị trí…',
  record_voice: 'đang ghi âm…',
  upload_video: 'đang gửi video…',
};

let config: SimConfig;
let state: OpenChat;
let replyTo: number | null = null;
let keyboard: TgReplyKeyboardMarkup | null = null;
let kbHidden = false;
let pollTimer: ReturnType<typeof setTimeout> | undefined;
let pollGen = 0;
/** callbackQueryId → the button that shows a spinner until the bot answers. */
const pendingButtons = new Map<string, HTMLElement>();

const personId = () => Number(els.person.value);
const chatId = () => Number(els.chat.value);
const me = (): SimPerson | undefined => config.people.find((p) => p.id === personId());

type Attrs = Record<string, string | number | boolean | null | undefined>;

/** An element with attributes and children: text is always a text node, never markup. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** A call to the simulator's routes; a failure throws with the Vietnamese message to show. */
async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init);
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const failed = body as { ok?: boolean; error?: string } | null;
  if (!res.ok || !failed || failed.ok === false)
    throw new Error(failed?.error || 'Không gửi được, vui lòng thử lại.');
  return body as T;
}

function showError(message: string): void {
  els.error.textContent = message;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
function toast(text: string): void {
  els.toast.textContent = text;
  els.toast.classList.add('on');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => els.toast.classList.remove('on'), 3500);
}

// ----- safe rendering of Telegram text + entities (offsets are UTF-16 units, like JS strings)

function safeUrl(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    const u = new URL(url, 'https://invalid.example');
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function entityNode(e: TgEntity, fullText: string): HTMLElement {
  const slice = fullText.slice(e.offset, e.offset + e.length);
  switch (e.type) {
    case 'bold':
      return el('b');
    case 'italic':
      return el('i');
    case 'underline':
      return el('u');
    case 'strikethrough':
      return el('s');
    case 'code':
      return el('code');
    case 'pre':
      return el('pre', { 'data-language': e.language });
    case 'blockquote':
    case 'expandable_blockquote':
      return el('blockquote');
    case 'spoiler': {
      const s = el('span', {
        class: 'spoiler',
        title: 'Nhấn để xem',
        tabindex: '0',
        role: 'button',
      });
      const reveal = () => s.classList.add('shown');
      s.addEventListener('click', reveal);
      s.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') reveal();
      });
      return s;
    }
    case 'text_link':
    case 'url':
    case 'email': {
      const href =
        e.type === 'email' ? 'mailto:' + slice : safeUrl(e.type === 'url' ? slice : e.url);
      if (!href) return el('span');
      return el('a', { class: 'link', href, target: '_blank', rel: 'noopener noreferrer' });
    }
    case 'bot_command': {
      const c = el('span', {
        class: 'command',
        role: 'button',
        tabindex: '0',
        title: 'Gửi lệnh này',
      });
      const go = (): void => void sendText(slice.replace(/@\w+$/, ''));
      c.addEventListener('click', go);
      c.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter') go();
      });
      return c;
    }
    default:
      return el('span');
  }
}

function renderRich(text: string, entities: readonly TgEntity[] | undefined): HTMLElement {
  const root = el('div', { class: 'text' });
  const sorted = (entities || [])
    .filter((e) => e && e.length > 0 && e.offset >= 0 && e.offset + e.length <= text.length)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  // Properly nested entities become nested elements; a partial overlap is clipped to its parent.
  function build(parent: HTMLElement, start: number, end: number, list: TgEntity[]): void {
    let pos = start;
    let i = 0;
    while (i < list.length) {
      const e = list[i];
      if (!e) break;
      const eStart = Math.max(e.offset, pos);
      const eEnd = Math.min(e.offset + e.length, end);
      if (eStart >= eEnd) {
        i++;
        continue;
      }
      if (eStart > pos) parent.append(document.createTextNode(text.slice(pos, eStart)));
      const node = entityNode(e, text);
      const inner: TgEntity[] = [];
      let j = i + 1;
      for (let next = list[j]; next && next.offset < eEnd; next = list[++j]) inner.push(next);
      build(node, eStart, eEnd, inner);
      parent.append(node);
      pos = eEnd;
      i = j;
    }
    if (pos < end) parent.append(document.createTextNode(text.slice(pos, end)));
  }
  build(root, 0, text.length, sorted);
  return root;
}

function plainPreview(m: TgMessage): string {
  if (m.text) return m.text;
  if (m.photo) return '📷 Ảnh' + (m.caption ? ': ' + m.caption : '');
  if (m.document) return '📄 ' + (m.document.file_name || 'Tệp');
  if (m.voice) return '🎤 Ghi âm' + (m.caption ? ': ' + m.caption : '');
  if (m.location) return '📍 Vị trí';
  if (m.contact) return '👤 ' + m.contact.first_name;
  return 'Tin nhắn';
}

function senderName(m: TgMessage, fromBot: boolean | undefined): string {
  if (fromBot) return config.bot.firstName;
  const f = m.from;
  const p = config.people.find((x) => x.id === f?.id);
  return p ? p.label : [f?.first_name, f?.last_name].filter(Boolean).join(' ');
}

function formatTime(unix: number): string {
  return new Date(unix * 1000).toLocaleTimeString('vi-VN', {
    hour: '2-digit',
    minute: '2-digit',
  });
}

function bestPhoto(sizes: readonly TgPhotoSize[]): TgPhotoSize | undefined {
  let best = sizes[0];
  for (const s of sizes) if (Math.max(s.width, s.height) <= 1280) best = s;
  return best;
}

function formatBytes(n: number): string {
  if (n >= 1048576) return (n / 1048576).toFixed(1).replace('.', ',') + ' MB';
  return Math.max(1, Math.round(n / 1024)) + ' KB';
}

function contentOf(m: TgMessage): HTMLElement[] {
  const parts: HTMLElement[] = [];
  const p = m.photo ? bestPhoto(m.photo) : undefined;
  const largest = m.photo?.[m.photo.length - 1];
  if (p && largest) {
    parts.push(
      el(
        'a',
        {
          href: '/sim/file/' + encodeURIComponent(largest.file_id),
          target: '_blank',
          rel: 'noopener',
          class: 'photo-link',
        },
        el('img', {
          src: '/sim/file/' + encodeURIComponent(p.file_id),
          alt: m.caption ? 'Ảnh: ' + m.caption : 'Ảnh',
          width: p.width,
          height: p.height,
          loading: 'lazy',
        }),
      ),
    );
  }
  if (m.document) {
    const d = m.document;
    parts.push(
      el(
        'div',
        { class: 'card' },
        '📄 ',
        el(
          'a',
          {
            href: '/sim/file/' + encodeURIComponent(d.file_id),
            download: d.file_name || 'tep',
          },
          d.file_name || 'Tệp đính kèm',
        ),
        d.file_size ? ' (' + formatBytes(d.file_size) + ')' : '',
      ),
    );
  }
  if (m.voice) {
    const v = m.voice;
    const length = Math.floor(v.duration / 60) + ':' + String(v.duration % 60).padStart(2, '0');
    parts.push(
      el(
        'div',
        { class: 'card voice' },
        '🎤 Ghi âm ' + length + ' ',
        el('audio', {
          controls: true,
          preload: 'none',
          src: '/sim/file/' + encodeURIComponent(v.file_id),
          'aria-label': 'Nghe ghi âm dài ' + length,
        }),
      ),
    );
  }
  if (m.location) {
    const { latitude: lat, longitude: lon } = m.location;
    const map =
      'https://www.openstreetmap.org/?mlat=' + lat + '&mlon=' + lon + '#map=17/' + lat + '/' + lon;
    parts.push(
      el(
        'div',
        { class: 'card' },
        '📍 Vị trí: ' + lat.toFixed(5) + ', ' + lon.toFixed(5) + ' — ',
        el('a', { href: map, target: '_blank', rel: 'noopener noreferrer' }, 'Xem bản đồ'),
      ),
    );
  }
  if (m.contact) {
    const c = m.contact;
    parts.push(
      el(
        'div',
        { class: 'card' },
        '👤 ' +
          [c.last_name, c.first_name].filter(Boolean).join(' ') +
          ' — Số điện thoại: ' +
          c.phone_number,
      ),
    );
  }
  if (m.text !== undefined) parts.push(renderRich(m.text, m.entities));
  if (m.caption) parts.push(renderRich(m.caption, m.caption_entities));
  if (m.forward_origin) parts.unshift(el('div', { class: 'hint' }, 'Chuyển tiếp'));
  return parts;
}

function inlineKeyboard(m: TgMessage): HTMLElement | null {
  const rows = m.reply_markup?.inline_keyboard ?? [];
  if (!rows.length) return null;
  const box = el('div', { class: 'inline-kb' });
  for (const row of rows) {
    const r = el('div', { class: 'kb-row' });
    for (const b of row) {
      if (b.callback_data !== undefined) {
        const btn = el('button', { type: 'button' }, b.text);
        const data = b.callback_data;
        btn.addEventListener('click', () => void pressButton(m, data, btn));
        r.append(btn);
      } else if (b.url && safeUrl(b.url)) {
        r.append(
          el(
            'a',
            {
              class: 'kb-link',
              href: safeUrl(b.url),
              target: '_blank',
              rel: 'noopener noreferrer',
            },
            b.text + ' ↗',
          ),
        );
      } else {
        r.append(
          el(
            'button',
            { type: 'button', disabled: true, title: 'Trình mô phỏng chưa hỗ trợ nút này' },
            b.text,
          ),
        );
      }
    }
    box.append(r);
  }
  return box;
}

function bubble(entries: readonly ChatUpdateEntry[]): HTMLElement {
  const first = entries[0];
  if (!first) throw new Error('simulator page: an empty message unit');
  const m = first.message;
  const own = !first.fromBot && m.from?.id === personId();
  const b = el('article', {
    class: 'bubble' + (own ? ' own' : ''),
    'data-id': m.message_id,
    tabindex: '-1',
  });
  // As in Telegram, names are shown only in groups, on other people's messages.
  if (!own && m.chat.type !== 'private')
    b.append(el('div', { class: 'sender' }, senderName(m, first.fromBot)));
  if (m.reply_to_message) {
    const r = m.reply_to_message;
    const q = el(
      'div',
      { class: 'quote', title: 'Xem tin nhắn được trả lời' },
      el('b', {}, senderName(r, r.from?.is_bot)),
      plainPreview(r).slice(0, 120),
    );
    q.addEventListener('click', () => jumpTo(r.message_id));
    b.append(q);
  }
  if (entries.length > 1 || m.media_group_id) {
    const photos = el('div', { class: 'photos' + (entries.length === 1 ? ' single' : '') });
    const others: HTMLElement[] = [];
    for (const e of entries) {
      const parts = contentOf(e.message);
      for (const p of parts) {
        if (p.classList.contains('photo-link')) photos.append(p);
        else others.push(p);
      }
    }
    b.append(photos, ...others);
  } else {
    const parts = contentOf(m);
    if (m.photo) {
      const photos = el('div', { class: 'photos single' });
      const photo = parts.shift();
      if (photo) photos.append(photo);
      b.append(photos);
    }
    b.append(...parts);
  }
  const kb = inlineKeyboard((entries[entries.length - 1] ?? first).message);
  if (kb) b.append(kb);
  const replyBtn = el(
    'button',
    { type: 'button', 'aria-label': 'Trả lời tin nhắn này' },
    'Trả lời',
  );
  replyBtn.addEventListener('click', () => setReply(m));
  const edited = entries.some((e) => e.message.edit_date);
  b.append(
    el(
      'div',
      { class: 'meta' },
      edited ? 'đã sửa' : null,
      el('time', {}, formatTime(m.date)),
      replyBtn,
    ),
  );
  return b;
}

// ----- conversation state

function unitKey(m: TgMessage): string {
  return m.media_group_id ? 'g' + m.media_group_id : 'm' + m.message_id;
}

function renderUnit(key: string): void {
  const entries = [...state.messages.values()]
    .filter((e) => !e.deleted && unitKey(e.message) === key)
    .sort((a, b) => a.message.message_id - b.message.message_id);
  const old = state.units.get(key);
  if (!entries.length) {
    if (old) old.remove();
    state.units.delete(key);
    return;
  }
  const head = entries[0];
  if (!head) return;
  const node = bubble(entries);
  node.dataset.order = String(head.message.message_id);
  if (old) {
    old.replaceWith(node);
    state.units.set(key, node);
    return;
  }
  state.units.set(key, node);
  const order = head.message.message_id;
  const after = [...els.log.querySelectorAll<HTMLElement>('.bubble')].find(
    (n) => Number(n.dataset.order) > order,
  );
  if (after) els.log.insertBefore(node, after);
  else els.log.append(node);
}

function applyChanges(data: ChatUpdates): void {
  const nearBottom = els.log.scrollHeight - els.log.scrollTop - els.log.clientHeight < 120;
  const touched = new Set<string>();
  let sentByMe = false;
  for (const e of data.messages) {
    const prev = state.messages.get(e.message.message_id);
    if (prev) touched.add(unitKey(prev.message));
    else if (!e.fromBot && e.message.from?.id === personId()) sentByMe = true;
    state.messages.set(e.message.message_id, e);
    touched.add(unitKey(e.message));
  }
  for (const key of touched) renderUnit(key);
  els.empty.hidden = state.units.size > 0;
  for (const n of data.notices) {
    const btn = pendingButtons.get(n.callbackQueryId);
    if (btn) {
      btn.classList.remove('busy');
      btn.removeAttribute('aria-busy');
      pendingButtons.delete(n.callbackQueryId);
    }
    if (state.initialized && n.text) {
      if (n.showAlert) {
        els.alertText.textContent = n.text;
        els.alert.showModal();
      } else toast(n.text);
    }
  }
  setKeyboard(data.keyboard);
  els.status.textContent = data.action
    ? (ACTIONS[data.action] ?? 'đang xử lý…')
    : chatId() < 0
      ? config.group.title
      : 'bot';
  // Like Telegram: follow new messages when already at the bottom, and always after sending.
  if (touched.size && (nearBottom || !state.initialized || sentByMe))
    els.log.scrollTop = els.log.scrollHeight;
  state.since = data.seq;
  state.initialized = true;
}

async function poll(gen: number): Promise<void> {
  if (gen !== pollGen) return;
  try {
    const data = await api<ChatUpdates>('/sim/updates?chat=' + chatId() + '&since=' + state.since);
    if (gen !== pollGen) return;
    els.banner.classList.remove('on');
    applyChanges(data);
  } catch {
    if (gen !== pollGen) return;
    els.banner.classList.add('on');
  }
  clearTimeout(pollTimer);
  pollTimer = setTimeout(() => void poll(gen), 500);
}

function pollNow(): void {
  clearTimeout(pollTimer);
  void poll(pollGen);
}

function openChat(): void {
  pollGen += 1;
  clearTimeout(pollTimer);
  for (const n of els.log.querySelectorAll('.bubble')) n.remove();
  state = {
    chatId: chatId(),
    since: 0,
    messages: new Map(),
    units: new Map(),
    initialized: false,
  };
  setReply(null);
  keyboard = null;
  kbHidden = false;
  setKeyboard(null);
  showError('');
  els.empty.hidden = false;
  void poll(pollGen);
}

// ----- reply keyboard

function setKeyboard(markup: TgReplyKeyboardMarkup | null): void {
  if (JSON.stringify(markup) !== JSON.stringify(keyboard)) kbHidden = false;
  keyboard = markup;
  els.toggleKb.hidden = !markup;
  els.text.placeholder = markup?.input_field_placeholder || 'Nhập tin nhắn…';
  const show = Boolean(markup) && !kbHidden;
  els.replyKb.classList.toggle('on', show);
  const sig = JSON.stringify(markup);
  if (els.replyKb.dataset.sig === sig) return;
  els.replyKb.dataset.sig = sig;
  els.replyKb.replaceChildren();
  if (!markup) return;
  for (const row of markup.keyboard) {
    const r = el('div', { class: 'kb-row' });
    for (const raw of row) {
      const b: TgKeyboardButton = typeof raw === 'string' ? { text: raw } : raw;
      // Marks a request button as Telegram does, unless the bot's label already starts with a
      // sign of its own (gopy's «📱 Gửi số điện thoại…» read «📞 📱 …»).
      const signed = /^\p{Extended_Pictographic}/u.test(b.text);
      const label = b.request_location
        ? (signed ? '' : '📍 ') + b.text
        : b.request_contact
          ? (signed ? '' : '📞 ') + b.text
          : b.text;
      const btn = el('button', { type: 'button' }, label);
      btn.addEventListener('click', () => {
        if (b.request_location) void sendPayload({ location: true });
        else if (b.request_contact) {
          if (window.confirm('Chia sẻ số điện thoại của bạn với bot?'))
            void sendPayload({ contact: true });
        } else void sendText(b.text);
      });
      r.append(btn);
    }
    els.replyKb.append(r);
  }
}

// ----- replying

function setReply(m: TgMessage | null): void {
  replyTo = m ? m.message_id : null;
  els.replybar.classList.toggle('on', Boolean(m));
  els.replyWhat.textContent = m ? 'Đang trả lời: ' + plainPreview(m).slice(0, 100) : '';
  if (m) els.text.focus();
}

function jumpTo(id: number): void {
  const entry = state.messages.get(id);
  const node = entry && state.units.get(unitKey(entry.message));
  if (!node) {
    toast('Tin nhắn này không còn nữa.');
    return;
  }
  node.scrollIntoView({ block: 'center' });
  node.classList.add('highlight');
  node.focus({ preventScroll: true });
  setTimeout(() => node.classList.remove('highlight'), 1500);
}

// ----- sending

async function sendPayload(payload: {
  text?: string;
  location?: boolean;
  contact?: boolean;
  voice?: boolean;
}): Promise<boolean> {
  showError('');
  try {
    await api('/sim/send', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: chatId(), fromId: personId(), replyTo, ...payload }),
    });
    setReply(null);
    pollNow();
    return true;
  } catch (err) {
    showError(messageOf(err));
    return false;
  }
}

function sendText(text: string): Promise<boolean> {
  const t = text.normalize('NFC').trim();
  if (!t) return Promise.resolve(false);
  return sendPayload({ text: t });
}

async function pressButton(m: TgMessage, data: string, btn: HTMLElement): Promise<void> {
  showError('');
  btn.classList.add('busy');
  btn.setAttribute('aria-busy', 'true');
  try {
    const res = await api<{ callbackQueryId?: string }>('/sim/callback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        chatId: chatId(),
        fromId: personId(),
        messageId: m.message_id,
        data,
      }),
    });
    if (res.callbackQueryId) pendingButtons.set(res.callbackQueryId, btn);
    // Telegram stops the spinner after a while even if the bot never answers.
    setTimeout(() => {
      btn.classList.remove('busy');
      btn.removeAttribute('aria-busy');
    }, 10000);
    pollNow();
  } catch (err) {
    btn.classList.remove('busy');
    btn.removeAttribute('aria-busy');
    showError(messageOf(err));
  }
}

async function sendPhoto(file: File): Promise<void> {
  showError('');
  if (!/^image\/(jpeg|png|gif|webp)$/.test(file.type)) {
    showError('Chỉ gửi được ảnh JPEG, PNG, GIF hoặc WebP.');
    return;
  }
  if (file.size > 10 * 1024 * 1024) {
    showError('Ảnh lớn quá 10 MB.');
    return;
  }
  const caption = els.text.value.normalize('NFC').trim();
  const q = new URLSearchParams({
    chatId: String(chatId()),
    fromId: String(personId()),
    name: file.name,
  });
  if (caption) q.set('caption', caption);
  if (replyTo) q.set('replyTo', String(replyTo));
  try {
    await api('/sim/photo?' + q.toString(), {
      method: 'POST',
      headers: { 'content-type': file.type },
      body: file,
    });
    els.text.value = '';
    autosize();
    setReply(null);
    pollNow();
  } catch (err) {
    showError(messageOf(err));
  }
}

function parseDeepLink(raw: string): string | null {
  const s = raw.trim();
  let payload: string;
  const q = /[?&]start=([^&#\s]*)/.exec(s);
  if (q?.[1] !== undefined) {
    try {
      payload = decodeURIComponent(q[1]);
    } catch {
      payload = q[1];
    }
  } else if (/^\/start(\s|$)/.test(s)) payload = s.slice(6).trim();
  else payload = s;
  if (!/^[A-Za-z0-9_-]{0,64}$/.test(payload)) return null;
  return payload;
}

async function openDeepLink(raw: string): Promise<boolean> {
  const payload = parseDeepLink(raw);
  if (payload === null) {
    showError('Mã không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, _ và -, tối đa 64 ký tự.');
    return false;
  }
  return sendText(payload ? '/start ' + payload : '/start');
}

function autosize(): void {
  els.text.style.height = 'auto';
  els.text.style.height = Math.min(els.text.scrollHeight + 4, 160) + 'px';
}

// ----- setup

function fillChats(): void {
  const p = me();
  if (!p) return;
  const previous = els.chat.value;
  els.chat.replaceChildren(el('option', { value: p.id }, 'Riêng với bot'));
  if (config.group.members.includes(p.id))
    els.chat.append(el('option', { value: config.group.id }, config.group.title));
  els.chat.value = [...els.chat.options].some((o) => o.value === previous)
    ? previous
    : String(p.id);
}

function remembered(): string | null {
  try {
    return localStorage.getItem('gopy.sim.person');
  } catch {
    return null;
  }
}

async function start(): Promise<void> {
  config = await api<SimConfig>('/sim/config');
  els.botName.textContent = config.bot.firstName;
  els.botAvatar.textContent = (config.bot.firstName || 'G').trim().charAt(0).toUpperCase();
  document.title = config.bot.firstName + ' — Trình mô phỏng trò chuyện';
  for (const p of config.people) els.person.append(el('option', { value: p.id }, p.label));
  const params = new URLSearchParams(location.search);
  const wanted = Number(params.get('as') ?? remembered());
  if (config.people.some((p) => p.id === wanted)) els.person.value = String(wanted);
  fillChats();
  openChat();

  els.person.addEventListener('change', () => {
    try {
      localStorage.setItem('gopy.sim.person', els.person.value);
    } catch {
      /* private mode */
    }
    fillChats();
    openChat();
  });
  els.chat.addEventListener('change', openChat);
  els.composer.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void sendText(els.text.value).then((ok) => {
      if (!ok) return;
      els.text.value = '';
      autosize();
    });
  });
  els.text.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      els.composer.requestSubmit();
    }
  });
  els.text.addEventListener('input', autosize);
  els.photoInput.addEventListener('change', () => {
    const f = els.photoInput.files && els.photoInput.files[0];
    els.photoInput.value = '';
    if (f) void sendPhoto(f);
  });
  els.sendLocation.addEventListener('click', () => void sendPayload({ location: true }));
  els.sendVoice.addEventListener('click', () => void sendPayload({ voice: true }));
  els.toggleKb.addEventListener('click', () => {
    kbHidden = !kbHidden;
    els.replyKb.classList.toggle('on', Boolean(keyboard) && !kbHidden);
  });
  els.cancelReply.addEventListener('click', () => setReply(null));
  els.openDeeplink.addEventListener('click', () => {
    void openDeepLink(els.deeplink.value).then((ok) => {
      if (!ok) return;
      els.deeplink.value = '';
      const details = els.deeplink.closest('details');
      if (details) details.open = false;
    });
  });
  els.deeplink.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      els.openDeeplink.click();
    }
  });
  els.alertOk.addEventListener('click', () => els.alert.close());

  // Opening the page from a QR link (…/?start=payload) works like tapping t.me/bot?start=payload.
  if (params.has('start')) {
    await openDeepLink('?start=' + encodeURIComponent(params.get('start') ?? ''));
    params.delete('start');
    history.replaceState(
      null,
      '',
      location.pathname + (params.toString() ? '?' + params.toString() : ''),
    );
  }
}

start().catch(() => els.banner.classList.add('on'));
