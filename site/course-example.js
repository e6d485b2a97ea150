// course-example.js: how a course page drives an embedded cloudplay panel.
//
// The iframe loads embed.html?panel=account. Once the playground runs it posts
// {cloudplay: "ready"}; this page also pings until it hears that, in case the
// message came before this script listened. Each button sends one request
// {cloudplay: verb, id, ...} and shows the answer {cloudplay: "result", id, ok,
// output | error}. Only messages from the iframe's window and origin are
// accepted, requests are addressed to that origin, and answers are shown as
// text (textContent), never as HTML.
//
// "Watch events" subscribes ({cloudplay: "subscribe"}): the playground then
// posts {cloudplay: "event", event} for each event and {cloudplay:
// "changed"} after the learner's own changes, shown in the live feed (the
// latest maxFeed); pressed again, it unsubscribes.
//
// To try this page against another deployment, open it with
// ?embed=https://other.example/embed.html (the tests use this to put the
// playground on another origin than the course page).
(function () {
  'use strict';

  var frame = document.getElementById('playground');
  var statusEl = document.getElementById('status');
  var resultEl = document.getElementById('result');
  var logEl = document.getElementById('log');
  var buttons = Array.prototype.slice.call(document.querySelectorAll('.buttons button'));

  // The embed URL: the iframe's own, or ?embed= (an http(s) URL of an
  // embed.html page), always with panel=account.
  var embedURL = new URL(frame.getAttribute('src'), document.baseURI);
  var override = new URLSearchParams(location.search).get('embed');
  if (override) {
    try {
      var u = new URL(override, document.baseURI);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && /\/embed(\.html)?$/.test(u.pathname)) {
        u.search = embedURL.search;
        embedURL = u;
        frame.src = u.href;
      } else {
        log('ignored ?embed=' + override + ' (not an http(s) URL of embed.html)');
      }
    } catch (e) {
      log('ignored ?embed=' + override + ' (' + e.message + ')');
    }
  }
  var embedOrigin = embedURL.origin;

  var feedEl = document.getElementById('feed');
  var watchButton = document.getElementById('watch');
  var watching = false;
  var maxFeed = 20;

  var nextId = 1;
  var pending = {}; // id -> label of the request
  var ready = false;

  function log(text) {
    var li = document.createElement('li');
    li.textContent = text;
    logEl.appendChild(li);
  }

  function setStatus(state, text) {
    statusEl.setAttribute('data-state', state);
    statusEl.textContent = text;
  }

  function send(msg) {
    frame.contentWindow.postMessage(msg, embedOrigin);
  }

  function request(label, msg) {
    msg.id = nextId++;
    pending[msg.id] = label;
    resultEl.setAttribute('data-state', 'pending');
    resultEl.textContent = label + '…';
    log('→ ' + label + ' (id ' + msg.id + ')');
    send(msg);
  }

  function show(label, reply) {
    if (reply.ok) {
      resultEl.setAttribute('data-state', 'ok');
      resultEl.textContent = label + ': ok\n' + JSON.stringify(reply.output, null, 2);
    } else {
      var err = reply.error || {};
      resultEl.setAttribute('data-state', 'error');
      resultEl.textContent = label + ': ' + err.code + '\n' + err.message;
    }
    log('← ' + label + ': ' + (reply.ok ? 'ok' : (reply.error && reply.error.code)));
  }

  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== embedOrigin) {
      return;
    }
    var msg = event.data;
    if (!msg || typeof msg !== 'object') {
      return;
    }
    if (msg.cloudplay === 'ready') {
      if (!ready) {
        ready = true;
        setStatus('ready', 'The playground is ready.');
        buttons.forEach(function (b) { b.disabled = false; });
        log('← ready');
      }
      return;
    }
    if (msg.cloudplay === 'event' && watching) {
      feed(describeEvent(msg.event || {}));
      return;
    }
    if (msg.cloudplay === 'changed' && watching) {
      feed('changed: the learner changed the account');
      return;
    }
    if (msg.cloudplay === 'result' && Object.prototype.hasOwnProperty.call(pending, msg.id)) {
      var label = pending[msg.id];
      delete pending[msg.id];
      show(label, msg);
    }
  });

  // describeEvent says what an event is in one line.
  function describeEvent(e) {
    switch (e.kind) {
      case 'call':
        return '#' + e.seq + ' ' + e.op + (e.error ? ' → ' + e.error.code : ' ok') +
          (e.count > 1 ? ' ×' + e.count : '');
      case 'step':
        return e.time + ' ' + e.service + ' ' + e.type + (e.stream ? ' ' + e.stream : '');
      case 'reset':
        return 'the account was replaced';
      case 'dropped':
        return e.count + ' events dropped (too many at once)';
    }
    return String(e.kind);
  }

  // feed adds a line to the live feed (keeping the latest maxFeed).
  function feed(text) {
    var li = document.createElement('li');
    li.textContent = text;
    feedEl.appendChild(li);
    while (feedEl.children.length > maxFeed) {
      feedEl.removeChild(feedEl.firstChild);
    }
  }

  // Ping until the playground answers: its first "ready" may have been sent
  // before this page listened.
  var pings = 0;
  var pinger = setInterval(function () {
    if (ready) {
      clearInterval(pinger);
      return;
    }
    if (++pings > 120) {
      clearInterval(pinger);
      setStatus('error', 'The playground did not start. Is embed.html reachable at ' + embedURL.href + '?');
      return;
    }
    send({cloudplay: 'ping'});
  }, 500);

  document.getElementById('list-users').addEventListener('click', function () {
    request('List users', {cloudplay: 'call', op: 'iam:ListUsers', input: {}});
  });
  document.getElementById('create-zoe').addEventListener('click', function () {
    request('Create user Zoe', {cloudplay: 'call', op: 'iam:CreateUser', input: {UserName: 'Zoe'}});
  });
  document.getElementById('advance').addEventListener('click', function () {
    request('Advance 60 s', {cloudplay: 'advance', seconds: 60});
  });
  document.getElementById('reset').addEventListener('click', function () {
    request('Reset', {cloudplay: 'reset'});
  });
  watchButton.addEventListener('click', function () {
    watching = !watching;
    watchButton.setAttribute('aria-pressed', String(watching));
    watchButton.textContent = watching ? 'Stop watching' : 'Watch events';
    request(watching ? 'Subscribe' : 'Unsubscribe', {cloudplay: watching ? 'subscribe' : 'unsubscribe'});
  });
})();
