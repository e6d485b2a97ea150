// cloudplay's cluster renderer: draws the Containers panel's canvas. Go
// decides (wasm/internal/cluster: the zones' columns, the instance boxes,
// where every task is and which are flying); this script only draws. The
// columns, boxes, labels and empty bars go into a cached layer, redrawn when
// the layout, the size or the pixel ratio changes. Once per frame Go copies
// the items into the byte view of one shared buffer (x, y, w, h in CSS
// pixels, kind, colour: six float32s an item) and calls frame(n).
//
// Plain script, no inline code, nothing injected: it runs under the site's
// Content-Security-Policy (sizes are set through the CSSOM).
(function () {
  "use strict";

  // Task groups' palette (cluster.Colours = 8).
  var PALETTE = ["#2f6fdf", "#1e9e8f", "#8a5cd6", "#e08a1e", "#3aa142", "#c2418f", "#4b8bbf", "#9a7b2f"];
  // Kinds, as in wasm/internal/cluster/model.go.
  var BAR_CPU = 0, BAR_MEM = 1, STARTING = 2, RUNNING = 3, STOPPING = 4, FLYING = 5, SELECTED = 6, KINDS = 7;
  var F = 6;

  function font(px, weight) {
    return (weight || "") + " " + px + "px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  }

  // fit shortens text to w pixels in ctx's font, with an ellipsis: the
  // longest prefix that fits, found by bisection and remembered (the layer
  // is redrawn whenever a box's task counts change; most labels did not).
  var fitted = new Map();
  function fit(ctx, text, w) {
    var key = ctx.font + "|" + w + "|" + text, got = fitted.get(key);
    if (got !== undefined) return got;
    var out = text;
    if (ctx.measureText(text).width > w) {
      var lo = 0, hi = text.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (ctx.measureText(text.slice(0, mid) + "…").width <= w) lo = mid; else hi = mid - 1;
      }
      out = text.slice(0, Math.max(lo, 1)) + "…";
    }
    if (fitted.size > 4000) fitted.clear();
    fitted.set(key, out);
    return out;
  }

  function Renderer(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.layer = document.createElement("canvas");
    this.layout = {height: 0, columns: [], boxes: []};
    this.f32 = new Float32Array(0);
    this.u8 = new Uint8Array(0);
    this.n = 0;
    this.w = 0;
    this.h = -1;
    this.dpr = 1;
    this.shown = -1;
    this.order = new Uint32Array(0);
    this.starts = new Uint32Array(PALETTE.length * KINDS + 1);
    var self = this;
    this.ro = new ResizeObserver(function () { self.resize(); });
    this.ro.observe(canvas);
    this.resize();
  }

  // width is the canvas's CSS width, which Go lays the scene out for.
  Renderer.prototype.width = function () {
    return Math.max(1, Math.round(this.canvas.clientWidth));
  };

  // resize sizes the canvas and its layer for the layout and redraws
  // both; it reports false when nothing changed (resizing a canvas
  // reallocates it, which costs more than drawing).
  Renderer.prototype.resize = function () {
    var w = this.width(), dpr = window.devicePixelRatio || 1, h = Math.max(1, this.layout.height);
    if (w === this.w && dpr === this.dpr && h === this.h) return false;
    this.w = w;
    this.h = h;
    this.dpr = dpr;
    this.canvas.style.height = h + "px";
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.layer.width = this.canvas.width;
    this.layer.height = this.canvas.height;
    this.drawLayer();
    this.draw();
    return true;
  };

  // setLayout takes the columns and boxes (Go's cluster.Scene) as JSON
  // text: {height, columns: [{label, g: [x, y, w, h, laneY, laneH]}],
  // boxes: [{label, detail, active, g: [x, y, w, h, barX, cpuY, memY, barW, barH]}]}.
  Renderer.prototype.setLayout = function (text) {
    this.layout = JSON.parse(text);
    if (!this.resize()) {
      this.drawLayer();
      this.draw();
    }
  };

  Renderer.prototype.buffer = function (bytes) {
    if (this.u8.byteLength < bytes) {
      var buf = new ArrayBuffer(Math.max(bytes, this.u8.byteLength * 2));
      this.u8 = new Uint8Array(buf);
      this.f32 = new Float32Array(buf);
      this.order = new Uint32Array(buf.byteLength / (4 * F) + 1);
    }
    return this.u8;
  };

  Renderer.prototype.frame = function (n) {
    this.n = n;
    this.draw();
    if (n !== this.shown) {
      this.canvas.setAttribute("data-items", String(n));
      this.shown = n;
    }
  };

  Renderer.prototype.drawLayer = function () {
    var ctx = this.layer.getContext("2d"), l = this.layout, i;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.w, this.h);
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    for (i = 0; i < l.columns.length; i++) {
      var c = l.columns[i], g = c.g;
      ctx.fillStyle = "#f4f6fb";
      ctx.fillRect(g[0], g[1], g[2], g[3]);
      ctx.fillStyle = "#475569";
      ctx.font = font(10, "600");
      ctx.fillText(fit(ctx, c.label, g[2] - 8), g[0] + 4, g[1] + 11);
      if (g[5] > 0) {
        ctx.fillStyle = "#fdf3e6";
        ctx.fillRect(g[0], g[4], g[2], g[5] - 4);
        ctx.fillStyle = "#9a5b12";
        ctx.font = font(9, "600");
        ctx.fillText("Fargate", g[0] + 4, g[4] + 8);
      }
    }
    // Boxes, then their labels and details a font at a time (setting
    // ctx.font costs more than the text).
    ctx.lineWidth = 1;
    for (i = 0; i < l.boxes.length; i++) {
      var b = l.boxes[i], q = b.g;
      ctx.fillStyle = b.active ? "#ffffff" : "#f1f1f1";
      ctx.strokeStyle = b.active ? "#9fb3d6" : "#c4c4c4";
      ctx.beginPath();
      ctx.roundRect(q[0] + 0.5, q[1] + 0.5, q[2] - 1, q[3] - 1, 5);
      ctx.fill();
      ctx.stroke();
      // The bars' empty tracks (Go sends their fills each frame).
      ctx.fillStyle = "#e5e9f2";
      ctx.fillRect(q[4], q[5], q[7], q[8]);
      ctx.fillRect(q[4], q[6], q[7], q[8]);
    }
    ctx.fillStyle = "#1f2937";
    ctx.font = font(10, "600");
    for (i = 0; i < l.boxes.length; i++) {
      var lb = l.boxes[i], lq = lb.g;
      ctx.fillText(fit(ctx, lb.label, lq[2] - 12), lq[0] + 6, lq[1] + 9);
    }
    ctx.fillStyle = "#64748b";
    ctx.font = font(9);
    for (i = 0; i < l.boxes.length; i++) {
      var db = l.boxes[i], dq = db.g;
      ctx.fillText(fit(ctx, db.detail || "", dq[2] - 12), dq[0] + 6, dq[1] + 21);
    }
  };

  Renderer.prototype.draw = function () {
    var ctx = this.ctx, dpr = this.dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.layer, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.items(ctx);
  };

  // items draws the n items, one path per kind and colour (a counting
  // sort), so a thousand chips cost a few dozen fills.
  Renderer.prototype.items = function (ctx) {
    var n = this.n, f = this.f32, P = PALETTE.length, buckets = P * KINDS, i, b;
    if (n === 0) return;
    var starts = this.starts, order = this.order;
    starts.fill(0);
    for (i = 0; i < n; i++) starts[bucket(f, i, P) + 1]++;
    for (b = 0; b < buckets; b++) starts[b + 1] += starts[b];
    var at = starts.slice(0, buckets);
    for (i = 0; i < n; i++) order[at[bucket(f, i, P)]++] = i;
    for (b = 0; b < buckets; b++) {
      var from = starts[b], to = starts[b + 1];
      if (from === to) continue;
      var kind = (b / P) | 0, colour = PALETTE[b % P];
      ctx.beginPath();
      for (var j = from; j < to; j++) {
        var k = order[j] * F;
        ctx.rect(f[k], f[k + 1], f[k + 2], f[k + 3]);
      }
      switch (kind) {
        case BAR_CPU: ctx.fillStyle = "#2f6fdf"; ctx.fill(); break;
        case BAR_MEM: ctx.fillStyle = "#8a5cd6"; ctx.fill(); break;
        case STARTING:
          ctx.globalAlpha = 0.35; ctx.fillStyle = colour; ctx.fill(); ctx.globalAlpha = 1;
          ctx.strokeStyle = colour; ctx.lineWidth = 1.2; ctx.stroke(); break;
        case RUNNING: ctx.fillStyle = colour; ctx.fill(); break;
        case STOPPING: ctx.globalAlpha = 0.3; ctx.fillStyle = colour; ctx.fill(); ctx.globalAlpha = 1; break;
        case FLYING:
          ctx.fillStyle = colour; ctx.fill();
          ctx.strokeStyle = "#0f172a"; ctx.lineWidth = 1; ctx.stroke(); break;
        case SELECTED: ctx.strokeStyle = "#d43c3c"; ctx.lineWidth = 2; ctx.stroke(); break;
      }
    }
  };

  function bucket(f, i, P) {
    var k = f[i * F + 4] | 0, c = f[i * F + 5] | 0;
    if (c < 0 || c >= P) c = 0;
    if (k < 0 || k >= KINDS) k = RUNNING;
    return k * P + c;
  }

  Renderer.prototype.destroy = function () {
    this.ro.disconnect();
  };

  window.cloudplayCluster = {
    create: function (canvas) { return new Renderer(canvas); },
  };
})();
