// ikklab web lab: plain JavaScript, no build step. Talks to the JSON API
// of the same server (see /api/openapi.json).
"use strict";

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
};
const api = async (path, opts) => {
  const r = await fetch(path, opts);
  const body = r.headers.get("Content-Type")?.includes("json") ? await r.json() : await r.text();
  if (!r.ok) throw Object.assign(new Error(body?.error?.message || r.statusText), { status: r.status, field: body?.error?.field });
  return body;
};

let kb = { nodes: [], drugs: [], contexts: [], refs: {} };
let current = null; // run id shown

async function loadKB() {
  const [nodes, drugs, contexts, refs] = await Promise.all(["nodes", "drugs", "contexts", "refs"].map((p) => api("/api/kb/" + p)));
  kb.nodes = nodes.nodes; kb.drugs = drugs.drugs; kb.contexts = contexts.contexts;
  for (const p of refs.refs) kb.refs[p.id] = p;
  const ctx = $("#context");
  ctx.append(el("option", { value: "" }, "none (a resting cell)"));
  for (const c of kb.contexts) ctx.append(el("option", { value: c.id }, `${c.id} — ${c.name}`));
  ctx.value = kb.contexts.some((c) => c.id === "tnbc") ? "tnbc" : "";
  for (const n of kb.nodes.filter((n) => n.kind === "input"))
    $("#stimuli").append(el("label", {}, el("input", { type: "checkbox", name: "stimulus", value: n.id }), " " + n.id));
  ctx.addEventListener("change", showContext);
  showContext();
  for (const n of kb.nodes.filter((n) => n.kind === "phenotype")) {
    const on = ["Proliferation", "Apoptosis"].includes(n.id);
    const box = el("input", { type: "checkbox", name: "readout", value: n.id });
    box.checked = on;
    $("#readouts").append(el("label", {}, box, " " + n.id));
  }
  for (const n of kb.nodes.filter((n) => n.kind !== "phenotype")) $("#knockout").append(el("option", { value: n.id }, n.id));
  addDrug("momelotinib", "1", "uM");
}

// showContext lists what the chosen context fixes, and shows the inputs it
// sets as checked and fixed: a stimulus the context already gives cannot be
// added or taken away in the form.
function showContext() {
  const c = kb.contexts.find((c) => c.id === $("#context").value);
  const sets = c?.sets || [];
  $("#context-sets").textContent = c ? (sets.length ? "sets: " + sets.map((x) => `${x.node} ${x.value} (${x.kind})`).join(", ") : "sets no node") : "";
  for (const box of document.querySelectorAll("input[name=stimulus]")) {
    const set = sets.find((x) => x.node === box.value && x.kind !== "initial");
    const label = box.parentElement;
    if (set) {
      box.checked = set.value === "on"; box.disabled = true;
      label.classList.add("fixed"); label.title = `set ${set.value} by the context (${set.kind})`;
    } else if (box.disabled) {
      box.checked = false; box.disabled = false;
      label.classList.remove("fixed"); label.removeAttribute("title");
    }
  }
}

function addDrug(id = "", dose = "1", unit = "uM") {
  const sel = el("select", { class: "drug-id", "aria-label": "drug" }, el("option", { value: "" }, "drug…"));
  for (const d of kb.drugs) sel.append(el("option", { value: d.id }, d.id));
  sel.value = id;
  const units = el("select", { class: "drug-unit", "aria-label": "unit" });
  for (const u of ["nM", "uM", "mM"]) units.append(el("option", { value: u }, u === "uM" ? "µM" : u));
  units.value = unit;
  const row = el("div", { class: "drug" }, sel, el("input", { class: "drug-dose", type: "number", value: dose, min: "0", step: "any", "aria-label": "dose" }), units,
    el("button", { type: "button", "aria-label": "remove drug", onclick: () => { row.remove(); check(); } }, "×"));
  row.addEventListener("input", check);
  $("#drugs").append(row);
}

