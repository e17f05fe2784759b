/**
 * The simulator's stand-in for a commune's web portal: what the web chat looks like once a
 * commune pastes the one-line embed into its site. Only the simulator serves it.
 */
import { html, htmlDocument, type SafeHtml } from '../html.ts';

export function portalDemoPage(options: {
  unit: { code: string; name: string };
  communes: ReadonlyArray<{ code: string; name: string }>;
  nonce: string;
}): SafeHtml {
  const { unit, communes, nonce } = options;
  const embed = `<script src="/chat/embed.js" data-commune="${unit.code}" async></script>`;
  return htmlDocument({
    title: `Cổng thông tin điện tử ${unit.name} (mô phỏng)`,
    head: html`<style nonce="${nonce}">
      .portal-head { background: #a31d1d; color: #fff; padding: 1rem; border-radius: 0.5rem; }
      .portal-head h1 { margin: 0; font-size: 1.4rem; }
      .portal-head p { margin: 0.3rem 0 0; }
      .news { display: grid; gap: 0.8rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
      .news article { border: 1px solid #d7dce2; border-radius: 0.5rem; padding: 0.8rem; }
      .note { background: #fff6d6; border: 1px solid #e0c060; padding: 0.8rem; border-radius: 0.5rem; }
      pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f5f7; padding: 0.5rem; }
    </style>`,
    body: html`<header class="portal-head">
        <p>Cổng thông tin điện tử</p>
        <h1>Ủy ban nhân dân ${unit.name}</h1>
      </header>
      <main>
        <p class="note">
          Đây là trang <strong>mô phỏng</strong> cổng thông tin của xã, để xem khung trò chuyện Gopy
          trông thế nào khi xã gắn vào trang của mình. Bấm nút
          <strong>«💬 Gửi phản ánh, kiến nghị»</strong> ở góc dưới bên phải.
        </p>
        <form method="get" action="/sim/portal">
          <label for="commune">Xã:</label>
          <select id="commune" name="commune">
            ${communes.map(
              (c) =>
                html`<option value="${c.code}" ${c.code === unit.code ? 'selected' : ''}>
                  ${c.name}
                </option>`,
            )}
          </select>
          <button type="submit">Xem</button>
        </form>
        <h2>Gắn vào cổng thông tin của xã</h2>
        <p>Chỉ cần thêm một dòng vào trang:</p>
        <pre><code>${embed}</code></pre>
        <section class="news" aria-label="Tin tức">
          <article>
            <h3>Lịch tiếp công dân tháng này</h3>
            <p>Chủ tịch UBND xã tiếp công dân vào thứ Năm hằng tuần tại trụ sở.</p>
          </article>
          <article>
            <h3>Thủ tục hành chính</h3>
            <p>Bộ phận một cửa làm việc từ thứ Hai đến thứ Sáu, sáng 7:30, chiều 13:30.</p>
          </article>
        </section>
      </main>
      <script src="/chat/embed.js" data-commune="${unit.code}" async></script>`,
  });
}
