/**
 * The web chat's pages: the chat itself (the iframe a commune's portal embeds) and a ticket's
 * thread. Both are for citizens, many of them elderly: large text, strong contrast, one column
 * that works on a 390 px phone. The chat's behaviour is public/webchat.js (no inline script).
 */
import { formatDateTime } from '../../app/report-labels.ts';
import { committeeName } from '../../app/alert-message.ts';
import { kindHasDeadline } from '../../core/submission-kinds.ts';
import { dueOnReceipt, kindLabel, stateLabel, unitWord } from '../../texts/report.ts';
import type { WebTicketThread } from '../../channels/webchat/web-chat-store.ts';
import { MAX_VOICE_BYTES, MAX_VOICE_SECONDS } from '../../app/citizen-conversation.ts';
import { MAX_PHOTO_BYTES } from '../../channels/webchat/web-chat-photo.ts';
import { ANSWER, TEXT } from '../../texts/citizen.ts';
import { html, htmlDocument, type SafeHtml } from '../html.ts';

const STYLESHEET = '/assets/webchat.css';

export function webChatPage(options: { unit: { code: string; name: string } }): SafeHtml {
  const { unit } = options;
  return htmlDocument({
    title: `Phản ánh, kiến nghị – ${unit.name}`,
    stylesheets: [STYLESHEET],
    // The page says a file is too large in the conversation's own words (its template): what
    // was wrong only, since the question it answers may not be the one asking for that file.
    body: html`<div
      class="chat"
      id="chat"
      data-commune="${unit.code}"
      data-committee="${committeeName(unit.name)}"
      data-voice-max-seconds="${String(MAX_VOICE_SECONDS)}"
      data-voice-max-bytes="${String(MAX_VOICE_BYTES)}"
      data-voice-too-large="${TEXT.voiceTooLarge.vi}"
      data-photo-max-bytes="${String(MAX_PHOTO_BYTES)}"
      data-photo-too-large="${TEXT.photoTooLarge.vi}"
    >
      <header class="chat-head">
        <h1>${committeeName(unit.name)}<small>Gửi phản ánh, kiến nghị, đánh giá</small></h1>
        <button type="button" id="mine" class="head-button">Phản ánh của tôi</button>
      </header>
      <div
        id="log"
        class="log"
        role="log"
        aria-live="polite"
        aria-label="Cuộc trò chuyện với ${committeeName(unit.name)}"
        tabindex="0"
      ></div>
      <p id="status" class="status" role="status" aria-live="polite"></p>
      <div id="keyboard" class="keyboard" aria-label="Lựa chọn nhanh"></div>
      <div id="voice" class="voice" role="group" aria-label="Ghi âm" hidden>
        <button type="button" id="record" class="record" aria-pressed="false">🎤 Ghi âm</button>
        <span id="rec-time" class="rec-time" role="timer" hidden>0:00</span>
        <button type="button" id="rec-cancel" hidden>✕ Hủy</button>
        <button type="button" id="audio-pick">📎 Gửi tệp ghi âm</button>
        <input type="file" id="audio-file" accept="audio/*,.ogg,.opus,.webm" hidden />
      </div>
      <form id="composer" class="composer" autocomplete="off">
        <label for="input" id="input-label">Tin nhắn của Ông/Bà</label>
        <div class="composer-row">
          <textarea id="input" name="text" rows="2" maxlength="4000" enterkeyhint="send"></textarea>
          <button type="submit" id="send" class="send">Gửi</button>
        </div>
        <div class="composer-row tools">
          <button type="button" id="photo">📷 Gửi ảnh</button>
          <input type="file" id="file" accept="image/jpeg,image/png,image/webp" hidden />
          <button type="button" id="locate">📍 Gửi vị trí</button>
        </div>
      </form>
      <dialog id="tickets" class="tickets" aria-labelledby="tickets-title">
        <h2 id="tickets-title">Phản ánh của tôi</h2>
        <div id="tickets-list"></div>
        <form method="dialog"><button type="submit">Đóng</button></form>
      </dialog>
    </div>
    <script src="/assets/webchat.js"></script>`,
  });
}

export function ticketPage(options: {
  thread: WebTicketThread;
  photoUrl: (fileId: string) => string;
}): SafeHtml {
  const { thread, photoUrl } = options;
  const photos = (ids: string[]) =>
    ids.length
      ? html`<div class="photos">
          ${ids.map((id) => html`<img src="${photoUrl(id)}" alt="Ảnh đính kèm" />`)}
        </div>`
      : html``;
  const voices = (ids: string[]) =>
    ids.map(
      (id) =>
        html`<p class="voice">
          🎤 Ghi âm<br /><audio controls preload="none" src="${photoUrl(id)}"></audio>
        </p>`,
    );
  return htmlDocument({
    title: `Phiếu ${thread.ticketCode}`,
    stylesheets: [STYLESHEET],
    body: html`<main class="ticket">
      <h1>${kindLabel(thread.kind)} ${thread.ticketCode}</h1>
      <p class="meta">
        ${committeeName(thread.unitName)} · gửi lúc ${formatDateTime(thread.createdAt)}<br />
        Trạng thái: <strong>${stateLabel(thread, thread.unitName)}</strong> ·
        ${
          !kindHasDeadline(thread.kind)
            ? 'góp ý không có hạn trả lời'
            : thread.awaitingOfficialAt
              ? `hạn trả lời ${dueOnReceipt(thread.unitName)}`
              : `hạn trả lời ${formatDateTime(thread.dueAt).slice(0, 10)}`
        }
      </p>
      <ol class="thread" aria-label="Trao đổi về phiếu ${thread.ticketCode}">
        <li class="in">
          <p class="who">Ông/Bà đã gửi</p>
          <p class="text">${thread.text}</p>
          ${photos(thread.photos)} ${voices(thread.voices)}
        </li>
        ${thread.messages.map(
          (m) =>
            html`<li class="${m.direction}">
              <p class="who">
                ${m.direction === 'in' ? 'Ông/Bà' : committeeName(thread.unitName)} ·
                ${formatDateTime(m.at)}
              </p>
              <p class="text">${m.text}</p>
              ${photos(m.photos)} ${voices(m.voices)}
            </li>`,
        )}
      </ol>
      ${
        thread.status === 'resolved'
          ? verdictWhere(thread.unitCode, thread.unitName)
          : thread.messages.some((m) => m.direction === 'out')
            ? html``
            : html`<p class="meta">${sentenceStart(unitWord(thread.unitName))} chưa trả lời. Câu trả lời sẽ hiện ở đây và trong khung trò chuyện.</p>`
      }
    </main>`,
  });
}

/**
 * Where the citizen says whether it was resolved. Not on this page: its link (`?k=`) opens the
 * ticket for whoever holds it (a link is easily forwarded), while a verdict closes or reopens
 * the report and is the reporter's alone; the chat knows them, and goes on to the questions
 * that follow the verdict.
 */
function verdictWhere(unitCode: string, unitName: string): SafeHtml {
  const unit = unitWord(unitName);
  const choices = [ANSWER.resolved.vi, ANSWER.partly.vi, ANSWER.notResolved.vi];
  return html`<p class="verdict-where">
    ${sentenceStart(unit)} đã trả lời. ${ANSWER.question.vi} Xin Ông/Bà chọn
    ${choices.map((c, i) => html`${i > 0 ? ', ' : ''}«${c}»`)} ngay dưới câu trả lời của ${unit}
    trong <a href="/chat/${unitCode}">khung trò chuyện</a>.
  </p>`;
}

/** «Phường chưa trả lời»: the unit's word («phường», «xã») opening a sentence. */
function sentenceStart(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
