// editor.js is the policy editor of the playground: CodeMirror 6 with JSON
// highlighting, line numbers, findings shown at their spans, highlighted
// ranges (a trace's statements), completion and formatting. esbuild bundles
// it into one IIFE (make build → build/editor.js → assets/editor.<hash>.js);
// it defines window.cloudplayEditor and nothing else.
//
//	const ed = cloudplayEditor.create(hostElement, {
//	  doc: '{...}', readOnly: false, label: 'Policy document',
//	  onChange(text) {}, onSave() {}, format(text) { return text2 or null },
//	});
//	ed.setDoc(text); ed.getDoc();
//	ed.setDiagnostics([{from, to, severity: 'error'|'warning'|'info', message, source}]);
//	ed.setHighlights([{from, to, className?}]);   // e.g. the statements a trace names
//	ed.setReadOnly(bool); ed.format(); ed.focus();
//	ed.replace(text);          // replaces the whole text as one edit the learner can undo (a template)
//	ed.select(from, to);       // moves the cursor to a range (a finding's span), scrolls to it, focuses
//	cloudplayEditor.selectionOf(hostElement) → {anchor, head, length} or null  // where the cursor is (tests read it)
//	ed.setCompletionSource(fn);  // fn({kind: 'action'|'conditionKey', text, action}) → [{label, detail, type}]
//	ed.destroy();
//
// Offsets are CodeMirror's: UTF-16 code units from the start of the text.
// The Go side converts IAM's positions (code points) before calling.
//
// The Content-Security-Policy allows no inline <style>, and CodeMirror puts
// its styles into a <style> element when it lives in a document. Inside a
// shadow root it uses a constructed style sheet instead, which the policy
// allows, so each editor lives in a shadow root of its host element (and its
// look is set here, with EditorView.theme, not in style.css).
import {Annotation, Compartment, EditorState, Prec, StateEffect, StateField, Transaction} from '@codemirror/state';
import {
  Decoration, EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, showPanel,
} from '@codemirror/view';
import {defaultKeymap, history, historyKeymap, indentWithTab} from '@codemirror/commands';
import {json} from '@codemirror/lang-json';
import {
  HighlightStyle, bracketMatching, indentOnInput, syntaxHighlighting, syntaxTree,
} from '@codemirror/language';
import {lintGutter, lintKeymap, setDiagnostics} from '@codemirror/lint';
import {tags} from '@lezer/highlight';
import {autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap} from '@codemirror/autocomplete';

// Highlighted ranges: mark decorations replaced as a whole by setHighlights.
const setHighlightsEffect = StateEffect.define();
// docSet marks the transaction of setDoc: another document shown, not an
// edit (onChange does not hear it).
const docSet = Annotation.define();
const highlightField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setHighlightsEffect)) {
        deco = e.value;
      }
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const highlightStyle = HighlightStyle.define([
  {tag: tags.propertyName, color: '#1d4f91'},
  {tag: tags.string, color: '#0b6e4f'},
  {tag: tags.number, color: '#8a3ffc'},
  {tag: [tags.bool, tags.null], color: '#b2480c', fontWeight: '600'},
  {tag: tags.invalid, color: '#b3261e'},
  {tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: '#5f6b7a'},
]);

