// vnetplay engine worker. It runs the app's own wasm, whose main finds no
// document and serves the engine's long computations (app/engineworker).
// The page first posts the boot message, an object:
// {kind: "boot", module: <WebAssembly.Module>, wasm: "<url>"}. The worker
// instantiates the module the page compiled (no second download or
// compile); without a module it downloads the wasm from the URL. Every
// other message is JSON text, read by Go: requests that arrive while the
// wasm starts are kept and handed to Go once it listens. If the boot
// fails, the worker posts {"kind": "failed", "err": "..."} and the page
// runs the engine itself.
"use strict";
importScripts("/wasm_exec.js");

const early = [];
self.onmessage = (e) => {
  const m = e.data;
  if (m !== null && typeof m === "object" && m.kind === "boot") {
    boot(m.module, m.wasm);
    return;
  }
  early.push(m);
};

async function boot(module, url) {
  try {
    const go = new Go();
    let instance;
    if (module instanceof WebAssembly.Module) {
      instance = await WebAssembly.instantiate(module, go.importObject);
    } else {
      ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
    }
    go.run(instance); // main runs until it waits: by then Go listens (self.onmessage)
    for (const data of early.splice(0)) {
      self.onmessage({ data });
    }
  } catch (err) {
    self.postMessage(JSON.stringify({ kind: "failed", err: String(err) }));
  }
}
