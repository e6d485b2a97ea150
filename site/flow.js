// cloudplay's data flow renderer: draws the Streams panel's canvas. Go
// decides (wasm/internal/flow: where the lanes are, which records fly where);
// this script only draws. Once per frame Go copies the dots into the byte
// view of one shared buffer (x as a fraction of the width, y in CSS pixels,
// colour index, kind; four float32s a dot) and calls frame(n). The lanes,
// names and column titles are drawn once into a cached layer and redrawn
// only when the layout, the size or the pixel ratio changes.
//
// Plain script, no inline code, nothing injected: it runs under the site's
// Content-Security-Policy (script-src 'self', style-src 'self'; sizes are set
// through the CSSOM, which that policy allows).
(function () {
  "use strict";

  // The palette of partition keys (wasm/internal/flow.Colours = 12), chosen
  // to stay apart from each other and from the refused-record red.
  var PALETTE = ["#2f6fdf", "#1e9e8f", "#8a5cd6", "#e08a1e", "#3aa142", "#c2418f",
    "#4b8bbf", "#9a7b2f", "#5d6fd0", "#2b9dc7", "#b05fd8", "#6e8f2a"];
  var THROTTLED = "#d43c3c", READ = "#0f8a5f";
  var KINDS = 3; // Write, Throttle, Read
  // Columns, as in wasm/internal/flow/layout.go.
  var PRODUCER_X = 0.07, LANE_X0 = 0.2, LANE_X1 = 0.68, CONSUMER_X = 0.79, RESERVED_X = 0.88;
  var LANE_H = 30;

  function font(px, weight) {
    return (weight || "") + " " + px + "px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  }

  // fit clips text to w pixels with an ellipsis.
  function fit(ctx, text, w) {
    if (ctx.measureText(text).width <= w) return text;
    while (text.length > 1 && ctx.measureText(text + "…").width > w) text = text.slice(0, -1);
    return text + "…";
  }

  function Renderer(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.layer = document.createElement("canvas");
    this.layout = {height: 60, lanes: [], producers: [], consumers: []};
    this.counts = {lanes: [], consumers: []};
    this.f32 = new Float32Array(0);
    this.u8 = new Uint8Array(0);
    this.n = 0;
    this.w = 0;
    this.dpr = 1;
    this.shown = -1; // the dot count last put in data-dots
    // Per colour and kind, the indexes of the dots to draw in one path.
    this.order = new Uint32Array(0);
    this.starts = new Uint32Array(PALETTE.length * KINDS + 1);
    var self = this;
    this.ro = new ResizeObserver(function () { self.resize(); });
    this.ro.observe(canvas);
    this.resize();
  }

  // resize matches the canvas's backing store to its box and the pixel ratio.
  Renderer.prototype.resize = function () {
    var w = Math.max(1, Math.round(this.canvas.clientWidth));
    var dpr = window.devicePixelRatio || 1;
    var h = this.layout.height;
    if (w === this.w && dpr === this.dpr && this.canvas.height === Math.round(h * dpr)) return;
    this.w = w;
    this.dpr = dpr;
    this.canvas.style.height = h + "px";
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.layer.width = this.canvas.width;
    this.layer.height = this.canvas.height;
    this.drawLayer();
    this.draw();
  };

  // setLayout takes the lanes and nodes (Go's flow.Layout).
  Renderer.prototype.setLayout = function (l) {
    this.layout = l;
    this.w = 0; // force a resize and a new layer
    this.resize();
  };

  // setCounts takes the exact counts shown as text: one string per lane and
  // per consumer, in layout order.
  Renderer.prototype.setCounts = function (c) {
    this.counts = c;
    if (this.n === 0) this.draw();
  };

  // buffer returns the byte view Go copies n dots into (growing it).
  Renderer.prototype.buffer = function (bytes) {
    if (this.u8.byteLength < bytes) {
      var buf = new ArrayBuffer(Math.max(bytes, this.u8.byteLength * 2));
      this.u8 = new Uint8Array(buf);
      this.f32 = new Float32Array(buf);
      this.order = new Uint32Array(buf.byteLength / 16);
    }
    return this.u8;
  };

  // frame draws n dots from the buffer.
  Renderer.prototype.frame = function (n) {
    this.n = n;
    this.draw();
    if (n !== this.shown) {
      this.canvas.setAttribute("data-dots", String(n));
      this.shown = n;
    }
  };

  Renderer.prototype.drawLayer = function () {
    var ctx = this.layer.getContext("2d"), l = this.layout, w = this.w;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, w, l.height);
    ctx.textBaseline = "middle";
    var narrow = w < 480;
    // Column titles.
    ctx.fillStyle = "#6b7280";
    ctx.font = font(narrow ? 9 : 10, "600");
    ctx.textAlign = "left";
    ctx.fillText(fit(ctx, "PRODUCERS", LANE_X0 * w - 10), 4, 10);
    ctx.fillText(fit(ctx, "SHARDS (hash key range)", (LANE_X1 - LANE_X0) * w), LANE_X0 * w, 10);
    ctx.fillText(fit(ctx, "CONSUMERS", (RESERVED_X - CONSUMER_X) * w + 20), (CONSUMER_X - 0.05) * w, 10);
    // The room right of the consumers is kept for the services a later
    // issue adds (Firehose, Analytics, S3): nothing is drawn there yet.
    // Lanes.
    var x0 = LANE_X0 * w, x1 = LANE_X1 * w;
    for (var i = 0; i < l.lanes.length; i++) {
      var lane = l.lanes[i], y = lane.y;
      ctx.fillStyle = "#eef2f9";
      ctx.strokeStyle = "#c9d3e6";
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.roundRect(x0, y - LANE_H / 2 + 3, x1 - x0, LANE_H - 6, 6);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = "#334155";
      ctx.font = font(narrow ? 9 : 10, "600");
      ctx.textAlign = "left";
      var id = lane.id.replace(/^shardId-0*/, "shard ") || lane.id;
      if (id === "shard ") id = "shard 0";
      ctx.fillText(fit(ctx, id + "  " + lane.label, (x1 - x0) * 0.62), x0 + 6, y);
    }
    // Producer and consumer nodes, with their names.
    this.nodes(ctx, l.producers, PRODUCER_X * w, 2 * PRODUCER_X * w + 8, "#2f6fdf");
    this.nodes(ctx, l.consumers, CONSUMER_X * w, 2 * (RESERVED_X - CONSUMER_X) * w, READ);
    if (l.consumers.length === 0) {
      ctx.fillStyle = "#9ca3af";
      ctx.font = font(9);
      ctx.textAlign = "center";
      ctx.fillText("none yet", CONSUMER_X * w, l.height / 2);
    }
  };

  // nodes draws producer or consumer nodes: a dot on the row, its name
  // centred above it, clipped to room pixels.
  Renderer.prototype.nodes = function (ctx, list, cx, room, colour) {
    ctx.font = font(this.w < 480 ? 9 : 10, "600");
    ctx.textAlign = "center";
    for (var i = 0; i < list.length; i++) {
      var y = list[i].y;
      ctx.fillStyle = colour;
      ctx.beginPath();
      ctx.arc(cx, y + 4, 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = "#1f2937";
      ctx.fillText(fit(ctx, list[i].name, room), cx, y - 8);
    }
  };

  Renderer.prototype.draw = function () {
    var ctx = this.ctx, l = this.layout, w = this.w, dpr = this.dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.layer, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // Exact counts, right-aligned at each lane's end and under each consumer.
    ctx.font = font(w < 480 ? 9 : 10);
    ctx.textBaseline = "middle";
    ctx.textAlign = "right";
    ctx.fillStyle = "#475569";
    var c = this.counts, i;
    for (i = 0; i < l.lanes.length && i < c.lanes.length; i++) {
      ctx.fillText(c.lanes[i], LANE_X1 * w - 6, l.lanes[i].y);
    }
    ctx.textAlign = "left";
    for (i = 0; i < l.consumers.length && i < c.consumers.length; i++) {
      ctx.textAlign = "center";
      ctx.fillText(c.consumers[i], CONSUMER_X * w, l.consumers[i].y + 16);
    }
    this.dots(ctx, w);
  };

  // dots draws the n dots, one path per colour and kind (a counting sort),
  // so 2,000 dots cost a couple of dozen fills, not 2,000.
  Renderer.prototype.dots = function (ctx, w) {
    var n = this.n, f = this.f32, P = PALETTE.length, buckets = P * KINDS;
    if (n === 0) return;
    var starts = this.starts, order = this.order, i, b;
    starts.fill(0);
    for (i = 0; i < n; i++) starts[bucket(f, i, P) + 1]++;
    for (b = 0; b < buckets; b++) starts[b + 1] += starts[b];
    var at = starts.slice(0, buckets);
    for (i = 0; i < n; i++) order[at[bucket(f, i, P)]++] = i;
    for (b = 0; b < buckets; b++) {
      var from = starts[b], to = starts[b + 1];
      if (from === to) continue;
      var kind = (b / P) | 0, r = kind === 1 ? 3.4 : kind === 2 ? 2.6 : 3;
      ctx.beginPath();
      for (var j = from; j < to; j++) {
        var k = order[j] * 4, x = f[k] * w, y = f[k + 1];
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 6.2832);
      }
      ctx.fillStyle = kind === 1 ? THROTTLED : kind === 2 ? READ : PALETTE[b % P];
      ctx.fill();
    }
  };

  function bucket(f, i, P) {
    var c = f[i * 4 + 2] | 0, k = f[i * 4 + 3] | 0;
    if (c < 0 || c >= P) c = 0;
    if (k < 0 || k >= KINDS) k = 0;
    return k * P + c;
  }

  Renderer.prototype.destroy = function () {
    this.ro.disconnect();
  };

  window.cloudplayFlow = {
    create: function (canvas) { return new Renderer(canvas); },
  };
})();
