/*
 * gopy web chat, in the iframe (/chat/<commune>). The browser session is a random token in this
 * frame's localStorage. Everything the citizen sends goes through an outbox kept in
 * localStorage, one POST at a time, each with its own idempotency key: a refused (429) or failed
 * send waits and is sent again with the same key, so nothing is lost and nothing doubles. What
 * gopy says arrives by Server-Sent Events (replayed after a reconnect from Last-Event-ID), or by
 * polling when the stream cannot stay open.
 *
 * On a question that takes a voice note (the message says `takesVoice`), the recorder shows:
 * «🎤 Ghi âm» starts the microphone (MediaRecorder, WebM/Opus or OGG/Opus), the same button
 * sends, «✕ Hủy» throws the recording away; an audio file can be sent instead. The server
 * measures and converts what it gets; the page's own timer only stops at the limit.
 */
(function () {
  'use strict';
  var root = document.getElementById('chat');
  var commune = root.getAttribute('data-commune');
  var base = '/chat/' + commune + '/api/';
  var log = document.getElementById('log');
  var statusLine = document.getElementById('status');
  var keyboard = document.getElementById('keyboard');
  var form = document.getElementById('composer');
  var input = document.getElementById('input');
  var inputLabel = document.getElementById('input-label');
  var fileInput = document.getElementById('file');
  var MAX_PHOTO = Number(root.getAttribute('data-photo-max-bytes')) || 10 * 1024 * 1024;
  var MAX_VOICE_SECONDS = Number(root.getAttribute('data-voice-max-seconds')) || 300;
  var MAX_VOICE_BYTES = Number(root.getAttribute('data-voice-max-bytes')) || 20 * 1024 * 1024;
  var voiceBox = document.getElementById('voice');
  var recordButton = document.getElementById('record');
  var recTime = document.getElementById('rec-time');
  var recCancel = document.getElementById('rec-cancel');
  var audioInput = document.getElementById('audio-file');
  var PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

  // Framed by a portal's embed (webchat-embed.js): tell it whose committee this is («UBND phường
  // Hồng Châu»), so the frame is named as what the unit is; the embed knows only the code.
  if (window.parent !== window)
    window.parent.postMessage(
      { type: 'gopy-chat', committee: root.getAttribute('data-committee') },
      '*',
    );

  function randomId(bytes) {
    var a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return btoa(String.fromCharCode.apply(null, a))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  }

  var store = {
    get: function (k) {
      try {
        return localStorage.getItem(k);
      } catch (e) {
        return null;
      }
    },
    set: function (k, v) {
      try {
        localStorage.setItem(k, v);
      } catch (e) {
        /* private mode: the session lasts as long as the page */
      }
    },
  };
  var token = store.get('gopy-webchat-token');
  if (!token) {
    token = randomId(32);
    store.set('gopy-webchat-token', token);
  }
  var outboxKey = 'gopy-webchat-outbox-' + commune;
  var outbox = [];
  try {
    outbox = JSON.parse(store.get(outboxKey) || '[]');
  } catch (e) {
    outbox = [];
  }
  function saveOutbox() {
    store.set(
      outboxKey,
      JSON.stringify(
        outbox.filter(function (o) {
          return o.kind === 'message';
        }),
      ),
    );
  }

  var lastId = 0;
  /** False while the conversation so far is replayed (the first look at the log). */
  var live = false;
  /** A button's note arrived while a message was being sent (its success clears the rest). */
  var toastWhileSending = false;
  var shown = {}; // entry id -> element
  var keysShown = {}; // idempotency key -> element (own messages)
  var contactMode = false;

  function say(text) {
    statusLine.textContent = text || '';
  }

  // ------------------------------------------------------------------ rendering

  /** Telegram's small HTML subset, as DOM nodes: only known tags, attributes dropped. */
  var ALLOWED = {
    B: 'b',
    STRONG: 'strong',
    I: 'i',
    EM: 'em',
    U: 'u',
    S: 's',
    CODE: 'code',
    PRE: 'pre',
    A: 'a',
  };
  function richText(target, text) {
    if (text && typeof text === 'object' && text.kind === 'html') {
      var doc = new DOMParser().parseFromString('<body>' + text.value + '</body>', 'text/html');
      copyNodes(doc.body, target);
    } else {
      target.appendChild(document.createTextNode(String(text || '')));
    }
  }
  function copyNodes(from, to) {
    for (var n = from.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) to.appendChild(document.createTextNode(n.nodeValue));
      else if (n.nodeType === 1) {
        var tag = ALLOWED[n.tagName];
        if (!tag) {
          copyNodes(n, to);
          continue;
        }
        var el = document.createElement(tag);
        if (tag === 'a') {
          var href = n.getAttribute('href') || '';
          if (/^https?:\/\//i.test(href)) {
            el.href = href;
            el.target = '_blank';
            el.rel = 'noopener noreferrer';
          }
        }
        copyNodes(n, el);
        to.appendChild(el);
      }
    }
  }

  function buttonsOf(rows, messageId) {
    var box = document.createElement('div');
    box.className = 'buttons';
    rows.forEach(function (row) {
      var line = document.createElement('div');
      line.className = 'row';
      row.forEach(function (b) {
        if (b.type === 'url') {
          var a = document.createElement('a');
          a.href = b.url;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          a.textContent = b.label;
          line.appendChild(a);
          return;
        }
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = b.label;
        button.addEventListener('click', function () {
          send({ type: 'button', data: b.data, label: b.label, messageId: messageId });
          input.focus();
        });
        line.appendChild(button);
      });
      box.appendChild(line);
    });
    return box;
  }

  function fillOut(el, p, id) {
    el.textContent = '';
    if (p.type === 'photo' || p.type === 'album') {
      (p.type === 'photo' ? [p.url] : p.urls).forEach(function (url) {
        var img = document.createElement('img');
        img.src = url;
        img.alt = 'Ảnh';
        el.appendChild(img);
      });
      if (p.caption) richText(el, p.caption);
    } else if (p.type === 'voice') {
      // The commune's voice note: a player, and the caption (who sent it, the ticket) under it.
      var audio = document.createElement('audio');
      audio.controls = true;
      audio.preload = 'none';
      audio.src = p.url;
      audio.setAttribute('aria-label', 'Nghe ghi âm');
      el.appendChild(document.createTextNode('🎤 Ghi âm'));
      el.appendChild(document.createElement('br'));
      el.appendChild(audio);
      if (p.caption) {
        el.appendChild(document.createElement('br'));
        richText(el, p.caption);
      }
    } else if (p.type === 'document') {
      el.appendChild(document.createTextNode('📄 Tệp đính kèm'));
      if (p.caption) {
        el.appendChild(document.createElement('br'));
        richText(el, p.caption);
      }
    } else if (p.type === 'location') {
      var a = document.createElement('a');
      a.href = 'https://www.openstreetmap.org/?mlat=' + p.latitude + '&mlon=' + p.longitude;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = '📍 Vị trí trên bản đồ';
      el.appendChild(a);
    } else {
      richText(el, p.text);
    }
    if (p.buttons && p.buttons.length) el.appendChild(buttonsOf(p.buttons, id));
  }

  function applyKeyboard(k) {
    if (!k) return;
    keyboard.textContent = '';
    contactMode = false;
    inputLabel.textContent = 'Tin nhắn của Ông/Bà';
    if (k.type !== 'request') return;
    k.buttons.forEach(function (b) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent =
        b.request === 'location' ? '📍 ' + b.label.replace(/^📍\s*/, '') : b.label;
      button.addEventListener('click', function () {
        if (b.request === 'location') locate();
        else if (b.request === 'contact') {
          contactMode = true;
          inputLabel.textContent = 'Số điện thoại của Ông/Bà';
          input.setAttribute('inputmode', 'tel');
          input.focus();
        } else {
          send({ type: 'text', text: b.label });
          input.focus();
        }
      });
      keyboard.appendChild(button);
    });
  }

  function ownText(p) {
    switch (p.type) {
      case 'text':
        return p.text;
      case 'button':
        return '› ' + p.label;
      case 'location':
        return '📍 Đã gửi vị trí';
      case 'contact':
        return '📞 ' + p.phone;
      case 'photo':
        // A photo not uploaded (over the limit) shows as its size; a sent one as itself.
        return p.size ? '📷 Ảnh ' + megabytes(p.size) + ' MB' : '';
      case 'otherImage':
        // A picture of a type gopy does not take: named by its type, not uploaded.
        var kind = (String(p.mimeType || '').split('/')[1] || '').toUpperCase();
        return kind ? '📷 Ảnh ' + kind : '📷 Ảnh';
      case 'voice':
        // An audio file over the limit shows as its size (never uploaded, never measured).
        if (p.size) return '🎤 Tệp ghi âm ' + megabytes(p.size) + ' MB';
        return '🎤 Ghi âm ' + clock(p.durationSeconds || 0);
      default:
        return '';
    }
  }

  function fillIn(el, p) {
    el.textContent = '';
    if (p.type === 'photo' && p.url) {
      var img = document.createElement('img');
      img.src = p.url;
      img.alt = 'Ảnh Ông/Bà đã gửi';
      el.appendChild(img);
    } else if (p.type === 'voice') {
      // The citizen's own note: its length as the server measured it, and a player.
      el.textContent = ownText(p);
      if (p.url) {
        var audio = document.createElement('audio');
        audio.controls = true;
        audio.preload = 'none';
        audio.src = p.url;
        audio.setAttribute('aria-label', 'Nghe lại ghi âm của Ông/Bà');
        el.appendChild(audio);
      }
    } else el.textContent = ownText(p);
  }

  function atBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function render(entry) {
    if (shown[entry.id]) return;
    var p = entry.payload || {};
    var stick = atBottom();
    if (entry.direction === 'in') {
      if (p.type === 'start') {
        shown[entry.id] = true;
        return;
      }
      var mine = entry.key && keysShown[entry.key];
      if (!mine) {
        mine = document.createElement('div');
        mine.className = 'msg in';
        log.appendChild(mine);
      }
      mine.classList.remove('pending');
      fillIn(mine, p);
      shown[entry.id] = mine;
    } else if (p.type === 'edit') {
      var target = shown[p.messageId];
      if (target && target !== true)
        fillOut(target, { type: 'text', text: p.text, buttons: p.buttons }, p.messageId);
      shown[entry.id] = true;
    } else if (p.type === 'toast') {
      // A button's passing note answers a press made now; the log replayed on load holds
      // those of presses made before, which would otherwise come back on every reload.
      if (live) {
        say(p.text);
        toastWhileSending = true;
      }
      shown[entry.id] = true;
    } else {
      var el = document.createElement('div');
      el.className = 'msg out';
      fillOut(el, p, entry.id);
      log.appendChild(el);
      shown[entry.id] = el;
      if (p.type === 'text') {
        applyKeyboard(p.replyKeyboard);
        showRecorder(p.takesVoice === true);
      }
    }
    if (stick || entry.direction === 'in') log.scrollTop = log.scrollHeight;
  }

  function accept(entries) {
    entries.forEach(function (e) {
      if (e.id <= lastId) return;
      render(e);
      lastId = e.id;
    });
  }

  // ------------------------------------------------------------------ sending

  function pendingBubble(item) {
    if (item.kind !== 'message' || item.message.type === 'start') return;
    var el = document.createElement('div');
    el.className = 'msg in pending';
    el.textContent = ownText(item.message);
    if (item.message.type !== 'text') el.textContent = ownText(item.message);
    var note = document.createElement('span');
    note.className = 'note';
    note.textContent = 'Đang gửi…';
    el.appendChild(note);
    log.appendChild(el);
    keysShown[item.key] = el;
    log.scrollTop = log.scrollHeight;
  }

  function send(message) {
    var item = { kind: 'message', key: randomId(16), message: message };
    outbox.push(item);
    saveOutbox();
    pendingBubble(item);
    pump();
  }

  function sendPhoto(file) {
    sendFile('photo', file, '📷 Đang gửi ảnh…');
  }

  function sendVoice(blob) {
    // A file without a type (an .opus from some phones) is sent as audio: the server reads
    // what it is from the bytes.
    if (!blob.type) blob = new Blob([blob], { type: 'audio/ogg' });
    sendFile('voice', blob, '🎤 Đang gửi ghi âm…');
  }

  /** Queues a photo or a voice note and shows it as pending until the server has it. */
  function sendFile(kind, file, pendingText) {
    var item = { kind: kind, key: randomId(16), file: file };
    outbox.push(item);
    var el = document.createElement('div');
    el.className = 'msg in pending';
    el.textContent = pendingText;
    log.appendChild(el);
    keysShown[item.key] = el;
    log.scrollTop = log.scrollHeight;
    pump();
  }

  var pumping = false;
  function pump() {
    if (pumping || outbox.length === 0) return;
    pumping = true;
    toastWhileSending = false;
    var item = outbox[0];
    var request =
      item.kind === 'photo' || item.kind === 'voice'
        ? fetch(base + (item.kind === 'photo' ? 'photos' : 'voices'), {
            method: 'POST',
            headers: {
              authorization: 'Bearer ' + token,
              'content-type': item.file.type || 'application/octet-stream',
              'idempotency-key': item.key,
            },
            body: item.file,
          })
        : fetch(base + 'messages', {
            method: 'POST',
            headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
            body: JSON.stringify({ key: item.key, message: item.message }),
          });
    request
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            return { res: res, body: body };
          });
      })
      .then(
        function (r) {
          pumping = false;
          if (r.res.ok) {
            outbox.shift();
            saveOutbox();
            // A button's note may have come over the stream before this answer: it stays.
            if (!toastWhileSending) say('');
            if (!stream) poll();
            pump();
            return;
          }
          if (r.res.status === 429) {
            var wait = Number(r.res.headers.get('retry-after')) || 5;
            say(r.body.error || 'Ông/Bà gửi nhanh quá. Tin nhắn sẽ tự gửi lại.');
            setTimeout(pump, wait * 1000);
            return;
          }
          if (r.res.status === 413)
            r.body.error =
              item.kind === 'voice' ? voiceTooLarge(item.file.size) : photoTooLarge(item.file.size);
          if (r.res.status >= 400 && r.res.status < 500) {
            // Refused for good (a photo of the wrong type): say why, drop it.
            outbox.shift();
            saveOutbox();
            var el = keysShown[item.key];
            if (el) el.remove();
            say(r.body.error || 'Không gửi được tin nhắn này.');
            pump();
            return;
          }
          retryLater();
        },
        function () {
          pumping = false;
          retryLater();
        },
      );
  }
  var retryDelay = 1000;
  function retryLater() {
    say('Mất kết nối. Tin nhắn sẽ tự gửi lại khi có mạng.');
    setTimeout(pump, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    if (contactMode) {
      // Only what looks like a number goes as one; anything else is a message as typed (the
      // server checks a number the same way either way and answers what it cannot read).
      if (/^\+?[\d\s().-]{3,31}$/.test(text)) send({ type: 'contact', phone: text });
      else send({ type: 'text', text: text });
      contactMode = false;
      inputLabel.textContent = 'Tin nhắn của Ông/Bà';
      input.removeAttribute('inputmode');
    } else send({ type: 'text', text: text });
    input.value = '';
    input.focus();
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.getElementById('photo').addEventListener('click', function () {
    fileInput.click();
  });
  fileInput.addEventListener('change', function () {
    var file = fileInput.files && fileInput.files[0];
    fileInput.value = '';
    if (!file) return;
    if (PHOTO_TYPES.indexOf(file.type) < 0) {
      // Not uploaded, only announced by its type: gopy answers in the chat that it cannot read
      // that kind of picture, and asks the question again, as with a photo over the limit.
      send({ type: 'otherImage', mimeType: file.type.slice(0, 100) });
      input.focus();
      return;
    }
    if (file.size > MAX_PHOTO) {
      // Not uploaded, only announced: gopy answers in the chat why it cannot take it and asks
      // the question again, as on Telegram (a line under the box was easy to miss).
      send({ type: 'photo', size: file.size });
      input.focus();
      return;
    }
    sendPhoto(file);
    input.focus();
  });

  // ------------------------------------------------------------------ voice notes

  function clock(seconds) {
    var s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
  function megabytes(bytes) {
    return (Math.round((bytes / 1024 / 1024) * 10) / 10).toLocaleString('vi-VN');
  }
  /** The conversation's own words for a file over the limit (the page's template). */
  function voiceTooLarge(size) {
    return (root.getAttribute('data-voice-too-large') || '')
      .replace('{size}', megabytes(size))
      .replace('{max}', megabytes(MAX_VOICE_BYTES));
  }

  function photoTooLarge(size) {
    return (root.getAttribute('data-photo-too-large') || '')
      .replace('{size}', megabytes(size))
      .replace('{max}', megabytes(MAX_PHOTO));
  }

  var recording = null; // { recorder, stream, chunks, started, timer, send }
  function showRecorder(on) {
    if (!on && recording) stopRecording(false);
    voiceBox.hidden = !on;
  }
  function recordType() {
    if (!window.MediaRecorder || !MediaRecorder.isTypeSupported) return undefined;
    var types = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'];
    for (var i = 0; i < types.length; i++)
      if (MediaRecorder.isTypeSupported(types[i])) return types[i];
    return undefined;
  }
  function startRecording() {
    var type = recordType();
    if (!type || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      // Safari before 18.4 records AAC only, which gopy cannot hand on as a voice note.
      say(
        'Trình duyệt này không ghi âm được. Xin Ông/Bà gõ chữ, hoặc mở trang này bằng Chrome hay Firefox để ghi âm.',
      );
      return;
    }
    say('Đang mở micro (trình duyệt sẽ hỏi Ông/Bà có đồng ý không)…');
    navigator.mediaDevices.getUserMedia({ audio: true }).then(
      function (stream) {
        var recorder = new MediaRecorder(stream, { mimeType: type });
        var rec = {
          recorder: recorder,
          stream: stream,
          chunks: [],
          started: Date.now(),
          send: true,
        };
        recording = rec;
        recorder.ondataavailable = function (event) {
          if (event.data && event.data.size) rec.chunks.push(event.data);
        };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) {
            t.stop();
          });
          if (rec.send && rec.chunks.length)
            sendVoice(new Blob(rec.chunks, { type: recorder.mimeType.split(';')[0] }));
        };
        recorder.start(1000);
        say('Đang ghi âm. Bấm «⏹ Dừng và gửi» khi nói xong.');
        recordButton.textContent = '⏹ Dừng và gửi';
        recordButton.setAttribute('aria-pressed', 'true');
        recTime.hidden = false;
        recCancel.hidden = false;
        recTime.textContent = '0:00';
        rec.timer = setInterval(function () {
          var seconds = (Date.now() - rec.started) / 1000;
          recTime.textContent = clock(seconds);
          // The limit: what was said so far is sent (the server measures it again).
          if (seconds >= MAX_VOICE_SECONDS - 1) stopRecording(true);
        }, 250);
      },
      function () {
        say('Chưa được phép dùng micro. Xin Ông/Bà cho phép trình duyệt dùng micro, hoặc gõ chữ.');
      },
    );
  }
  function stopRecording(send) {
    var rec = recording;
    if (!rec) return;
    recording = null;
    clearInterval(rec.timer);
    rec.send = send;
    if (rec.recorder.state !== 'inactive') rec.recorder.stop();
    recordButton.textContent = '🎤 Ghi âm';
    recordButton.setAttribute('aria-pressed', 'false');
    recTime.hidden = true;
    recCancel.hidden = true;
    say(send ? '' : 'Đã hủy ghi âm.');
  }
  recordButton.addEventListener('click', function () {
    if (recording) stopRecording(true);
    else startRecording();
  });
  recCancel.addEventListener('click', function () {
    stopRecording(false);
  });
  document.getElementById('audio-pick').addEventListener('click', function () {
    audioInput.click();
  });
  audioInput.addEventListener('change', function () {
    var file = audioInput.files && audioInput.files[0];
    audioInput.value = '';
    if (!file) return;
    if (file.size > MAX_VOICE_BYTES) {
      // Not uploaded, only announced by its size: refused in the chat, with the question again.
      send({ type: 'voice', size: file.size });
      input.focus();
      return;
    }
    sendVoice(file);
  });

  function locate() {
    if (!navigator.geolocation) {
      say('Trình duyệt không lấy được vị trí. Ông/Bà có thể gõ địa chỉ.');
      return;
    }
    say('Đang lấy vị trí (trình duyệt sẽ hỏi Ông/Bà có đồng ý không)…');
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        say('');
        send({ type: 'location', latitude: pos.coords.latitude, longitude: pos.coords.longitude });
        input.focus();
      },
      function () {
        say('Không lấy được vị trí. Ông/Bà có thể gõ địa chỉ vào ô tin nhắn.');
        input.focus();
      },
      { enableHighAccuracy: true, timeout: 15000 },
    );
  }
  document.getElementById('locate').addEventListener('click', locate);

  // «Phản ánh của tôi»
  var dialog = document.getElementById('tickets');
  document.getElementById('mine').addEventListener('click', function () {
    var list = document.getElementById('tickets-list');
    list.textContent = 'Đang tải…';
    if (dialog.showModal) dialog.showModal();
    fetch(base + 'tickets', { headers: { authorization: 'Bearer ' + token } })
      .then(function (res) {
        return res.json();
      })
      .then(function (body) {
        list.textContent = '';
        if (!body.tickets || body.tickets.length === 0) {
          list.textContent = 'Ông/Bà chưa gửi phản ánh nào từ trình duyệt này.';
          return;
        }
        var ul = document.createElement('ul');
        body.tickets.forEach(function (t) {
          var li = document.createElement('li');
          var a = document.createElement('a');
          a.href = t.url;
          a.target = '_blank';
          a.rel = 'noopener';
          a.textContent = t.ticketCode;
          li.appendChild(a);
          // The sign and the words come from the server (texts/report.ts), as Telegram's list
          // and the ticket's page show them: «🕓 Chờ phường có cán bộ nhận» for a ward's report.
          li.appendChild(
            document.createTextNode(
              ' — ' + (t.sign || '•') + ' ' + (t.state || t.status) + ': ' + t.text.slice(0, 80),
            ),
          );
          ul.appendChild(li);
        });
        list.appendChild(ul);
      })
      .catch(function () {
        list.textContent = 'Không tải được danh sách. Xin thử lại.';
      });
  });
  // ------------------------------------------------------------------ receiving

  var stream = null;
  var failures = 0;
  var pollTimer = null;
  function connect() {
    if (!window.EventSource) return startPolling();
    stream = new EventSource(base + 'events?t=' + encodeURIComponent(token) + '&after=' + lastId);
    stream.onmessage = function (event) {
      failures = 0;
      try {
        accept([JSON.parse(event.data)]);
      } catch (e) {
        /* a malformed event is skipped; the next look replays from the last good id */
      }
    };
    stream.onopen = function () {
      failures = 0;
      if (pollTimer) {
        clearInterval(pollTimer);
        pollTimer = null;
      }
    };
    stream.onerror = function () {
      failures += 1;
      // EventSource reconnects by itself (with Last-Event-ID); after a few failures in a row
      // (a proxy that buffers streams), poll instead.
      if (failures >= 3 || stream.readyState === EventSource.CLOSED) {
        stream.close();
        stream = null;
        startPolling();
      }
    };
  }
  function poll() {
    return fetch(base + 'entries?after=' + lastId, {
      headers: { authorization: 'Bearer ' + token },
    })
      .then(function (res) {
        return res.json();
      })
      .then(function (body) {
        accept(body.entries || []);
        return body.entries || [];
      });
  }
  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(function () {
      poll().catch(function () {});
    }, 3000);
  }

  // A counter's QR code (or a rating link) opens the page with `?start=<deep link>`, as a
  // Telegram link does: sent once per tab, so a reload does not start the rating over.
  var startLink = new URLSearchParams(location.search).get('start');
  function opensLink() {
    if (!startLink || !/^[A-Za-z0-9_-]{1,64}$/.test(startLink)) return false;
    var mark = 'gopy-webchat-opened-' + startLink;
    try {
      if (sessionStorage.getItem(mark)) return false;
      sessionStorage.setItem(mark, '1');
    } catch (e) {
      /* no session storage: open it on each load */
    }
    return true;
  }

  // Start: the conversation so far, then the greeting if there is none, then the live stream.
  function begin() {
    poll().then(
      function (entries) {
        live = true;
        outbox.forEach(pendingBubble);
        if (opensLink()) send({ type: 'start', link: startLink });
        else if (entries.length === 0 && outbox.length === 0) send({ type: 'start' });
        else pump();
        connect();
        input.focus();
      },
      function () {
        say('Không kết nối được. Đang thử lại…');
        setTimeout(begin, 3000);
      },
    );
  }
  begin();
})();
