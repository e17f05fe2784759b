// The simulator's Zalo view: shows the fake Zalo OA's record of this person's chat and sends
// what they type, tap or share. The person is a random Zalo user id kept in this tab's storage.
(function () {
  'use strict';
  var root = document.querySelector('.zalo');
  var log = document.getElementById('log');
  var input = document.getElementById('text');
  var commune = root.getAttribute('data-commune');
  var user = sessionStorage.getItem('gopy-zalo-user');
  if (!user) {
    user = '8';
    for (var i = 0; i < 18; i++) user += String(Math.floor(Math.random() * 10));
    sessionStorage.setItem('gopy-zalo-user', user);
  }
  var shown = -1;

  function post(path, body, type) {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': type || 'application/json' },
      body: type ? body : JSON.stringify(body),
    }).then(refresh);
  }
  function send(text) {
    return post('/sim/zalo/api/send', { user: user, type: 'text', text: text });
  }

  function render(entries) {
    if (entries.length === shown) return;
    shown = entries.length;
    log.textContent = '';
    if (entries.length === 0) {
      // An empty chat says how to begin, as the Telegram simulator's does.
      var empty = document.createElement('p');
      empty.className = 'zalo-empty';
      empty.textContent =
        'Chưa có tin nhắn. Bấm «▶ Bắt đầu» hoặc gõ tin nhắn để trò chuyện với Official Account của xã.';
      log.appendChild(empty);
    }
    entries.forEach(function (e) {
      var bubble = document.createElement('div');
      bubble.className = 'zalo-msg ' + e.from;
      if (e.image) {
        var img = document.createElement('img');
        img.src = e.image;
        img.alt = 'Ảnh';
        bubble.appendChild(img);
      }
      if (e.location) {
        bubble.appendChild(
          document.createTextNode('📍 ' + e.location.latitude + ', ' + e.location.longitude),
        );
      }
      if (e.text) bubble.appendChild(document.createTextNode(e.text));
      if (e.buttons && e.buttons.length) {
        var box = document.createElement('div');
        box.className = 'zalo-buttons';
        e.buttons.forEach(function (b) {
          var button = document.createElement('button');
          button.type = 'button';
          button.textContent = b.title;
          // Zalo sends a query button's payload back as the user's message.
          button.addEventListener('click', function () {
            send(b.payload);
          });
          box.appendChild(button);
        });
        bubble.appendChild(box);
      }
      log.appendChild(bubble);
    });
    log.scrollTop = log.scrollHeight;
  }

  function refresh() {
    return fetch('/sim/zalo/api/chat?user=' + user)
      .then(function (r) {
        return r.json();
      })
      .then(function (body) {
        render(body.entries || []);
      });
  }

  document.getElementById('compose').addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text);
    input.focus();
  });
  document.getElementById('start').addEventListener('click', function () {
    send(commune ? '/start c_' + commune : '/start');
  });
  var file = document.getElementById('file');
  document.getElementById('photo').addEventListener('click', function () {
    file.click();
  });
  file.addEventListener('change', function () {
    var f = file.files && file.files[0];
    if (f) post('/sim/zalo/api/photo?user=' + user, f, f.type);
    file.value = '';
  });
  document.getElementById('place').addEventListener('click', function () {
    // The simulator's demo place (near the demo commune), as Zalo's location sharing sends it.
    post('/sim/zalo/api/send', {
      user: user,
      type: 'location',
      latitude: 20.5412,
      longitude: 106.3391,
    });
  });
  refresh();
  setInterval(refresh, 1000);
})();
