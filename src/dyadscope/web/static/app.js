// dyadscope web: small progressive enhancements. Every text from the server is set with textContent.
"use strict";

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function count(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// Corpus: upload the chosen files one at a time, with a progress bar and one result line per file.
function setupUpload() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const input = document.getElementById("files");
  const drop = document.getElementById("drop");
  const chosen = document.getElementById("chosen");
  const hint = chosen.textContent;
  const progress = document.getElementById("progress");
  const label = document.getElementById("progress-label");
  const bar = document.getElementById("progress-bar");
  const results = document.getElementById("results");
  const button = document.getElementById("upload-button");

  input.addEventListener("change", () => {
    const n = input.files.length;
    chosen.textContent = n === 0 ? hint : n === 1 ? input.files[0].name : `${n} files chosen`;
  });
  ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, () => drop.classList.add("over")));
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));

  function line(name) {
    const li = el("li", "result result-pending");
    const badge = el("span", "badge", "waiting");
    const detail = el("span", "result-detail", "");
    li.append(badge, el("span", "result-name", name), detail);
    results.append(li);
    return {
      set(status, text) {
        li.className = `result result-${status}`;
        badge.textContent = status;
        detail.textContent = text;
      },
    };
  }

  function send(file, onProgress) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      const data = new FormData();
      data.append("file", file, file.name);
      xhr.open("POST", "/api/documents");
      xhr.responseType = "json";
      xhr.upload.addEventListener("progress", (e) => e.lengthComputable && onProgress(e.loaded / e.total));
      xhr.addEventListener("load", () => resolve({ status: xhr.status, body: xhr.response || {} }));
      xhr.addEventListener("error", () => resolve({ status: 0, body: { detail: "the server could not be reached" } }));
      xhr.send(data);
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const files = Array.from(input.files);
    if (files.length === 0) {
      chosen.textContent = "Choose at least one file first";
      return;
    }
    button.disabled = true;
    progress.hidden = false;
    results.replaceChildren();
    const lines = files.map((f) => line(f.name));
    let failed = 0;
    for (const [i, file] of files.entries()) {
      const row = lines[i];
      row.set("uploading", "");
      label.textContent = `Ingesting ${i + 1} of ${files.length}: ${file.name}`;
      const res = await send(file, (part) => {
        bar.style.width = `${((i + part * 0.5) / files.length) * 100}%`;
        if (part >= 1) row.set("reading", "extracting sentences and events…");
      });
      const body = res.body;
      if (res.status >= 200 && res.status < 300) {
        row.set(body.status, body.status === "unchanged" ? "already in the store" : `${count(body.sentences, "sentence")}, ${count(body.events, "event")}`);
      } else {
        failed += 1;
        const detail = String(body.detail || `error ${res.status}`);
        row.set("failed", detail.startsWith(`${file.name}: `) ? detail.slice(file.name.length + 2) : detail);
      }
      bar.style.width = `${((i + 1) / files.length) * 100}%`;
    }
    label.textContent = `Done: ${files.length - failed} of ${files.length} files ingested` + (failed ? `, ${failed} failed` : "");
    button.disabled = false;
    form.reset();
    chosen.textContent = hint;
    const area = document.getElementById("documents-area");
    const fresh = await fetch("/corpus/documents", { credentials: "same-origin" });
    if (fresh.ok && area) area.innerHTML = await fresh.text(); // server-rendered and escaped by Jinja
  });
}

// Note and review: the document is shown in a sandboxed frame, sized to its content.
function setupFrames() {
  document.querySelectorAll("iframe.doc-frame").forEach((frame) => {
    const fit = () => {
      try {
        const doc = frame.contentDocument;
        if (doc && doc.documentElement) frame.style.height = `${doc.documentElement.scrollHeight + 4}px`;
      } catch (e) {
        /* not readable: keep the default height */
      }
    };
    frame.addEventListener("load", fit);
    if (frame.contentDocument && frame.contentDocument.readyState === "complete") fit();
    window.addEventListener("resize", fit);
  });
}

// Relationship: filter the timeline as you type.
function setupFilter() {
  const box = document.getElementById("timeline-filter");
  const table = document.getElementById("timeline");
  if (!box || !table) return;
  box.addEventListener("input", () => {
    const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    table.querySelectorAll("tbody tr").forEach((row) => {
      const text = row.textContent.toLowerCase();
      row.hidden = !words.every((w) => text.includes(w));
    });
  });
}

// Forms that take a moment: say so on the button.
function setupBusy() {
  document.querySelectorAll("form[data-busy]").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button) {
        button.textContent = form.dataset.busy;
        setTimeout(() => (button.disabled = true), 0);
      }
    });
  });
  document.querySelectorAll("[data-fill]").forEach((b) =>
    b.addEventListener("click", () => {
      const target = document.querySelector(b.dataset.fill);
      if (target) target.value = b.dataset.value;
    }),
  );
}

document.addEventListener("DOMContentLoaded", () => {
  setupUpload();
  setupFrames();
  setupFilter();
  setupBusy();
});
