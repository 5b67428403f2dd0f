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

  function showBaby(baby) {
    const item = document.createElement('li');
    item.className = 'new';
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

  document.getElementById('register').addEventListener('submit', function (event) {
    event.preventDefault();
    const result = document.getElementById('register-result');
    const body = {
      name: document.getElementById('name').value,
      sex: document.getElementById('sex').value
    };
    fetch(registrationUrl + '/baby', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 202) {
        result.className = '';
        result.textContent = 'Registered ' + body.name + '.';
        document.getElementById('name').value = '';
        return;
      }
      return response.json().then(function (problem) {
        const details = (problem.errors || []).map(function (e) { return e.field + ' ' + e.message; });
        result.className = 'error';
        result.textContent = problem.title + (details.length ? ': ' + details.join('; ') : '');
      });
    }).catch(function () {
      result.className = 'error';
      result.textContent = 'registration-service could not be reached at ' + registrationUrl;
    });
  });

  connect();
})();
