// The live page: top-10 tables and the latest registrations from GET /stream, and a form that
// registers a baby at registration-service. No build step, no libraries.
(function () {
  'use strict';

  const registrationUrl = document.querySelector('meta[name="registration-url"]').content;
  const stateBadge = document.getElementById('state');
  const feed = document.getElementById('feed');
  const maxFeedItems = 20;
  let source = null;
  let lastEventId = null;

  function setState(state) {
    stateBadge.textContent = state;
    stateBadge.className = 'state ' + state;
  }

  function showTop10(top10) {
    const table = document.getElementById('top10-' + top10.sex);
    const body = table.querySelector('tbody');
    body.replaceChildren(...top10.names.map(function (ranked) {
      const row = document.createElement('tr');
      [ranked.rank, ranked.name, ranked.count].forEach(function (value) {
        const cell = document.createElement('td');
        cell.textContent = value;
        row.appendChild(cell);
      });
      return row;
    }));
    table.querySelector('.version').textContent = 'v' + top10.version;
  }

  // A registration retried after a 503 whose first attempt a stalled broker still wrote (after the
  // producer had given up) is in the log twice with one id, and the stream carries both copies:
  // show it once. The copies are seconds apart, so the items on show are enough to look in.
  function shown(baby) {
    return Array.prototype.some.call(feed.children, function (item) { return item.dataset.id === baby.id; });
  }

  function showBaby(baby) {
    if (shown(baby)) {
      return;
    }
    const item = document.createElement('li');
    item.className = 'new';
    item.dataset.id = baby.id;
    item.textContent = baby.name + ' (' + baby.sex + ')';
    feed.prepend(item);
    while (feed.children.length > maxFeedItems) {
      feed.lastChild.remove();
    }
  }

  function remember(event) {
    if (event.lastEventId) {
      lastEventId = event.lastEventId;
    }
  }

  // EventSource reconnects by itself (sending Last-Event-ID) when a stream ends or the network
  // drops; it gives up only when a reconnect gets an error response, e.g. while the server
  // starts. Then we open a new one ourselves, resuming from the last event we saw.
  function connect() {
    const url = lastEventId ? '/stream?from=' + encodeURIComponent(lastEventId) : '/stream';
    source = new EventSource(url);
    source.onopen = function () { setState('live'); };
    source.onerror = function () {
      setState('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 2000);
      }
    };
    source.addEventListener('top10', function (event) {
      remember(event);
      showTop10(JSON.parse(event.data));
    });
    source.addEventListener('baby', function (event) {
      remember(event);
      showBaby(JSON.parse(event.data));
    });
    source.addEventListener('gap', remember);
    ['overflow', 'reconnect'].forEach(function (type) {
      source.addEventListener(type, function () { setState('reconnecting'); });
    });
  }

  // A registration's key, so that retrying it (after a 503, whose outcome is unknown, or a lost
  // answer) counts it once whatever happened the first time.
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  const MAX_ATTEMPTS = 5;

  function register(body, key, attempt, result) {
    fetch(registrationUrl + '/baby', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 202) {
        result.className = '';
        result.textContent = 'Registered ' + body.name + '.';
        document.getElementById('name').value = '';
        return;
      }
      if ((response.status === 503 || response.status === 409) && attempt < MAX_ATTEMPTS) {
        const seconds = parseInt(response.headers.get('Retry-After') || '1', 10);
        result.className = '';
        result.textContent = 'Not confirmed yet; trying again in ' + seconds + ' s with the same key...';
        setTimeout(function () { register(body, key, attempt + 1, result); }, seconds * 1000);
        return;
      }
      return response.json().then(function (problem) {
        const details = (problem.errors || []).map(function (e) { return e.field + ' ' + e.message; });
        result.className = 'error';
        result.textContent = problem.title + (details.length ? ': ' + details.join('; ') : '');
      });
    }).catch(function () {
      if (attempt < MAX_ATTEMPTS) {
        setTimeout(function () { register(body, key, attempt + 1, result); }, 1000);
        return;
      }
      result.className = 'error';
      result.textContent = 'registration-service could not be reached at ' + registrationUrl;
    });
  }

  document.getElementById('register').addEventListener('submit', function (event) {
    event.preventDefault();
    const body = {
      name: document.getElementById('name').value,
      sex: document.getElementById('sex').value
    };
    register(body, newKey(), 1, document.getElementById('register-result'));
  });

  connect();
})();