// spec builds the experiment from the form: a control arm and a treatment
// arm with the drugs and knock-outs chosen.
function spec() {
  const f = $("#spec");
  const readouts = [...f.querySelectorAll("input[name=readout]:checked")].map((b) => b.value);
  const treat = { name: "treated" };
  const drugs = {};
  for (const row of document.querySelectorAll(".drug")) {
    const id = row.querySelector(".drug-id").value, dose = row.querySelector(".drug-dose").value;
    if (id) drugs[id] = dose + row.querySelector(".drug-unit").value;
  }
  if (Object.keys(drugs).length) treat.drugs = drugs;
  const ko = [...$("#knockout").selectedOptions].map((o) => o.value);
  if (ko.length) treat.knockout = ko;
  const s = { version: 1, name: f.name.value.trim() || "experiment", engine: f.engine.value, time: Number(f.time.value), samples: Number(f.samples.value), seed: 1,
    readouts, activities: true, arms: [{ name: "control" }, treat] }; // activities: every node, for the map
  if (f.context.value) s.context = f.context.value;
  const stimuli = [...f.querySelectorAll("input[name=stimulus]:checked:not(:disabled)")].map((b) => b.value);
  if (stimuli.length) s.stimuli = stimuli;
  return s;
}

let checkTimer;
function check() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(async () => {
    const out = $("#check");
    try {
      const r = await api("/api/specs/validate", { method: "POST", body: JSON.stringify(spec()) });
      out.className = "check"; out.textContent = `${r.runs} runs, ${r.trajectories.toLocaleString()} trajectories`;
      $("#run").disabled = false;
    } catch (e) {
      // The form's spec is one line of JSON the user never sees: drop "line 1: ".
      out.className = "check bad"; out.textContent = e.message.replace(/^line \d+: /gm, "");
      $("#run").disabled = true;
    }
  }, 250);
}

async function submit(ev) {
  ev.preventDefault();
  $("#run").disabled = true;
  try {
    const r = await api("/api/runs", { method: "POST", body: JSON.stringify(spec()) });
    await show(r.id);
    loadHistory();
  } catch (e) {
    $("#status").textContent = "Not run: " + e.message;
  } finally {
    $("#run").disabled = false;
  }
}

async function show(id) {
  current = id;
  const status = $("#status"), bar = $("#progress");
  $("#readout-table").replaceChildren(); $("#plots").replaceChildren(); $("#map").replaceChildren();
  let r = await api("/api/runs/" + id);
  if (r.run.status === "queued" || r.run.status === "running") {
    bar.hidden = false;
    await new Promise((resolve) => {
      const es = new EventSource(`/api/runs/${id}/events`);
      es.addEventListener("progress", (m) => {
        const e = JSON.parse(m.data);
        status.textContent = `Run ${id} (${r.run.name}): ${e.status}` + (e.total ? ` — ${(e.done || 0).toLocaleString()} of ${e.total.toLocaleString()} trajectories` : "");
        if (e.total) bar.value = (e.done || 0) / e.total;
        if (["done", "failed", "cancelled"].includes(e.status)) { es.close(); resolve(); }
      });
      es.onerror = () => { es.close(); resolve(); };
    });
    r = await api("/api/runs/" + id);
  }
  bar.hidden = true;
  if (current !== id) return;
  status.replaceChildren(el("span", { class: "status-" + r.run.status }, `Run ${id} (${r.run.name}): ${r.run.status}`), r.run.error ? " — " + r.run.error : "");
  if (r.run.status !== "done") return;
  const res = r.result;
  const read = Object.keys(res.arms[0]?.readouts || {});
  let ros = read.filter((x) => kb.nodes.find((n) => n.id === x)?.kind === "phenotype");
  if (!ros.length) ros = read.slice(0, 8); // a spec without phenotypes: its first readouts
  const table = el("table", {}, el("tr", {}, el("th", {}, "arm"), ...ros.map((x) => el("th", {}, x))));
  for (const a of res.arms) table.append(el("tr", {}, el("td", {}, a.name), ...ros.map((x) => {
    const v = a.readouts[x];
    return el("td", { title: `95% CI ${v.ci95[0].toFixed(3)}–${v.ci95[1].toFixed(3)}` }, v.value.toFixed(3));
  })));
  $("#readout-table").replaceChildren(table);
  const files = (await api(`/api/runs/${id}/files`)).files;
  // Time courses of the readouts shown, then every dose-response curve,
  // combination heatmap and synergy map the run has, each with its CSV.
  const plots = [...ros.map((x) => `timecourse_${x}.svg`).filter((f) => files.includes(f)),
    ...files.filter((f) => f.endsWith(".svg") && !f.startsWith("timecourse_"))];
  for (const name of plots) {
    const csv = name.startsWith("timecourse_") ? "timecourses.csv" : name.startsWith("synergy_") ? "combination.csv" : name.replace(/\.svg$/, ".csv");
    const links = [el("a", { href: `/api/runs/${id}/files/${name}?download=1` }, "SVG")];
    if (files.includes(csv)) links.push(" · ", el("a", { href: `/api/runs/${id}/files/${csv}?download=1` }, "CSV"));
    $("#plots").append(el("figure", {}, el("img", { src: `/api/runs/${id}/files/${name}`, alt: name.replace(/_/g, " ").replace(/\.svg$/, "") }),
      el("figcaption", {}, ...links)));
  }
  const dr = res.dose_response || [];
  for (const d of dr) {
    if (d.fit) $("#plots").append(el("p", {}, `${d.drug} on ${d.readout}: ${d.fit.kind || "fit"} ` +
      (d.fit.ic50_M ? `${(d.fit.ic50_M * 1e6).toPrecision(3)} µM` : "not reported") + (d.fit_note ? ` (${d.fit_note})` : "")));
  }
  if (res.combination?.synergy) {
    const sy = res.combination.synergy;
    $("#plots").append(el("p", {}, "Synergy: " + Object.entries(sy).map(([k, v]) => `${k} ${Number(v).toFixed(3)}`).join(", ")));
  }
  const checks = res.checks || [];
  if (checks.length) $("#plots").append(el("ul", {}, ...checks.map((c) => el("li", { class: c.pass ? "status-done" : "status-failed" },
    `${c.pass ? "pass" : c.verdict || "fail"}: ${c.readout} ${c.change || ""} in ${c.arm || ""} — ${c.reason || ""}`))));
  const arm = $("#arm");
  arm.replaceChildren(...res.arms.map((a) => el("option", { value: a.name }, a.name)));
  arm.value = res.arms[res.arms.length - 1].name;
  $("#arm-label").hidden = false;
  await drawMap();
}

