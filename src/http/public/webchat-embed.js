/*
 * gopy web chat embed, for a commune's portal:
 *   <script src="https://gopy.example.vn/chat/embed.js" data-commune="12694" async></script>
 * Adds a button at the bottom right that opens the chat (an iframe served by gopy) and closes
 * it again. Nothing of the portal is read; the chat keeps its own session inside the iframe,
 * and names its committee («UBND phường …») to the embed by a message, for the frame's title.
 */
(function () {
  var script = document.currentScript;
  if (!script) return;
  var commune = script.getAttribute('data-commune') || '';
  if (!/^\d{5}$/.test(commune)) return;
  var origin = new URL(script.src).origin;
  var label = script.getAttribute('data-label') || 'Gửi phản ánh, kiến nghị';

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = '💬 ' + label;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'gopy-chat-frame');
  var b = button.style;
  b.position = 'fixed';
  b.right = '16px';
  b.bottom = '16px';
  b.zIndex = '2147483000';
  b.font = 'bold 18px system-ui, sans-serif';
  b.padding = '12px 18px';
  b.border = '0';
  b.borderRadius = '28px';
  b.background = '#0b4f8a';
  b.color = '#ffffff';
  b.boxShadow = '0 2px 10px rgba(0,0,0,.3)';
  b.cursor = 'pointer';

  var frame;
  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.id = 'gopy-chat-frame';
      // Named by the chat once it loads (its committee: «UBND phường …»); until then, neutrally.
      frame.title = 'Trò chuyện: ' + label;
      frame.src = origin + '/chat/' + commune;
      frame.allow = 'geolocation; camera; microphone';
      var f = frame.style;
      f.position = 'fixed';
      f.zIndex = '2147483000';
      f.border = '1px solid #aab4c0';
      f.background = '#ffffff';
      f.boxShadow = '0 4px 24px rgba(0,0,0,.3)';
      place();
      window.addEventListener('resize', place);
      document.body.appendChild(frame);
    }
    frame.style.display = 'block';
    button.setAttribute('aria-expanded', 'true');
    button.textContent = '✖ Đóng';
    frame.focus();
  }
  function place() {
    if (!frame) return;
    var f = frame.style;
    var phone = window.innerWidth < 560;
    f.right = phone ? '0' : '16px';
    f.bottom = phone ? '0' : '80px';
    f.width = phone ? '100vw' : '420px';
    f.height = phone ? 'calc(100vh - 72px)' : 'min(680px, calc(100vh - 100px))';
    f.borderRadius = phone ? '0' : '12px';
    b.bottom = phone ? 'calc(100vh - 64px)' : '16px';
  }
  function close() {
    frame.style.display = 'none';
    button.setAttribute('aria-expanded', 'false');
    button.textContent = '💬 ' + label;
    b.bottom = '16px';
  }
  // The chat says whose committee it is: only this frame's own message, from gopy's origin.
  window.addEventListener('message', function (event) {
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
    var data = event.data;
    if (data && data.type === 'gopy-chat' && typeof data.committee === 'string')
      frame.title = 'Trò chuyện với ' + data.committee + ': ' + label;
  });
  button.addEventListener('click', function () {
    if (frame && frame.style.display !== 'none') close();
    else {
      open();
      place();
    }
  });
  function add() {
    document.body.appendChild(button);
  }
  if (document.body) add();
  else document.addEventListener('DOMContentLoaded', add);
})();
