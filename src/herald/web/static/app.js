// Herald's pages: open an event's coding and evidence, and send corrections.
// Every store text is put in the page with textContent, never as HTML.
"use strict";

(function () {
  const TOKEN_KEY = "herald-token";

  // `herald serve` prints a link ending in #token=...: keep it for this tab, drop it from the URL.
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("token")) {
    sessionStorage.setItem(TOKEN_KEY, hash.get("token"));
    history.replaceState(null, "", location.pathname + location.search);
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function who(participants) {
    return (participants || [])
      .map((p) => `${p.name || p.text || "?"} (${p.country || "?"}${p.sector ? "/" + p.sector : ""})`)
      .join("; ") || "-";
  }

  function when(e) {
    if (e.date) return e.date;
    if (e.date_start) return `${e.date_start} .. ${e.date_end}`;
    return "undated";
  }

  function row(dl, name, value) {
    dl.append(el("dt", name), el("dd", value));
  }

  let current = null;

  function showEvent(e) {
    current = e;
    const box = document.getElementById("event-detail");
    box.replaceChildren();
    const dl = el("dl");
    row(dl, "type", `${e.event}${e.mode ? " / " + e.mode : ""}${e.context ? " (" + e.context + ")" : ""}`);
    row(dl, "CAMEO", `${e.cameo} · QuadClass ${e.quad_class} · Goldstein ${e.goldstein}`);
    row(dl, "actor", who(e.actor));
    row(dl, "recipient", who(e.recipient));
    row(dl, "date", `${when(e)}${e.date_source ? " (" + e.date_source + ")" : ""}`);
    row(dl, "place", (e.location && e.location.name) || "-");
    const m = e.modality || {};
    const modal = ["negated", "future", "hypothetical"].filter((k) => m[k]);
    if (m.reported_by) modal.push("per " + m.reported_by);
    row(dl, "modality", modal.join(", ") || "asserted");
    row(dl, "confidence", e.confidence);
    box.append(dl);
    const ev = e.evidence;
    const quote = el("blockquote", null, "evidence");
    const s = ev.sentence;
    const a = ev.trigger_start - ev.start;
    const b = ev.trigger_end - ev.start;
    if (a >= 0 && b > a && b <= s.length) {
      quote.append(document.createTextNode(s.slice(0, a)), el("mark", s.slice(a, b)), document.createTextNode(s.slice(b)));
    } else {
      quote.textContent = s;
    }
    box.append(el("h3", "Evidence"), quote);
    if (e.analyst) {
      const note = el("p", null, "analyst-note");
      note.append(el("b", e.analyst.wrong ? "Marked wrong by an analyst." : "Corrected by an analyst."));
      box.append(note);
      if (e.machine) {
        box.append(el("p", `Machine coding: ${e.machine.event}, ${who(e.machine.actor)} → ${who(e.machine.recipient)}, ${when(e.machine)}`, "meta"));
      }
    }
    if (e.corrections && e.corrections.length) {
      box.append(el("h3", "Audit trail"));
      const list = el("ul", null, "trail");
      for (const c of e.corrections) {
        const value = c.value === null ? "taken back" : JSON.stringify(c.value);
        list.append(el("li", `${c.at} ${c.analyst}: ${c.field} = ${value}${c.note ? " (" + c.note + ")" : ""}`));
      }
      box.append(list);
    }
    const panel = document.getElementById("event-panel");
    panel.hidden = false;
    document.querySelectorAll(".selected").forEach((n) => n.classList.remove("selected"));
    document.querySelectorAll("[data-events]").forEach((n) => {
      if (n.dataset.events.split(" ").includes(e.id)) n.classList.add("selected");
    });
  }

  async function openEvent(id) {
    const answer = await fetch(`/api/events/${encodeURIComponent(id)}`, { headers: { Accept: "application/json" } });
    const body = await answer.json();
    if (!answer.ok) {
      document.getElementById("event-detail").replaceChildren(el("p", body.error ? body.error.message : "error", "error"));
      document.getElementById("event-panel").hidden = false;
      return;
    }
    showEvent(body);
  }

  function countries(text) {
    return text.split(/[,;\s]+/).filter(Boolean).map((c) => ({ country: c.toUpperCase() }));
  }

  async function sendCorrection(form) {
    const status = document.getElementById("correct-status");
    const data = new FormData(form);
    const token = data.get("token") || sessionStorage.getItem(TOKEN_KEY) || "";
    const body = { analyst: data.get("analyst") };
    if (data.get("note")) body.note = data.get("note");
    if (data.get("verdict") === "reset") body.verdict = null;
    else if (data.get("verdict")) body.verdict = data.get("verdict");
    if (data.get("type")) body.type = { event: data.get("type") };
    if (data.get("actor")) body.actor = countries(data.get("actor"));
    if (data.get("recipient")) body.recipient = countries(data.get("recipient"));
    if (data.get("date")) body.date = { start: data.get("date") };
    const answer = await fetch(`/api/events/${encodeURIComponent(current.id)}/corrections`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const result = await answer.json();
    if (!answer.ok) {
      status.textContent = result.error ? `${result.error.code}: ${result.error.message}` : "failed";
      status.className = "error";
      return;
    }
    if (data.get("token")) sessionStorage.setItem(TOKEN_KEY, data.get("token"));
    status.textContent = `Saved ${result.added.length} correction(s).`;
    status.className = "ok";
    showEvent(result);
    document.querySelectorAll(`button[data-events="${CSS.escape(result.id)}"]`).forEach((b) => {
      b.textContent = `${result.event} *`;
      b.classList.toggle("wrong", Boolean(result.analyst && result.analyst.wrong));
    });
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest("[data-events]");
    if (!target || !document.getElementById("event-panel")) return;
    const ids = target.dataset.events.split(" ");
    // Where several events share a sentence, each click moves on to the next one.
    const at = current ? ids.indexOf(current.id) : -1;
    openEvent(ids[(at + 1) % ids.length]);
  });

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("correct-form");
    if (form) {
      if (sessionStorage.getItem(TOKEN_KEY)) form.elements.token.placeholder = "(remembered)";
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        if (current) sendCorrection(form);
      });
    }
    const reader = document.querySelector("[data-open-event]");
    if (reader) openEvent(reader.dataset.openEvent);
  });
})();