async function drawMap() {
  const q = current ? `?run=${current}&arm=${encodeURIComponent($("#arm").value)}` : "";
  const svg = await (await fetch("/api/map.svg" + q)).text();
  const map = $("#map");
  map.innerHTML = svg;
  const drawn = map.querySelector("svg");
  if (drawn) {
    drawn.setAttribute("data-run", current || "");
    drawn.dataset.width = drawn.getAttribute("width");
    zoomMap(0);
  }
}

// zoomMap scales the map by 1.25^step around its current size (0: redraw
// at the current zoom; null: fit the width of its box).
let mapZoom = 1;
function zoomMap(step) {
  const svg = $("#map svg");
  if (!svg) return;
  const w = Number(svg.dataset.width);
  if (step === null) mapZoom = $("#map").clientWidth / w;
  else mapZoom = Math.min(4, Math.max(0.2, mapZoom * 1.25 ** step));
  svg.setAttribute("width", String(Math.round(w * mapZoom)));
  svg.removeAttribute("height"); // the viewBox keeps the aspect
}

async function showNode(name) {
  const box = $("#node");
  try {
    const r = await api("/api/kb/nodes/" + encodeURIComponent(name));
    const n = r.node;
    const evidence = new Set([...(n.evidence || []), ...Object.values(r.rule?.evidence || {}).flat()]);
    const refs = [...evidence].map((id) => kb.refs[id]).filter(Boolean);
    box.replaceChildren(
      el("button", { class: "close", "aria-label": "close", onclick: () => (box.hidden = true) }, "×"),
      el("h2", {}, `${n.id} — ${n.name || ""}`),
      el("p", {}, n.description || ""),
      el("p", {}, el("b", {}, "Rule: "), el("code", {}, r.rule?.rule || (n.kind === "input" ? "input (set by the experiment)" : "—"))),
      el("p", {}, el("b", {}, "Regulators: "), (r.regulators || []).map((e) => `${e.node} (${e.sign})`).join(", ") || "none"),
      el("p", {}, el("b", {}, "Drugs: "), (r.drugs || []).map((d) => `${d.drug} (${d.target.measure} ${d.target.potency}${d.target.node === n.id ? "" : " on " + d.target.node}, ${d.target.status})`).join(", ") || "none"),
      el("p", {}, el("b", {}, "Aliases: "), (n.aliases || []).join(", ")),
      el("h3", {}, "Evidence"),
      el("ul", {}, ...refs.map((p) => el("li", {}, p.pmid ? el("a", { href: `https://pubmed.ncbi.nlm.nih.gov/${p.pmid}/`, target: "_blank", rel: "noopener" }, p.citation) : p.citation, ` (${p.status})`))));
  } catch (e) {
    box.replaceChildren(el("button", { class: "close", onclick: () => (box.hidden = true) }, "×"), el("p", {}, e.message));
  }
  box.hidden = false;
}