const theme = EditorView.theme({
  // The editor grows with its text up to --cp-editor-max (set by the
  // page's style sheet on the host element; custom properties cross into
  // the shadow root), then scrolls.
  '&': {
    maxHeight: 'var(--cp-editor-max, 24rem)',
    backgroundColor: '#fff',
    color: '#1b1f24',
    fontSize: '13px',
  },
  '&.cm-focused': {outline: 'none'},
  '.cm-scroller': {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    lineHeight: '1.5',
    overflow: 'auto',
  },
  '.cm-content': {padding: '6px 0', minHeight: 'var(--cp-editor-min, 6rem)'},
  '.cm-gutter': {minHeight: 'var(--cp-editor-min, 6rem)'},
  // Line numbers at 5.8:1 on the gutter (WCAG AA asks 4.5:1 for text).
  '.cm-gutters': {backgroundColor: '#f5f7fa', color: '#576272', borderRight: '1px solid #dde3ea'},
  '.cm-cp-keyhint': {padding: '2px 8px', fontFamily: 'system-ui, sans-serif', fontSize: '12px', color: '#576272', backgroundColor: '#f5f7fa'},
  '.cm-activeLine': {backgroundColor: '#f3f7ff'},
  '.cm-activeLineGutter': {backgroundColor: '#e8effc'},
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {backgroundColor: '#cfe0fb !important'},
  '.cm-cp-highlight': {backgroundColor: '#fff2b3', borderRadius: '2px'},
  '.cm-cp-highlight-deny': {backgroundColor: '#fbd9d6', borderRadius: '2px'},
  '.cm-cp-highlight-allow': {backgroundColor: '#d8f0dd', borderRadius: '2px'},
  '&.cm-readonly .cm-content': {caretColor: 'transparent'},
  '&.cm-readonly': {backgroundColor: '#fafbfc'},
  '.cm-tooltip': {fontFamily: 'system-ui, sans-serif', fontSize: '13px', borderRadius: '4px'},
  '.cm-tooltip-lint': {maxWidth: '36rem'},
  '.cm-diagnostic': {padding: '4px 8px'},
  '.cm-diagnosticSource': {fontFamily: 'ui-monospace, monospace', fontSize: '11px', opacity: '0.8'},
  '.cm-tooltip-autocomplete > ul': {fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', maxHeight: '16em'},
  '.cm-completionDetail': {fontStyle: 'normal', color: '#576272', marginLeft: '1em'},
});

// completionContext finds what the string at pos is in a policy: an entry
// of Action/NotAction ("action"), a condition key ("conditionKey"), or
// nothing (null). It returns the text typed so far, where it starts, and
// for condition keys the first action of the statement (for its keys).
function completionContext(state, pos) {
  const line = state.doc.lineAt(pos);
  const before = line.text.slice(0, pos - line.from);
  const m = /"([^"\\\s]*)$/.exec(before);
  if (!m) {
    return null;
  }
  const from = pos - m[1].length;
  const tree = syntaxTree(state);
  let node = tree.resolveInner(from, 1);
  if (node.name !== 'String' && node.name !== 'PropertyName') {
    node = tree.resolveInner(from - 1, 1);
  }
  let kind = null;
  let stmt = null;
  const keyObj = keyPosition(state, tree, from - 1);
  if (keyObj) {
    // "Condition": {"StringEquals": {"<key>": ...}}, the key perhaps not
    // closed yet (so not a PropertyName to the parser).
    const opProp = keyObj.parent;
    const condObj = opProp && opProp.name === 'Property' ? opProp.parent : null;
    const condProp = condObj && condObj.name === 'Object' ? condObj.parent : null;
    if (condProp && condProp.name === 'Property' && propertyName(state, condProp) === 'Condition') {
      kind = 'conditionKey';
      stmt = condProp.parent;
    }
  } else if (node.name === 'PropertyName') {
    // "Condition": {"StringEquals": {"<key>": ...}}
    const prop = node.parent; // Property (the key's)
    const opObj = prop && prop.parent; // Object of the operator
    const opProp = opObj && opObj.parent; // Property (the operator's)
    const condObj = opProp && opProp.parent; // Object of Condition
    const condProp = condObj && condObj.parent;
    if (condProp && condProp.name === 'Property' && propertyName(state, condProp) === 'Condition') {
      kind = 'conditionKey';
      stmt = condProp.parent;
    }
  } else if (node.name === 'String' || node.type.isError) {
    let p = node.parent;
    if (p && p.name === 'Array') {
      p = p.parent;
    }
    if (p && p.name === 'Property') {
      const name = propertyName(state, p);
      if (name === 'Action' || name === 'NotAction') {
        kind = 'action';
      }
    }
  }
  if (!kind) {
    return null;
  }
  return {kind, from, text: m[1], action: kind === 'conditionKey' ? firstAction(state, stmt) : ''};
}

// keyPosition returns the Object in which the string opened at quote is a
// member name (it follows '{' or ','), or null.
function keyPosition(state, tree, quote) {
  let k = quote - 1;
  while (k >= 0 && /\s/.test(state.sliceDoc(k, k + 1))) {
    k--;
  }
  const ch = k >= 0 ? state.sliceDoc(k, k + 1) : '';
  if (ch !== '{' && ch !== ',') {
    return null;
  }
  let n = tree.resolveInner(k, 1);
  while (n && n.name !== 'Object' && n.name !== 'Array') {
    n = n.parent;
  }
  return n && n.name === 'Object' ? n : null;
}

function propertyName(state, prop) {
  const name = prop.firstChild;
  if (!name || name.name !== 'PropertyName') {
    return '';
  }
  return state.sliceDoc(name.from, name.to).replace(/^"|"$/g, '');
}

// firstAction returns the first entry of the Action of a statement object.
function firstAction(state, obj) {
  if (!obj || obj.name !== 'Object') {
    return '';
  }
  for (let c = obj.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'Property' || propertyName(state, c) !== 'Action') {
      continue;
    }
    const s = findString(c.lastChild);
    return s ? state.sliceDoc(s.from + 1, s.to - 1) : '';
  }
  return '';
}

