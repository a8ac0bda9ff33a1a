// vnetplay engine worker. It runs the app's own wasm, whose main finds no
// document and serves the engine's long computations (app/engineworker):
// the page posts {"kind": "boot", "wasm": "<url>"} first, then JSON
// requests; Go answers with JSON messages. Requests that arrive while the
// wasm loads are kept and handed to Go once it listens.
"use strict";
importScripts("/wasm_exec.js");

const early = [];
self.onmessage = (e) => {
  let m = null;
  try { m = JSON.parse(e.data); } catch (err) { return; }
  if (m && m.kind === "boot") {
    boot(m.wasm);
    return;
  }
  early.push(e.data);
};

async function boot(url) {
  try {
    const go = new Go();
    const { instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
    go.run(instance); // main runs until it waits: by then Go listens (self.onmessage)
    for (const data of early.splice(0)) {
      self.onmessage({ data });
    }
  } catch (err) {
    self.postMessage(JSON.stringify({ kind: "failed", err: String(err) }));
  }
}