async function submitYAML(ev) {
  ev.preventDefault();
  const text = $("#yaml").value;
  try {
    const r = await api("/api/runs", { method: "POST", headers: { "Content-Type": "application/yaml" }, body: text });
    $("#yaml-check").className = "check"; $("#yaml-check").textContent = "";
    await show(r.id);
    loadHistory();
  } catch (e) {
    $("#yaml-check").className = "check bad"; $("#yaml-check").textContent = e.message;
  }
}

// report shows the claims or the validation report: each item's verdict
// and the reason of every check.
async function report(kind) {
  const box = $("#report");
  box.replaceChildren(el("p", {}, `Checking the ${kind} (the first time takes a while)…`));
  try {
    const r = await api("/api/" + kind);
    box.replaceChildren(el("p", {}, `${r.passed} passed, ${r.failed} failed, ${r.uninformative} uninformative of ${r.claims.length}`),
      el("div", { class: "scroll" }, el("table", {}, el("tr", {}, el("th", {}, "id"), el("th", {}, "verdict"), el("th", {}, "what, and each check"), el("th", {}, "evidence")),
        ...r.claims.map((c) => el("tr", {}, el("td", {}, c.id), el("td", { class: "status-" + (c.verdict === "pass" ? "done" : "failed") }, c.verdict),
          el("td", { class: "what" }, el("div", {}, c.statement || ""),
            ...(c.checks || []).map((x) => el("small", { class: "status-" + (x.verdict === "pass" ? "done" : "failed") }, `${x.verdict}: ${x.expect} — ${x.reason || ""}`))),
          el("td", { class: "what" }, ...evidence(c)))))));
  } catch (e) {
    box.replaceChildren(el("p", { class: "check bad" }, e.message));
  }
}

// evidence lists a claim's references (or a finding's source) with links
// to PubMed and whether each was read.
function evidence(c) {
  const link = (pmid, text, title) => pmid ? el("a", { href: `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`, target: "_blank", rel: "noopener", title }, text) : el("span", { title }, text);
  if (c.source) {
    const s = c.source;
    return [link(s.pmid, s.citation, s.quote), el("small", {}, ` (${s.status}; ${s.relation} the review)`)];
  }
  return (c.evidence || []).map((id) => {
    const p = kb.refs[id];
    // Ids the knowledge base has no paper for are the review's own: its
    // sections, mechanisms (M…) and reference numbers ([n]).
    return el("div", {}, p ? link(p.pmid, id, p.citation) : el("span", { title: "the review (review-extract.md)" }, id), p ? el("small", {}, ` (${p.status})`) : "");
  });
}

async function loadHistory() {
  const q = $("#hq").value.trim();
  const r = await api("/api/runs?limit=50" + (q ? "&q=" + encodeURIComponent(q) : ""));
  $("#runs").replaceChildren(...r.runs.map((x) => el("li", { onclick: () => show(x.id), title: x.created },
    `#${x.id} ${x.name} `, el("span", { class: "status-" + x.status }, x.status))));
}

window.addEventListener("DOMContentLoaded", async () => {
  await loadKB();
  $("#spec").addEventListener("input", check);
  $("#spec").addEventListener("submit", submit);
  $("#add-drug").addEventListener("click", () => { addDrug(); check(); });
  $("#arm").addEventListener("change", drawMap);
  $("#zoom-in").addEventListener("click", () => zoomMap(1));
  $("#zoom-out").addEventListener("click", () => zoomMap(-1));
  $("#zoom-fit").addEventListener("click", () => zoomMap(null));
  $("#map").addEventListener("click", (ev) => { const g = ev.target.closest("[data-id]"); if (g) showNode(g.dataset.id); });
  $("#search").addEventListener("submit", (ev) => { ev.preventDefault(); showNode($("#q").value.trim()); });
  $("#hq").addEventListener("input", loadHistory);
  $("#yaml-form").addEventListener("submit", submitYAML);
  $("#show-claims").addEventListener("click", () => report("claims"));
  $("#show-validation").addEventListener("click", () => report("validation"));
  check();
  drawMap();
  loadHistory();
});
