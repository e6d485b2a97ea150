// bridge.js lets a course page on any origin drive the playground in an
// iframe by postMessage (CONTRACT.md, "Pages, links and embedding"). Only
// embed.html loads it, after cloudplay.js.
//
//   page -> embed: {cloudplay: "call", id: 7, op: "iam:ListUsers", input: {...}, caller: "arn:...", context: {...}, trace: false}
//                  {cloudplay: "reset", id, scenario}   {cloudplay: "advance", id, seconds}
//                  {cloudplay: "scenario", id}           {cloudplay: "events", id}
//                  {cloudplay: "ping"}
//                  {cloudplay: "subscribe", id}          {cloudplay: "unsubscribe", id}
//   embed -> page: {cloudplay: "result", id, ok: true, output} or
//                  {cloudplay: "result", id, ok: false, error: {code, message, trace?}}
//                  {cloudplay: "ready"} once started (to the parent) and in answer to a ping
//                  {cloudplay: "event", event: {...}}, {cloudplay: "changed"} and
//                  {cloudplay: "goals", goals: [...]}, only to an origin that subscribed (below)
//
// Replies go to the window that asked (event.source), addressed to its origin
// (event.origin), so no other page can read them. A sender with an opaque
// origin ("null", e.g. a sandboxed iframe) can only be answered with "*".
// Messages without a cloudplay member are ignored, and so are "ready" and
// "result" (they are answers, and answering them could make two bridges talk
// for ever). Message contents are data: never evaluated, never put into the
// page as HTML.
//
// Each message is serialised to JSON (one that cannot be, or is larger than
// 2 MiB, is answered InvalidMessage) and checked by the simulator
// (cloudplayHost.checkMessage, wasm/message.go, fuzzed natively): an unknown
// verb or member, or a member of the wrong type, is answered InvalidMessage
// naming it; id is a number or a string of at most 256 characters. The verb
// then runs through window.cloudplay. Answers go out in the order the
// messages came, each once.
//
// Subscriptions. {cloudplay: "subscribe"} (answered with output {}) makes
// the bridge post, to the subscriber's origin only (and to the window that
// subscribed last from it: one subscription per origin, however many
// times it subscribes), each event cloudplay.subscribe delivers, as
// {cloudplay: "event", event: {kind: "call" | "step" | "reset", ...}}, and
// {cloudplay: "changed"} 250 ms after the last of a burst of the learner's
// own changes in the embedded panel (a call that changed the account, a
// scenario loaded, reset or undone from the panel; not the page's own
// messages, not actors' calls, not the clock). {cloudplay: "unsubscribe"}
// (output {}) stops it. When the scenario has goals (an exercise), a
// subscriber also gets {cloudplay: "goals", goals: [{title, done, detail}]}
// once when it subscribes and again whenever a goal's state changes (the
// learner's work or the page's own calls), so a course page needs no
// polling. A sender with an opaque origin cannot subscribe:
// its events could only be posted to "*". At most maxSubscribers origins
// subscribe at once (LimitExceeded past it).
//
// Events are posted in batches of at most maxPerFlush per origin every
// flushMs (about a frame); at most maxOutbox wait. Past that, events are
// dropped, and where they were the subscriber gets one
// {kind: "dropped", count: N} event (cloudplay.events() has the log). An
// aggregated event of an actor that grows while still waiting is replaced
// (same seq), not queued twice.
(function () {
  'use strict';

  var cp = window.cloudplay;
  var framed = window.parent && window.parent !== window;

  // maxMessage bounds the JSON text of a message, in UTF-16 code units; the
  // simulator's check (wasm/message.go, maxMessageBytes: 2 MiB of UTF-8)
  // is the rule, and since UTF-8 never has fewer bytes than UTF-16 code
  // units, longer text is refused here without copying it across.
  var maxMessage = 2 * 1024 * 1024;
  // maxID: an id that is a string is at most this long (wasm/message.go).
  var maxID = 256;

  // Subscriptions (see above). The playground's own choices: a learner's
  // tab has one course page; 16 origins leave room for a page with several
  // frames. 100 events a flush every 16 ms is about 6,000 postMessage a
  // second per origin at most, which a course page can handle; 1,000
  // waiting events are ten flushes' worth.
  var maxSubscribers = 16;
  var maxPerFlush = 100;
  var maxOutbox = 1000;
  var flushMs = 16;
  var changedDelayMs = 250;

  // Verbs of what the playground itself posts: never answered.
  var answers = {ready: true, result: true, event: true, changed: true, goals: true};

  // ignored is the check's answer for a message the bridge does not answer.
  var ignored = {};
  // pong is what a ping resolves to: answered with {cloudplay: "ready"}.
  var pong = {};

  function send(target, origin, msg) {
    try {
      target.postMessage(msg, origin === 'null' ? '*' : origin);
    } catch (e) {
      // The sender went away, or the answer cannot be cloned: nothing to do.
      console.warn('cloudplay bridge: could not answer:', e && e.message ? e.message : e);
    }
  }

  function errorOf(err) {
    var out = {code: 'InternalFailure', message: 'cloudplay: the bridge failed'};
    try {
      if (err && typeof err.code === 'string' && err.code) {
        out.code = err.code;
      }
      if (err && typeof err.message === 'string' && err.message) {
        out.message = err.message;
      }
      if (err && err.trace !== undefined) {
        out.trace = err.trace;
      }
    } catch (e) {
      // keep what we have
    }
    return out;
  }

  function invalid(message) {
    var err = new Error(message);
    err.code = 'InvalidMessage';
    return err;
  }

  // replyID is the id an answer carries: the message's, when it is one the
  // check accepts (a finite number, or a string of at most maxID code
  // units), else none.
  function replyID(id) {
    if ((typeof id === 'number' && isFinite(id)) || (typeof id === 'string' && id.length <= maxID)) {
      return id;
    }
    return undefined;
  }

  // check serialises a message and asks the simulator to check it
  // (cloudplayHost.checkMessage): it resolves to the normalised message,
  // or to ignored, or rejects with InvalidMessage.
  function check(msg) {
    var text;
    try {
      text = JSON.stringify(msg);
    } catch (e) {
      return Promise.reject(invalid('the message cannot be written as JSON (' +
        (e && typeof e.message === 'string' ? e.message.slice(0, 200) : 'it holds a value JSON cannot carry') + ')'));
    }
    if (typeof text !== 'string') {
      return Promise.resolve(ignored);
    }
    if (text.length > maxMessage) {
      return Promise.reject(invalid('the message is larger than ' + maxMessage + ' bytes of JSON (it has at least ' + text.length + ')'));
    }
    return cp.ready.then(function () {
      var host = globalThis.cloudplayHost;
      var reply;
      try {
        reply = JSON.parse(host.checkMessage(text));
      } catch (e) {
        var err = new Error('cloudplay: the simulator could not check the message');
        err.code = 'InternalFailure';
        throw err;
      }
      if (reply && reply.ok === true) {
        return reply.output === null ? ignored : reply.output;
      }
      var e = (reply && reply.error) || {};
      var refusal = new Error(e.message || 'the message is not valid');
      refusal.code = e.code || 'InvalidMessage';
      throw refusal;
    });
  }

  // The verbs, run through window.cloudplay with the checked members
  // (input and scenario come as JSON text).
  var verbs = {
    call: function (m) {
      var opts = {};
      if (m.caller !== undefined) {
        opts.caller = m.caller;
      }
      if (m.context !== undefined) {
        opts.context = m.context;
      }
      if (m.trace !== undefined) {
        opts.trace = m.trace;
      }
      return cp.call(m.op, m.input === undefined ? '{}' : m.input, opts);
    },
    reset: function (m) {
      return cp.reset(m.scenario).then(function () {
        return {};
      });
    },
    advance: function (m) {
      return cp.advance(m.seconds).then(function (time) {
        return {time: time};
      });
    },
    scenario: function () {
      return cp.scenario();
    },
    events: function () {
      return cp.events();
    },
    ping: function () {
      return pong;
    },
    subscribe: function (m, source, origin) {
      if (origin === 'null') {
        throw invalid('a page with an opaque origin (a sandboxed frame, a file) cannot subscribe: its events could not be posted to it alone');
      }
      if (!subs.has(origin) && subs.size >= maxSubscribers) {
        var err = new Error(maxSubscribers + ' origins have subscribed already; the playground posts events to at most ' + maxSubscribers);
        err.code = 'LimitExceeded';
        throw err;
      }
      subs.set(origin, source);
      if (!stopFeed) {
        stopFeed = cp.subscribe(onEvent);
      }
      var goals = cp.goals();
      if (goals.length > 0) {
        // After the answer to subscribe (its result goes out first).
        setTimeout(function () {
          if (subs.get(origin) === source) {
            send(source, origin, {cloudplay: 'goals', goals: goals});
          }
        }, 0);
      }
      return {};
    },
    unsubscribe: function (m, source, origin) {
      drop(origin);
      return {};
    }
  };

  // subs maps each subscribed origin to the window that subscribed from it.
  var subs = new Map();
  // stopFeed unsubscribes the bridge from cloudplay.subscribe (null while
  // no origin subscribed).
  var stopFeed = null;
  // outbox holds the events waiting for the next flush, each as {event};
  // queued maps the seq of a waiting call event to its entry; dropped
  // counts the events dropped since the outbox was full.
  var outbox = [];
  var queued = new Map();
  var dropped = 0;
  var flushTimer = null;
  var changedTimer = null;

  function drop(origin) {
    subs.delete(origin);
    if (subs.size > 0 || !stopFeed) {
      return;
    }
    stopFeed();
    stopFeed = null;
    outbox = [];
    queued.clear();
    dropped = 0;
    clearTimeout(flushTimer);
    clearTimeout(changedTimer);
    flushTimer = changedTimer = null;
  }

  function onEvent(ev) {
    if (ev && ev.kind === 'reset') {
      queued.clear(); // the seq numbers start again
    }
    var seq = ev && ev.kind === 'call' ? ev.seq : undefined;
    if (seq !== undefined && queued.has(seq)) {
      queued.get(seq).event = ev; // an aggregated event that grew
      return;
    }
    if (outbox.length >= maxOutbox) {
      dropped++;
      return;
    }
    markDropped();
    var entry = {event: ev};
    outbox.push(entry);
    if (seq !== undefined) {
      queued.set(seq, entry);
    }
    if (flushTimer === null) {
      flushTimer = setTimeout(flush, flushMs);
    }
  }

  // markDropped queues the notice of the events dropped so far.
  function markDropped() {
    if (dropped > 0) {
      outbox.push({event: {kind: 'dropped', count: dropped}});
      dropped = 0;
    }
  }

  function flush() {
    flushTimer = null;
    if (outbox.length < maxPerFlush) {
      markDropped();
    }
    var batch = outbox.slice(0, maxPerFlush);
    outbox = outbox.slice(batch.length);
    subs.forEach(function (target, origin) {
      if (target.closed) {
        drop(origin);
        return;
      }
      for (var i = 0; i < batch.length; i++) {
        send(target, origin, {cloudplay: 'event', event: batch[i].event});
      }
    });
    for (var i = 0; i < batch.length; i++) {
      var ev = batch[i].event;
      if (ev.kind === 'call' && queued.get(ev.seq) === batch[i]) {
        queued.delete(ev.seq);
      }
    }
    if (outbox.length > 0 && stopFeed) {
      flushTimer = setTimeout(flush, flushMs);
    }
  }

  // cloudplay.js calls this when the learner changed the work in the
  // panel: "changed" goes out once the changes pause for changedDelayMs.
  globalThis.__cloudplayLearnerChanged = function () {
    if (subs.size === 0) {
      return;
    }
    clearTimeout(changedTimer);
    changedTimer = setTimeout(function () {
      changedTimer = null;
      subs.forEach(function (target, origin) {
        send(target, origin, {cloudplay: 'changed'});
      });
    }, changedDelayMs);
  };

  // cloudplay.js calls this when a goal's state changed: every subscriber
  // gets the goals at once.
  globalThis.__cloudplayGoalsChanged = function (goals) {
    subs.forEach(function (target, origin) {
      send(target, origin, {cloudplay: 'goals', goals: goals});
    });
  };

  function run(m, source, origin) {
    if (m === ignored) {
      return ignored;
    }
    var verb = Object.prototype.hasOwnProperty.call(verbs, m.cloudplay) ? verbs[m.cloudplay] : null;
    if (!verb) {
      throw invalid('the bridge cannot run the verb ' + JSON.stringify(String(m.cloudplay).slice(0, 64)));
    }
    return verb(m, source, origin);
  }

  // Messages run one after another, in the order they came, each once the
  // one before is answered: so scenario and events see the calls sent
  // before them, and answers go out in order. queue never rejects.
  var queue = Promise.resolve();

  window.addEventListener('message', function (event) {
    var msg = event.data;
    // event.data is a structured clone: plain data, no getters or Proxies,
    // so reading it cannot run code.
    if (!msg || typeof msg !== 'object' || !Object.prototype.hasOwnProperty.call(msg, 'cloudplay')) {
      return;
    }
    if (typeof msg.cloudplay === 'string' && Object.prototype.hasOwnProperty.call(answers, msg.cloudplay)) {
      return;
    }
    var source = event.source;
    var origin = event.origin;
    if (!source || typeof source.postMessage !== 'function') {
      return;
    }
    var id = replyID(msg.id);
    queue = queue.then(function () {
      return check(msg).then(function (m) {
        return run(m, source, origin);
      }).then(function (output) {
        if (output === ignored) {
          return;
        }
        if (output === pong) {
          send(source, origin, {cloudplay: 'ready'});
          return;
        }
        send(source, origin, {cloudplay: 'result', id: id, ok: true, output: output === undefined ? null : output});
      }, function (err) {
        send(source, origin, {cloudplay: 'result', id: id, ok: false, error: errorOf(err)});
      });
    });
  });

  if (framed) {
    cp.ready.then(function () {
      // The parent's origin is unknown here; the message carries no data.
      send(window.parent, '*', {cloudplay: 'ready'});
    });
  }
})();
