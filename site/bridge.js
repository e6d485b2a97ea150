// bridge.js lets a course page on any origin drive the playground in an
// iframe by postMessage (CONTRACT.md, "Pages, links and embedding"). Only
// embed.html loads it, after cloudplay.js.
//
//   page -> embed: {cloudplay: "call", id: 7, op: "iam:ListUsers", input: {...}, caller: "arn:...", context: {...}}
//                  {cloudplay: "reset", id, scenario}   {cloudplay: "advance", id, seconds}
//                  {cloudplay: "scenario", id}           {cloudplay: "events", id}
//                  {cloudplay: "ping"}
//   embed -> page: {cloudplay: "result", id, ok: true, output} or
//                  {cloudplay: "result", id, ok: false, error: {code, message, trace?}}
//                  {cloudplay: "ready"} once started (to the parent) and in answer to a ping
//
// Replies go to the window that asked (event.source), addressed to its origin
// (event.origin), so no other page can read them. A sender with an opaque
// origin ("null", e.g. a sandboxed iframe) can only be answered with "*".
// Messages without a cloudplay member are ignored, and so are "ready" and
// "result" (they are answers, and answering them could make two bridges talk
// for ever). Message contents are data: never evaluated, never put into the
// page as HTML.
(function () {
  'use strict';

  var cp = window.cloudplay;
  var framed = window.parent && window.parent !== window;

  function send(target, origin, msg) {
    try {
      target.postMessage(msg, origin === 'null' ? '*' : origin);
    } catch (e) {
      // The sender went away, or the answer cannot be cloned: nothing to do.
      console.warn('cloudplay bridge: could not answer:', e && e.message ? e.message : e);
    }
  }

  function errorOf(err) {
    var out = {
      code: (err && typeof err.code === 'string' && err.code) || 'InternalError',
      message: (err && err.message) || String(err)
    };
    if (err && err.trace !== undefined) {
      out.trace = err.trace;
    }
    return out;
  }

  var verbs = {
    call: function (msg) {
      if (typeof msg.op !== 'string' || msg.op === '') {
        return Promise.reject(invalid('a "call" message needs "op", an operation name such as "iam:ListUsers"'));
      }
      var opts = {};
      if (msg.caller !== undefined) {
        opts.caller = msg.caller;
      }
      if (msg.context !== undefined) {
        opts.context = msg.context;
      }
      return cp.call(msg.op, msg.input === undefined ? {} : msg.input, opts);
    },
    reset: function (msg) {
      return cp.reset(msg.scenario).then(function () {
        return {};
      });
    },
    advance: function (msg) {
      return cp.advance(msg.seconds).then(function (time) {
        return {time: time};
      });
    },
    scenario: function () {
      return cp.ready.then(function () {
        return cp.scenario();
      });
    },
    events: function () {
      return cp.ready.then(function () {
        return cp.events();
      });
    }
  };

  function invalid(message) {
    var err = new Error(message);
    err.code = 'InvalidMessage';
    return err;
  }

  window.addEventListener('message', function (event) {
    var msg = event.data;
    if (!msg || typeof msg !== 'object' || !Object.prototype.hasOwnProperty.call(msg, 'cloudplay')) {
      return;
    }
    var source = event.source;
    var origin = event.origin;
    if (!source || typeof source.postMessage !== 'function') {
      return;
    }
    var verb = msg.cloudplay;
    if (verb === 'ready' || verb === 'result') {
      return;
    }
    if (verb === 'ping') {
      cp.ready.then(function () {
        send(source, origin, {cloudplay: 'ready'});
      });
      return;
    }
    var id = msg.id;
    var run = typeof verb === 'string' && Object.prototype.hasOwnProperty.call(verbs, verb) ? verbs[verb] : null;
    var result = run
      ? new Promise(function (resolve) { resolve(run(msg)); })
      : Promise.reject(invalid('unknown verb ' + JSON.stringify(String(verb)) +
        '; use call, reset, advance, scenario, events or ping'));
    result.then(function (output) {
      send(source, origin, {cloudplay: 'result', id: id, ok: true, output: output === undefined ? null : output});
    }, function (err) {
      send(source, origin, {cloudplay: 'result', id: id, ok: false, error: errorOf(err)});
    });
  });

  if (framed) {
    cp.ready.then(function () {
      // The parent's origin is unknown here; the message carries no data.
      send(window.parent, '*', {cloudplay: 'ready'});
    });
  }
})();
