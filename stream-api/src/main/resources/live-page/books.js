// The invariants panel: every 2 s the books of the last minute from GET /flow (stream-api reads
// the other services' /prometheus and does the arithmetic; see babynames.stream.flow.Books).
(function () {
  'use strict';

  const INTERVAL_MS = 2000;

  function show(id, text) {
    document.getElementById(id).textContent = text;
  }

  function signed(n) {
    return (n > 0 ? '+' : '') + n;
  }

  function millis(value) {
    return value == null ? '-' : value.toFixed(1) + ' ms';
  }

  function render(books) {
    const state = document.getElementById('books-state');
    state.textContent = books.state;
    state.className = 'books-state ' + books.state.replace(/ /g, '-');
    show('books-window', books.state === 'collecting'
      ? ''
      : 'last ' + Math.round(books.windowSeconds) + ' s' + (books.since ? ', since ' + books.since + ' came back' : ''));
    show('books-why', books.state === 'out of balance'
      ? books.unaccounted + ' accepted registrations are neither counted nor waiting (tolerance ' + books.tolerance + ')'
      : '');
    show('books-accepted', books.accepted);
    show('books-counted', books.counted);
    show('books-duplicates', books.duplicates);
    show('books-dead-lettered', books.deadLettered);
    show('books-waiting', books.waiting == null
      ? 'no ranker answers'
      : books.waiting + ' (' + signed(books.waitingChange) + ')');
    show('books-unaccounted', books.unaccounted);
    show('books-freshness', millis(books.freshnessP50Millis) + ' / ' + millis(books.freshnessP99Millis));
    document.getElementById('books-sources').replaceChildren(...books.sources.map(function (source) {
      const item = document.createElement('li');
      item.className = source.up ? 'up' : 'down';
      item.textContent = source.name + ': ' + (source.up ? 'up' : 'down');
      return item;
    }));
  }

  function poll() {
    fetch('/flow')
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (books) { if (books) { render(books); } })
      .catch(function () { /* stream-api away: the next poll tries again */ })
      .finally(function () { setTimeout(poll, INTERVAL_MS); });
  }

  poll();
})();
