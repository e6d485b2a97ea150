// cloudplay.js defines window.cloudplay, the JavaScript API of the playground
// (CONTRACT.md, "The JS API"), and starts the WebAssembly program.
//
// It is loaded after wasm_exec.js (which defines Go) and before anything that
// uses the API, so cloudplay.ready exists from the first moment. The script tag
// names the WebAssembly file in data-wasm (scripts/sitebuild writes the hashed
// name there).
//
// The Go program, once running, sets globalThis.cloudplayHost = {call, advance,
// reset, scenario, events, loadCatalog, checkMessage, feed} and calls globalThis.__cloudplayStarted(). The host
// functions are synchronous, take and return JSON text, and answer
// {"ok":true,"output":...} or {"ok":false,"error":{"code","message","trace"?}}.
// This file turns those answers into values, Promises and Errors.
// (checkMessage, the bridge's message check, is site/bridge.js's.)
//
// Nothing a caller passes makes a member throw synchronously or hang:
// call, advance and reset always return a Promise, which settles in the
// order the calls were made and rejects with an Error that has a code
// (ValidationError, SerializationException, InvalidScenario, ... or the
// operation's own); scenario() and events() throw only such Errors. An
// argument is read (serialised) at once, in a try, so a getter or Proxy
// trap that throws, a cycle, a BigInt or a Symbol becomes a refusal, and
// messages quote at most a short prefix of what was given.
//
// The IAM catalog (the Service Authorization Reference, about 1 MB) is fetched
// only when first needed: by a call of an access-analyzer: operation, or when
// the Go side asks for it through globalThis.__cloudplayLoadCatalog() (the
// policy editor opening). Either way it is fetched once and handed to
// cloudplayHost.loadCatalog(text).
(function () {
  'use strict';

  var script = document.currentScript;
  var wasmName = (script && script.getAttribute('data-wasm')) || 'app.wasm';
  var catalogName = (script && script.getAttribute('data-catalog')) || 'iam-catalog.json';

  var host = null;
  var exited = false;
  var resolveReady, rejectReady;
  var ready = new Promise(function (resolve, reject) {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // A failed start is shown on the page and logged; callers who await ready
  // still see the rejection, but it is not also reported as unhandled.
  ready.catch(function () {});

  // Limits of the API itself (the operations have their own, in Go).
  //
  // maxText bounds the JSON text of an input, a scenario or opts, in UTF-16
  // code units, before it is copied into the simulator: 32 MiB, the most
  // work the playground saves (CONTRACT.md, "Sizes and options"), so the
  // simulator never has to copy more than it could keep. Larger text is
  // refused with RequestEntityTooLargeException, AWS's common error for a
  // request that is too large
  // (https://docs.amazonaws.cn/en_us/awsconsolehelpdocs/latest/gsg/common-errors.html).
  var maxText = 32 * 1024 * 1024;
  // maxOp: an operation name longer than this is cut to one character more
  // before it crosses (no operation is named that long, so it stays
  // unknown, and the dispatcher's UnknownOperationException quotes a bounded
  // name). The playground's own choice: the longest AWS operation names
  // have under 80 characters.
  var maxOp = 256;
  // maxQuote: messages quote at most this many code points of an input.
  var maxQuote = 64;
  // catalogTimeout bounds the fetch of the IAM catalog (1 MB) so that calls
  // queued behind an access-analyzer: call are never held for ever.
  var catalogTimeout = 120000;

  function cloudplayError(code, message, trace) {
    var err = new Error(message || code);
    err.name = 'CloudplayError';
    err.code = code;
    if (trace !== undefined && trace !== null) {
      err.trace = trace;
    }
    return err;
  }

  // clip returns at most n code points of the string s, then '…'.
  function clip(s, n) {
    var head = Array.from(s.slice(0, 2 * n));
    if (head.length <= n && s.length <= 2 * n) {
      return s;
    }
    return head.slice(0, n).join('') + '…';
  }

  // describe names a value for a message, quoting at most maxQuote code
  // points of a string, and never running code of the value (a getter, a
  // Proxy trap, a toString) that could throw or take for ever.
  function describe(v) {
    try {
      switch (typeof v) {
        case 'string':
          var q = clip(v, maxQuote);
          return q === v ? JSON.stringify(v) : JSON.stringify(q.slice(0, -1)) + '…';
        case 'number':
        case 'boolean':
          return String(v);
        case 'bigint':
          return 'a BigInt';
        case 'symbol':
          return 'a symbol';
        case 'function':
          return 'a function';
        case 'undefined':
          return 'nothing';
      }
      if (v === null) {
        return 'null';
      }
      if (Array.isArray(v)) {
        return 'an array';
      }
    } catch (e) {
      // A revoked Proxy: Array.isArray throws.
    }
    return 'an object';
  }

  // messageOf is the message of anything thrown, bounded, without running
  // code that could throw again.
  function messageOf(e) {
    try {
      if (typeof e === 'string') {
        return clip(e, 200);
      }
      if (e instanceof Error && typeof e.message === 'string') {
        return clip(e.message, 200);
      }
    } catch (ignored) {
      // A getter or a Proxy trap that throws: say what we can.
    }
    return describe(e) + ' was thrown';
  }

  // coded returns e when it is an Error of ours (it has a code), or an
  // InternalFailure with e's message: whatever fails, callers see an
  // Error with a code.
  function coded(e) {
    try {
      if (e instanceof Error && typeof e.code === 'string' && e.code !== '') {
        return e;
      }
    } catch (ignored) {
      // fall through
    }
    return cloudplayError('InternalFailure', 'cloudplay: ' + messageOf(e));
  }

  // decode turns the text a host function returned into its output, or
  // throws the error it carries.
  function decode(text) {
    var reply;
    try {
      reply = JSON.parse(text);
    } catch (e) {
      throw cloudplayError('InternalFailure', 'cloudplay: the simulator answered with something that is not JSON');
    }
    if (reply && reply.ok === true) {
      return reply.output;
    }
    var e = (reply && reply.error) || {};
    throw cloudplayError(typeof e.code === 'string' && e.code ? e.code : 'InternalFailure',
      typeof e.message === 'string' && e.message ? e.message : 'cloudplay: the simulator failed', e.trace);
  }

  // invoke runs a host function now (the caller checked it is ready) and
  // decodes its answer. A JavaScript exception from the Go side (a program
  // that has exited; the host answers its own panics) becomes an
  // InternalFailure.
  function invoke(name, args) {
    if (exited) {
      throw cloudplayError('InternalFailure', 'cloudplay: the simulator has stopped; reload the page');
    }
    var text;
    try {
      text = host[name].apply(host, args);
    } catch (e) {
      throw cloudplayError('InternalFailure', 'cloudplay: ' + name + ' failed: ' + messageOf(e));
    }
    return decode(text);
  }

  // The queue: every call, advance and reset runs after the ones made
  // before it, so their Promises settle in the order they were made, even
  // when one waits for the IAM catalog or for ready. tail never rejects.
  var tail = Promise.resolve();

  // enqueue runs job (which returns a value or a Promise, or throws) after
  // everything queued before it, and once ready when waitReady is true.
  function enqueue(job, waitReady) {
    var p = tail.then(function () {
      return waitReady ? ready.then(job) : job();
    }).then(null, function (e) {
      throw coded(e);
    });
    tail = p.then(noop, noop);
    return p;
  }

  // refuse queues a refusal of an argument (checked at once, reported in
  // order with the calls made before it).
  function refuse(e) {
    var err = coded(e);
    return enqueue(function () {
      throw err;
    }, false);
  }

  function noop() {}

  // opName checks op and cuts a name too long to exist (see maxOp).
  function opName(op) {
    if (typeof op !== 'string') {
      throw cloudplayError('ValidationError', 'op must be a string naming an operation, such as "iam:ListUsers", not ' + describe(op));
    }
    return op.length > maxOp ? op.slice(0, maxOp + 1) : op;
  }

  // jsonText returns value as JSON text: a string as it is, anything else
  // through JSON.stringify (with replacer, when given). code is the error
  // code of a value that cannot be written; what names the value.
  function jsonText(value, code, what, replacer) {
    var text;
    if (typeof value === 'string') {
      text = value;
    } else {
      try {
        text = JSON.stringify(value, replacer);
      } catch (e) {
        throw cloudplayError(code, what + ' cannot be written as JSON: ' + messageOf(e));
      }
      if (typeof text !== 'string') {
        throw cloudplayError(code, what + ' must be an object or JSON text, not ' + describe(value));
      }
    }
    if (text.length > maxText) {
      throw cloudplayError(code === 'InvalidScenario' ? code : 'RequestEntityTooLargeException',
        what + ' has ' + text.length + ' characters of JSON; the playground takes at most ' + maxText);
    }
    return text;
  }

  // strict is a JSON.stringify replacer that refuses what JSON cannot carry
  // instead of dropping it, naming the member: {trace: Symbol()} must not
  // pass as {}.
  function strict(key, value) {
    var t = typeof value;
    if (t === 'function' || t === 'symbol' || t === 'bigint') {
      throw new Error((key === '' ? 'it' : 'member ' + describe(key)) + ' is ' + describe(value) + ', which JSON cannot carry');
    }
    return value;
  }

  // optsText is the JSON text of call's opts ('' for none); the simulator
  // checks its members (caller, context, trace) and names a wrong one.
  function optsText(opts) {
    if (opts === undefined || opts === null) {
      return '';
    }
    if (typeof opts === 'string') {
      // opts is an object, not JSON text: the simulator says so.
      return JSON.stringify(clip(opts, maxQuote));
    }
    return jsonText(opts, 'ValidationError', 'opts', strict);
  }

  var api = {
    ready: ready,

    // call(op, input, opts) runs one operation, e.g.
    // cloudplay.call('iam:CreateUser', {UserName: 'Zoe'}, {caller: 'arn:aws:iam::123456789012:user/Alice'}).
    // Whatever the arguments, it returns a Promise; a refusal is an Error
    // with a code.
    call: function (op, input, opts) {
      var args;
      try {
        args = [opName(op), input === undefined || input === null ? '{}' : jsonText(input, 'SerializationException', 'input'), optsText(opts)];
      } catch (e) {
        return refuse(e);
      }
      if (args[0].indexOf('access-analyzer:') === 0) {
        // Validation needs the catalog: load it first (once).
        return enqueue(function () {
          return loadCatalog().then(function () {
            return invoke('call', args);
          });
        }, true);
      }
      return enqueue(function () {
        return invoke('call', args);
      }, true);
    },

    // advance(seconds) moves the simulated clock; resolves to the new time.
    advance: function (seconds) {
      if (typeof seconds !== 'number' || !isFinite(seconds) || seconds < 0) {
        return refuse(cloudplayError('ValidationError',
          'seconds must be a number greater than or equal to 0, not ' + describe(seconds)));
      }
      return enqueue(function () {
        var out = invoke('advance', [seconds]);
        return out && typeof out === 'object' ? out.time : out;
      }, true);
    },

    // reset(scenario) loads a scenario (object or JSON text), or the built-in
    // default without one.
    reset: function (scenario) {
      var text;
      try {
        text = scenario === undefined || scenario === null ? '' : jsonText(scenario, 'InvalidScenario', 'the scenario');
      } catch (e) {
        return refuse(e);
      }
      return enqueue(function () {
        return invoke('reset', [text]);
      }, true);
    },

    // scenario() is the current account as a scenario object (synchronous).
    scenario: function () {
      return now('scenario');
    },

    // events() is the event log as an array (synchronous).
    events: function () {
      return now('events');
    },

    // goals() is where the scenario's goals stand (synchronous):
    // [{title, done, detail}], [] for a scenario without goals.
    goals: function () {
      return now('goals');
    },

    // subscribe(fn) calls fn(event) with every event of the log as it is
    // logged ({kind: "call", seq, time, op, ...}) and the step events of
    // each advance ({kind: "step", time, service, type, ...}); when the
    // account is replaced, with {kind: "reset", time} first. It returns a
    // function that unsubscribes fn. It may be called before ready.
    subscribe: function (fn) {
      if (typeof fn !== 'function') {
        throw cloudplayError('ValidationError', 'subscribe takes a function, called with each event, not ' + describe(fn));
      }
      var entry = {fn: fn, active: true};
      subscribers = subscribers.concat([entry]);
      syncFeed();
      return function unsubscribe() {
        if (!entry.active) {
          return;
        }
        entry.active = false;
        subscribers = subscribers.filter(function (s) {
          return s !== entry;
        });
        syncFeed();
      };
    }
  };

  // The subscribers, in the order they subscribed (the array is replaced,
  // never changed in place, so a delivery under way keeps its list).
  var subscribers = [];
  var feedOn = false;
  // Batches the Go side handed over, delivered in the next microtask.
  var batches = [];

  // syncFeed tells the Go side whether anyone wants events (nothing is
  // collected while nobody does).
  function syncFeed() {
    var want = subscribers.length > 0;
    if (!host || exited || want === feedOn) {
      return;
    }
    try {
      host.feed(want);
      feedOn = want;
    } catch (e) {
      console.error('cloudplay: could not ' + (want ? 'start' : 'stop') + ' the event feed:', messageOf(e));
    }
  }

  globalThis.__cloudplayFeed = function (text) {
    if (typeof text !== 'string') {
      return;
    }
    batches.push(text);
    if (batches.length === 1) {
      queueMicrotask(deliver);
    }
  };

  function deliver() {
    var todo = batches;
    batches = [];
    for (var i = 0; i < todo.length; i++) {
      deliverBatch(todo[i]);
    }
  }

  function deliverBatch(text) {
    var batch;
    try {
      batch = JSON.parse(text);
    } catch (e) {
      console.error('cloudplay: the simulator handed over events that are not JSON');
      return;
    }
    if (batch.changed === true && typeof globalThis.__cloudplayLearnerChanged === 'function') {
      try {
        globalThis.__cloudplayLearnerChanged();
      } catch (e) {
        console.error('cloudplay: the bridge failed on a change:', messageOf(e));
      }
    }
    if (Array.isArray(batch.goals) && typeof globalThis.__cloudplayGoalsChanged === 'function') {
      try {
        globalThis.__cloudplayGoalsChanged(batch.goals);
      } catch (e) {
        console.error('cloudplay: the bridge failed on the goals:', messageOf(e));
      }
    }
    var list = subscribers;
    for (var i = 0; i < list.length; i++) {
      // Each subscriber gets its own copy: one that changes an event does
      // not change what the next one sees.
      var events = i === 0 ? batch.events : JSON.parse(text).events;
      for (var j = 0; j < events.length && list[i].active; j++) {
        try {
          list[i].fn(events[j]);
        } catch (e) {
          console.error('cloudplay: a subscriber threw:', messageOf(e));
        }
      }
    }
  }

  // loadCatalog fetches the IAM catalog and hands it to the simulator, once;
  // a failure is forgotten, so that a later need tries again.
  var catalogLoad = null;
  function loadCatalog() {
    if (!catalogLoad) {
      var abort = typeof AbortController === 'function' ? new AbortController() : null;
      var timer = null;
      catalogLoad = ready.then(function () {
        mark('cloudplay:catalog-fetch');
        timer = setTimeout(function () {
          if (abort) {
            abort.abort();
          }
        }, catalogTimeout);
        return fetch(new URL(catalogName, document.baseURI).href, abort ? {signal: abort.signal} : {});
      }).then(function (resp) {
        if (!resp.ok) {
          throw new Error('HTTP ' + resp.status);
        }
        return resp.text();
      }).then(function (text) {
        clearTimeout(timer);
        invoke('loadCatalog', [text]);
        mark('cloudplay:catalog-loaded');
      }).catch(function (e) {
        clearTimeout(timer);
        catalogLoad = null;
        var err = coded(e);
        throw cloudplayError(err.code === 'InternalFailure' ? 'ServiceUnavailableException' : err.code,
          'the IAM catalog (' + catalogName + ') could not be loaded: ' + messageOf(e));
      });
    }
    return catalogLoad;
  }
  // The Go side asks for the catalog through this (the policy editor opening).
  globalThis.__cloudplayLoadCatalog = loadCatalog;

  // now runs a synchronous member: it throws only Errors with a code.
  function now(name) {
    if (!host) {
      throw cloudplayError('NotReady', 'cloudplay is not ready yet; wait for cloudplay.ready');
    }
    try {
      return invoke(name, []);
    } catch (e) {
      throw coded(e);
    }
  }

  Object.freeze(api);
  Object.defineProperty(window, 'cloudplay', {value: api, enumerable: true});

  // __cloudplayStarted is called by the Go program once cloudplayHost is set.
  globalThis.__cloudplayStarted = function () {
    var h = globalThis.cloudplayHost;
    if (!h || typeof h.call !== 'function') {
      fail(new Error('the program started without defining cloudplayHost'));
      return;
    }
    host = h;
    syncFeed();
    mark('cloudplay:ready');
    resolveReady(api);
  };

  function mark(name) {
    if (window.performance && typeof performance.mark === 'function') {
      performance.mark(name);
    }
  }

  function fail(err) {
    var msg = err && err.message ? err.message : String(err);
    console.error('cloudplay could not start:', msg);
    var app = document.getElementById('app');
    if (app) {
      var p = document.createElement('p');
      p.className = 'cloudplay-error';
      p.setAttribute('role', 'alert');
      p.textContent = 'cloudplay could not start: ' + msg +
        '. It needs a browser with WebAssembly; try reloading the page.';
      app.replaceChildren(p);
    }
    rejectReady(cloudplayError('StartFailed', 'cloudplay could not start: ' + msg));
  }

  function instantiate(go) {
    var url = new URL(wasmName, document.baseURI).href;
    if (typeof WebAssembly.instantiateStreaming === 'function') {
      return WebAssembly.instantiateStreaming(fetch(url), go.importObject);
    }
    return fetch(url).then(function (resp) {
      if (!resp.ok) {
        throw new Error('loading ' + wasmName + ' failed: HTTP ' + resp.status);
      }
      return resp.arrayBuffer();
    }).then(function (bytes) {
      return WebAssembly.instantiate(bytes, go.importObject);
    });
  }

  function boot() {
    if (typeof WebAssembly !== 'object') {
      fail(new Error('this browser has no WebAssembly'));
      return;
    }
    if (typeof Go !== 'function') {
      fail(new Error('wasm_exec.js did not load'));
      return;
    }
    var go = new Go();
    mark('cloudplay:boot');
    instantiate(go).then(function (result) {
      mark('cloudplay:instantiated');
      go.run(result.instance).then(function () {
        exited = true;
        if (!host) {
          fail(new Error('the program exited before it started'));
        }
      }, function (err) {
        exited = true;
        fail(err);
      });
    }).catch(fail);
  }

  boot();
})();