function findString(node) {
  if (!node) {
    return null;
  }
  if (node.name === 'String') {
    return node;
  }
  if (node.name === 'Array') {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'String') {
        return c;
      }
    }
  }
  return null;
}

function safeCall(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    console.warn('cloudplay editor:', e);
    return undefined;
  }
}

// keyHint says how to leave the editor from the keyboard (Tab indents
// there; CodeMirror lets the Tab after Escape move the focus on).
const keyHint = 'Tab indents. To leave the editor, press Esc, then Tab.';

function keyHintPanel() {
  const dom = document.createElement('div');
  dom.className = 'cm-cp-keyhint';
  dom.setAttribute('aria-hidden', 'true'); // said to screen readers by aria-description
  dom.textContent = keyHint;
  return {dom};
}

// views maps each host element to its editor, for selectionOf.
const views = new WeakMap();

function create(host, opts) {
  opts = opts || {};
  let completionSource = null;
  const readOnly = new Compartment();
  const undo = new Compartment(); // history(), emptied by setDoc
  // A read-only editor stays editable in CodeMirror's sense (contenteditable,
  // marked aria-readonly): keyboard users can focus it, move through the
  // text and scroll it; the read-only state refuses every change. An
  // editable one says how to leave it, as Tab indents there.
  const readOnlyExt = (ro) => [EditorState.readOnly.of(!!ro),
    EditorView.editorAttributes.of(ro ? {class: 'cm-readonly'} : {}),
    // tabindex 0 on the text, editable or not: axe-core counts a scroller
    // keyboard-reachable only by a tabindex inside it (a contenteditable
    // is focusable all the same), so a long policy that scrolls passes
    // scrollable-region-focusable.
    ro ? EditorView.contentAttributes.of({tabindex: '0'}) : [showPanel.of(keyHintPanel), EditorView.contentAttributes.of({'aria-description': keyHint, tabindex: '0'})]];

  const complete = (ctx) => {
    if (!completionSource) {
      return null;
    }
    const c = completionContext(ctx.state, ctx.pos);
    if (!c) {
      return null;
    }
    const items = safeCall(completionSource, {kind: c.kind, text: c.text, action: c.action});
    if (!Array.isArray(items) || items.length === 0) {
      return null;
    }
    return {
      from: c.from,
      options: items.map((it) => ({label: it.label, detail: it.detail || undefined, type: it.type || undefined, boost: it.boost || 0})),
      validFor: /^[\w:\-./$*{}]*$/,
    };
  };

  const format = () => {
    if (view.state.readOnly) {
      return false;
    }
    const text = view.state.doc.toString();
    let out = null;
    if (typeof opts.format === 'function') {
      out = safeCall(opts.format, text);
    } else {
      try {
        out = JSON.stringify(JSON.parse(text), null, 2);
      } catch (e) {
        out = null;
      }
    }
    if (typeof out !== 'string' || out === text) {
      return false;
    }
    view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: out}, userEvent: 'format'});
    return true;
  };

  let ro = !!opts.readOnly;
  const extensions = () => [
    // Esc, then Tab within two seconds, moves the focus on (Tab indents
    // otherwise). Set before any other Esc binding runs (closing the
    // completion list takes the Esc from CodeMirror's own handler), and
    // passed on to them.
    Prec.highest(keymap.of([{key: 'Escape', run: (v) => { v.setTabFocusMode(2000); return false; }}])),
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    undo.of(history()),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    json(),
    syntaxHighlighting(highlightStyle),
    lintGutter(),
    autocompletion({override: [complete], icons: false}),
    highlightField,
    EditorState.tabSize.of(2),
    keymap.of([
      {key: 'Mod-s', run: () => { if (typeof opts.onSave === 'function') { safeCall(opts.onSave); } return true; }},
      {key: 'Shift-Alt-f', run: () => { format(); return true; }},
      ...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab,
    ]),
    readOnly.of(readOnlyExt(ro)),
    // Text typed over a selection replaces it here, not in the browser's
    // editing code: Chromium's preserves the look of what it deletes with
    // style="" attributes, which the CSP refuses (a console error per key).
    EditorView.domEventHandlers({
      beforeinput(e, v) {
        if (v.state.readOnly) {
          e.preventDefault();
          return true;
        }
        if (e.inputType !== 'insertText' || typeof e.data !== 'string' || v.composing || v.state.selection.main.empty) {
          return false;
        }
        e.preventDefault();
        v.dispatch(v.state.update(v.state.replaceSelection(e.data), {userEvent: 'input.type', scrollIntoView: true}));
        return true;
      },
    }),
    EditorView.contentAttributes.of({'aria-label': opts.label || 'Policy document', spellcheck: 'false'}),
    EditorView.updateListener.of((u) => {
      if (!u.docChanged || typeof opts.onChange !== 'function' || u.transactions.some((tr) => tr.annotation(docSet))) {
        return;
      }
      safeCall(opts.onChange, u.state.doc.toString());
    }),
    theme,
  ];

  const root = host.shadowRoot || host.attachShadow({mode: 'open'});
  root.replaceChildren();
  const view = new EditorView({
    state: EditorState.create({doc: opts.doc || '', extensions: extensions()}),
    parent: root,
    root,
  });

  const clampRange = (r) => {
    const len = view.state.doc.length;
    let from = Math.max(0, Math.min(len, r.from | 0));
    let to = Math.max(from, Math.min(len, r.to | 0));
    return {from, to};
  };

  const api = {
    view,
    getDoc: () => view.state.doc.toString(),
    // setDoc shows another document: a fresh state, without the undo
    // history, findings or highlights of the previous one.
    //
    // It is a transaction on the same state, not a new state: after
    // view.setState, Chromium's next text insertion over a selection now
    // and then missed the beforeinput handler above, went through the
    // browser's editing (a CSP error for its style="") and left a mix of
    // the old and the new text.
    setDoc(text) {
      text = String(text == null ? '' : text);
      view.dispatch({
        changes: {from: 0, to: view.state.doc.length, insert: text},
        selection: {anchor: 0},
        effects: [undo.reconfigure([]), setHighlightsEffect.of(Decoration.none)],
        annotations: [docSet.of(true), Transaction.addToHistory.of(false)],
      });
      view.dispatch({effects: undo.reconfigure(history())});
      view.dispatch(setDiagnostics(view.state, []));
      view.scrollDOM.scrollTop = 0;
    },
    setReadOnly(readOnly_) {
      ro = !!readOnly_;
      view.dispatch({effects: readOnly.reconfigure(readOnlyExt(ro))});
    },
    setDiagnostics(list) {
      const ds = (Array.isArray(list) ? list : []).map((d) => {
        const r = clampRange(d);
        const sev = d.severity === 'error' || d.severity === 'warning' || d.severity === 'info' || d.severity === 'hint' ? d.severity : 'error';
        return {from: r.from, to: r.to, severity: sev, message: String(d.message || ''), source: d.source || undefined,
          markClass: 'cp-finding'};
      });
      view.dispatch(setDiagnostics(view.state, ds));
    },
    setHighlights(ranges) {
      const marks = (Array.isArray(ranges) ? ranges : []).map((r) => {
        const c = clampRange(r);
        return {c, cls: 'cm-cp-highlight' + (r.className ? ' ' + r.className : '')};
      }).filter((m) => m.c.to > m.c.from).sort((a, b) => a.c.from - b.c.from);
      const deco = Decoration.set(marks.map((m) => Decoration.mark({class: m.cls}).range(m.c.from, m.c.to)), true);
      const effects = [setHighlightsEffect.of(deco)];
      if (marks.length > 0) {
        effects.push(EditorView.scrollIntoView(marks[0].c.from, {y: 'nearest'}));
      }
      view.dispatch({effects});
    },
    setCompletionSource(fn) {
      completionSource = typeof fn === 'function' ? fn : null;
    },
    replace(text) {
      text = String(text == null ? '' : text);
      if (view.state.readOnly || text === view.state.doc.toString()) {
        return;
      }
      view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}, userEvent: 'input.replace'});
    },
    select(from, to) {
      const r = clampRange({from, to});
      view.dispatch({selection: {anchor: r.from, head: r.to}, scrollIntoView: true});
      view.focus();
    },
    format,
    focus: () => view.focus(),
    destroy() {
      views.delete(host);
      view.destroy();
      root.replaceChildren();
      completionSource = null;
      opts = {};
    },
  };
  views.set(host, view);
  return api;
}

// selectionOf returns the main selection of the editor in host ({anchor,
// head}, CodeMirror offsets) and the length of its text, or null when host
// holds no editor.
function selectionOf(host) {
  const view = views.get(host);
  if (!view) {
    return null;
  }
  const m = view.state.selection.main;
  return {anchor: m.anchor, head: m.head, length: view.state.doc.length};
}

Object.defineProperty(window, 'cloudplayEditor', {value: Object.freeze({create, selectionOf}), enumerable: true});
