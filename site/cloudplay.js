// cloudplay.js defines window.cloudplay, the JavaScript API of the playground
// (CONTRACT.md, "The JS API"), and starts the WebAssembly program.
//
// It is loaded after wasm_exec.js (which defines Go) and before anything that
// uses the API, so cloudplay.ready exists from the first moment. The script tag
// names the WebAssembly file in data-wasm (scripts/sitebuild writes the hashed
// name there).
//
// The Go program, once running, sets globalThis.cloudplayHost = {call, advance,
// reset, scenario, events, loadCatalog} and calls globalThis.__cloudplayStarted(). The host
// functions are synchronous, take and return JSON text, and answer
// {"ok":true,"output":...} or {"ok":false,"error":{"code","message","trace"?}}.
// This file turns those answers into values, Promises and Errors.
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

  function cloudplayError(code, message, trace) {
    var err = new Error(message || code);
    err.name = 'CloudplayError';
    err.code = code;
    if (trace !== undefined && trace !== null) {
      err.trace = trace;
    }
    return err;
  }

  // decode turns the text a host function returned into its output, or
  // throws the error it carries.
  function decode(text) {
    var reply;
    try {
      reply = JSON.parse(text);
    } catch (e) {
      throw cloudplayError('InternalError', 'cloudplay: the simulator answered with something that is not JSON');
    }
    if (reply && reply.ok === true) {
      return reply.output;
    }
    var e = (reply && reply.error) || {};
    throw cloudplayError(e.code || 'InternalError', e.message || 'cloudplay: the simulator failed', e.trace);
  }

  // invoke runs a host function now (the caller checked it is ready) and
  // decodes its answer. A JavaScript exception from the Go side (a panic, or
  // a program that has exited) becomes an InternalError.
  function invoke(name, args) {
    if (exited) {
      throw cloudplayError('InternalError', 'cloudplay: the simulator has stopped; reload the page');
    }
    var text;
    try {
      text = host[name].apply(host, args);
    } catch (e) {
      throw cloudplayError('InternalError', 'cloudplay: ' + name + ' failed: ' + (e && e.message ? e.message : String(e)));
    }
    return decode(text);
  }

  // later runs a host function once ready, as a Promise.
  function later(name, argsFn) {
    return ready.then(function () {
      return invoke(name, argsFn());
    });
  }

  function jsonText(value, fallback) {
    if (value === undefined || value === null) {
      return fallback;
    }
    if (typeof value === 'string') {
      return value;
    }
    return JSON.stringify(value);
  }

  function optsText(opts) {
    var o = {};
    if (opts && typeof opts === 'object') {
      if (opts.caller !== undefined) {
        o.caller = opts.caller;
      }
      if (opts.context !== undefined) {
        o.context = opts.context;
      }
    }
    return JSON.stringify(o);
  }

  var api = {
    ready: ready,

    // call(op, input, opts) runs one operation, e.g.
    // cloudplay.call('iam:CreateUser', {UserName: 'Zoe'}, {caller: 'arn:aws:iam::123456789012:user/Alice'}).
    call: function (op, input, opts) {
      var text;
      try {
        text = jsonText(input, '{}');
      } catch (e) {
        return Promise.reject(cloudplayError('SerializationException', 'input cannot be written as JSON: ' + e.message));
      }
      op = String(op);
      if (op.indexOf('access-analyzer:') === 0) {
        // Validation needs the catalog: load it first (once).
        return ready.then(loadCatalog).then(function () {
          return invoke('call', [op, text, optsText(opts)]);
        });
      }
      return later('call', function () {
        return [op, text, optsText(opts)];
      });
    },

    // advance(seconds) moves the simulated clock; resolves to the new time.
    advance: function (seconds) {
      if (typeof seconds !== 'number' || !isFinite(seconds) || seconds < 0) {
        return Promise.reject(cloudplayError('ValidationError',
          'seconds must be a number greater than or equal to 0, not ' + describe(seconds)));
      }
      return later('advance', function () {
        return [seconds];
      }).then(function (out) {
        return out && typeof out === 'object' ? out.time : out;
      });
    },

    // reset(scenario) loads a scenario (object or JSON text), or the built-in
    // default without one.
    reset: function (scenario) {
      var text;
      try {
        text = jsonText(scenario, '');
      } catch (e) {
        return Promise.reject(cloudplayError('InvalidScenario', 'scenario cannot be written as JSON: ' + e.message));
      }
      return later('reset', function () {
        return [text];
      });
    },

    // scenario() is the current account as a scenario object (synchronous).
    scenario: function () {
      return now('scenario');
    },

    // events() is the event log as an array (synchronous).
    events: function () {
      return now('events');
    }
  };

  // loadCatalog fetches the IAM catalog and hands it to the simulator, once;
  // a failure is forgotten, so that a later need tries again.
  var catalogLoad = null;
  function loadCatalog() {
    if (!catalogLoad) {
      catalogLoad = ready.then(function () {
        mark('cloudplay:catalog-fetch');
        return fetch(new URL(catalogName, document.baseURI).href);
      }).then(function (resp) {
        if (!resp.ok) {
          throw new Error('HTTP ' + resp.status);
        }
        return resp.text();
      }).then(function (text) {
        invoke('loadCatalog', [text]);
        mark('cloudplay:catalog-loaded');
      }).catch(function (e) {
        catalogLoad = null;
        throw cloudplayError(e && e.code ? e.code : 'ServiceUnavailableException',
          'the IAM catalog (' + catalogName + ') could not be loaded: ' + (e && e.message ? e.message : String(e)));
      });
    }
    return catalogLoad;
  }
  // The Go side asks for the catalog through this (the policy editor opening).
  globalThis.__cloudplayLoadCatalog = loadCatalog;

  function now(name) {
    if (!host) {
      throw cloudplayError('NotReady', 'cloudplay is not ready yet; wait for cloudplay.ready');
    }
    return invoke(name, []);
  }

  function describe(v) {
    if (typeof v === 'string') {
      return JSON.stringify(v);
    }
    return String(v);
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
